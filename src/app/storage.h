// What the app asks of persistence: small named files that survive reloads, the bundled assets, and
// files the learner exports or picks. The platform layer implements it (IndexedDB in the browser, a
// folder on the desktop) and installs it with SetStorage at start-up; the app never includes
// src/platform (the build refuses it).
//
//   Storage& s = GetStorage();
//   if (s.Ready()) { auto text = s.Read("progress.json"); ... }
//   s.Write("progress.json", doc, &error);   // atomic: temp file + rename; previous copy -> .bak
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace bw::app {

struct OpenedFile {
  std::string purpose;  // as given to RequestOpenFile ("deck", "progress")
  std::string name;     // file name as the learner's system gave it
  std::string text;
};

class Storage {
 public:
  virtual ~Storage() = default;
  virtual bool Init() = 0;                   // idempotent; false if nothing can persist (writes then fail)
  virtual bool Ready() const = 0;            // reads/writes may start (web: the IndexedDB load finished)
  virtual bool Busy() const = 0;             // a load, sync or file pick is in flight: keep drawing frames
  virtual std::string Location() const = 0;  // "IndexedDB (browser)" or the desktop folder, for the UI
  virtual std::string Error() const = 0;     // last error from the browser side ("" if none)
  virtual std::optional<std::string> Read(const std::string& name) = 0;  // nullopt if missing
  virtual bool Write(const std::string& name, const std::string& data, std::string* error) = 0;
  virtual std::vector<std::string> List(const std::string& prefix) = 0;  // stored names with the prefix, sorted
  // Bundled files: the names in a folder ending in `suffix`, sorted, and a file's text by path.
  virtual std::vector<std::string> ListAssets(const std::string& dir, const std::string& suffix) = 0;
  virtual std::optional<std::string> ReadAsset(const std::string& path) = 0;
  virtual bool ExportTextFile(const std::string& file_name, const std::string& text, std::string* where) = 0;
  virtual bool RequestOpenFile(const std::string& accept, const std::string& purpose) = 0;
  virtual bool TakeOpenedFile(OpenedFile* out) = 0;  // one picked or dropped file, oldest first
};

// Installs the platform's store (not owned). Until then GetStorage() is a store that keeps nothing and
// says so in Error().
void SetStorage(Storage* storage);
Storage& GetStorage();

}  // namespace bw::app
