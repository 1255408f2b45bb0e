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

TEST_CASE("queue order: due learning, then due reviews, then new cards up to the daily limit") {
  Deck a = MakeDeck("a", 5), b = MakeDeck("b", 4);
  Progress p;
  p.settings.new_cards_per_day = 4;
  Fsrs fsrs;
  // a0: learning, due at +10m. a1: review (Easy -> 8 days). b0: learning, due at +1m.
  RecordReview(p, fsrs, a.cards[0].id, "a.md", kT0, Rating::kGood);
  RecordReview(p, fsrs, a.cards[1].id, "a.md", kT0, Rating::kEasy);
  RecordReview(p, fsrs, b.cards[0].id, "b.md", kT0, Rating::kAgain);

  SUBCASE("right after: nothing reviewed is due, one new card left today") {
    StudyQueue q = BuildStudyQueue({&a, &b}, p, kT0);
    CHECK(q.new_limit_left == 1);
    REQUIRE(q.items.size() == 1);
    CHECK(q.items[0].id == a.cards[2].id);
    CHECK(q.per_deck[0].new_available == 1);
    CHECK(q.per_deck[0].new_total == 3);
    CHECK(q.per_deck[1].new_available == 0);
    CHECK(q.total.due_later == 3);
    CHECK(q.total.next_due_ms == kT0 + kMsPerMinute);
  }
  SUBCASE("nine days later (a new UTC day): learning first, soonest due first, then the review, then new") {
    int64_t later = kT0 + 9 * kMsPerDay;
    StudyQueue q = BuildStudyQueue({&a, &b}, p, later);
    CHECK(q.new_limit_left == 4);
    REQUIRE(q.items.size() == 3 + 4);
    CHECK(q.items[0].id == b.cards[0].id);  // due +1m
    CHECK(q.items[1].id == a.cards[0].id);  // due +10m
    CHECK(q.items[2].id == a.cards[1].id);  // review
    CHECK(q.items[3].id == a.cards[2].id);  // new, deck order
    CHECK(q.items[6].id == b.cards[1].id);
    CHECK(q.per_deck[0].learning == 1);
    CHECK(q.per_deck[0].review == 1);
    CHECK(q.per_deck[0].new_available == 3);
    CHECK(q.per_deck[1].learning == 1);
    CHECK(q.per_deck[1].new_available == 1);
    CHECK(q.total.DueNow() == 7);
    CHECK(q.total.cards == 9);
  }
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
