// Persistence: small named files that survive reloads (browser: IndexedDB through Emscripten's IDBFS
// mounted at /persist; desktop: $BYTEWISE_DATA_DIR, else $XDG_DATA_HOME/bytewise, else
// ~/.local/share/bytewise), plus export/import of a file chosen by the learner.
//
//   StorageInit();                                   // once at start-up (web: starts the async IndexedDB load)
//   if (StorageReady()) { auto text = StorageRead("progress.json"); ... }
//   StorageWrite("progress.json", doc, &error);      // atomic: temp file + rename; previous copy -> progress.json.bak
//   ExportTextFile("bytewise-progress.json", doc, &where);   // web: browser download; desktop: file in the data dir
//   RequestOpenFile(".md,.txt", "deck");             // web: file picker; later TakeOpenedFile(&f) delivers it
//
// The browser never runs shutdown code, so callers write on every change; each write is followed by an
// IndexedDB sync (coalesced: at most one in flight, a pending one runs when it finishes).
// Names are plain file names ([A-Za-z0-9._-], no directories).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace bw::platform {

// Prepares the store. Web: mounts IDBFS at /persist and starts loading it (StorageReady() turns true
// when done). Desktop: creates the data folder. False if persistence is unavailable (the app still
// runs; writes then fail with a message). Idempotent: later calls return the first result.
bool StorageInit();
bool StorageReady();            // reads/writes may start (web: the IndexedDB load finished)
bool StorageBusy();             // an IndexedDB load/sync or a file pick is in progress (keep drawing frames)
std::string StorageLocation();  // "IndexedDB (browser)" or the desktop folder path, for the UI
std::string StorageError();     // last error from the browser side ("" if none)

// What the store is doing, for state().storage (tests wait on it instead of on timers).
struct StorageStatus {
  bool ready = false;        // StorageReady()
  bool busy = false;         // StorageBusy()
  bool unavailable = false;  // web: IndexedDB could not be used; files last only while the tab is open
  bool syncing = false;      // web: an IndexedDB sync is in flight (or queued behind one)
  int syncs = 0;             // web: syncs that reached IndexedDB since start-up
  int failed_syncs = 0;      // web: syncs that failed (IndexedDB kept its previous copy)
  std::string error;         // StorageError()
};
StorageStatus GetStorageStatus();

std::optional<std::string> StorageRead(const std::string& name);  // nullopt if missing or unreadable
// Reads any file by path (bundled assets, a dropped file); nullopt if missing or unreadable.
std::optional<std::string> ReadLocalFile(const std::string& path);
// Writes name atomically (temp file, then rename) after moving the previous copy to name.bak.
bool StorageWrite(const std::string& name, const std::string& data, std::string* error);
bool StorageRemove(const std::string& name);
std::vector<std::string> StorageList(const std::string& prefix);  // names starting with prefix, sorted

// Offers text as a downloaded file (web) or writes it to <data folder>/exports (desktop). `where`
// receives a description for a notice ("downloaded bytewise-progress.json" / the path).
bool ExportTextFile(const std::string& file_name, const std::string& text, std::string* where);

// Opens the browser's file picker (web) for files matching `accept` (".md,.txt"); the chosen file
// arrives later through TakeOpenedFile with the given purpose. Desktop: no picker (returns false);
// use drag and drop or the CLI.
bool RequestOpenFile(const std::string& accept, const std::string& purpose);

// Web: files dropped anywhere on the page arrive through TakeOpenedFile (purpose "progress" for
// .json, else "deck"). Calls Module._bw_wake() when exported, so an idle app draws and takes them.
// Desktop: returns false (route SDL_DROPFILE to ImportDeckText instead).
bool InstallDropTarget();

struct OpenedFile {
  std::string purpose;  // as given to RequestOpenFile ("deck", "progress")
  std::string name;     // file name as the learner's system gave it
  std::string text;
};
// Delivers one opened file, oldest first. False if none waiting.
bool TakeOpenedFile(OpenedFile* out);

}  // namespace bw::platform
