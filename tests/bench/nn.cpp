// Benchmark: training steps per second of the Train panel's network (bw::nn::Trainer) at Playground
// sizes (2-4-2-1 and 2-8-8-1, batch 10) and wider (2-64-64-1, batch 64): tanh, MSE, plain SGD, fp32
// (the Playground's setup), plus mixed-fp16 Adam for the cost of 16-bit emulation. Best of 3 runs.
// The TF.js peer (tests/bench/nn_tfjs.mjs) trains the same networks, batches and steps.
//   build/<dir>/bench_nn [scale]     (scale multiplies the step counts; default 1)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/nn/trainer.h"

namespace {

struct Case {
  const char* net;
  std::vector<int> layers;
  int batch;
  int steps;
  bw::nn::Precision precision;
  bw::nn::Optimizer optimizer;
};

}  // namespace

int main(int argc, char** argv) {
  using namespace bw::nn;
  const double scale = argc > 1 ? std::atof(argv[1]) : 1.0;
  const Case cases[] = {
      {"2-4-2-1", {2, 4, 2, 1}, 10, 200000, Precision::kFp32, Optimizer::kSgd},
      {"2-8-8-1", {2, 8, 8, 1}, 10, 100000, Precision::kFp32, Optimizer::kSgd},
      {"2-64-64-1", {2, 64, 64, 1}, 64, 2000, Precision::kFp32, Optimizer::kSgd},
      {"2-8-8-1", {2, 8, 8, 1}, 10, 20000, Precision::kMixedFp16, Optimizer::kAdam},
      {"2-64-64-1", {2, 64, 64, 1}, 64, 300, Precision::kMixedFp16, Optimizer::kAdam},
  };
  for (const Case& c : cases) {
    TrainConfig config;
    config.layers = c.layers;
    config.batch_size = c.batch;
    config.activation = Activation::kTanh;
    config.loss = Loss::kMse;
    config.optimizer = c.optimizer;
    config.precision = c.precision;
    config.learning_rate = 0.03;
    config.history_every = 0;
    const int steps = std::max(1, static_cast<int>(c.steps * scale));
    double best = 1e30;
    for (int rep = 0; rep < 3; ++rep) {
      Trainer t(config);
      auto t0 = std::chrono::steady_clock::now();
      t.Step(steps);
      auto t1 = std::chrono::steady_clock::now();
      best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
    }
    std::printf(
        "{\"bench\": \"nn\", \"net\": \"%s\", \"batch\": %d, \"activation\": \"tanh\", \"loss\": \"mse\", "
        "\"optimizer\": \"%s\", "
        "\"precision\": \"%s\", \"steps\": %d, \"seconds\": %.6f, \"steps_per_s\": %.1f}\n",
        c.net, c.batch, OptimizerName(c.optimizer), PrecisionName(c.precision), steps, best, steps / best);
    std::fflush(stdout);
  }
  return 0;
}
