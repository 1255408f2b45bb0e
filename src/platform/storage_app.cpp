// The platform's implementation of the app's storage interface (app/storage.h): platform/storage.h's
// functions behind app::Storage, plus directory listing for the bundled decks.
#include "platform/storage_app.h"

#include <dirent.h>

#include <algorithm>

#include "platform/storage.h"

namespace bw::platform {
namespace {

class PlatformStorage final : public app::Storage {
 public:
  bool Init() override { return StorageInit(); }
  bool Ready() const override { return StorageReady(); }
  bool Busy() const override { return StorageBusy(); }
  std::string Location() const override { return StorageLocation(); }
  std::string Error() const override { return StorageError(); }
  std::optional<std::string> Read(const std::string& name) override { return StorageRead(name); }
  bool Write(const std::string& name, const std::string& data, std::string* error) override {
    return StorageWrite(name, data, error);
  }
  std::vector<std::string> List(const std::string& prefix) override { return StorageList(prefix); }
  std::vector<std::string> ListAssets(const std::string& dir, const std::string& suffix) override {
    std::vector<std::string> names;
    if (DIR* d = opendir(dir.c_str())) {
      while (dirent* e = readdir(d)) {
        std::string n = e->d_name;
        if (n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0)
          names.push_back(n);
      }
      closedir(d);
    }
    std::sort(names.begin(), names.end());
    return names;
  }
  std::optional<std::string> ReadAsset(const std::string& path) override { return ReadLocalFile(path); }
  bool ExportTextFile(const std::string& file_name, const std::string& text, std::string* where) override {
    return platform::ExportTextFile(file_name, text, where);
  }
  bool RequestOpenFile(const std::string& accept, const std::string& purpose) override {
    return platform::RequestOpenFile(accept, purpose);
  }
  bool TakeOpenedFile(app::OpenedFile* out) override {
    OpenedFile f;
    if (!platform::TakeOpenedFile(&f)) return false;
    *out = app::OpenedFile{f.purpose, f.name, f.text};
    return true;
  }
};

}  // namespace

app::Storage& AppStorage() {
  static PlatformStorage storage;
  return storage;
}

}  // namespace bw::platform
