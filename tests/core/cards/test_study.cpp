// Study queue order, due counts per deck, the daily new-card limit and the buttons' labels.
#include <doctest/doctest.h>

#include "core/cards/study.h"

using namespace bw::cards;

namespace {

constexpr int64_t kT0 = 1669725000000;  // 2022-11-29T12:30:00Z

Deck MakeDeck(const std::string& name, int n) {
  std::string text;
  for (int i = 0; i < n; ++i)
    text += "#### " + name + " " + std::to_string(i) + "\n:p Q" + std::to_string(i) + "?\n??x\nA\nx??\n---\n";
  Deck d = ParseDeck(text, name + ".md");
  REQUIRE(static_cast<int>(d.cards.size()) == n);
  return d;
}

}  // namespace

TEST_CASE("queue order: due learning, then due reviews, then new cards up to each deck's daily limit") {
  Deck a = MakeDeck("a", 5), b = MakeDeck("b", 4);
  Progress p;
  p.settings.new_cards_per_day = 4;
  Fsrs fsrs;
  // a0: learning, due at +10m. a1: review (Easy -> 8 days). b0: learning, due at +1m.
  RecordReview(p, fsrs, a.cards[0].id, "a.md", kT0, Rating::kGood);
  RecordReview(p, fsrs, a.cards[1].id, "a.md", kT0, Rating::kEasy);
  RecordReview(p, fsrs, b.cards[0].id, "b.md", kT0, Rating::kAgain);

  SUBCASE("right after: nothing reviewed is due; a has 2 of its 4 new cards left today, b 3 of 4") {
    StudyQueue q = BuildStudyQueue({&a, &b}, p, kT0);
    CHECK(q.new_limit_left == 5);
    REQUIRE(q.items.size() == 5);
    CHECK(q.items[0].id == a.cards[2].id);
    CHECK(q.items[2].id == b.cards[1].id);
    CHECK(q.per_deck[0].new_available == 2);
    CHECK(q.per_deck[0].new_total == 3);
    CHECK(q.per_deck[1].new_available == 3);
    CHECK(q.total.due_later == 3);
    CHECK(q.total.next_due_ms == kT0 + kMsPerMinute);
  }
  SUBCASE("nine days later (a new UTC day): learning first, soonest due first, then the review, then new") {
    int64_t later = kT0 + 9 * kMsPerDay;
    StudyQueue q = BuildStudyQueue({&a, &b}, p, later);
    CHECK(q.new_limit_left == 3 + 3);
    REQUIRE(q.items.size() == 3 + 6);
    CHECK(q.items[0].id == b.cards[0].id);  // due +1m
    CHECK(q.items[1].id == a.cards[0].id);  // due +10m
    CHECK(q.items[2].id == a.cards[1].id);  // review
    CHECK(q.items[3].id == a.cards[2].id);  // new, deck order
    CHECK(q.items[6].id == b.cards[1].id);
    CHECK(q.per_deck[0].learning == 1);
    CHECK(q.per_deck[0].review == 1);
    CHECK(q.per_deck[0].new_available == 3);
    CHECK(q.per_deck[1].learning == 1);
    CHECK(q.per_deck[1].new_available == 3);
    CHECK(q.total.DueNow() == 9);
    CHECK(q.total.cards == 9);
  }
}

