// `bytewise train`: train the small network of the Train panel (bw::nn::Trainer) and print the result.
#include <cmath>
#include <cstdlib>
#include <ostream>
#include <sstream>

#include "cli/cli.h"
#include "core/nn/trainer.h"
#include "core/util/json.h"

namespace bw::cli {
namespace {

constexpr const char* kName = "train";
constexpr const char* kUsage =
    "train --dataset circle|xor|gauss|spiral|plane --layers 2,8,8,1 [--activation tanh|relu|sigmoid|gelu] "
    "[--loss mse|bce|ce] [--optimizer sgd|momentum|adam|adamw] [--lr X] [--batch B] [--steps N] [--seed S] "
    "[--precision fp32|bf16|fp16|mixed-bf16|mixed-fp16] [--freeze I,J] [--checkpoint none|every-K] "
    "[--features x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2] [--noise X] [--samples N] [--l2 X] [--weight-decay X] "
    "[--loss-multiplier X] [--no-loss-scaling] [--json]";
constexpr int64_t kMaxSteps = 1000000;
constexpr double kMaxWork = 2e11;  // ~1-2 minutes of fp32 training on one core

struct Failure {
  std::string message;
};

double ParseReal(const std::string& flag, const std::string& text) {
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0') throw Failure{flag + ": '" + text + "' is not a number"};
  return v;
}

int64_t ParseInt(const std::string& flag, const std::string& text, int64_t min, int64_t max) {
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0') throw Failure{flag + ": '" + text + "' is not a whole number"};
  if (v < min || v > max)
    throw Failure{flag + ": " + text + " is out of range " + std::to_string(min) + ".." + std::to_string(max)};
  return v;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> parts;
  std::string cur;
  std::istringstream in(text);
  while (std::getline(in, cur, ',')) parts.push_back(cur);
  return parts;
}

template <class E>
void Choice(Args& args, const char* flag, bool (*parse)(const std::string&, E*), E& out, const char* allowed) {
  std::optional<std::string> v = args.TakeValue(flag);
  if (!v) return;
  if (!parse(*v, &out)) throw Failure{std::string(flag) + ": '" + *v + "' is not one of " + allowed};
}

bool ParseActivationName(const std::string& s, nn::Activation* a) { return nn::ParseActivation(s.c_str(), a); }
bool ParseLossName(const std::string& s, nn::Loss* l) { return nn::ParseLoss(s.c_str(), l); }

nn::TrainConfig ReadConfig(Args& args, int64_t& steps) {
  nn::TrainConfig c;
  c.history_every = 0;
  Choice(args, "--dataset", nn::ParseDataset, c.data.kind, "circle, xor, gauss, spiral, plane");
  Choice(args, "--activation", ParseActivationName, c.activation, "tanh, relu, sigmoid, gelu");
  Choice(args, "--optimizer", nn::ParseOptimizer, c.optimizer, "sgd, momentum, adam, adamw");
  Choice(args, "--precision", nn::ParsePrecision, c.precision, "fp32, bf16, fp16, mixed-bf16, mixed-fp16");
  bool loss_given = false;
  if (std::optional<std::string> v = args.TakeValue("--loss")) {
    if (!ParseLossName(*v, &c.loss)) throw Failure{"--loss: '" + *v + "' is not one of mse, bce, ce"};
    loss_given = true;
  }
  if (nn::IsRegression(c.data.kind) && !loss_given) c.loss = nn::Loss::kMse;
  if (std::optional<std::string> v = args.TakeValue("--features")) {
    c.features.clear();
    for (const std::string& f : SplitList(*v)) {
      nn::Feature feature;
      if (!nn::ParseFeature(f, &feature))
        throw Failure{"--features: '" + f + "' is not one of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2"};
      c.features.push_back(feature);
    }
  }
  if (std::optional<std::string> v = args.TakeValue("--layers")) {
    c.layers.clear();
    for (const std::string& w : SplitList(*v)) c.layers.push_back(static_cast<int>(ParseInt("--layers", w, 0, 100000000)));
  } else {
    c.layers = {static_cast<int>(c.features.size()), 8, 8, c.loss == nn::Loss::kCrossEntropy ? 2 : 1};
  }
  if (auto v = args.TakeValue("--lr")) c.learning_rate = ParseReal("--lr", *v);
  if (auto v = args.TakeValue("--batch")) c.batch_size = static_cast<int>(ParseInt("--batch", *v, 0, 100000000));
  if (auto v = args.TakeValue("--steps")) steps = ParseInt("--steps", *v, 0, kMaxSteps);
  if (auto v = args.TakeValue("--seed")) {
    c.seed = static_cast<uint64_t>(ParseInt("--seed", *v, 0, INT64_MAX));
    c.data.seed = c.seed;
  }
  if (auto v = args.TakeValue("--freeze"))
    for (const std::string& f : SplitList(*v)) c.frozen_layers.push_back(static_cast<int>(ParseInt("--freeze", f, 0, 1000)));
  if (auto v = args.TakeValue("--checkpoint")) {
    if (*v == "none") {
      c.checkpoint_every = 0;
    } else if (v->rfind("every-", 0) == 0) {
      c.checkpoint_every = static_cast<int>(ParseInt("--checkpoint", v->substr(6), 1, 1000));
    } else {
      throw Failure{"--checkpoint: '" + *v + "' is not none or every-K (e.g. every-2)"};
    }
  }
  if (auto v = args.TakeValue("--noise")) c.data.noise = ParseReal("--noise", *v);
  if (auto v = args.TakeValue("--samples")) c.data.samples = static_cast<int>(ParseInt("--samples", *v, 0, 100000000));
  if (auto v = args.TakeValue("--l2")) c.l2 = ParseReal("--l2", *v);
  if (auto v = args.TakeValue("--weight-decay")) c.weight_decay = ParseReal("--weight-decay", *v);
  if (auto v = args.TakeValue("--loss-multiplier")) c.loss_multiplier = ParseReal("--loss-multiplier", *v);
  if (args.TakeFlag("--no-loss-scaling")) c.dynamic_loss_scaling = false;
  return c;
}

json::Value Number(double v) { return std::isfinite(v) ? json::Value(v) : json::Value(nullptr); }

int RunTrain(Args& args, std::ostream& out, std::ostream& err) {
  bool as_json = args.TakeFlag("--json");
  int64_t steps = 1000;
  nn::TrainConfig c;
  try {
    c = ReadConfig(args, steps);
  } catch (const Failure& f) {
    args.Finish();
    return UsageError(err, kName, f.message);
  }
  if (ReportArgErrors(args, err, kName)) return 2;
  std::vector<std::string> errors = nn::ValidateConfig(c);
  if (!errors.empty()) {
    for (const std::string& e : errors) err << "bytewise train: " << e << "\n";
    return 2;
  }
  // Refuse runs that would take minutes: ~3 multiply-adds per parameter per sample per step.
  int64_t params = 0;
  for (size_t l = 0; l + 1 < c.layers.size(); ++l) params += int64_t{c.layers[l]} * c.layers[l + 1] + c.layers[l + 1];
  const double work = 3.0 * static_cast<double>(params) * c.batch_size * static_cast<double>(steps);
  if (work > kMaxWork) {
    err << "bytewise train: " << steps << " steps of batch " << c.batch_size << " on " << params
        << " parameters is about " << json::FormatNumber(work) << " multiply-adds (limit "
        << json::FormatNumber(kMaxWork) << "); lower --steps, --batch or the layer widths\n";
    return 2;
  }
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
                   {"train_loss", Number(train.loss)},
                   {"test_loss", Number(test.loss)},
                   {"test_accuracy", Number(test.accuracy)},
                   {"diverged", s.diverged},
                   {"skipped_steps", s.skipped_steps},
                   {"recomputed_layer_forwards", s.recomputed_layer_forwards},
                   {"ledger", json::Value(std::move(ledger))},
                   {"train_accuracy", Number(train.accuracy)},
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
    out << "trained " << s.steps << " steps on " << nn::DatasetName(c.data.kind) << " (" << nn::PrecisionName(c.precision)
        << ", " << nn::OptimizerName(c.optimizer) << ")\n";
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

}  // namespace

BW_CLI_COMMAND(kName, kUsage, "Train the small network of the Train panel and print losses, accuracy and memory.", RunTrain);

}  // namespace bw::cli
