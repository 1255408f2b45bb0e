// bw::cards — the learner's saved progress: one versioned, checksummed JSON document holding the
// settings, every card's scheduler state and the append-only review log.
//
//   Progress p;                                                     // empty progress, default settings
//   RecordReview(p, fsrs, card_id, "finetuning.md", now_ms, Rating::kGood);   // appends to the log
//   UndoLastReview(p, now_ms);                                      // appends an undo entry, restores the state
//   std::string doc = SaveProgress(p);                              // what storage writes (atomically)
//   ProgressLoad l = LoadProgress(doc);                             // l.status kOk / kCorrupt / kNewerVersion / ...
//   ProgressRecovery r = RecoverProgress(main_text, backup_text);   // what to use when the main copy is bad
//
// Document (schema version 1):
//   {"format": "bytewise-progress", "schema_version": 1, "checksum": "fnv1a64:<16 hex>",
//    "body": {"settings": {...}, "cards": {"<card id>": {state}}, "log": [{entry}, ...]}}
// The checksum is FNV-1a 64 over the canonical (compact json::Write) text of "body", so any edit or
// truncation is detected. A document that cannot be read is never thrown away: LoadProgress says what
// is wrong and RecoverProgress tells the caller to keep the text aside (and, for a newer schema, not
// to overwrite it) while using the backup copy when that one is sound.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/cards/fsrs.h"

namespace bw::cards {

inline constexpr int kProgressSchemaVersion = 1;
inline constexpr const char* kProgressFormat = "bytewise-progress";

struct ProgressSettings {
  double desired_retention = 0.9;    // FSRS target recall probability, 0.70..0.99
  bool single_key_shortcuts = true;  // Space/Enter, 1-4, U without modifiers (WCAG 2.1.4: can be off)
  bool suggested_panels = true;      // show a suggested live panel beside cards without a `live:` line
  // Daily limits, per deck as in Anki (its defaults): a deck just imported has its own new cards
  // today however many the built-in deck has used. The overall caps (0 = none) bound the sum.
  int new_cards_per_day = 20;   // new cards introduced per UTC day, per deck (0..9999)
  int reviews_per_day = 200;    // review cards shown per UTC day, per deck (0..9999)
  int new_cards_all_decks = 0;  // optional cap on new cards per day across decks (0 = no cap)
  int reviews_all_decks = 0;    // optional cap on reviews per day across decks (0 = no cap)
};
inline constexpr int kMaxDailyLimit = 9999;

enum class LogKind { kReview, kUndo };
enum class ReviewSource { kCard, kQuiz };

// One line of the append-only log. A review stores the state before and after (so undo and audits
// need nothing else); an undo names the log index of the review it reverts.
struct LogEntry {
  LogKind kind = LogKind::kReview;
  int64_t time_ms = 0;
  std::string card_id;
  std::string deck;               // deck key (file name) the card came from
  Rating rating = Rating::kGood;  // review only
  ReviewSource source = ReviewSource::kCard;
  SchedCard before, after;    // review only
  int undoes = -1;            // undo only: index of the reverted review
  int64_t clock_skew_ms = 0;  // review only: how far the card's last review lay after this
                              // review's clock (a clock that ran ahead); 0 normally
};

struct Progress {
  ProgressSettings settings;
  std::map<std::string, SchedCard> cards;  // card id -> scheduler state (absent = new)
  std::vector<LogEntry> log;
};

FsrsParams FsrsParamsFor(const ProgressSettings& s);  // defaults + the learner's desired retention

// The stored state of a card, or a new card due at now_ms.
SchedCard CardStateOrNew(const Progress& p, const std::string& card_id, int64_t now_ms);

// Grades a card: computes its next state with `fsrs`, stores it and appends a review entry.
const SchedCard& RecordReview(Progress& p, const Fsrs& fsrs, const std::string& card_id, const std::string& deck,
                              int64_t now_ms, Rating rating, ReviewSource source = ReviewSource::kCard);

// Index of the review an undo would revert (the latest review not yet undone), or -1.
int LastUndoableReview(const Progress& p);
// Reverts that review: restores the card's previous state and appends an undo entry. False if
// nothing to undo. If `card_id` is given it receives the id of the card that came back.
bool UndoLastReview(Progress& p, int64_t now_ms, std::string* card_id = nullptr);

// Serialization ---------------------------------------------------------------------------------

std::string SaveProgress(const Progress& p);  // the whole document, pretty-printed

// SaveProgress, then proof that the text loads back to the same progress (status kOk, nothing
// skipped, same cards and log). False (and `error` says why) when it would not: the caller must then
// keep the last good copy instead of writing `doc`.
bool SaveProgressChecked(const Progress& p, std::string* doc, std::string* error);

enum class LoadStatus {
  kOk,
  kEmpty,             // no text (first start): use empty progress
  kCorrupt,           // not JSON, or not a progress document, or a field of the wrong type
  kChecksumMismatch,  // readable but edited or damaged: `progress` holds what could be read
  kNewerVersion,      // written by a newer Bytewise: do not overwrite
};
const char* LoadStatusName(LoadStatus s);

struct ProgressLoad {
  LoadStatus status = LoadStatus::kEmpty;
  Progress progress;       // filled for kOk and (best effort) kChecksumMismatch
  int schema_version = 0;  // as found in the document (0 if unreadable)
  std::string message;     // what is wrong and where, for the learner
  // Cards and log entries that could not be read and were left out (each "path: what"), the others
  // kept. A card whose stored state is bad is rebuilt from its log entries when they are sound.
  std::vector<std::string> skipped;
  int skipped_total = 0;  // skipped lists at most 20; this counts them all
};

ProgressLoad LoadProgress(std::string_view text);

// What to do at start-up given the main document and its backup copy (either may be absent).
struct ProgressRecovery {
  Progress progress;  // what the app should use
  LoadStatus main_status = LoadStatus::kEmpty;
  bool used_backup = false;      // the main copy was bad and the backup was sound
  bool keep_main_aside = false;  // save the main text under another name before writing anything
  bool read_only = false;        // a newer version: do not save over it until the learner decides
  std::string message;           // "" when all is well; otherwise one paragraph for the learner
  int skipped = 0;               // entries of the used copy left out as unreadable
};
ProgressRecovery RecoverProgress(const std::optional<std::string>& main_text,
                                 const std::optional<std::string>& backup_text);

// Statistics ------------------------------------------------------------------------------------

// Counts of the reviews made since `since_ms` (undone reviews excluded): the session summary.
struct SessionSummary {
  int reviews = 0;
  int again = 0, hard = 0, good = 0, easy = 0;
  int new_cards = 0;       // cards seen for the first time
  int quiz_answers = 0;    // reviews that came from computed quizzes
  double recall_rate = 0;  // (hard + good + easy) / reviews, 0 if none
  int64_t first_ms = 0, last_ms = 0;
};
SessionSummary SummarizeSession(const Progress& p, int64_t since_ms);

// New cards introduced on now_ms's UTC day (undone ones excluded), for the daily limit.
int NewCardsIntroducedToday(const Progress& p, int64_t now_ms);

// What the daily limits have used on now_ms's UTC day, per deck key (LogEntry::deck) and in all:
// new cards introduced, and reviews of cards that were in review (learning steps are not limited,
// as in Anki). Undone reviews do not count.
struct DailyUse {
  int new_cards = 0;
  int reviews = 0;
};
struct DailyUsage {
  std::map<std::string, DailyUse> per_deck;
  DailyUse total;
};
DailyUsage UsageToday(const Progress& p, int64_t now_ms);

}  // namespace bw::cards
