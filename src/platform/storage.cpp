// Persistence (see storage.h). The file operations are plain C stdio/POSIX on a folder, which is a
// real folder on the desktop and Emscripten's IDBFS mount in the browser; only the mount, the sync to
// IndexedDB, downloads and the file picker need JavaScript.
#include "platform/storage.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace bw::platform {

namespace {

std::string g_dir;                             // folder holding the files ("" until StorageInit)
[[maybe_unused]] bool g_native_ready = false;  // desktop only
bool g_init_called = false;  // StorageInit is idempotent (the main loop and the panels may both call it)
bool g_init_result = false;

bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > 160 || name[0] == '.') return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
          c == '-'))
      return false;
  return true;
}

[[maybe_unused]] bool MakeDirs(const std::string& path) {  // desktop only
  std::string partial;
  size_t i = 0;
  while (i <= path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string::npos) slash = path.size();
    partial = path.substr(0, slash);
    if (!partial.empty() && mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST) return false;
    i = slash + 1;
  }
  return true;
}

bool ReadWholeFile(const std::string& path, std::string& out) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  out.clear();
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  bool ok = !std::ferror(f);
  std::fclose(f);
  return ok;
}

bool WriteWholeFile(const std::string& path, const std::string& data, std::string* error) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) {
    if (error) *error = "cannot create " + path + ": " + std::strerror(errno);
    return false;
  }
  bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  ok = (std::fflush(f) == 0) && ok;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok && error) *error = "cannot write " + path + ": " + std::strerror(errno);
  return ok;
}

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") names.push_back(n);
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

#ifdef __EMSCRIPTEN__
// clang-format off
// Storage faults become one sentence for the learner saying what happened and what to do: IndexedDB
// unavailable (private mode, blocked third-party storage), quota exceeded, or another failure. A
// failed sync leaves IndexedDB's previous (last good) copy in place: IDBFS writes in one transaction,
// which any failure aborts (the wrapper below). The error clears once a later sync succeeds.
EM_JS(void, bw_storage_js_init, (), {
  var s = Module.bwStorage = Module.bwStorage || {};
  s.ready = false; s.loading = true; s.syncing = false; s.again = false; s.error = ""; s.seq = s.seq || 0;
  s.unavailable = false;
  s.describe = function(err, loading) {
    var text = String((err && (err.name || err.message)) || err);
    var all = text + " " + String((err && err.message) || "");
    if (/Quota/i.test(all))
      return "This browser's storage for this site is full, so the latest progress is kept only in this tab. " +
             "Export progress (Decks, Export progress) to keep it, then free some space or allow more storage and reload. " +
             "The last copy saved before this is kept.";
    if (loading || /Security|InvalidState|NotAllowed|indexedDB|IDB|not available|unavailable/i.test(all))
      return "Saved progress is not available in this browser (private mode or blocked third-party storage), so " +
             "progress lasts only while this tab is open. Export progress (Decks, Export progress) to keep it, or " +
             "open Bytewise in its own tab. (" + text + ")";
    return 'Saving to this browser failed (' + text + '); the last copy saved before this is kept. ' +
           'Export progress (Decks, Export progress) to keep the latest.';
  };
  // Emscripten 3.1.6's IDBFS loses IndexedDB's errors: its handlers pass `this.error` (undefined in
  // its arrow functions), so a failed request or a refused indexedDB.open reads as success, and a
  // transaction that aborts (Chromium checks quota when a transaction commits and aborts it with
  // QuotaExceededError) never calls back, leaving the sync in flight for good and the learner told
  // nothing. Wrapped once here: a sync ends exactly once, with the transaction's own error (else the
  // request's), and any failure aborts the whole transaction, so IndexedDB keeps the last good copy.
  if (typeof IDBFS !== 'undefined' && !IDBFS.bwWrapped) {
    IDBFS.bwWrapped = true;
    var getDB = IDBFS.getDB, reconcile = IDBFS.reconcile;
    IDBFS.getDB = function(name, callback) {
      getDB(name, function(err, db) {
        if (err || !db) callback(err || new Error('IndexedDB could not be opened (IDB open failed)'));
        else callback(null, db);
      });
    };
    IDBFS.reconcile = function(src, dst, callback) {
      var db = src.type === 'remote' ? src.db : dst.db;
      var ended = false, tx = null;
      var end = function(err) {  // an aborted transaction's own error says why (requests then fail too)
        if (ended) return;
        ended = true;
        if (err && tx) { try { tx.abort(); } catch (e) {} }
        callback(err ? (tx && tx.error) || err : null);
      };
      db.transaction = function() {  // see the transaction IDBFS opens; removed again below
        tx = IDBDatabase.prototype.transaction.apply(db, arguments);
        tx.addEventListener('error', function(e) { end((e.target && e.target.error) || new Error('an IndexedDB write failed')); });
        tx.addEventListener('abort', function() {
          end(tx.error || new DOMException('the IndexedDB transaction was aborted', 'AbortError'));
        });
        return tx;
      };
      try { reconcile(src, dst, end); } catch (e) { end(e); } finally { delete db.transaction; }
    };
  }
  try { FS.mkdir('/persist'); } catch (e) {}
  var unavailable = function(e) {
    s.unavailable = true; s.error = s.describe(e, true); s.ready = true; s.loading = false;
  };
  try {
    if (typeof indexedDB === 'undefined' || !indexedDB) throw new Error('indexedDB is not available');
    FS.mount(IDBFS, {}, '/persist');
  } catch (e) { unavailable(e); return; }
  try {
    FS.syncfs(true, function(err) {
      if (err) { unavailable(err); return; }
      s.ready = true; s.loading = false;
    });
  } catch (e) { unavailable(e); }
});

