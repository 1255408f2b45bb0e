// Internal to the quiz generators (quiz*.cpp): the generator context, the seeded random source and
// the text helpers shared by the generator files. Not part of the public cards API.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/quiz/quiz.h"
#include "core/util/livelink.h"

namespace bw::cards::quiz_detail {

// splitmix64 (Steele, Lea, Flood 2014): tiny, seedable, identical on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  int64_t Below(int64_t n);  // uniform-ish integer in [0, n) (n ≥ 1; modulo bias ≤ n/2^64)
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Below(static_cast<int64_t>(items.size())))];
  }

 private:
  uint64_t state_;
};

// What a generator gets: the quiz line's parameters (validated reads) and a seeded random source for
// whatever the line leaves open. It records every parameter it settles on (Resolved) so the question
// can be reproduced from QuizQuestion::params, and fails with Fail("key: what is wrong").
struct GenContext {
  explicit GenContext(const LiveLink& link, uint64_t seed) : reader(link), rng(seed) {}
  LinkReader reader;
  Rng rng;
  std::vector<std::pair<std::string, std::string>> resolved;
  std::vector<std::string> errors;

  void Resolved(std::string key, std::string value) { resolved.emplace_back(std::move(key), std::move(value)); }
  bool Fail(std::string message) {
    errors.push_back(std::move(message));
    return false;
  }
};

using GeneratorFn = bool (*)(GenContext& ctx, QuizQuestion& q);

// Generators, one per function (quiz_formats.cpp, quiz_memory.cpp).
bool GenerateBf16Value(GenContext& ctx, QuizQuestion& q);
bool GenerateFormatMax(GenContext& ctx, QuizQuestion& q);
bool GenerateBitsPerParam(GenContext& ctx, QuizQuestion& q);
bool GenerateWeightMemory(GenContext& ctx, QuizQuestion& q);
bool GenerateTrainMemoryAdam(GenContext& ctx, QuizQuestion& q);
bool GenerateKvCache(GenContext& ctx, QuizQuestion& q);

// Text helpers.
std::string Num(double x);                         // shortest round-trip decimal ("0.0123291015625", "448")
std::string Sig(double x, int digits);             // x to `digits` significant digits ("24.24", "1.66e-05")
std::string Grouped(double integer_value);         // "26,031,728,640" (rounded to an integer)
std::string BytesText(double bytes);               // "26,031,728,640 bytes (26.03 GB = 24.24 GiB)"
std::string Percent(double fraction, int digits);  // "-0.134%"
double RoundDownSig(double x, int digits);         // 4.8828125e-05 → 4.8e-05 (for stated tolerances)

// Fits q.tolerance to the declared traps (see quiz.h): drops traps equal to the answer and duplicates,
// takes min(base, 2/3 of the closest trap's distance) rounded down to 2 digits, and sets answer_digits.
void FitTolerance(QuizQuestion& q, Tolerance base);
double RoundSig(double x, int digits);  // 0.0123291015625, 4 → 0.01233
double CutSig(double x, int digits);    // 0.0123291015625, 4 → 0.01232 (toward zero)

// Reads a count such as "13e9" or "7B" for key `key` (validated, > 0); false (and an error) if bad.
bool ReadCount(GenContext& ctx, const char* key, double& out, bool& given);

}  // namespace bw::cards::quiz_detail
