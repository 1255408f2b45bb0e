// Panel "Decks": The decks you study: the built-in one and any Markdown deck you import.
//
// DecksPanelState also owns the card library shared with the Study panel: the loaded decks and the
// learner's progress (src/core/cards/progress.h), persisted through app/storage.h (the platform implements it).
//
//   UpdateCardLibrary(app.decks, ctx);                  // once per frame (DrawApp does): loads once storage is ready,
//                                                       // takes files chosen in the file picker
//   ImportDeckText(app.decks, "my.md", text, &message); // a dropped or picked deck (kept in storage)
//   SaveCardProgress(app.decks, &error);                // after every grade (Study calls it)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/context.h"
#include "core/cards/deck.h"
#include "core/cards/progress.h"
#include "core/util/livelink.h"

namespace bw::app {

struct LoadedDeck {
  std::string key;           // "builtin/model-memory.md" or "imported/my-deck.md" (unique)
  std::string source;        // "built-in" or "imported"
  std::string storage_name;  // imported decks: the storage file holding the text ("deck-my-deck.md")
  cards::Deck deck;
  cards::DeckStats stats;
};

struct CardLibrary {
  bool loaded = false;  // decks and progress have been read
  std::vector<LoadedDeck> decks;
  cards::Progress progress;
  bool read_only = false;        // the stored progress is newer than this app: never overwritten
  std::string recovery_message;  // shown until dismissed when the stored progress had a problem
  std::string save_error;        // last failed save ("" if the last save worked)
  std::string storage_error;     // the browser's storage problem now (IndexedDB unavailable, quota), "" if none
  int saves = 0;                 // successful saves this session
  int64_t loaded_at_ms = 0;
};

struct DecksPanelState {
  CardLibrary library;
  std::string selected;   // key of the deck shown in the card browser ("" = first)
  char search[128] = {};  // card browser filter (title, question, answer; case-insensitive)
  std::string open_card;  // id of the card expanded in the browser
  std::string message;    // last import/export notice
  bool confirm_reset = false;
};

void DrawDecksPanel(DecksPanelState& state, AppContext& ctx);
// LiveLink "decks?deck=KEY&q=SEARCH" → state. Returns errors (bad values, unknown keys); valid keys still apply.
std::vector<std::string> ApplyDecksLink(DecksPanelState& state, const LiveLink& link);
// state → LiveLink "decks?..." (the inverse of ApplyDecksLink).
LiveLink MakeDecksLink(const DecksPanelState& state);

// Loads the library once storage is ready (keeps ctx.wants_animation set while waiting), then
// delivers files chosen in the browser's file picker. Safe to call every frame.
void UpdateCardLibrary(DecksPanelState& state, AppContext& ctx);
// Adds (or replaces, same file name) an imported deck and keeps its text in storage. False when the
// text holds no usable card; `message` says what happened either way.
bool ImportDeckText(DecksPanelState& state, const std::string& name, const std::string& text, std::string* message);
// Writes the progress document (atomic, previous copy kept). False and `error` when it failed or the
// store is read-only.
bool SaveCardProgress(DecksPanelState& state, std::string* error);
// Replaces the progress with an exported document (after checking it). False + message if unusable.
bool ImportProgressText(DecksPanelState& state, const std::string& text, std::string* message);

// The toolbar's actions (its buttons and the parallel DOM call these). The pickers exist on the web
// only (false elsewhere); the chosen file arrives through UpdateCardLibrary.
bool DecksImportDeck();
bool DecksImportProgress();
void DecksExportProgress(DecksPanelState& state, AppContext& ctx);

// Current wall-clock time in Unix milliseconds (the scheduler's clock).
int64_t NowMs();

}  // namespace bw::app