EM_JS(int, bw_storage_js_ready, (), { return Module.bwStorage && Module.bwStorage.ready ? 1 : 0; });

EM_JS(int, bw_storage_js_busy, (), {
  var s = Module.bwStorage;
  if (!s) return 0;
  var picking = s.picking && (Date.now() - s.picking) < 120000;
  return (s.loading || s.syncing || picking) ? 1 : 0;
});

EM_JS(void, bw_storage_js_sync, (), {
  var s = Module.bwStorage;
  if (!s || !s.ready) return;
  if (s.syncing) { s.again = true; return; }
  if (s.unavailable) return;  // nothing to sync to; the error already says so
  s.syncing = true;
  var run = function() {
    var finish = function(err) {
      s.error = err ? s.describe(err, false) : "";
      s.syncs = (s.syncs || 0) + (err ? 0 : 1);
      s.failures = (s.failures || 0) + (err ? 1 : 0);
      if (s.again) { s.again = false; run(); } else { s.syncing = false; }
      if (Module['_bw_wake']) Module['_bw_wake']();
    };
    try { FS.syncfs(false, finish); } catch (e) { finish(e); }
  };
  run();
});

// 0: IndexedDB unavailable, 1: a sync in flight, 2: syncs done, 3: syncs failed.
EM_JS(int, bw_storage_js_count, (int which), {
  var s = Module.bwStorage;
  if (!s) return 0;
  return which == 0 ? (s.unavailable ? 1 : 0) : which == 1 ? (s.syncing ? 1 : 0) : which == 2 ? (s.syncs || 0) : (s.failures || 0);
});

EM_JS(char*, bw_storage_js_error, (), {
  var e = (Module.bwStorage && Module.bwStorage.error) || "";
  var len = lengthBytesUTF8(e) + 1;
  var ptr = _malloc(len);
  stringToUTF8(e, ptr, len);
  return ptr;
});

EM_JS(void, bw_storage_js_download, (const char* name, const char* data, int len), {
  var bytes = HEAPU8.slice(data, data + len);
  var blob = new Blob([bytes], {type: 'application/json'});
  var a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = UTF8ToString(name);
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  setTimeout(function() { URL.revokeObjectURL(a.href); a.remove(); }, 2000);
});

