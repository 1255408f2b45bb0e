// `bytewise train`: train the small network of the Train panel (bw::nn::Trainer) and print the result.
#include <cmath>
#include <cstdlib>
#include <ostream>
#include <sstream>

#include "cli/cli.h"
#include "cli/train_run.h"
#include "core/nn/trainer.h"
#include "core/util/json.h"

namespace bw::cli {
namespace {

constexpr const char* kName = "train";

int RunTrain(Args& args, std::ostream& out, std::ostream& err) {
  bool as_json = args.TakeFlag("--json");
  std::optional<TrainRun> run = ReadTrainRun(args, err, kName);
  if (!run) return 2;
  const nn::TrainConfig& c = run->config;
  const int64_t steps = run->steps;
  nn::Trainer t(c);
  t.Step(static_cast<int>(steps));
  const nn::TrainStatus& s = t.Status();
  nn::EvalResult train = t.Evaluate(nn::Split::kTrain);
  nn::EvalResult test = t.Evaluate(nn::Split::kTest);
  nn::LedgerTotals m = t.Ledger().Totals();
  if (as_json) {
    json::Object ledger{{"weights_bytes", m.weights_bytes},
                        {"gradient_bytes", m.gradient_bytes},
                        {"optimizer_bytes", m.optimizer_bytes},
                        {"master_weight_bytes", m.master_weight_bytes},
                        {"activation_bytes_peak", m.activation_bytes_peak},
                        {"total_bytes", m.total_bytes}};
    json::Object o{{"steps", s.steps},
                   {"train_loss", json::Value(train.loss)},
                   {"test_loss", json::Value(test.loss)},
                   {"test_accuracy", json::Value(test.accuracy)},
                   {"diverged", s.diverged},
                   {"skipped_steps", s.skipped_steps},
                   {"recomputed_layer_forwards", s.recomputed_layer_forwards},
                   {"ledger", json::Value(std::move(ledger))},
                   {"train_accuracy", json::Value(train.accuracy)},
                   {"optimizer_steps", s.optimizer_steps},
                   {"loss_scale", s.loss_scale},
                   {"gradient_underflows", s.gradient_underflows},
                   {"gradient_overflows", s.gradient_overflows},
                   {"lost_updates", s.lost_updates},
                   {"checkpoint_bytes_saved", s.checkpoint_bytes_saved},
                   {"parameters", t.ParameterCount()}};
    if (s.diverged) o.Set("divergence_message", s.divergence_message);
    out << json::Write(json::Value(std::move(o))) << "\n";
  } else {
    out << "trained " << s.steps << " steps on " << nn::DatasetName(c.data.kind) << " ("
        << nn::PrecisionName(c.precision) << ", " << nn::OptimizerName(c.optimizer) << ")\n";
    if (s.diverged) out << "DIVERGED: " << s.divergence_message << "\n";
    out << "train loss " << json::FormatNumber(train.loss) << ", test loss " << json::FormatNumber(test.loss);
    if (std::isfinite(test.accuracy)) out << ", test accuracy " << json::FormatNumber(test.accuracy);
    out << "\nskipped steps " << s.skipped_steps << ", gradient underflows " << s.gradient_underflows
        << ", recomputed layer forwards " << s.recomputed_layer_forwards << "\n";
    out << "memory: weights " << m.weights_bytes << " B, gradients " << m.gradient_bytes << " B, optimizer "
        << m.optimizer_bytes << " B, master " << m.master_weight_bytes << " B, activations (peak) "
        << m.activation_bytes_peak << " B\n";
  }
  return 0;
}

const std::string& Usage() {
  static const std::string usage = std::string(kName) + " " + TrainRunUsage() + " [--json]";
  return usage;
}

}  // namespace

BW_CLI_COMMAND(kName, Usage().c_str(),
               "Train the small network of the Train panel and print losses, accuracy and memory.", RunTrain);

}  // namespace bw::cli
