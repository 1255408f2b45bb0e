// Compact scheduler state (SCORM 1.2 suspend_data): a hand-encoded reference text, round trips,
// the 4,096-character limit, hostile input, merging.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/cards/compact.h"
#include "core/cards/deck.h"
#include "core/cards/progress.h"

using namespace bw::cards;

namespace {

SchedCard ReviewCard() {
  SchedCard c;
  c.state = CardState::kReview;
  c.last_review_ms = 36 * kMsPerMinute;   // minute 36 = "10" in base 36
  c.due_ms = (36 + 1440) * kMsPerMinute;  // one day later: delta 1440 = "140"
  c.stability = 12.5;                     // 12500 = "9n8"
  c.difficulty = 5.25;                    // 5250 = "41u"
  c.elapsed_days = 3;
  c.scheduled_days = 12;  // "c"
  c.reps = 4;
  c.lapses = 1;
  return c;
}

std::string HexId(int i) {
  static const char* kHex = "0123456789abcdef";
  std::string s(16, '0');
  unsigned v = 2654435761u * static_cast<unsigned>(i + 1);
  for (int k = 0; k < 8; ++k) s[static_cast<size_t>(k)] = kHex[(v >> (28 - 4 * k)) & 15];
  s[15] = kHex[i & 15];
  return s;
}

}  // namespace

TEST_CASE("compact: one card encodes to the hand-computed text") {
  Progress p;
  p.cards["0123456789abcdef"] = ReviewCard();
  // Settings: retention 0.9 -> 900 = "p0", 20 new per day = "k", single keys on; quiz 3 of 5.
  CHECK(EncodeCompact(p, {3, 5}, 4096) == "B1|10|p0.k.1|3.5|1.1|012345672140,9n8,41u,3,c,4,1,,");
}

TEST_CASE("compact: round trip keeps every field (minutes, three decimals)") {
  Progress p;
  p.settings.desired_retention = 0.85;
  p.settings.new_cards_per_day = 7;
  p.settings.single_key_shortcuts = false;
  Fsrs fsrs(FsrsParamsFor(p.settings));
  const int64_t t0 = 1669725000000;
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) {
    ids.push_back(HexId(i));
    RecordReview(p, fsrs, ids.back(), "deck.md", t0 + i * 3 * kMsPerMinute, static_cast<Rating>(1 + i % 4));
    if (i % 3 == 0) RecordReview(p, fsrs, ids.back(), "deck.md", t0 + 40 * kMsPerDay, Rating::kGood);
  }
  std::string text = EncodeCompact(p, {2, 9}, 4096);
  CompactDecode d = DecodeCompact(text, ids);
  REQUIRE(d.ok);
  CHECK(d.error.empty());
  CHECK(d.unknown.empty());
  CHECK(d.quiz.correct == 2);
  CHECK(d.quiz.answered == 9);
  CHECK(d.settings.desired_retention == doctest::Approx(0.85));
  CHECK(d.settings.new_cards_per_day == 7);
  CHECK_FALSE(d.settings.single_key_shortcuts);
  CHECK(d.settings.reviews_per_day == 200);           // defaults: not written, read back as the defaults
  CHECK(text.find("|nm.7.0|") != std::string::npos);  // 850 = 23·36 + 22 → "nm"; 7; shortcuts off
  SUBCASE("the review limit and the caps across decks round-trip when they differ from the defaults") {
    p.settings.reviews_per_day = 50;
    p.settings.new_cards_all_decks = 30;
    std::string t2 = EncodeCompact(p, {2, 9}, 4096);
    CHECK(t2.find("|nm.7.0.1e.u.|") != std::string::npos);  // 50 = 36 + 14 → "1e", 30 → "u", 0 → ""
    CompactDecode d2 = DecodeCompact(t2, ids);
    REQUIRE(d2.ok);
    CHECK(d2.settings.reviews_per_day == 50);
    CHECK(d2.settings.new_cards_all_decks == 30);
    CHECK(d2.settings.reviews_all_decks == 0);
    CHECK_FALSE(DecodeCompact("B1|10|p0.k.1.1e.u|3.5|0.0|", ids).ok);      // 5 settings: malformed
    CHECK_FALSE(DecodeCompact("B1|10|p0.k.1.8000.u.0|3.5|0.0|", ids).ok);  // 10368000 > 9999
  }
  REQUIRE(d.cards.size() == p.cards.size());
  for (const auto& [id, c] : p.cards) {
    const SchedCard& r = d.cards.at(id);
    CHECK(r.state == c.state);
    CHECK(std::llabs(r.due_ms - c.due_ms) < kMsPerMinute);
    CHECK(std::llabs(r.last_review_ms - c.last_review_ms) < kMsPerMinute);
    CHECK(r.stability == doctest::Approx(c.stability).epsilon(0.0005).scale(1));
    CHECK(std::fabs(r.difficulty - c.difficulty) <= 0.0005);
    CHECK(r.elapsed_days == c.elapsed_days);
    CHECK(r.scheduled_days == c.scheduled_days);
    CHECK(r.reps == c.reps);
    CHECK(r.lapses == c.lapses);
    CHECK(r.learning_steps == c.learning_steps);
  }
}