EM_JS(void, bw_storage_js_pick, (const char* accept, const char* purpose), {
  var s = Module.bwStorage = Module.bwStorage || {};
  var pur = UTF8ToString(purpose).replace(/[^A-Za-z0-9_-]/g, '_');
  var input = document.createElement('input');
  input.type = 'file';
  input.accept = UTF8ToString(accept);
  input.style.display = 'none';
  var done = function() { s.picking = 0; input.remove(); };
  input.addEventListener('cancel', done);
  input.addEventListener('change', function() {
    var f = input.files && input.files[0];
    if (!f) { done(); return; }
    f.arrayBuffer().then(function(buf) {
      try { FS.mkdir('/incoming'); } catch (e) {}
      s.seq = (s.seq || 0) + 1;
      var safe = f.name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || 'file';
      FS.writeFile('/incoming/' + String(s.seq).padStart(8, '0') + '.' + pur + '.' + safe, new Uint8Array(buf));
      done();
      if (Module['_bw_wake']) Module['_bw_wake']();
    }, function(e) { s.error = 'reading ' + f.name + ' failed: ' + e; done(); });
  });
  document.body.appendChild(input);
  s.picking = Date.now();
  input.click();
});
EM_JS(void, bw_storage_js_drop_target, (), {
  var s = Module.bwStorage = Module.bwStorage || {};
  if (s.dropInstalled) return;
  s.dropInstalled = true;
  document.addEventListener('dragover', function(e) { e.preventDefault(); });
  document.addEventListener('drop', function(e) {
    e.preventDefault();
    var files = (e.dataTransfer && e.dataTransfer.files) || [];
    Array.prototype.forEach.call(files, function(f) {
      f.arrayBuffer().then(function(buf) {
        try { FS.mkdir('/incoming'); } catch (err) {}
        s.seq = (s.seq || 0) + 1;
        var pur = f.name.toLowerCase().endsWith('.json') ? 'progress' : 'deck';
        var safe = f.name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || 'file';
        FS.writeFile('/incoming/' + String(s.seq).padStart(8, '0') + '.' + pur + '.' + safe, new Uint8Array(buf));
        if (Module['_bw_wake']) Module['_bw_wake']();
      });
    });
  });
});
// clang-format on
#endif

}  // namespace

bool StorageInit() {
  if (g_init_called) return g_init_result;
  g_init_called = true;
#ifdef __EMSCRIPTEN__
  g_dir = "/persist";
  bw_storage_js_init();
  g_init_result = true;
  return true;
#else
  const char* env = std::getenv("BYTEWISE_DATA_DIR");
  if (env && *env) {
    g_dir = env;
  } else if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
    g_dir = std::string(xdg) + "/bytewise";
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    g_dir = std::string(home) + "/.local/share/bytewise";
  } else {
    g_dir = "bytewise-data";
  }
  while (g_dir.size() > 1 && g_dir.back() == '/') g_dir.pop_back();
  g_native_ready = MakeDirs(g_dir);
  g_init_result = g_native_ready;
  return g_native_ready;
#endif
}

bool StorageReady() {
#ifdef __EMSCRIPTEN__
  return bw_storage_js_ready() != 0;
#else
  return g_native_ready;
#endif
}

bool StorageBusy() {
#ifdef __EMSCRIPTEN__
  return bw_storage_js_busy() != 0;
#else
  return false;
#endif
}

std::string StorageLocation() {
#ifdef __EMSCRIPTEN__
  return "this browser's IndexedDB";
#else
  return g_dir.empty() ? "(not initialised)" : g_dir;
#endif
}

std::string StorageError() {
#ifdef __EMSCRIPTEN__
  char* p = bw_storage_js_error();
  std::string s = p ? p : "";
  std::free(p);
  return s;
#else
  return g_native_ready || g_dir.empty() ? "" : "cannot create the data folder " + g_dir;
#endif
}

StorageStatus GetStorageStatus() {
  StorageStatus st;
  st.ready = StorageReady();
  st.busy = StorageBusy();
  st.error = StorageError();
#ifdef __EMSCRIPTEN__
  st.unavailable = bw_storage_js_count(0) != 0;
  st.syncing = bw_storage_js_count(1) != 0;
  st.syncs = bw_storage_js_count(2);
  st.failed_syncs = bw_storage_js_count(3);
#endif
  return st;
}

