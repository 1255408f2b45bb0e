// The FSRS-6 scheduler over extreme states, clocks and parameters (every field straight from the
// fuzzer's bytes, NaN and infinities included). Property: it is total — every outcome is finite and
// valid, the interval labels format, nothing is undefined behaviour (UBSan aborts on any).
#include <cmath>

#include "core/cards/fsrs.h"
#include "fuzz_check.h"

using namespace bw::cards;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bw::fuzz::Bytes in(data, size);
  FsrsParams params;
  if (in.Take<uint8_t>() & 1) {
    for (double& w : params.w) w = in.Take<double>();
    params.desired_retention = in.Take<double>();
    params.maximum_interval_days = in.Take<int>();
    size_t nl = in.Take<uint8_t>() % 5, nr = in.Take<uint8_t>() % 5;
    params.learning_steps_minutes.assign(nl, 0);
    params.relearning_steps_minutes.assign(nr, 0);
    for (int& s : params.learning_steps_minutes) s = in.Take<int>() & 0x7fffffff;
    for (int& s : params.relearning_steps_minutes) s = in.Take<int>() & 0x7fffffff;
  }
  Fsrs fsrs(params);
  SchedCard c;
  c.due_ms = in.Take<int64_t>();
  c.stability = in.Take<double>();
  c.difficulty = in.Take<double>();
  c.elapsed_days = in.Take<int>();
  c.scheduled_days = in.Take<int>();
  c.reps = in.Take<int>();
  c.lapses = in.Take<int>();
  c.learning_steps = in.Take<int>();
  c.state = static_cast<CardState>(in.Take<uint8_t>() % 6);  // includes two invalid values
  c.last_review_ms = in.Take<int64_t>();
  int64_t now = in.Take<int64_t>();
  for (int round = 0; round < 4; ++round) {
    auto next = fsrs.Preview(c, now);
    for (const SchedCard& n : next) {
      FUZZ_CHECK(std::isfinite(n.stability) && n.stability >= 0 && n.stability <= 36500, "stability %g", n.stability);
      FUZZ_CHECK(std::isfinite(n.difficulty) && n.difficulty >= 0 && n.difficulty <= 10, "difficulty %g", n.difficulty);
      FUZZ_CHECK(n.due_ms >= 0 && n.due_ms <= kMaxTimeMs, "due %lld", static_cast<long long>(n.due_ms));
      FUZZ_CHECK(n.last_review_ms >= 0 && n.last_review_ms <= kMaxTimeMs, "last review");
      FUZZ_CHECK(n.elapsed_days >= 0 && n.scheduled_days >= 0 && n.reps >= 1 && n.lapses >= 0, "counters");
      (void)FormatInterval(n.due_ms - std::max<int64_t>(0, std::min(now, kMaxTimeMs)));
    }
    double r = fsrs.Retrievability(c, now);
    FUZZ_CHECK(std::isfinite(r) && r >= 0 && r <= 1, "retrievability %g", r);
    c = next[in.Take<uint8_t>() % 4];
    now = ClampTimeMs(now) + in.Take<int32_t>() * int64_t(60000);  // minutes to weeks later (or earlier)
  }
  (void)FormatInterval(in.Take<int64_t>());
  return 0;
}
