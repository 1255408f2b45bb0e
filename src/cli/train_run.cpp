#include "cli/train_run.h"

#include <ostream>

#include "cli/link_flags.h"
#include "core/links/links.h"
#include "core/util/count.h"
#include "core/util/json.h"

namespace bw::cli {
namespace {

constexpr int64_t kMaxSteps = 1000000;
constexpr double kMaxWork = 2e11;  // ~1-2 minutes of fp32 training on one core

}  // namespace

std::optional<TrainRun> ReadTrainRun(Args& args, std::ostream& err, const char* command) {
  TrainRun run;
  if (std::optional<std::string> v = args.TakeValue("--steps")) {
    std::string error;
    std::optional<long long> n = ParseIntCount(*v, "--steps", 0, kMaxSteps, &error);
    if (!n) {
      args.Finish();
      UsageError(err, command, error);
      return std::nullopt;
    }
    run.steps = *n;
  }
  // Every other flag is a key of the Train link: the same table, ranges and checks as the panel.
  links::Train base;
  base.train.history_every = 0;
  links::Applied<links::Train> applied = links::ApplyTrain(TakeLinkFlags(args, "train"), base);
  if (ReportArgErrors(args, err, command)) return std::nullopt;
  if (ReportFlagErrors(err, command, "train", applied.errors)) return std::nullopt;
  run.config = applied.config.train;
  // Refuse runs that would take minutes: ~3 multiply-adds per parameter per sample per step.
  const int64_t params = nn::ParameterCount(run.config.layers);
  const double work = 3.0 * static_cast<double>(params) * run.config.batch_size * static_cast<double>(run.steps);
  if (work > kMaxWork) {
    err << "bytewise " << command << ": " << run.steps << " steps of batch " << run.config.batch_size << " on "
        << params << " parameters is about " << json::FormatNumber(work) << " multiply-adds (limit "
        << json::FormatNumber(kMaxWork) << "); lower --steps, --batch or the layer widths\n";
    return std::nullopt;
  }
  return run;
}

std::string TrainRunUsage() { return FlagUsage("train") + " [--steps N]"; }

}  // namespace bw::cli
