// FSRS-6 against the upstream test vectors. Sources:
//   ts-fsrs __tests__/FSRS-6.test.ts and py-fsrs tests/test_basic.py (open-spaced-repetition),
//   as collected in REFERENCES.md §4. Many more randomized histories are compared against the
//   ts-fsrs npm package itself in tests/ref/fsrs.test.mjs.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/cards/fsrs.h"

using namespace bw::cards;

namespace {
constexpr int64_t k20221129_1230Utc = 1669725000000;  // 2022-11-29T12:30:00Z
}

TEST_CASE("scheduled days of the upstream review sequence (Good x6, Again x2, Good x5)") {
  // ts-fsrs FSRS-6.test.ts / py-fsrs test_review_card: each review happens at the previous due.
  const std::vector<int> ratings = {3, 3, 3, 3, 3, 3, 1, 1, 3, 3, 3, 3, 3};
  const std::vector<int> expected = {0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21};
  Fsrs fsrs;
  int64_t now = k20221129_1230Utc;
  SchedCard card = NewSchedCard(now);
  std::vector<int> got;
  for (int r : ratings) {
    card = fsrs.Next(card, now, static_cast<Rating>(r));
    got.push_back(card.scheduled_days);
    now = card.due_ms;
  }
  CHECK(got == expected);
}

TEST_CASE("memory state after Again, Good x5 at 0, 0, 1, 3, 8, 21 days") {
  // Upstream: S = 53.62691, D = 6.3574867 (printed to that many digits: compare to 1e-5 relative).
  const Rating ratings[] = {Rating::kAgain, Rating::kGood, Rating::kGood, Rating::kGood, Rating::kGood, Rating::kGood};
  const double intervals[] = {0, 0, 1, 3, 8, 21};
  Fsrs fsrs;
  MemoryState m;
  bool first = true;
  for (int i = 0; i < 6; ++i) {
    m = fsrs.NextMemoryState(first ? nullptr : &m, intervals[i], ratings[i]);
    first = false;
  }
  CHECK(m.stability == doctest::Approx(53.62691).epsilon(1e-6));
  CHECK(m.difficulty == doctest::Approx(6.3574867).epsilon(1e-7));
}

TEST_CASE("forgetting curve with S = 1") {
  Fsrs fsrs;
  CHECK(fsrs.ForgettingCurve(0, 1) == 1.0);
  CHECK(fsrs.ForgettingCurve(1, 1) == doctest::Approx(0.9).epsilon(1e-12));
  CHECK(fsrs.ForgettingCurve(2, 1) == doctest::Approx(0.84588465).epsilon(1e-12));
  CHECK(fsrs.ForgettingCurve(3, 1) == doctest::Approx(0.8093881).epsilon(1e-12));
}

TEST_CASE("next difficulty from D = 5") {
  Fsrs fsrs;
  const double expected[] = {8.34176237, 6.66599536, 4.99022837, 3.31446137};
  for (int g = 1; g <= 4; ++g) {
    CAPTURE(g);
    CHECK(fsrs.NextDifficulty(5, static_cast<Rating>(g)) == doctest::Approx(expected[g - 1]).epsilon(1e-12));
  }
}

TEST_CASE("a new card's preview: learning steps 1m / 10m, Hard = mean of the first two steps, Easy graduates") {
  // ts-fsrs BasicLearningStepsStrategy with the default steps ["1m", "10m"]: Again 1m, Hard
  // round((1 + 10) / 2) = 6m, Good 10m; Easy skips learning: round(S0(Easy) = w3 = 8.2956) = 8 days.
  Fsrs fsrs;
  int64_t now = k20221129_1230Utc;
  auto p = fsrs.Preview(NewSchedCard(now), now);
  CHECK(p[0].due_ms - now == 1 * kMsPerMinute);
  CHECK(p[1].due_ms - now == 6 * kMsPerMinute);
  CHECK(p[2].due_ms - now == 10 * kMsPerMinute);
  CHECK(p[3].due_ms - now == 8 * kMsPerDay);
  CHECK(p[0].state == CardState::kLearning);
  CHECK(p[3].state == CardState::kReview);
  CHECK(p[2].learning_steps == 1);
  CHECK(p[1].learning_steps == 0);
  for (const auto& c : p) {
    CHECK(c.reps == 1);
    CHECK(c.last_review_ms == now);
  }
  // Initial stability is w[G-1]; initial difficulty D0(G) = w4 - e^(w5 (G-1)) + 1.
  CHECK(p[0].stability == 0.212);
  CHECK(p[3].stability == 8.2956);
  CHECK(p[2].difficulty == doctest::Approx(6.4133 - std::exp(2 * 0.8334) + 1).epsilon(1e-9));
  CHECK(FormatInterval(p[1].due_ms - now) == "6m");
  CHECK(FormatInterval(p[3].due_ms - now) == "8d");
}

TEST_CASE("a forgotten review card relearns for 10 minutes and counts a lapse") {
  Fsrs fsrs;
  int64_t now = k20221129_1230Utc;
  SchedCard c = fsrs.Next(NewSchedCard(now), now, Rating::kEasy);
  REQUIRE(c.state == CardState::kReview);
  now = c.due_ms;
  SchedCard again = fsrs.Next(c, now, Rating::kAgain);
  CHECK(again.state == CardState::kRelearning);
  CHECK(again.due_ms - now == 10 * kMsPerMinute);
  CHECK(again.lapses == 1);
  auto p = fsrs.Preview(c, now);
  CHECK(p[1].scheduled_days <= p[2].scheduled_days);
  CHECK(p[2].scheduled_days < p[3].scheduled_days);
}

TEST_CASE("elapsed days are UTC calendar days, not 24-hour periods") {
  const int64_t day = kMsPerDay;
  CHECK(CalendarDaysBetween(day - 1, day) == 1);          // 23:59:59.999 -> 00:00 next day
  CHECK(CalendarDaysBetween(day, 2 * day - 1) == 0);
  CHECK(CalendarDaysBetween(-1, 0) == 1);                 // before the epoch too
}

TEST_CASE("JsRound follows ECMAScript Math.round") {
  CHECK(JsRound(2.5) == 3);
  CHECK(JsRound(-2.5) == -2);  // halves toward +infinity (std::round gives -3)
  CHECK(JsRound(0.49999999999999994) == 0);
  CHECK(JsRound(5.5) == 6);
  CHECK(RoundTo8(0.123456785) == doctest::Approx(0.12345679).epsilon(1e-15));
}

TEST_CASE("desired retention changes intervals: higher retention, shorter intervals") {
  FsrsParams p;
  p.desired_retention = 0.95;
  Fsrs strict(p);
  Fsrs normal;
  CHECK(normal.interval_modifier() == doctest::Approx(1.0).epsilon(1e-8));
  CHECK(strict.interval_modifier() < 1.0);
  CHECK(strict.NextIntervalDays(100) < normal.NextIntervalDays(100));
  // Out-of-range retention falls back to the default instead of dividing by log(0).
  p.desired_retention = 0;
  CHECK(Fsrs(p).params().desired_retention == 0.9);
}