TEST_CASE("compact: a deck too large for 4,096 characters keeps the most recent states") {
  Progress p;
  Fsrs fsrs;
  std::vector<std::string> ids;
  const int64_t t0 = 1669725000000;
  for (int i = 0; i < 300; ++i) {
    ids.push_back(HexId(i));
    RecordReview(p, fsrs, ids.back(), "big.md", t0 + i * kMsPerMinute, Rating::kGood);
  }
  CompactEncode e = EncodeCompactEx(p, {}, 4096);
  CHECK(e.text.size() <= 4096);
  CHECK(e.total == 300);
  CHECK(e.kept > 50);
  CHECK(e.kept < 300);
  CompactDecode d = DecodeCompact(e.text, ids);
  REQUIRE(d.ok);
  CHECK(d.kept == e.kept);
  CHECK(d.total == 300);
  CHECK(static_cast<int>(d.cards.size()) == e.kept);
  for (int i = 300 - e.kept; i < 300; ++i) CHECK(d.cards.count(ids[static_cast<size_t>(i)]) == 1);  // newest kept
  CHECK(d.cards.count(ids[0]) == 0);
  // The next card would not have fitted.
  CHECK(EncodeCompactEx(p, {}, e.text.size() - 1).kept < e.kept);
}

TEST_CASE("compact: hostile or damaged text is refused with a message, never a crash") {
  std::vector<std::string> ids = {"0123456789abcdef"};
  const char* bad[] = {"",
                       "B2|10|p0.k.1|3.5|1.1|",
                       "B1|10|p0.k.1|3.5|1.1",
                       "B1|10|p0.k.1|3.5|1.1|0123",
                       "B1|zzzzzzzzzzzzzzzzz|p0.k.1|3.5|1.1|012345672140,9n8,41u,3,c,4,1,,",
                       "B1|10|p0.k.1|5.3|1.1|012345672140,9n8,41u,3,c,4,1,,",  // more correct than answered
                       "B1|10|zz.k.1|3.5|1.1|012345672140,9n8,41u,3,c,4,1,,",  // retention out of range
                       "B1|10|p0.k.1|3.5|2.2|012345672140,9n8,41u,3,c,4,1,,",  // says 2 cards, holds 1
                       "B1|10|p0.k.1|3.5|1.1|012345679140,9n8,41u,3,c,4,1,,",  // state 9
                       "B1|10|p0.k.1|3.5|1.1|0123456721<0,9n8,41u,3,c,4,1,,",
                       "B1|10|p0.k.1|3.5|1.1|012345672140,9n8,41u,3,c,4,1,",  // 8 fields
                       "B1|10|p0.k.1|3.5|1.1|012345672140,-5,41u,3,c,4,1,,",  // negative stability
                       "<script>alert(1)</script>"};
  for (const char* t : bad) {
    CompactDecode d = DecodeCompact(t, ids);
    CHECK_MESSAGE(!d.ok, t);
    CHECK(!d.error.empty());
    CHECK(d.cards.empty());
  }
  std::string huge(2 << 20, 'x');
  CHECK_FALSE(DecodeCompact(huge, ids).ok);
  // Every truncation of a good text is either refused or a consistent subset: never garbage states.
  std::string good = "B1|10|p0.k.1|3.5|1.1|012345672140,9n8,41u,3,c,4,1,,";
  for (size_t n = 0; n < good.size(); ++n) {
    CompactDecode d = DecodeCompact(good.substr(0, n), ids);
    if (d.ok) CHECK(d.cards.size() <= 1);
  }
}