std::optional<std::string> ReadLocalFile(const std::string& path) {
  std::string text;
  if (!ReadWholeFile(path, text)) return std::nullopt;
  return text;
}

std::optional<std::string> StorageRead(const std::string& name) {
  if (g_dir.empty() || !ValidName(name)) return std::nullopt;
  std::string text;
  if (!ReadWholeFile(g_dir + "/" + name, text)) return std::nullopt;
  return text;
}

bool StorageWrite(const std::string& name, const std::string& data, std::string* error) {
  if (g_dir.empty() || !StorageReady()) {
    if (error) *error = "storage is not ready yet";
    return false;
  }
  if (!ValidName(name)) {
    if (error) *error = "invalid storage name '" + name + "'";
    return false;
  }
  std::string path = g_dir + "/" + name, tmp = path + ".tmp", bak = path + ".bak";
  if (!WriteWholeFile(tmp, data, error)) {
    std::remove(tmp.c_str());
    return false;
  }
  if (Exists(path)) {
    std::remove(bak.c_str());
    if (std::rename(path.c_str(), bak.c_str()) != 0) {
      if (error) *error = "cannot keep the previous copy of " + name + ": " + std::strerror(errno);
      std::remove(tmp.c_str());
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    if (error) *error = "cannot move " + name + " into place: " + std::strerror(errno);
    std::rename(bak.c_str(), path.c_str());  // put the previous copy back
    return false;
  }
#ifdef __EMSCRIPTEN__
  bw_storage_js_sync();
#endif
  return true;
}

bool StorageRemove(const std::string& name) {
  if (g_dir.empty() || !ValidName(name)) return false;
  bool ok = std::remove((g_dir + "/" + name).c_str()) == 0;
#ifdef __EMSCRIPTEN__
  if (ok) bw_storage_js_sync();
#endif
  return ok;
}

std::vector<std::string> StorageList(const std::string& prefix) {
  std::vector<std::string> out;
  if (g_dir.empty()) return out;
  for (const std::string& n : ListDir(g_dir))
    if (n.compare(0, prefix.size(), prefix) == 0) out.push_back(n);
  return out;
}

bool ExportTextFile(const std::string& file_name, const std::string& text, std::string* where) {
#ifdef __EMSCRIPTEN__
  bw_storage_js_download(file_name.c_str(), text.data(), static_cast<int>(text.size()));
  if (where) *where = "downloaded " + file_name;
  return true;
#else
  if (g_dir.empty() || !ValidName(file_name)) {
    if (where) *where = "export failed: storage not initialised or bad name";
    return false;
  }
  std::string dir = g_dir + "/exports";
  std::string error;
  if (!MakeDirs(dir) || !WriteWholeFile(dir + "/" + file_name, text, &error)) {
    if (where) *where = "export failed: " + (error.empty() ? "cannot create " + dir : error);
    return false;
  }
  if (where) *where = "saved " + dir + "/" + file_name;
  return true;
#endif
}

bool RequestOpenFile(const std::string& accept, const std::string& purpose) {
#ifdef __EMSCRIPTEN__
  bw_storage_js_pick(accept.c_str(), purpose.c_str());
  return true;
#else
  (void)accept;
  (void)purpose;
  return false;
#endif
}

bool InstallDropTarget() {
#ifdef __EMSCRIPTEN__
  bw_storage_js_drop_target();
  return true;
#else
  return false;
#endif
}

bool TakeOpenedFile(OpenedFile* out) {
#ifdef __EMSCRIPTEN__
  const std::string dir = "/incoming";
  std::vector<std::string> names = ListDir(dir);
  if (names.empty()) return false;
  const std::string& n = names.front();  // "00000001.purpose.name"
  size_t a = n.find('.');
  size_t b = a == std::string::npos ? a : n.find('.', a + 1);
  std::string path = dir + "/" + n;
  std::string text;
  bool ok = ReadWholeFile(path, text);
  std::remove(path.c_str());
  if (!ok || b == std::string::npos) return false;
  out->purpose = n.substr(a + 1, b - a - 1);
  out->name = n.substr(b + 1);
  out->text = std::move(text);
  return true;
#else
  (void)out;
  return false;
#endif
}

}  // namespace bw::platform
