// bw::cards — FSRS-6 spaced-repetition scheduler, a faithful port of ts-fsrs 5.x (default settings:
// short-term scheduling on, fuzz off). Times are Unix milliseconds (UTC); intervals are whole days
// for review cards and minutes for learning steps.
//
//   Fsrs fsrs;                                         // 21 default parameters, retention 0.9, steps 1m 10m / 10m
//   SchedCard card = NewSchedCard(now_ms);
//   std::array<SchedCard, 4> next = fsrs.Preview(card, now_ms);   // Again, Hard, Good, Easy
//   card = fsrs.Next(card, now_ms, Rating::kGood);     // card.due_ms is the next review
//   FormatInterval(next[2].due_ms - now_ms);           // "10m", "2d", "1.5mo": the button labels
//
// Sources: the FSRS wiki "The Algorithm" (FSRS-6) and ts-fsrs 5.4.2 `dist/index.mjs`
// (FSRSAlgorithm, BasicScheduler, BasicLearningStepsStrategy). Port details that matter for equal
// results: most intermediates are rounded to 8 decimals with JS Math.round (halves toward +inf);
// elapsed days are differences of UTC calendar dates; Hard on a learning step waits the mean of the
// first two steps (ts-fsrs, not Anki's "repeat the step"); the mean-reversion target is the
// unclamped D0(Easy).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace bw::cards {

enum class Rating { kAgain = 1, kHard = 2, kGood = 3, kEasy = 4 };
enum class CardState { kNew = 0, kLearning = 1, kReview = 2, kRelearning = 3 };

const char* RatingName(Rating r);                       // "again", "hard", "good", "easy"
const char* StateName(CardState s);                     // "new", "learning", "review", "relearning"
bool ParseRating(const std::string& s, Rating* out);    // accepts the names and "1".."4"
bool ParseState(const std::string& s, CardState* out);  // accepts the names

inline constexpr int64_t kMsPerMinute = 60 * 1000;
inline constexpr int64_t kMsPerDay = 24 * 60 * kMsPerMinute;

// The scheduler is total: any card state, clock and parameters give finite, valid results. Times are
// clamped into [0, kMaxTimeMs] (1970 to JavaScript's largest Date, 100 million days on), and so is
// every computed due date; a clock before 1970 reads as 1970. Intervals are capped at kMaxIntervalDays.
inline constexpr int64_t kMaxTimeMs = 8640000000000000;
inline constexpr int kMaxIntervalDays = 100000000;
int64_t ClampTimeMs(int64_t ms);

// The 21 FSRS-6 default parameters (ts-fsrs `default_w`).
inline constexpr std::array<double, 21> kDefaultFsrsWeights = {0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194,
                                                               0.001,  1.8722, 0.1666, 0.796,  1.4835, 0.0614, 0.2629,
                                                               1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542};

struct FsrsParams {
  std::array<double, 21> w = kDefaultFsrsWeights;  // clipped to ts-fsrs's ranges by Fsrs's constructor
  double desired_retention = 0.9;                  // (0, 1]; other values fall back to 0.9
  int maximum_interval_days = 36500;               // [1, kMaxIntervalDays]; < 1 falls back to 36500
  std::vector<int> learning_steps_minutes = {1, 10};
  std::vector<int> relearning_steps_minutes = {10};
};

// What the scheduler knows about one card (ts-fsrs `Card`).
struct SchedCard {
  int64_t due_ms = 0;
  double stability = 0;    // days until recall probability falls to 90%
  double difficulty = 0;   // 1..10
  int elapsed_days = 0;    // calendar days between the last two reviews
  int scheduled_days = 0;  // interval chosen at the last review (0 for learning steps)
  int reps = 0;
  int lapses = 0;          // times a review card was forgotten (Again in Review)
  int learning_steps = 0;  // index of the current (re)learning step
  CardState state = CardState::kNew;
  int64_t last_review_ms = -1;  // -1: never reviewed
};

struct MemoryState {
  double stability = 0;
  double difficulty = 0;
};

// A new card due now.
SchedCard NewSchedCard(int64_t now_ms);

// The state the scheduler actually works from: non-finite or out-of-range numbers replaced (stability
// in [0, 36500], difficulty in [0, 10], counters in [0, 2^31 - 2], an unknown state read as new), times
// clamped. A card with a state but no memory (stability or difficulty 0) starts its memory afresh.
SchedCard SanitizeSchedCard(const SchedCard& card);

// How far the card's last review lies after now_ms (0 when it does not): a clock that ran ahead at
// the last review, or runs behind now. The scheduler treats such a review as elapsed 0 days; callers
// log the case (RecordReview stores it in the review's log entry).
int64_t ClockSkewMs(const SchedCard& card, int64_t now_ms);

class Fsrs {
 public:
  explicit Fsrs(FsrsParams params = {});
  const FsrsParams& params() const { return params_; }

  // The card after grading it at now_ms.
  SchedCard Next(const SchedCard& card, int64_t now_ms, Rating rating) const;
  // The four outcomes (index 0 = Again ... 3 = Easy), for the buttons' interval labels.
  std::array<SchedCard, 4> Preview(const SchedCard& card, int64_t now_ms) const;
  // Probability of recall at now_ms (1 for a new card), 8 decimals as ts-fsrs get_retrievability.
  double Retrievability(const SchedCard& card, int64_t now_ms) const;

  // The algorithm's pieces (public so tests can check them against the published values).
  double ForgettingCurve(double elapsed_days, double stability) const;  // R(t, S)
  double InitStability(Rating g) const;
  double InitDifficulty(Rating g) const;  // unclamped, 8 decimals
  double NextDifficulty(double d, Rating g) const;
  int NextIntervalDays(double stability) const;  // rounded, in [1, maximum_interval_days]
  // Memory state after a review t days after the previous one; `previous` null for a first review.
  MemoryState NextMemoryState(const MemoryState* previous, double t, Rating g) const;
  double interval_modifier() const { return interval_modifier_; }

 private:
  MemoryState NextMemoryState(const MemoryState* previous, double t, Rating g, double r) const;
  SchedCard ApplySteps(SchedCard next, const SchedCard& current, Rating g, CardState to_state, int64_t now_ms,
                       int elapsed_days) const;
  FsrsParams params_;
  double decay_ = 0, factor_ = 0, interval_modifier_ = 0;
};

// Whole calendar days (UTC) from a to b (ts-fsrs dateDiffInDays).
int CalendarDaysBetween(int64_t a_ms, int64_t b_ms);

// JavaScript's Math.round (halves toward +infinity), and ts-fsrs roundTo(x, 8).
double JsRound(double x);
double RoundTo8(double x);

// A short interval label: "<1m", "6m", "3h", "2d", "1.5mo", "2.3y" (Anki's style).
std::string FormatInterval(int64_t ms);

}  // namespace bw::cards
