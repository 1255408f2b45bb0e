// bw::cards — the study queue: which card comes next across all decks, due counts per deck, and the
// four buttons' next intervals. The Study and Decks panels only draw these results.
//
//   std::vector<const Deck*> decks = {&builtin, &imported};
//   StudyQueue q = BuildStudyQueue(decks, progress, now_ms);
//   if (!q.items.empty()) { const QueueItem& next = q.items[0]; ... }
//   q.per_deck[i].learning / .review / .new_available     // the counts shown beside each deck
//   ButtonPreview b = PreviewButtons(fsrs, progress, card_id, now_ms);   // b.labels[0..3] = "1m", "6m", "10m", "8d"
//
// Order (Anki's): learning and relearning cards that are due, soonest first; then review cards that
// are due, most overdue first; then new cards in deck order. Daily limits are per deck, as in Anki
// (ProgressSettings: new_cards_per_day and reviews_per_day minus what this UTC day's log already
// counts for that deck key), bounded by the optional caps across all decks (new_cards_all_decks,
// reviews_all_decks; the whole day's use counts, also of decks not passed). Learning steps are never
// held back. A deck's key is the name its reviews are logged under (LogEntry::deck): pass `keys`
// (same order as the decks), else each Deck::file_name is used.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/cards/deck.h"
#include "core/cards/fsrs.h"
#include "core/cards/progress.h"

namespace bw::cards {

struct QueueItem {
  int deck = 0;  // index into the decks passed to BuildStudyQueue
  int card = 0;  // index into that deck's cards
  std::string id;
  SchedCard state;  // stored state, or a new card
};

struct DeckDue {
  int cards = 0;             // cards in the deck
  int new_total = 0;         // never reviewed
  int new_available = 0;     // new cards the queue will show today (after the daily limit)
  int learning = 0;          // learning or relearning, due now
  int review = 0;            // review cards the queue shows now (due, after the daily review limit)
  int review_due = 0;        // review cards due now (before the limit)
  int due_later = 0;         // reviewed cards not yet due
  int64_t next_due_ms = -1;  // earliest due among not-yet-due cards (-1 if none)
  int DueNow() const { return new_available + learning + review; }
};

struct StudyQueue {
  std::vector<QueueItem> items;   // in study order
  std::vector<DeckDue> per_deck;  // same order as the decks
  DeckDue total;                  // across decks
  int new_limit_left = 0;         // new cards the limits still allow today across the decks passed
};

StudyQueue BuildStudyQueue(const std::vector<const Deck*>& decks, const Progress& progress, int64_t now_ms);
StudyQueue BuildStudyQueue(const std::vector<const Deck*>& decks, const std::vector<std::string>& keys,
                           const Progress& progress, int64_t now_ms);

struct ButtonPreview {
  std::array<SchedCard, 4> next;         // Again, Hard, Good, Easy
  std::array<int64_t, 4> interval_ms{};  // next[i].due_ms - now_ms
  std::array<std::string, 4> labels;     // FormatInterval of each: "1m", "6m", "10m", "8d"
};

ButtonPreview PreviewButtons(const Fsrs& fsrs, const Progress& progress, const std::string& card_id, int64_t now_ms);

}  // namespace bw::cards