// The case: the built-in deck has used its 20 new cards today; a deck imported now still
// offers its own 20 (Anki's per-deck limits), and the optional cap across decks holds both back.
TEST_CASE("a deck imported after the built-in deck used its new cards today can be studied at once") {
  Deck builtin = MakeDeck("builtin", 30), mine = MakeDeck("mine", 15);
  Progress p;  // defaults: 20 new and 200 reviews per deck, no overall cap
  Fsrs fsrs;
  for (int i = 0; i < 20; ++i) RecordReview(p, fsrs, builtin.cards[i].id, "builtin/b.md", kT0 + i, Rating::kGood);
  std::vector<std::string> keys = {"builtin/b.md", "imported/mine.md"};
  StudyQueue q = BuildStudyQueue({&builtin, &mine}, keys, p, kT0 + kMsPerMinute / 2);
  CHECK(q.per_deck[0].new_available == 0);  // the built-in deck's 20 are used
  CHECK(q.per_deck[1].new_available == 15);
  StudyQueue only_mine = BuildStudyQueue({&mine}, {"imported/mine.md"}, p, kT0 + kMsPerMinute / 2);
  REQUIRE(!only_mine.items.empty());
  CHECK(only_mine.items[0].id == mine.cards[0].id);

  SUBCASE("an overall cap of 25 new cards a day leaves 5 for the imported deck") {
    p.settings.new_cards_all_decks = 25;
    StudyQueue c = BuildStudyQueue({&builtin, &mine}, keys, p, kT0 + kMsPerMinute / 2);
    CHECK(c.per_deck[1].new_available == 5);
    // The cap counts the whole day, also when only the imported deck is studied.
    CHECK(BuildStudyQueue({&mine}, {"imported/mine.md"}, p, kT0).per_deck[0].new_available == 5);
  }
  SUBCASE("an undone review gives its new card back to its deck's allowance") {
    UndoLastReview(p, kT0 + 100);
    CHECK(BuildStudyQueue({&builtin}, {"builtin/b.md"}, p, kT0 + 200).per_deck[0].new_available == 1);
  }
  SUBCASE("without keys the decks' file names are the keys: the log's deck names do not match, all 20 are free") {
    CHECK(BuildStudyQueue({&builtin, &mine}, p, kT0 + 200).per_deck[0].new_available == 10);  // 10 never seen
  }
}

TEST_CASE("the daily review limit holds back the least overdue reviews; learning cards are never held") {
  Deck a = MakeDeck("a", 6);
  Progress p;
  Fsrs fsrs;
  for (int i = 0; i < 5; ++i) RecordReview(p, fsrs, a.cards[i].id, "a.md", kT0 + i * kMsPerMinute, Rating::kEasy);
  RecordReview(p, fsrs, a.cards[5].id, "a.md", kT0, Rating::kAgain);  // learning, due in 1 minute
  int64_t later = kT0 + 30 * kMsPerDay;                               // all five reviews due, a new UTC day
  p.settings.reviews_per_day = 3;
  StudyQueue q = BuildStudyQueue({&a}, p, later);
  CHECK(q.per_deck[0].review_due == 5);
  CHECK(q.per_deck[0].review == 3);
  CHECK(q.per_deck[0].learning == 1);
  REQUIRE(q.items.size() == 4);
  CHECK(q.items[0].id == a.cards[5].id);  // learning first
  CHECK(q.items[1].id == a.cards[0].id);  // then the most overdue reviews
  CHECK(q.items[3].id == a.cards[2].id);
  // Two reviews done today leave one.
  RecordReview(p, fsrs, a.cards[0].id, "a.md", later, Rating::kGood);
  RecordReview(p, fsrs, a.cards[1].id, "a.md", later + 1, Rating::kGood);
  CHECK(BuildStudyQueue({&a}, p, later + 2).per_deck[0].review == 1);
  p.settings.reviews_all_decks = 2;  // the overall cap is reached: none
  CHECK(BuildStudyQueue({&a}, p, later + 2).per_deck[0].review == 0);
}

TEST_CASE("a card present in two decks is studied once") {
  Deck a = MakeDeck("a", 2);
  Deck copy = a;
  copy.file_name = "copy.md";
  Progress p;
  StudyQueue q = BuildStudyQueue({&a, &copy}, p, kT0);
  CHECK(q.items.size() == 2);
  CHECK(q.per_deck[1].cards == 2);
  CHECK(q.per_deck[1].new_total == 0);
}

TEST_CASE("button labels show the four next intervals of a new card") {
  Fsrs fsrs;
  Progress p;
  ButtonPreview b = PreviewButtons(fsrs, p, "x", kT0);
  CHECK(b.labels[0] == "1m");
  CHECK(b.labels[1] == "6m");
  CHECK(b.labels[2] == "10m");
  CHECK(b.labels[3] == "8d");
  CHECK(b.interval_ms[3] == 8 * kMsPerDay);
  CHECK(FormatInterval(45 * kMsPerDay) == "1.5mo");
  CHECK(FormatInterval(730 * kMsPerDay) == "2.0y");
  CHECK(FormatInterval(3 * 60 * kMsPerMinute) == "3h");
  CHECK(FormatInterval(30 * 1000) == "<1m");
}
