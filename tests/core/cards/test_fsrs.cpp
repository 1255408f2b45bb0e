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
  CHECK(CalendarDaysBetween(day - 1, day) == 1);  // 23:59:59.999 -> 00:00 next day
  CHECK(CalendarDaysBetween(day, 2 * day - 1) == 0);
  CHECK(CalendarDaysBetween(-1, 0) == 1);  // before the epoch too
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

// ---------------------------------------------------------------------------------------------
// Totality (issue 15): any state, clock and parameters give finite, valid results.

namespace {
bool Valid(const SchedCard& c) {
  return std::isfinite(c.stability) && c.stability >= 0 && c.stability <= 36500 && std::isfinite(c.difficulty) &&
         c.difficulty >= 0 && c.difficulty <= 10 && c.due_ms >= 0 && c.due_ms <= kMaxTimeMs && c.elapsed_days >= 0 &&
         c.scheduled_days >= 0 && c.reps >= 0 && c.lapses >= 0 && c.learning_steps >= 0 &&
         (c.last_review_ms == -1 || (c.last_review_ms >= 0 && c.last_review_ms <= kMaxTimeMs));
}
}  // namespace

TEST_CASE("regression: a last review after now counts as elapsed 0 (no NaN from a negative pow base)") {
  // Minimal input: a review card last reviewed 30 days after "now".
  Fsrs fsrs;
  SchedCard c;
  c.state = CardState::kReview;
  c.stability = 5;
  c.difficulty = 5;
  c.reps = 3;
  c.last_review_ms = k20221129_1230Utc + 30 * kMsPerDay;
  c.due_ms = c.last_review_ms + 5 * kMsPerDay;
  CHECK(ClockSkewMs(c, k20221129_1230Utc) == 30 * kMsPerDay);
  CHECK(ClockSkewMs(c, c.last_review_ms) == 0);
  CHECK(fsrs.ForgettingCurve(-30, 5) == 1.0);  // before the fix: NaN
  SchedCard same_day = c;
  same_day.last_review_ms = k20221129_1230Utc;
  auto skewed = fsrs.Preview(c, k20221129_1230Utc);
  auto reference = fsrs.Preview(same_day, k20221129_1230Utc);
  for (int i = 0; i < 4; ++i) {
    CHECK(Valid(skewed[i]));
    CHECK(skewed[i].elapsed_days == 0);
    CHECK(skewed[i].stability == reference[i].stability);  // exactly as if reviewed just now
    CHECK(skewed[i].due_ms == reference[i].due_ms);
  }
}

TEST_CASE("regression: extreme clocks, states and parameters stay finite and in range (no UB)") {
  const int64_t clocks[] = {INT64_MIN, -1, 0, 1, k20221129_1230Utc, kMaxTimeMs, kMaxTimeMs + 1, INT64_MAX};
  const double numbers[] = {std::nan(""), -INFINITY, -1, 0, 1e-300, 0.5, 5, 36500, 1e300, INFINITY};
  const int counts[] = {INT32_MIN, -1, 0, 1, 3, INT32_MAX};
  FsrsParams extreme;
  extreme.maximum_interval_days = INT32_MAX;
  extreme.desired_retention = 1e-300;
  extreme.learning_steps_minutes = {INT32_MAX, INT32_MAX};
  extreme.relearning_steps_minutes = {INT32_MAX};
  const Fsrs schedulers[] = {Fsrs(), Fsrs(extreme)};
  int checked = 0;
  for (const Fsrs& fsrs : schedulers)
    for (int64_t now : clocks)
      for (int64_t last : clocks)
        for (double s : numbers)
          for (int count : counts)
            for (int state = -1; state <= 4; ++state) {
              SchedCard c;
              c.state = static_cast<CardState>(state);
              c.stability = s;
              c.difficulty = s;
              c.reps = c.lapses = c.learning_steps = c.elapsed_days = c.scheduled_days = count;
              c.last_review_ms = last;
              c.due_ms = last;
              for (const SchedCard& next : fsrs.Preview(c, now)) {
                INFO("now " << now << " last " << last << " s " << s << " count " << count << " state " << state);
                REQUIRE(Valid(next));
                ++checked;
              }
              CHECK(std::isfinite(fsrs.Retrievability(c, now)));
            }
  CHECK(checked == 2 * 8 * 8 * 10 * 6 * 6 * 4);
  CHECK(Fsrs(extreme).params().maximum_interval_days == kMaxIntervalDays);
  CHECK(CalendarDaysBetween(INT64_MIN, INT64_MAX) == 2 * (kMaxTimeMs / kMsPerDay));
}
