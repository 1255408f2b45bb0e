// Quiz lines and answers. The input is a quiz spec ("generator?key=value"), a seed and a typed
// answer, separated by 0xFF. Properties: MakeQuiz never crashes and refuses with a message; for every
// question it makes, the exact answer (and its shortest decimal text) is graded correct, every
// declared trap is graded wrong, and grading arbitrary text never crashes.
#include <cmath>

#include "core/quiz/quiz.h"
#include "core/util/json.h"
#include "fuzz_check.h"

using namespace bw;
using namespace bw::cards;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Bytes in(data, size);
  std::string spec = in.String(512);
  uint64_t seed = in.Take<uint64_t>();
  std::string typed = in.String(256);
  QuizMake m = MakeQuiz(spec, seed);
  if (!m.ok) {
    FUZZ_CHECK(!m.error.empty(), "refusal without a message");
    return 0;
  }
  const QuizQuestion& q = m.question;
  FUZZ_CHECK(std::isfinite(q.answer), "'%s': answer %g", spec.c_str(), q.answer);
  GradeResult exact = Grade(q, json::FormatNumber(q.answer));
  FUZZ_CHECK(exact.parsed && exact.correct, "'%s' seed %llu: the exact answer %s is graded wrong: %s", spec.c_str(),
             static_cast<unsigned long long>(seed), json::FormatNumber(q.answer).c_str(), exact.message.c_str());
  for (const QuizTrap& t : q.traps) {
    GradeResult g = Grade(q, json::FormatNumber(t.value));
    FUZZ_CHECK(!g.correct, "'%s': the misconception %s is accepted", spec.c_str(), json::FormatNumber(t.value).c_str());
  }
  // The same question again from its resolved parameters.
  QuizMake again = MakeQuiz(q.generator + "?" + q.params, seed);
  FUZZ_CHECK(again.ok && again.question.answer == q.answer, "'%s': resolved params do not repeat the question",
             spec.c_str());
  GradeResult any = Grade(q, typed);
  if (!any.parsed) FUZZ_CHECK(!any.correct && !any.message.empty(), "unreadable answer without a message");
  return 0;
}
