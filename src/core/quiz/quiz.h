// bw::cards quizzes (library core/quiz, apart from the card library because it calls the engines) —
// computed questions: a generator asks an engine for a fresh case, keeps the exact answer and a stated
// tolerance, and grades what the learner types.
//
//   QuizMake m = MakeQuiz("bf16_value?value=0.0123456789&format=bf16", /*seed=*/7);  // a card's quiz: line
//   if (!m.ok) show(m.error);                                  // "bf16_value: format: 'bf17' is not ..."
//   const QuizQuestion& q = m.question;                        // q.question, q.answer, q.tolerance, q.solution
//   GradeResult g = Grade(q, "0.01233");                       // g.parsed, g.correct, g.message
//   for (const GeneratorInfo& info : Generators()) list(info.name, info.description, info.params);
//
// Generators (answers always come from the engines, never from a table here):
//   bf16_value        what a decimal becomes in a format (formats::Convert; default format bf16)
//   weight_memory     bytes of N parameters stored in a dtype (memory engine)
//   train_memory_adam bytes of weights + gradients + optimizer states for mixed-precision Adam (memory engine)
//   format_max        largest finite value of a format (formats::Facts)
//   bits_per_param    storage bits per parameter of a block quantization scheme, scales included (quant::BitsPerParam)
//   kv_cache          KV-cache bytes of a model preset at a context length (memory engine)
// Parameters a quiz line does not fix are drawn from the seed (splitmix64), so the same
// generator + params + seed always gives the same question, natively and in wasm.
//
// Misconceptions: each generator declares the wrong answers learners are likely to give (QuizTrap:
// the input itself, the input cut to a few digits, the neighbour on the other side, GB read as GiB,
// forgetting the scale bits, query heads instead of KV heads, no factor 2 for K and V, ...). The
// tolerance is then fitted: at most the generator's base tolerance and at most 2/3 of the distance
// to the closest trap, so typing a trap is never graded correct and the verdict names it.
//
// Grading reads the typed text as a number with an optional unit: "26 GB", "26GB", "2.6e10", "26e9",
// "26 × 10^9", "2^31", "2,147,483,648", "0.01232", "4.5 bits". Memory units: B/byte(s), kB/KB, MB, GB,
// TB (powers of 10) and KiB, MiB, GiB, TiB (powers of 2); a bare number means the question's unit.
// Bad input (empty, not a number, a unit that does not fit) gives parsed = false and a message saying
// what is wrong; it is never graded as wrong.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bw::cards {

enum class ToleranceKind { kRelative, kAbsolute };

struct Tolerance {
  ToleranceKind kind = ToleranceKind::kRelative;
  double value = 0;  // relative: fraction of the answer (0.01 = 1%); absolute: in the answer's unit
};

const char* ToleranceKindName(ToleranceKind k);  // "relative" / "absolute"
// "within 1% of the answer" / "within ±4.8e-05"
std::string DescribeTolerance(const Tolerance& t, std::string_view unit);

// A wrong answer learners often give (a misconception the card corrects) and why; Grade() names it
// when the typed value lands on it. Every generator declares its traps, and the tolerance is fitted
// so that none of them is accepted (the closest trap lies at least 1.5 tolerances from the answer).
struct QuizTrap {
  double value = 0;         // in the question's unit
  std::string explanation;  // "That is FP32's maximum: BF16 has 7 mantissa bits, not 23."
  std::string id;           // short stable name: "input", "input_cut", "other_neighbour", "gib_for_gb", ...
};

struct QuizQuestion {
  std::string generator;  // "bf16_value"
  std::string params;     // every parameter, resolved, as key=value&... (MakeQuiz(generator?params) repeats it)
  uint64_t seed = 0;
  std::string question;  // the text the learner reads
  double answer = 0;     // exact engine result, in `unit`
  Tolerance tolerance;
  std::string unit;             // "bytes", "bits per parameter", or "" (a plain value)
  std::string solution;         // worked formula with the engine's numbers
  std::vector<QuizTrap> traps;  // declared misconceptions (computed by the same engines), none within the tolerance
  int answer_digits = 0;        // significant digits that suffice: the answer rounded or cut to them is accepted
};

// How far a trap lies from the answer, in units of the question's tolerance (> 1 means rejected).
double TrapDistance(const QuizQuestion& q, const QuizTrap& t);

struct GeneratorParam {
  std::string name;         // "format"
  std::string description;  // "target format (bf16, fp16, ...); random if omitted"
};

struct GeneratorInfo {
  std::string name;         // "bf16_value"
  std::string description;  // one sentence
  std::vector<GeneratorParam> params;
};

// Every generator, in a fixed order.
const std::vector<GeneratorInfo>& Generators();
const GeneratorInfo* FindGenerator(std::string_view name);  // nullptr if unknown

struct QuizMake {
  bool ok = false;
  std::string error;  // "unknown generator 'x' (known: ...)", "kv_cache: preset: ..."
  QuizQuestion question;
};

// Makes a question from "generator" or "generator?key=value&..." (a card's quiz: line) and a seed.
// Unknown generators, unknown keys and bad values are errors naming the key; never throws.
QuizMake MakeQuiz(std::string_view spec, uint64_t seed);

// The deck parser's quiz-line check (cards::QuizLineCheck): "" if MakeQuiz(spec, 1) makes a question,
// else its error. ParseDeck(text, name, CheckQuizLine) validates every quiz: line as `deck lint` does.
std::string CheckQuizLine(std::string_view spec);

struct GradeResult {
  bool parsed = false;          // the typed text was read as a number (with a fitting unit)
  bool correct = false;         // parsed and within the tolerance
  double typed_value = 0;       // the typed answer converted to the question's unit
  double error = 0;             // typed_value − answer (in the unit)
  double relative_error = 0;    // error / |answer| (0 when the answer is 0)
  std::string misconception;    // id of the declared trap the typed value matches ("" if none)
  bool too_few_digits = false;  // right as far as it goes, but not enough significant digits typed
  std::string message;          // explanation for the learner (what was read, how far off, the tolerance)
};

// Grades `typed` against q. Never throws; unreadable input gives parsed = false and a message.
GradeResult Grade(const QuizQuestion& q, std::string_view typed);

struct TypedNumber {
  bool ok = false;
  std::string error;  // "'abc' is not a number"
  double value = 0;   // the number without its unit
  std::string unit;   // unit text as typed, trimmed ("GB", "" if none)
  int digits = 0;     // significant digits of the typed mantissa ("0.01230" → 4; "26e9" → 2)
};
// Reads a typed answer: a number ("2.6e10", "26 × 10^9", "2^31", "2,147,483,648") and an optional unit.
TypedNumber ParseTypedNumber(std::string_view typed);

}  // namespace bw::cards
