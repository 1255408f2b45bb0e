// FSRS-6 as implemented by ts-fsrs 5.4.2 (dist/index.mjs). Function names follow ts-fsrs so the
// two can be read side by side; every rounding and clamp below is theirs.
#include "core/cards/fsrs.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bw::cards {

namespace {

constexpr double kSMin = 1e-3;   // S_MIN
constexpr double kSMax = 36500;  // S_MAX
constexpr double kInitSMax = 100;

double Clamp(double v, double lo, double hi) { return std::min(std::max(v, lo), hi); }

// due = now + amount * unit, saturating into the time domain (no signed overflow for any input).
int64_t AddClamped(int64_t now_ms, int64_t amount, int64_t unit) {
  double due = static_cast<double>(ClampTimeMs(now_ms)) + static_cast<double>(amount) * static_cast<double>(unit);
  if (due >= static_cast<double>(kMaxTimeMs)) return kMaxTimeMs;
  if (due <= 0) return 0;
  return ClampTimeMs(now_ms) + amount * unit;  // exact: |amount * unit| < 2 * kMaxTimeMs here
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// ts-fsrs clipParameters with enable_short_term = true.
std::array<double, 21> ClipParameters(std::array<double, 21> w, size_t num_relearning_steps) {
  static const double kRanges[21][2] = {{kSMin, kInitSMax},
                                        {kSMin, kInitSMax},
                                        {kSMin, kInitSMax},
                                        {kSMin, kInitSMax},
                                        {1, 10},
                                        {1e-3, 4},
                                        {1e-3, 4},
                                        {1e-3, 0.75},
                                        {0, 4.5},
                                        {0, 0.8},
                                        {1e-3, 3.5},
                                        {1e-3, 5},
                                        {1e-3, 0.25},
                                        {1e-3, 0.9},
                                        {0, 4},
                                        {0, 1},
                                        {1, 6},
                                        {0, 2},
                                        {0, 2},
                                        {0.01, 0.8},
                                        {0.1, 0.8}};
  double ceiling = 2;
  if (num_relearning_steps > 1) {
    double w11 = Clamp(w[11], kRanges[11][0], kRanges[11][1]);
    double w13 = Clamp(w[13], kRanges[13][0], kRanges[13][1]);
    double w14 = Clamp(w[14], kRanges[14][0], kRanges[14][1]);
    double value =
        -(std::log(w11) + std::log(std::pow(2.0, w13) - 1) + w14 * 0.3) / static_cast<double>(num_relearning_steps);
    ceiling = Clamp(RoundTo8(std::sqrt(std::max(value, 0.0))), 0.01, 2);
  }
  for (int i = 0; i < 21; ++i) {
    double hi = (i == 17 || i == 18) ? ceiling : kRanges[i][1];
    double v = std::isfinite(w[i]) ? w[i] : 0;  // ts-fsrs: `parameters[index] || 0`
    w[i] = Clamp(v, kRanges[i][0], hi);
  }
  return w;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

double JsRound(double x) {
  // ECMAScript Math.round: the closest integer, ties toward +infinity. ceil then step back is exact
  // (floor(x + 0.5) is not: 0.49999999999999994 + 0.5 rounds up to 1 in double).
  if (!std::isfinite(x)) return x;
  double r = std::ceil(x);
  if (r - 0.5 > x) r -= 1.0;
  return r;
}

double RoundTo8(double x) { return JsRound(x * 1e8) / 1e8; }

int64_t ClampTimeMs(int64_t ms) { return std::min(std::max(ms, int64_t(0)), kMaxTimeMs); }

int CalendarDaysBetween(int64_t a_ms, int64_t b_ms) {
  // Clamped to ±kMaxTimeMs (dates before 1970 keep their calendar meaning), the difference is at most
  // 2e8 days, so it fits an int.
  auto clamp = [](int64_t ms) { return std::min(std::max(ms, -kMaxTimeMs), kMaxTimeMs); };
  return static_cast<int>(FloorDiv(clamp(b_ms), kMsPerDay) - FloorDiv(clamp(a_ms), kMsPerDay));
}

const char* RatingName(Rating r) {
  switch (r) {
    case Rating::kAgain: return "again";
    case Rating::kHard: return "hard";
    case Rating::kGood: return "good";
    case Rating::kEasy: return "easy";
  }
  return "?";
}

const char* StateName(CardState s) {
  switch (s) {
    case CardState::kNew: return "new";
    case CardState::kLearning: return "learning";
    case CardState::kReview: return "review";
    case CardState::kRelearning: return "relearning";
  }
  return "?";
}

bool ParseRating(const std::string& s, Rating* out) {
  for (int i = 1; i <= 4; ++i) {
    Rating r = static_cast<Rating>(i);
    if (s == RatingName(r) || s == std::to_string(i)) {
      *out = r;
      return true;
    }
  }
  return false;
}

bool ParseState(const std::string& s, CardState* out) {
  for (int i = 0; i <= 3; ++i) {
    CardState st = static_cast<CardState>(i);
    if (s == StateName(st)) {
      *out = st;
      return true;
    }
  }
  return false;
}

SchedCard NewSchedCard(int64_t now_ms) {
  SchedCard c;
  c.due_ms = ClampTimeMs(now_ms);
  return c;
}

SchedCard SanitizeSchedCard(const SchedCard& card) {
  constexpr int kMaxCount = 2147483646;  // so that reps + 1 and lapses + 1 stay ints
  SchedCard c = card;
  int state = static_cast<int>(card.state);
  if (state < 0 || state > 3) c.state = CardState::kNew;
  c.stability = std::isfinite(c.stability) ? Clamp(c.stability, 0, kSMax) : 0;
  c.difficulty = std::isfinite(c.difficulty) ? Clamp(c.difficulty, 0, 10) : 0;
  if (c.stability == 0 || c.difficulty == 0) c.stability = c.difficulty = 0;  // no memory: start afresh
  c.reps = std::min(std::max(c.reps, 0), kMaxCount);
  c.lapses = std::min(std::max(c.lapses, 0), kMaxCount);
  c.learning_steps = std::max(c.learning_steps, 0);
  c.scheduled_days = std::max(c.scheduled_days, 0);
  c.due_ms = ClampTimeMs(c.due_ms);
  c.last_review_ms = c.last_review_ms < 0 ? -1 : ClampTimeMs(c.last_review_ms);  // negative: never reviewed
  return c;
}

int64_t ClockSkewMs(const SchedCard& card, int64_t now_ms) {
  if (card.state == CardState::kNew || card.last_review_ms < 0) return 0;
  int64_t last = ClampTimeMs(card.last_review_ms), now = ClampTimeMs(now_ms);
  return last > now ? last - now : 0;
}

Fsrs::Fsrs(FsrsParams params) : params_(std::move(params)) {
  params_.w = ClipParameters(params_.w, params_.relearning_steps_minutes.size());
  if (!(params_.desired_retention > 0 && params_.desired_retention <= 1)) params_.desired_retention = 0.9;
  if (params_.maximum_interval_days < 1) params_.maximum_interval_days = 36500;
  params_.maximum_interval_days = std::min(params_.maximum_interval_days, kMaxIntervalDays);
  // computeDecayFactor: decay = -w20, factor = 0.9^(1/decay) - 1 (so that R(S, S) = 0.9).
  decay_ = -params_.w[20];
  factor_ = RoundTo8(std::exp(std::pow(decay_, -1) * std::log(0.9)) - 1);
  // calculate_interval_modifier: I(r, S) = S * (r^(1/decay) - 1) / factor.
  interval_modifier_ = RoundTo8((std::pow(params_.desired_retention, 1 / decay_) - 1) / factor_);
}

double Fsrs::ForgettingCurve(double elapsed_days, double stability) const {
  // Total: no memory recalls nothing, and a review "in the future" counts as just made (no negative
  // base for pow, which would give NaN).
  if (!(stability > 0) || std::isnan(elapsed_days)) return 0;
  elapsed_days = std::max(elapsed_days, 0.0);
  return RoundTo8(std::pow(1 + factor_ * elapsed_days / stability, decay_));
}

double Fsrs::InitStability(Rating g) const {
  int i = std::min(std::max(static_cast<int>(g), 1), 4) - 1;
  return std::max(params_.w[static_cast<size_t>(i)], 0.1);
}

double Fsrs::InitDifficulty(Rating g) const {
  const auto& w = params_.w;
  return RoundTo8(w[4] - std::exp((static_cast<int>(g) - 1) * w[5]) + 1);
}

double Fsrs::NextDifficulty(double d, Rating g) const {
  const auto& w = params_.w;
  double delta_d = -w[6] * (static_cast<int>(g) - 3);
  double next_d = d + RoundTo8(delta_d * (10 - d) / 9);                                    // linear damping
  double reverted = RoundTo8(w[7] * InitDifficulty(Rating::kEasy) + (1 - w[7]) * next_d);  // mean reversion
  return Clamp(reverted, 1, 10);
}

int Fsrs::NextIntervalDays(double stability) const {
  double ivl = std::min(std::max(1.0, JsRound(stability * interval_modifier_)),
                        static_cast<double>(params_.maximum_interval_days));
  return static_cast<int>(JsRound(ivl));  // apply_fuzz without fuzz: Math.round
}

MemoryState Fsrs::NextMemoryState(const MemoryState* previous, double t, Rating g) const {
  double r = previous && previous->stability > 0 ? ForgettingCurve(t, previous->stability) : 0;
  return NextMemoryState(previous, t, g, r);
}

MemoryState Fsrs::NextMemoryState(const MemoryState* previous, double t, Rating g, double r) const {
  const auto& w = params_.w;
  double d = previous ? previous->difficulty : 0, s = previous ? previous->stability : 0;
  if (d == 0 && s == 0) return {InitStability(g), Clamp(InitDifficulty(g), 1, 10)};
  s = std::max(s, kSMin);
  d = std::max(d, 1.0);
  int gi = static_cast<int>(g);
  double new_s;
  if (t == 0) {
    // next_short_term_stability
    double sinc = std::pow(s, -w[19]) * std::exp(w[17] * (gi - 3 + w[18]));
    double masked = gi >= 2 ? std::max(sinc, 1.0) : sinc;
    new_s = RoundTo8(Clamp(s * masked, kSMin, kSMax));
  } else if (g == Rating::kAgain) {
    // next_forget_stability, capped at S / e^(w17 * w18)
    double s_after_fail = RoundTo8(
        Clamp(w[11] * std::pow(d, -w[12]) * (std::pow(s + 1, w[13]) - 1) * std::exp((1 - r) * w[14]), kSMin, kSMax));
    double next_s_min = s / std::exp(w[17] * w[18]);
    new_s = Clamp(RoundTo8(next_s_min), kSMin, s_after_fail);
  } else {
    // next_recall_stability
    double hard_penalty = g == Rating::kHard ? w[15] : 1;
    double easy_bonus = g == Rating::kEasy ? w[16] : 1;
    new_s = RoundTo8(Clamp(s * (1 + std::exp(w[8]) * (11 - d) * std::pow(s, -w[9]) * (std::exp((1 - r) * w[10]) - 1) *
                                        hard_penalty * easy_bonus),
                           kSMin, kSMax));
  }
  return {new_s, NextDifficulty(d, g)};
}

// BasicScheduler.applyLearningSteps with BasicLearningStepsStrategy.
SchedCard Fsrs::ApplySteps(SchedCard next, const SchedCard& current, Rating g, CardState to_state, int64_t now_ms,
                           int elapsed_days) const {
  bool relearning = current.state == CardState::kRelearning || current.state == CardState::kReview;
  const std::vector<int>& steps = relearning ? params_.relearning_steps_minutes : params_.learning_steps_minutes;
  int n = static_cast<int>(steps.size());
  int cur = std::max(0, current.learning_steps);
  double minutes = 0;
  int next_step = 0;
  if (n > 0 && cur < n) {
    if (current.state == CardState::kReview) {
      if (g == Rating::kAgain) minutes = steps[static_cast<size_t>(cur)], next_step = 0;
    } else if (g == Rating::kAgain) {
      minutes = steps[0], next_step = 0;
    } else if (g == Rating::kHard) {
      minutes = n == 1 ? JsRound(steps[0] * 1.5) : JsRound((double(steps[0]) + double(steps[1])) / 2.0);
      next_step = cur;
    } else if (g == Rating::kGood && cur + 1 < n && steps[static_cast<size_t>(cur) + 1] != 0) {
      minutes = steps[static_cast<size_t>(cur) + 1];
      next_step = cur + 1;
    }
  }
  minutes = std::max(0.0, minutes);
  if (minutes > 0 && minutes < 1440) {
    next.learning_steps = next_step;
    next.scheduled_days = 0;
    next.state = to_state;
    next.due_ms = AddClamped(now_ms, static_cast<int64_t>(JsRound(minutes)), kMsPerMinute);
  } else {
    next.state = CardState::kReview;
    if (minutes >= 1440) {
      next.learning_steps = next_step;
      next.due_ms = AddClamped(now_ms, static_cast<int64_t>(std::min(JsRound(minutes), 1e15)), kMsPerMinute);
      next.scheduled_days = static_cast<int>(std::floor(minutes / 1440));
    } else {
      next.learning_steps = 0;
      int interval = NextIntervalDays(next.stability);
      (void)elapsed_days;  // used by fuzz only, which ts-fsrs leaves off by default
      next.scheduled_days = interval;
      next.due_ms = AddClamped(now_ms, interval, kMsPerDay);
    }
  }
  return next;
}

std::array<SchedCard, 4> Fsrs::Preview(const SchedCard& input, int64_t now_ms) const {
  // AbstractScheduler.init, on a sanitized state (see SanitizeSchedCard).
  now_ms = ClampTimeMs(now_ms);
  const SchedCard card = SanitizeSchedCard(input);
  SchedCard current = card;
  int elapsed = 0;
  if (card.state != CardState::kNew && card.last_review_ms >= 0)
    elapsed = CalendarDaysBetween(card.last_review_ms, now_ms);
  elapsed = std::max(elapsed, 0);  // last review after now (clock skew): treated as just reviewed
  current.last_review_ms = now_ms;
  current.elapsed_days = elapsed;
  current.reps += 1;
  MemoryState mem{current.stability, current.difficulty};

  std::array<SchedCard, 4> out;
  auto with_memory = [&](const MemoryState& m) {
    SchedCard c = current;
    c.stability = m.stability;
    c.difficulty = m.difficulty;
    return c;
  };
  if (card.state == CardState::kReview) {
    double r = ForgettingCurve(elapsed, current.stability);
    for (int i = 0; i < 4; ++i) out[i] = with_memory(NextMemoryState(&mem, elapsed, static_cast<Rating>(i + 1), r));
    // Hard <= Good < Easy, each at least one day apart.
    int hard = NextIntervalDays(out[1].stability);
    int good = NextIntervalDays(out[2].stability);
    hard = std::min(hard, good);
    good = std::max(good, hard + 1);
    int easy = std::max(NextIntervalDays(out[3].stability), good + 1);
    int days[3] = {hard, good, easy};
    for (int i = 1; i < 4; ++i) {
      out[i].scheduled_days = days[i - 1];
      out[i].due_ms = AddClamped(now_ms, days[i - 1], kMsPerDay);
      out[i].state = CardState::kReview;
      out[i].learning_steps = 0;
    }
    out[0] = ApplySteps(out[0], current, Rating::kAgain, CardState::kRelearning, now_ms, elapsed);
    out[0].lapses += 1;
  } else {
    const MemoryState* prev = card.state == CardState::kNew ? nullptr : &mem;
    CardState to = card.state == CardState::kNew ? CardState::kLearning : card.state;
    for (int i = 0; i < 4; ++i) {
      Rating g = static_cast<Rating>(i + 1);
      out[i] = ApplySteps(with_memory(NextMemoryState(prev, elapsed, g)), current, g, to, now_ms, elapsed);
    }
  }
  return out;
}

SchedCard Fsrs::Next(const SchedCard& card, int64_t now_ms, Rating rating) const {
  int g = std::min(std::max(static_cast<int>(rating), 1), 4);  // an out-of-range enum value reads as the nearest
  return Preview(card, now_ms)[static_cast<size_t>(g) - 1];
}

double Fsrs::Retrievability(const SchedCard& card, int64_t now_ms) const {
  if (card.state == CardState::kNew || card.last_review_ms < 0) return 0;
  int64_t t = std::max<int64_t>(FloorDiv(ClampTimeMs(now_ms) - ClampTimeMs(card.last_review_ms), kMsPerDay), 0);
  return ForgettingCurve(static_cast<double>(t), RoundTo8(card.stability));
}

std::string FormatInterval(int64_t ms) {
  char buf[32];
  double minutes = static_cast<double>(ms) / kMsPerMinute;
  if (minutes < 1) return "<1m";
  if (minutes < 60) {
    std::snprintf(buf, sizeof buf, "%dm", static_cast<int>(JsRound(minutes)));
  } else if (minutes < 1440) {
    std::snprintf(buf, sizeof buf, "%dh", static_cast<int>(JsRound(minutes / 60)));
  } else {
    double days = minutes / 1440;
    if (days < 30) {
      std::snprintf(buf, sizeof buf, "%dd", static_cast<int>(JsRound(days)));
    } else if (days < 365) {
      std::snprintf(buf, sizeof buf, "%.1fmo", days / 30.0);
    } else {
      std::snprintf(buf, sizeof buf, "%.1fy", days / 365.0);
    }
  }
  return buf;
}

}  // namespace bw::cards
