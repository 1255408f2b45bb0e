// The card library (card_library.h): loading decks and progress from storage, imports, saving.
#include "app/card_library.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <unordered_map>

#include "app/storage.h"
#include "core/cards/study.h"
#include "core/links/deck_check.h"
#include "core/links/suggest.h"
#include "core/quiz/quiz.h"
#include "core/util/livelink.h"

namespace bw::app {

namespace {

constexpr const char* kProgressName = "progress.json";
constexpr const char* kDeckPrefix = "deck-";

std::string BuiltinDeckDir() {
#ifdef __EMSCRIPTEN__
  return "/assets/decks";
#elif defined(BW_ASSETS_DIR)
  return std::string(BW_ASSETS_DIR) + "/decks";
#else
  return "assets/decks";
#endif
}

// "My Deck (1).md" -> "My_Deck__1_.md": a name storage accepts.
std::string SafeName(const std::string& name) {
  std::string base = name.substr(name.find_last_of("/\\") == std::string::npos ? 0 : name.find_last_of("/\\") + 1);
  std::string out;
  for (char c : base) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    out += ok ? c : '_';
  }
  while (!out.empty() && out[0] == '.') out.erase(0, 1);
  if (out.size() > 100) out = out.substr(out.size() - 100);
  if (out.empty()) out = "deck.md";
  return out;
}

LoadedDeck MakeLoaded(const std::string& key, const std::string& source, const std::string& file_name,
                      const std::string& text) {
  LoadedDeck d;
  d.key = key;
  d.source = source;
  d.deck = cards::ParseDeck(text, file_name, cards::CheckQuizLine);
  links::CheckLiveLines(d.deck);
  d.stats = cards::ComputeDeckStats(d.deck);
  d.teaching.resize(d.deck.cards.size());
  for (size_t i = 0; i < d.deck.cards.size(); ++i) {
    const cards::Card& c = d.deck.cards[i];
    if (!c.live.empty()) continue;  // the author's line wins
    if (std::optional<links::LiveSuggestion> s = links::SuggestLive(c)) {
      d.teaching[i].suggested_live = s->live;
      d.teaching[i].suggested_why = s->why;
      d.suggested++;
    }
  }
  std::vector<links::NumberFinding> findings = links::CheckDeckNumbers(d.deck, text);
  if (!findings.empty()) {
    std::unordered_map<std::string, size_t> index;
    for (size_t i = 0; i < d.deck.cards.size(); ++i) index.emplace(d.deck.cards[i].id, i);
    for (links::NumberFinding& f : findings)
      if (auto it = index.find(f.card); it != index.end()) {
        d.teaching[it->second].findings.push_back(std::move(f));
        d.findings++;
      }
  }
  return d;
}

void LoadBuiltinDecks(CardLibrary& lib) {
  std::string dir = BuiltinDeckDir();
  const std::vector<std::string> names = GetStorage().ListAssets(dir, ".md");
  const std::string prefix = dir + "/";
  for (const auto& n : names)
    if (auto text = GetStorage().ReadAsset(prefix + n))
      lib.decks.push_back(MakeLoaded("builtin/" + n, "built-in", n, *text));
}

void LoadImportedDecks(CardLibrary& lib) {
  for (const std::string& stored : GetStorage().List(kDeckPrefix)) {
    if (stored.size() > 4 &&
        (stored.compare(stored.size() - 4, 4, ".bak") == 0 || stored.compare(stored.size() - 4, 4, ".tmp") == 0))
      continue;
    auto text = GetStorage().Read(stored);
    if (!text) continue;
    std::string name = stored.substr(std::char_traits<char>::length(kDeckPrefix));
    LoadedDeck d = MakeLoaded("imported/" + name, "imported", name, *text);
    d.storage_name = stored;
    lib.decks.push_back(std::move(d));
  }
}

void LoadProgress(CardLibrary& lib) {
  auto main_text = GetStorage().Read(kProgressName);
  auto backup_text = GetStorage().Read(std::string(kProgressName) + ".bak");
  cards::ProgressRecovery r = cards::RecoverProgress(main_text, backup_text);
  lib.progress = std::move(r.progress);
  lib.read_only = r.read_only;
  lib.recovery_message = r.message;
  if (r.keep_main_aside && main_text) {
    std::string kept = "progress-kept-" + std::to_string(NowMs()) + ".json";
    std::string error;
    if (GetStorage().Write(kept, *main_text, &error))
      lib.recovery_message += " (Kept as " + kept + ".)";
    else
      lib.recovery_message += " (Could not keep a copy: " + error + ".)";
  }
}

void TakeOpenedFiles(CardLibrary& lib, AppContext& ctx) {
  OpenedFile f;
  while (GetStorage().TakeOpenedFile(&f)) {
    std::string message, key;
    bool deck = f.purpose != "progress";
    bool ok = deck ? ImportDeckText(lib, f.name, f.text, &message, &key) : ImportProgressText(lib, f.text, &message);
    lib.notice = message;
    if (ctx.notify) ctx.notify(message);
    if (ok && ctx.open_link) {  // show what arrived: a deck to study (its problems first), or the study queue
      bool problems = false;
      for (const auto& d : lib.decks)
        if (d.key == key) problems = d.stats.errors + d.stats.warnings > 0;
      LiveLink link{deck && problems ? "decks" : "study", {}};
      if (deck) link.Set("deck", key);
      ctx.open_link(FormatLiveLink(link));
    }
  }
}

std::string TodayStamp() {
  std::time_t t = static_cast<std::time_t>(NowMs() / 1000);
  std::tm tm{};
#ifdef _WIN32
  gmtime_s(&tm, &t);
#else
  gmtime_r(&t, &tm);
#endif
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void UpdateCardLibrary(CardLibrary& lib, AppContext& ctx) {
  if (!lib.loaded) {
    GetStorage().Init();  // idempotent; normally already called by the main loop at start-up
    if (!GetStorage().Ready() && GetStorage().Busy()) {
      ctx.wants_animation = true;  // the IndexedDB load finishes asynchronously
      return;
    }
    // Not ready and not busy: storage is unavailable; study anyway (saves then report the problem).
    LoadBuiltinDecks(lib);
    LoadImportedDecks(lib);
    LoadProgress(lib);
    lib.loaded = true;
    lib.loaded_at_ms = NowMs();
  }
  if (GetStorage().Busy()) ctx.wants_animation = true;  // a file pick or sync is in flight
  lib.storage_error = GetStorage().Error();             // asynchronous sync results arrive here
  TakeOpenedFiles(lib, ctx);
}

bool ImportDeckText(CardLibrary& lib, const std::string& name, const std::string& text, std::string* message,
                    std::string* key) {
  std::string safe = SafeName(name);
  LoadedDeck d = MakeLoaded("imported/" + safe, "imported", safe, text);
  if (d.deck.cards.empty()) {
    std::string why = d.deck.diagnostics.empty() ? "no cards found" : d.deck.diagnostics.front().message;
    if (message) *message = "Not imported: " + safe + " has no usable card (" + why + ").";
    return false;
  }
  d.storage_name = kDeckPrefix + safe;
  std::string error;
  bool stored = lib.loaded && GetStorage().Write(d.storage_name, text, &error);
  char summary[160];
  std::snprintf(summary, sizeof summary, "Deck imported: %s, %d cards (%d errors, %d warnings)", safe.c_str(),
                d.stats.cards, d.stats.errors, d.stats.warnings);
  std::string msg = summary;
  if (!stored) msg += lib.loaded ? "; not kept for next time: " + error : "; not kept yet (storage still loading)";
  auto it = std::find_if(lib.decks.begin(), lib.decks.end(), [&](const LoadedDeck& x) { return x.key == d.key; });
  if (key) *key = d.key;
  lib.imports++;
  lib.last_import = d.key;
  if (it != lib.decks.end()) {
    *it = std::move(d);
    msg += " (replaced the earlier import)";
  } else {
    lib.decks.push_back(std::move(d));
  }
  if (message) *message = msg + ".";
  return true;
}

LocatedCard FindCard(const CardLibrary& lib, const std::string& id, bool with_topic) {
  auto at = [](const LoadedDeck& d, size_t i) {
    return LocatedCard{&d, &d.deck.cards[i], i < d.teaching.size() ? &d.teaching[i] : nullptr};
  };
  for (const auto& d : lib.decks)
    for (size_t i = 0; i < d.deck.cards.size(); ++i)
      if (d.deck.cards[i].id == id) return at(d, i);
  if (with_topic)
    for (const auto& d : lib.decks)
      for (size_t i = 0; i < d.deck.cards.size(); ++i) {
        const std::vector<std::string>& t = d.deck.cards[i].topics;
        if (std::find(t.begin(), t.end(), id) != t.end()) return at(d, i);
      }
  return {};
}

CardLive LiveFor(const LocatedCard& at, bool suggestions) {
  if (!at.card) return {};
  if (!at.card->live.empty()) return {at.card->live, false, ""};
  if (suggestions && at.teaching && !at.teaching->suggested_live.empty())
    return {at.teaching->suggested_live, true, at.teaching->suggested_why};
  return {};
}

cards::StudyQueue LibraryQueue(const CardLibrary& lib, const std::string& deck_key, int64_t now_ms) {
  std::vector<const cards::Deck*> decks;
  std::vector<std::string> keys;
  for (const auto& d : lib.decks)
    if (deck_key.empty() || d.key == deck_key) {
      decks.push_back(&d.deck);
      keys.push_back(d.key);
    }
  return cards::BuildStudyQueue(decks, keys, lib.progress, now_ms);
}

std::string DueLabel(const cards::DeckDue& due) {
  if (due.DueNow() == 0) return "nothing due";
  return std::to_string(due.new_available) + " new, " + std::to_string(due.learning) + " learning, " +
         std::to_string(due.review) + " review";
}

bool SaveCardProgress(CardLibrary& lib, std::string* error) {
  std::string err;
  if (lib.read_only) {
    err = "progress is read-only (saved by a newer Bytewise)";
  } else if (!lib.loaded) {
    err = "progress is not loaded yet";
  } else {
    // Validate before writing: a document that would not load back never replaces the last good copy.
    std::string doc;
    if (cards::SaveProgressChecked(lib.progress, &doc, &err) && GetStorage().Write(kProgressName, doc, &err)) {
      lib.save_error.clear();
      lib.saves++;
      return true;
    }
  }
  lib.save_error = err;
  if (error) *error = err;
  return false;
}

bool ImportProgressText(CardLibrary& lib, const std::string& text, std::string* message) {
  cards::ProgressLoad l = cards::LoadProgress(text);
  if (l.status != cards::LoadStatus::kOk) {
    if (message)
      *message = "Progress not imported: " + (l.message.empty() ? std::string("the file is empty") : l.message) + ".";
    return false;
  }
  std::string error;
  std::string kept = "progress-before-import-" + std::to_string(NowMs()) + ".json";
  if (lib.loaded && !lib.read_only && !lib.progress.log.empty())
    GetStorage().Write(kept, cards::SaveProgress(lib.progress), &error);
  lib.progress = std::move(l.progress);
  lib.read_only = false;
  lib.recovery_message.clear();
  bool saved = SaveCardProgress(lib, &error);
  if (message)
    *message = "Progress imported: " + std::to_string(lib.progress.log.size()) + " log entries, " +
               std::to_string(lib.progress.cards.size()) + " cards" + (saved ? "." : "; not saved: " + error + ".");
  return true;
}

bool RequestDeckFile() { return GetStorage().RequestOpenFile(".md,.markdown,.txt", "deck"); }
bool RequestProgressFile() { return GetStorage().RequestOpenFile(".json", "progress"); }

void ExportCardProgress(CardLibrary& lib, AppContext& ctx) {
  std::string where;
  GetStorage().ExportTextFile("bytewise-progress-" + TodayStamp() + ".json", cards::SaveProgress(lib.progress), &where);
  lib.notice = "Progress exported: " + where + ".";
  if (ctx.notify) ctx.notify(lib.notice);
}

}  // namespace bw::app