TEST_CASE("compact: unknown or ambiguous id prefixes are reported, not guessed") {
  std::string text = "B1|10|p0.k.1|.|1.1|012345672140,9n8,41u,3,c,4,1,,";
  CompactDecode none = DecodeCompact(text, {"ffffffff00000000"});
  REQUIRE(none.ok);
  CHECK(none.cards.empty());
  REQUIRE(none.unknown.size() == 1);
  CHECK(none.unknown[0] == "01234567");
  CompactDecode two = DecodeCompact(text, {"0123456700000000", "0123456711111111"});
  REQUIRE(two.ok);
  CHECK(two.cards.empty());
  CHECK(two.unknown.size() == 1);
}

TEST_CASE("compact: merging takes newer states and keeps newer local ones") {
  std::string id_a = "0123456789abcdef", id_b = "fedcba9876543210";
  Progress remote;
  remote.cards[id_a] = ReviewCard();
  SchedCard old_b = ReviewCard();
  old_b.last_review_ms = 10 * kMsPerMinute;
  remote.cards[id_b] = old_b;
  remote.settings.new_cards_per_day = 5;
  CompactDecode d = DecodeCompact(EncodeCompact(remote, {}, 4096), {id_a, id_b});
  REQUIRE(d.ok);

  Progress fresh;  // a fresh browser profile: everything, settings included, comes from the LMS
  CHECK(MergeCompact(fresh, d) == 2);
  CHECK(fresh.cards.at(id_a).reps == 4);
  CHECK(fresh.settings.new_cards_per_day == 5);

  Progress local;
  SchedCard newer_b = ReviewCard();
  newer_b.last_review_ms = 90 * kMsPerMinute;
  newer_b.reps = 9;
  local.cards[id_b] = newer_b;
  SchedCard older_a = ReviewCard();
  older_a.last_review_ms = 0;
  older_a.reps = 1;
  local.cards[id_a] = older_a;
  CHECK(MergeCompact(local, d) == 1);
  CHECK(local.cards.at(id_a).reps == 4);          // remote was newer
  CHECK(local.cards.at(id_b).reps == 9);          // local was newer
  CHECK(local.settings.new_cards_per_day == 20);  // a learner with local progress keeps their settings
}

TEST_CASE("compact: the bundled deck studied once fits SCORM 1.2's 4,096 characters") {
  std::ifstream f(std::string(BW_SOURCE_DIR) + "/assets/decks/model-memory.md", std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  Deck deck = ParseDeck(ss.str(), "model-memory.md");
  REQUIRE(deck.cards.size() >= 30);
  Progress p;
  Fsrs fsrs;
  int64_t t = 1764650000000;  // 2025-12-02, one card a minute, rated like a learner (mostly Good)
  std::vector<std::string> ids;
  for (size_t i = 0; i < deck.cards.size(); ++i) {
    ids.push_back(deck.cards[i].id);
    RecordReview(p, fsrs, deck.cards[i].id, "builtin/model-memory.md", t + static_cast<int64_t>(i) * kMsPerMinute,
                 i % 7 == 3   ? Rating::kAgain
                 : i % 5 == 1 ? Rating::kEasy
                              : Rating::kGood);
  }
  CompactEncode e = EncodeCompactEx(p, {5, 7}, 4096);
  MESSAGE("bundled deck: " << deck.cards.size() << " cards studied once -> suspend_data of " << e.text.size()
                           << " characters");
  CHECK(e.kept == static_cast<int>(deck.cards.size()));
  CHECK(e.text.size() <= 4096);
  CompactDecode d = DecodeCompact(e.text, ids);
  REQUIRE(d.ok);
  CHECK(d.cards.size() == deck.cards.size());
}
