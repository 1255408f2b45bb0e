// `bytewise quiz --list [--json]` and `bytewise quiz --generator NAME[?k=v&...] [--params k=v&...]
// [--seed S] [--answer TEXT] [--json]`: the computed questions of src/core/quiz/quiz.h.
//   --list       the generators with name, description and params
//   --generator  a generator name, or a whole quiz line "bf16_value?value=0.1&format=fp16"
//   --params     more parameters (appended to those of --generator)
//   --seed       draws the parameters the spec leaves open (default 1)
//   --answer     grades a typed answer ("26 GB") and adds the verdict
// JSON of a question: {"question","answer","tolerance","solution","generator","params","seed","unit",
// "tolerance_kind","tolerance_text"} (+ "grade" with --answer).
#include <cstdlib>
#include <ostream>

#include "cli/cli.h"
#include "core/quiz/quiz.h"
#include "core/util/count.h"
#include "core/util/json.h"

namespace bw::cli {
namespace {

constexpr const char* kUsage =
    "quiz --list [--json] | quiz --generator NAME[?key=value&...] [--params key=value&...] [--seed S] [--answer TEXT] "
    "[--json]";

int ListGenerators(bool as_json, std::ostream& out) {
  if (as_json) {
    json::Array list;
    for (const cards::GeneratorInfo& g : cards::Generators()) {
      json::Array params;
      for (const cards::GeneratorParam& p : g.params)
        params.push_back(json::Object{{"name", p.name}, {"description", p.description}});
      list.push_back(json::Object{{"name", g.name}, {"description", g.description}, {"params", std::move(params)}});
    }
    out << json::Write(json::Value(std::move(list))) << "\n";
    return 0;
  }
  for (const cards::GeneratorInfo& g : cards::Generators()) {
    out << g.name << ": " << g.description << "\n";
    for (const cards::GeneratorParam& p : g.params) out << "    " << p.name << ": " << p.description << "\n";
  }
  return 0;
}

int RunQuiz(Args& args, std::ostream& out, std::ostream& err) {
  bool as_json = args.TakeFlag("--json");
  bool list = args.TakeFlag("--list");
  std::optional<std::string> generator = args.TakeValue("--generator");
  std::optional<std::string> params = args.TakeValue("--params");
  std::optional<std::string> seed_text = args.TakeValue("--seed");
  std::optional<std::string> answer = args.TakeValue("--answer");
  std::vector<std::string> pos = args.Positionals();
  if (ReportArgErrors(args, err, "quiz")) return 2;
  if (!pos.empty()) return UsageError(err, "quiz", "unexpected argument '" + pos[0] + "'\nusage: bytewise " + kUsage);
  if (list) {
    if (generator || params || seed_text || answer)
      return UsageError(err, "quiz", "--list takes no other options than --json");
    return ListGenerators(as_json, out);
  }
  if (!generator)
    return UsageError(err, "quiz", std::string("expected --list or --generator NAME\nusage: bytewise ") + kUsage);

  uint64_t seed = 1;
  if (seed_text) {
    std::string error;
    std::optional<uint64_t> v = ParseWhole(*seed_text, &error);
    if (!v) return UsageError(err, "quiz", "--seed: " + error);
    seed = *v;
  }
  std::string spec = *generator;
  if (params && !params->empty()) spec += (spec.find('?') == std::string::npos ? "?" : "&") + *params;
  cards::QuizMake made = cards::MakeQuiz(spec, seed);
  if (!made.ok) return UsageError(err, "quiz", made.error);
  const cards::QuizQuestion& q = made.question;

  cards::GradeResult grade;
  if (answer) grade = cards::Grade(q, *answer);
  std::string tolerance_text = cards::DescribeTolerance(q.tolerance, q.unit);

  if (as_json) {
    json::Object o{{"question", q.question},
                   {"answer", q.answer},
                   {"tolerance", q.tolerance.value},
                   {"solution", q.solution},
                   {"generator", q.generator},
                   {"params", q.params},
                   {"seed", std::to_string(q.seed)},
                   {"unit", q.unit},
                   {"tolerance_kind", cards::ToleranceKindName(q.tolerance.kind)},
                   {"tolerance_text", tolerance_text}};
    if (answer) {
      json::Object g{
          {"typed", *answer}, {"parsed", grade.parsed}, {"correct", grade.correct}, {"message", grade.message}};
      if (grade.parsed) {
        g.Set("typed_value", grade.typed_value);
        g.Set("relative_error", grade.relative_error);
      }
      o.Set("grade", json::Value(std::move(g)));
    }
    out << json::Write(json::Value(std::move(o))) << "\n";
  } else {
    out << q.question << "\n";
    if (answer) {
      out << grade.message << "\n";
    } else {
      out << "answer: " << json::FormatNumber(q.answer) << (q.unit.empty() ? "" : " " + q.unit) << " ("
          << tolerance_text << ")\n";
    }
    out << "solution:\n" << q.solution << "\n";
  }
  if (answer && !grade.parsed) {
    err << "bytewise quiz: --answer: " << grade.message << "\n";
    return 2;
  }
  return 0;
}

}  // namespace

BW_CLI_COMMAND("quiz", kUsage,
               "Computed questions: list the generators, make a question from a seed, grade a typed answer.", RunQuiz);

}  // namespace bw::cli
