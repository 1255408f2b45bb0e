// The card library: the loaded decks (the built-in ones and those the learner imported) and the
// learner's progress (src/core/cards/progress.h), read from and written to app/storage.h's Storage,
// which the platform layer implements (IndexedDB in the browser, a folder on the desktop). Study grades
// into it, Decks browses it, the host protocol and the parallel DOM import and export through it; the
// app state holds one (AppState::library) and the panel table hands it to the panels that use it.
//
//   UpdateCardLibrary(app.library, ctx);                 // once per frame (DrawApp does): loads once storage is
//                                                        // ready, takes files chosen in the file picker
//   ImportDeckText(app.library, "my.md", text, &message); // a dropped or picked deck (kept in storage)
//   SaveCardProgress(app.library, &error);               // after every grade (Study calls it)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/context.h"
#include "core/cards/deck.h"
#include "core/cards/progress.h"
#include "core/cards/study.h"
#include "core/links/number_check.h"

namespace bw::app {

// What the app adds to one card when its deck loads (core/links, issue 17): a suggested live panel
// for a card without a `live:` line, and the number check's findings on its text.
struct CardTeaching {
  std::string suggested_live;  // a LiveLink links::Check accepts, "" if none (or the card has its own)
  std::string suggested_why;   // what the suggester read ("the card is about a parameter count (13e9), ...")
  std::vector<links::NumberFinding> findings;  // claims the engines compute otherwise, in line order
};

struct LoadedDeck {
  std::string key;           // "builtin/model-memory.md" or "imported/my-deck.md" (unique)
  std::string source;        // "built-in" or "imported"
  std::string storage_name;  // imported decks: the storage file holding the text ("deck-my-deck.md")
  cards::Deck deck;
  cards::DeckStats stats;
  std::vector<CardTeaching> teaching;  // one per deck.cards entry, same order
  int suggested = 0;                   // cards with a suggested live panel
  int findings = 0;                    // number-check findings over all its cards
};

// A card found in the library (all null if not found).
struct LocatedCard {
  const LoadedDeck* deck = nullptr;
  const cards::Card* card = nullptr;
  const CardTeaching* teaching = nullptr;
};

struct CardLibrary {
  bool loaded = false;  // decks and progress have been read
  std::vector<LoadedDeck> decks;
  cards::Progress progress;
  bool read_only = false;        // the stored progress is newer than this app: never overwritten
  std::string recovery_message;  // shown until dismissed when the stored progress had a problem
  std::string save_error;        // last failed save ("" if the last save worked)
  std::string storage_error;     // the browser's storage problem now (IndexedDB unavailable, quota), "" if none
  std::string notice;            // the last import or export notice (Decks shows it)
  int imports = 0;               // decks imported this session (Study opens the latest when it changes)
  std::string last_import;       // key of the deck imported last ("" if none)
  int saves = 0;                 // successful saves this session
  int64_t loaded_at_ms = 0;
};

// Loads the library once storage is ready (keeps ctx.wants_animation set while waiting), then imports
// files chosen in the browser's file picker (notifies, and opens the deck or the study queue). Safe to
// call every frame.
void UpdateCardLibrary(CardLibrary& lib, AppContext& ctx);
// Adds (or replaces, same file name) an imported deck and keeps its text in storage. False when the
// text holds no usable card; `message` says what happened either way; `key` gets the deck's key.
bool ImportDeckText(CardLibrary& lib, const std::string& name, const std::string& text, std::string* message,
                    std::string* key = nullptr);
// Writes the progress document (validated, atomic, previous copy kept). False and `error` when it failed
// or the store is read-only.
bool SaveCardProgress(CardLibrary& lib, std::string* error);
// Replaces the progress with an exported document (after checking it). False + message if unusable.
bool ImportProgressText(CardLibrary& lib, const std::string& text, std::string* message);

// The file pickers (web only; false elsewhere): the chosen file arrives through UpdateCardLibrary.
bool RequestDeckFile();
bool RequestProgressFile();
// Downloads the progress document ("bytewise-progress-2026-12-02.json"); the notice says where.
void ExportCardProgress(CardLibrary& lib, AppContext& ctx);

// The card with this id in any deck; with_topic: else the first card carrying it as a `topic:`.
LocatedCard FindCard(const CardLibrary& lib, const std::string& id, bool with_topic = false);

// The live panel beside a card: its own `live:` line, else its suggested one (when suggestions are on),
// else none (link "").
struct CardLive {
  std::string link;
  bool suggested = false;
  std::string why;  // suggested: what it was read from
};
CardLive LiveFor(const LocatedCard& at, bool suggestions);

// The study queue of one deck (`deck_key`) or of all decks (""), each deck's daily limits counted under
// its key; per_deck follows lib.decks (or holds the one deck).
cards::StudyQueue LibraryQueue(const CardLibrary& lib, const std::string& deck_key, int64_t now_ms);

// "3 new, 1 learning, 2 review" (what is due now), "nothing due" when all three are 0.
std::string DueLabel(const cards::DeckDue& due);

// Current wall-clock time in Unix milliseconds (the scheduler's clock).
int64_t NowMs();

}  // namespace bw::app
