// Cross-check: the memory engine's prediction for the Train panel's MLP equals the bytes the nn
// engine's ledger measures while it really trains (STYLE.md §4: the estimator and the ledger agree).
// The oracle is the measurement: nn::Trainer allocates every buffer through its MemoryLedger and
// records the activation peak of a real forward + backward step.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/memory/mlp.h"
#include "core/nn/trainer.h"

namespace mem = bw::memory;
namespace nn = bw::nn;

namespace {

struct Case {
  const char* label;
  std::vector<int> widths;
  int batch;
  nn::Optimizer optimizer;
  nn::Precision precision;
  std::vector<int> frozen;
  int checkpoint_every;
  nn::Activation activation;
};

mem::Optimizer ToMem(nn::Optimizer o) {
  switch (o) {
    case nn::Optimizer::kSgd: return mem::Optimizer::kSgd;
    case nn::Optimizer::kMomentum: return mem::Optimizer::kMomentum;
    case nn::Optimizer::kAdam: return mem::Optimizer::kAdam;
    case nn::Optimizer::kAdamW: return mem::Optimizer::kAdamW;
  }
  return mem::Optimizer::kAdam;
}

mem::Precision ToMem(nn::Precision p) {
  switch (p) {
    case nn::Precision::kFp32: return mem::Precision::kFp32;
    case nn::Precision::kBf16: return mem::Precision::kBf16;
    case nn::Precision::kFp16: return mem::Precision::kFp16;
    case nn::Precision::kMixedBf16:
    case nn::Precision::kMixedFp16: return mem::Precision::kMixed;
  }
  return mem::Precision::kFp32;
}

}  // namespace

TEST_CASE("memory engine predicts the nn ledger byte for byte") {
  using A = nn::Activation;
  using O = nn::Optimizer;
  using P = nn::Precision;
  const Case cases[] = {
      {"default 2-8-8-1 adam fp32", {2, 8, 8, 1}, 10, O::kAdam, P::kFp32, {}, 0, A::kTanh},
      {"sgd bf16", {2, 8, 8, 1}, 10, O::kSgd, P::kBf16, {}, 0, A::kTanh},
      {"momentum mixed-fp16", {2, 16, 16, 1}, 32, O::kMomentum, P::kMixedFp16, {}, 0, A::kRelu},
      {"adamw mixed-bf16 gelu", {2, 16, 8, 4, 1}, 25, O::kAdamW, P::kMixedBf16, {}, 0, A::kGelu},
      {"first layer frozen", {2, 8, 8, 1}, 10, O::kAdam, P::kFp32, {0}, 0, A::kTanh},
      {"middle frozen", {2, 32, 32, 32, 1}, 16, O::kAdam, P::kMixedBf16, {1, 2}, 0, A::kTanh},
      {"only last trainable", {2, 32, 32, 32, 1}, 16, O::kAdam, P::kFp32, {0, 1, 2}, 0, A::kGelu},
      {"checkpoint every 2", {2, 64, 64, 64, 64, 1}, 50, O::kAdam, P::kFp32, {}, 2, A::kTanh},
      {"checkpoint every 3 gelu fp16", {2, 64, 64, 64, 64, 64, 1}, 40, O::kAdam, P::kFp16, {}, 3, A::kGelu},
      {"checkpoint + frozen", {2, 64, 64, 64, 64, 1}, 20, O::kMomentum, P::kMixedFp16, {0, 1}, 2, A::kRelu},
      {"single layer", {2, 1}, 7, O::kAdam, P::kFp32, {}, 0, A::kTanh},
  };
  for (const Case& c : cases) {
    CAPTURE(c.label);
    nn::TrainConfig config;
    config.layers = c.widths;
    config.batch_size = c.batch;
    config.optimizer = c.optimizer;
    config.precision = c.precision;
    config.frozen_layers = c.frozen;
    config.checkpoint_every = c.checkpoint_every;
    config.activation = c.activation;
    std::vector<std::string> errors = nn::ValidateConfig(config);
    REQUIRE_MESSAGE(errors.empty(), errors.front());
    nn::Trainer trainer(config);
    trainer.Step(3);
    nn::LedgerTotals measured = trainer.Ledger().Totals();

    mem::MlpScenario s;
    s.widths.assign(c.widths.begin(), c.widths.end());
    s.batch = c.batch;
    s.optimizer = ToMem(c.optimizer);
    s.precision = ToMem(c.precision);
    s.frozen_layers = c.frozen;
    s.checkpoint_every = c.checkpoint_every;
    s.keeps_pre_activation = nn::ActivationBackwardNeedsInput(c.activation);
    mem::MlpEstimate predicted = mem::EstimateMlp(s);
    REQUIRE_MESSAGE(predicted.ok, predicted.error);
    CAPTURE(predicted.peak_where);

    CHECK(predicted.weights_bytes == measured.weights_bytes);
    CHECK(predicted.gradient_bytes == measured.gradient_bytes);
    CHECK(predicted.optimizer_bytes == measured.optimizer_bytes);
    CHECK(predicted.master_weight_bytes == measured.master_weight_bytes);
    CHECK(predicted.activation_peak_bytes == measured.activation_bytes_peak);
    CHECK(predicted.total_bytes == measured.total_bytes);
  }
}

TEST_CASE("checkpointing: the predicted saving equals the trainer's measured saving") {
  nn::TrainConfig config;
  config.layers = {2, 64, 64, 64, 64, 64, 64, 1};
  config.batch_size = 64;
  config.checkpoint_every = 3;
  nn::Trainer with(config);
  mem::MlpScenario s;
  s.widths = {2, 64, 64, 64, 64, 64, 64, 1};
  s.batch = 64;
  s.checkpoint_every = 3;
  mem::MlpEstimate on = mem::EstimateMlp(s);
  s.checkpoint_every = 0;
  mem::MlpEstimate off = mem::EstimateMlp(s);
  REQUIRE(on.ok);
  REQUIRE(off.ok);
  CHECK(off.activation_peak_bytes - on.activation_peak_bytes == with.Status().checkpoint_bytes_saved);
  CHECK(with.Status().checkpoint_bytes_saved > 0);
}

TEST_CASE("MLP estimate rejects bad shapes by name") {
  mem::MlpScenario s;
  s.widths = {2};
  CHECK(mem::EstimateMlp(s).error.find("widths") != std::string::npos);
  s.widths = {2, 0, 1};
  CHECK(mem::EstimateMlp(s).error.find("position 1") != std::string::npos);
  s.widths = {2, 8, 1};
  s.frozen_layers = {5};
  CHECK(mem::EstimateMlp(s).error.find("frozen_layers: 5") != std::string::npos);
  s.frozen_layers = {};
  s.checkpoint_every = 9;
  CHECK(mem::EstimateMlp(s).error.find("checkpoint_every") != std::string::npos);
}
