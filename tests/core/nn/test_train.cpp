// Training facts: accuracy with defaults, determinism, the ledger's bytes, freezing, checkpointing,
// 16-bit precision (underflow, loss scaling), divergence and bad input.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "core/nn/trainer.h"

using namespace bw::nn;

namespace {

TrainConfig Quiet(TrainConfig c = {}) {
  c.history_every = 0;
  return c;
}

// FNV-1a over the bits of every parameter: equal hashes ⇔ (practically) identical weights.
uint64_t WeightHash(const Trainer& t) {
  uint64_t h = 1469598103934665603ull;
  for (const LayerParams& p : t.GetParams())
    for (const std::vector<float>* v : {&p.weight, &p.bias})
      for (float f : *v) {
        uint32_t bits;
        std::memcpy(&bits, &f, 4);
        for (int k = 0; k < 4; ++k) {
          h ^= (bits >> (8 * k)) & 0xFF;
          h *= 1099511628211ull;
        }
      }
  return h;
}

bool HasError(const std::vector<std::string>& errors, const std::string& fragment) {
  for (const std::string& e : errors)
    if (e.find(fragment) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("Datasets follow the Playground's rules at noise 0") {
  // tensorflow/playground dataset.ts: circle label = inside radius 2.5; xor label = sign(x·y);
  // plane target = (x + y)/10; gauss classes centred at (2,2) and (−2,−2); 500 points split 50/50.
  for (DatasetKind k :
       {DatasetKind::kCircle, DatasetKind::kXor, DatasetKind::kGauss, DatasetKind::kSpiral, DatasetKind::kPlane}) {
    CAPTURE(DatasetName(k));
    DatasetOptions o;
    o.kind = k;
    Dataset d = MakeDataset(o);
    CHECK(d.train.size() == 250);
    CHECK(d.test.size() == 250);
    int positives = 0;
    for (const auto* split : {&d.train, &d.test})
      for (const DataPoint& p : *split) {
        positives += p.label;
        CHECK(std::fabs(p.x1) <= 6.0);
        CHECK(std::fabs(p.x2) <= 6.0);
        if (k == DatasetKind::kCircle) CHECK((std::hypot(p.x1, p.x2) < 2.5) == (p.label == 1));
        if (k == DatasetKind::kXor) CHECK((p.x1 * p.x2 >= 0) == (p.label == 1));
        if (k == DatasetKind::kPlane) CHECK(p.target == doctest::Approx((p.x1 + p.x2) / 10).epsilon(1e-12));
      }
    if (k == DatasetKind::kCircle || k == DatasetKind::kGauss || k == DatasetKind::kSpiral) CHECK(positives == 250);
  }
  float row[7];
  FeatureRow(2.0, -3.0,
             {Feature::kX1, Feature::kX2, Feature::kX1Squared, Feature::kX2Squared, Feature::kX1X2, Feature::kSinX1,
              Feature::kSinX2},
             row);
  CHECK(row[2] == 4.0f);
  CHECK(row[3] == 9.0f);
  CHECK(row[4] == -6.0f);
  CHECK(row[5] == static_cast<float>(std::sin(2.0)));  // C library sin as the reference
  CHECK(row[6] == static_cast<float>(std::sin(-3.0)));
}

TEST_CASE("With default settings circle and xor reach 95% test accuracy within 1000 steps") {
  for (DatasetKind k : {DatasetKind::kCircle, DatasetKind::kXor}) {
    for (uint64_t seed : {1u, 2u, 3u}) {
      CAPTURE(DatasetName(k));
      CAPTURE(seed);
      TrainConfig c = Quiet();
      c.data.kind = k;
      c.data.seed = seed;
      c.seed = seed;
      Trainer t(c);
      t.Step(1000);
      CHECK(t.Evaluate(Split::kTest).accuracy >= 0.95);
      CHECK_FALSE(t.Status().diverged);
    }
  }
}

TEST_CASE("Same seed gives the same numbers; another seed does not") {
  TrainConfig c = Quiet();
  c.precision = Precision::kMixedFp16;
  Trainer a(c), b(c);
  a.Step(200);
  b.Step(100);
  b.Step(100);  // slicing does not change the result
  CHECK(WeightHash(a) == WeightHash(b));
  CHECK(a.Status().last_loss == b.Status().last_loss);
  c.seed = 2;
  Trainer other(c);
  other.Step(200);
  CHECK(WeightHash(a) != WeightHash(other));
}

TEST_CASE("Training is bit-identical on every platform (native and wasm)") {
  // Fingerprints recorded from the native build (g++, x86-64). The wasm suite (em++, musl) must
  // produce the same bits: all math is our own (nn_math.h), no FMA contraction, no std:: distributions.
  // Regenerate: run test_nn -tc="*bit-identical*" -s and copy the printed hashes.
  struct Row {
    Activation act;
    Loss loss;
    Optimizer opt;
    Precision precision;
    DatasetKind data;
    uint64_t expected;
  };
  const Row rows[] = {
      {Activation::kTanh, Loss::kBce, Optimizer::kAdam, Precision::kFp32, DatasetKind::kSpiral, 7068156232939726138ull},
      {Activation::kGelu, Loss::kCrossEntropy, Optimizer::kAdamW, Precision::kMixedBf16, DatasetKind::kGauss,
       7039306342679588010ull},
      {Activation::kSigmoid, Loss::kMse, Optimizer::kMomentum, Precision::kFp16, DatasetKind::kXor,
       4909303600084476548ull},
      {Activation::kRelu, Loss::kMse, Optimizer::kSgd, Precision::kMixedFp16, DatasetKind::kPlane,
       6521166625574668380ull},
  };
  for (const Row& r : rows) {
    TrainConfig c = Quiet();
    c.activation = r.act;
    c.loss = r.loss;
    c.optimizer = r.opt;
    c.precision = r.precision;
    c.data.kind = r.data;
    c.data.noise = 0.2;
    c.features = {Feature::kX1, Feature::kX2, Feature::kSinX1};
    c.layers = {3, 6, 5, r.loss == Loss::kCrossEntropy ? 2 : 1};
    c.checkpoint_every = 2;
    Trainer t(c);
    t.Step(300);
    uint64_t h = WeightHash(t);
    INFO("fingerprint " << h);
    CHECK(h == r.expected);
  }
}

TEST_CASE("Ledger bytes per parameter: fp32 Adam 16, mixed-precision Adam 16 (2+2+8+4), as in ZeRO") {
  // 2-8-8-1 has (2·8+8) + (8·8+8) + (8·1+1) = 105 parameters.
  // ZeRO (Rajbhandari et al., arXiv:1910.02054 §3.1): mixed-precision Adam holds 2Ψ fp16 weights,
  // 2Ψ fp16 gradients and KΨ = 12Ψ of fp32 master weights, momentum and variance.
  const int64_t P = 105;
  TrainConfig c = Quiet();
  {
    Trainer t(c);
    CHECK(t.ParameterCount() == P);
    LedgerTotals m = t.Ledger().Totals();
    CHECK(m.weights_bytes == 4 * P);
    CHECK(m.gradient_bytes == 4 * P);
    CHECK(m.optimizer_bytes == 8 * P);
    CHECK(m.master_weight_bytes == 0);
  }
  c.precision = Precision::kMixedFp16;
  {
    Trainer t(c);
    LedgerTotals m = t.Ledger().Totals();
    CHECK(m.weights_bytes == 2 * P);
    CHECK(m.gradient_bytes == 2 * P);
    CHECK(m.optimizer_bytes + m.master_weight_bytes == 12 * P);
    CHECK(m.weights_bytes + m.gradient_bytes + m.optimizer_bytes + m.master_weight_bytes == 16 * P);
  }
  c.optimizer = Optimizer::kMomentum;  // ZeRO/TM101: mixed SGD with momentum = 4 (velocity) + 4 (master)
  {
    Trainer t(c);
    CHECK(t.Ledger().Totals().optimizer_bytes + t.Ledger().Totals().master_weight_bytes == 8 * P);
  }
  c.optimizer = Optimizer::kSgd;
  c.precision = Precision::kBf16;
  {
    Trainer t(c);
    CHECK(t.Ledger().Totals().optimizer_bytes == 0);
    CHECK(t.Ledger().Totals().weights_bytes == 2 * P);
  }
}

TEST_CASE("Activation peak follows the documented schedule: 2-8-8-1, batch 10, fp32 tanh = 1080 bytes") {
  // By hand from trainer.h's schedule: forward holds input 20 + out0 80 + out1 80 + logits 10 elements,
  // dlogits +10, logits −10; backward of layer 2 acquires dout1 +80 before releasing anything:
  // 20 + 80 + 80 + 10 + 80 = 270 elements × 4 bytes.
  Trainer t(Quiet());
  CHECK(t.Ledger().Totals().activation_bytes_peak == 1080);
  t.Step(5);
  CHECK(t.Ledger().Totals().activation_bytes_peak == 1080);
  CHECK(t.Ledger().Totals().activation_bytes_live == 0);
}

TEST_CASE("Freezing a layer removes exactly its gradient, optimizer and master bytes") {
  for (Precision p : {Precision::kFp32, Precision::kMixedBf16}) {
    CAPTURE(PrecisionName(p));
    TrainConfig c = Quiet();
    c.precision = p;
    Trainer all(c);
    c.frozen_layers = {1};
    Trainer frozen(c);
    LedgerTotals a = all.Ledger().Totals(), f = frozen.Ledger().Totals();
    // Layer 1 is 8×8 + 8 = 72 parameters. Its gradient is in the compute dtype, Adam's m and v in fp32.
    const int64_t n = 72, d = p == Precision::kFp32 ? 4 : 2;
    CHECK(a.weights_bytes == f.weights_bytes);
    CHECK(a.gradient_bytes - f.gradient_bytes == n * d);
    CHECK(a.optimizer_bytes - f.optimizer_bytes == n * 8);
    CHECK(a.master_weight_bytes - f.master_weight_bytes == (p == Precision::kFp32 ? 0 : n * 4));
    auto per_layer = frozen.Ledger().PerLayer(3);
    CHECK(per_layer[1].bytes[static_cast<int>(Category::kGradients)] == 0);
    CHECK(per_layer[1].bytes[static_cast<int>(Category::kOptimizer)] == 0);
    // And its weights do not move while the others do.
    auto before = frozen.GetParams();
    frozen.Step(20);
    auto after = frozen.GetParams();
    CHECK(before[1].weight == after[1].weight);
    CHECK(before[0].weight != after[0].weight);
  }
}

TEST_CASE("Checkpointing lowers the activation peak, recomputes layers and leaves the result unchanged") {
  TrainConfig c = Quiet();
  c.layers = {2, 8, 8, 8, 8, 8, 1};
  c.activation = Activation::kGelu;
  Trainer plain(c);
  c.checkpoint_every = 2;
  Trainer ckpt(c);
  CHECK(ckpt.Ledger().Totals().activation_bytes_peak < plain.Ledger().Totals().activation_bytes_peak);
  CHECK(ckpt.Status().checkpoint_bytes_saved ==
        plain.Ledger().Totals().activation_bytes_peak - ckpt.Ledger().Totals().activation_bytes_peak);
  CHECK(plain.Status().recompute_per_step == 0);
  CHECK(ckpt.Status().recompute_per_step == 3);  // segments [0,1] [2,3] [4,5]: one recomputed layer each
  plain.Step(50);
  ckpt.Step(50);
  CHECK(plain.Status().recomputed_layer_forwards == 0);
  CHECK(ckpt.Status().recomputed_layer_forwards == 150);
  CHECK(WeightHash(plain) == WeightHash(ckpt));  // recomputation reproduces the same bits
}

TEST_CASE("Pure FP16 underflows on tiny gradients; mixed FP16 with loss scaling trains the same case") {
  // Constructed case: loss_multiplier 1e−7 shrinks every backward gradient ~1e7-fold (it is divided out
  // before the update, so fp32 trains as usual). Typical gradients here are ~1e−2, so they become ~1e−9:
  // below FP16's smallest subnormal 2^−24 ≈ 6e−8 (IEEE 754 binary16), they round to zero.
  TrainConfig c = Quiet();
  c.loss_multiplier = 1e-7;
  c.precision = Precision::kFp16;
  Trainer pure(c);
  double start = pure.Evaluate(Split::kTest).loss;
  pure.Step(500);
  CHECK(pure.Status().gradient_underflows >= 500 * 10);               // at least every dlogits element of every step
  CHECK(pure.Evaluate(Split::kTest).loss == doctest::Approx(start));  // nothing moved
  CHECK(pure.Evaluate(Split::kTest).accuracy < 0.7);

  c.precision = Precision::kMixedFp16;
  Trainer mixed(c);
  mixed.Step(500);
  CHECK(mixed.Evaluate(Split::kTest).accuracy >= 0.95);
  CHECK(mixed.Status().loss_scale == 65536);
}

TEST_CASE("Pure BF16 loses small SGD updates and stalls; the FP32 master copy of mixed-bf16 keeps them") {
  // BF16 keeps 8 significant bits (IEEE-style 1+7 mantissa bits): near |w| ≈ 0.5 its spacing is 2^−9 ≈ 0.002,
  // while SGD at lr 0.003 moves a weight by lr·|g| ≈ 1e−5..1e−4 — rounded straight back to the old value.
  TrainConfig c = Quiet();
  c.optimizer = Optimizer::kSgd;
  c.learning_rate = 0.003;
  auto run = [&](Precision p) {
    c.precision = p;
    Trainer t(c);
    t.Step(3000);
    return std::make_pair(t.Evaluate(Split::kTest).loss, t.Status().lost_updates);
  };
  auto fp32 = run(Precision::kFp32);
  auto pure = run(Precision::kBf16);
  auto mixed = run(Precision::kMixedBf16);
  CHECK(pure.second > 3000 * 105 / 2);   // most of the 105 parameters' updates, most steps
  CHECK(pure.first > fp32.first + 0.1);  // it stalls well above fp32's loss
  CHECK(mixed.second == 0);              // the master copy receives every update
  CHECK(std::fabs(mixed.first - fp32.first) < 0.01);
}

TEST_CASE("Dynamic loss scaling skips overflowing steps and backs off") {
  TrainConfig c = Quiet();
  c.precision = Precision::kMixedFp16;
  c.initial_loss_scale = 16777216;  // 2^24: the first gradients overflow FP16's max 65504
  c.growth_interval = 100;
  Trainer t(c);
  t.Step(600);
  const TrainStatus& s = t.Status();
  CHECK(s.skipped_steps >= 1);
  CHECK(s.optimizer_steps == s.steps - s.skipped_steps);
  CHECK(s.loss_scale < 16777216);
  CHECK(t.Evaluate(Split::kTest).accuracy >= 0.95);
}

TEST_CASE("Adam's first step moves every parameter by about lr (bias correction by optimizer step)") {
  // Kingma & Ba (arXiv:1412.6980 §2.1): with bias correction the first update is lr·g/(|g| + ε) ≈ ±lr.
  TrainConfig c = Quiet();
  Trainer t(c);
  auto before = t.GetParams();
  t.Step(1);
  auto after = t.GetParams();
  auto grads = t.GetGradients();
  double worst = 0;
  for (size_t l = 0; l < before.size(); ++l)
    for (size_t i = 0; i < before[l].weight.size(); ++i) {
      if (std::fabs(grads[l].weight[i]) < 1e-4) continue;  // ε matters only for tiny gradients
      worst = std::fmax(worst, std::fabs(std::fabs(after[l].weight[i] - before[l].weight[i]) - c.learning_rate));
    }
  CHECK(worst < 1e-6);  // fp32 rounding of w ± 0.01
}

TEST_CASE("SGD applies w − lr·(g + l2·w)") {
  TrainConfig c = Quiet();
  c.optimizer = Optimizer::kSgd;
  c.l2 = 0.01;
  c.learning_rate = 0.1;
  Trainer t(c);
  auto before = t.GetParams();
  t.Step(1);
  auto after = t.GetParams();
  auto g = t.GetGradients();
  for (size_t l = 0; l < before.size(); ++l)
    for (size_t i = 0; i < before[l].weight.size(); ++i) {
      double w = before[l].weight[i];
      CHECK(after[l].weight[i] == doctest::Approx(w - 0.1 * (g[l].weight[i] + 0.01 * w)).epsilon(1e-6).scale(1));
    }
}

TEST_CASE("Divergence is detected and reported, and the trainer stops") {
  TrainConfig c = Quiet();
  c.loss = Loss::kMse;
  c.activation = Activation::kRelu;
  c.optimizer = Optimizer::kSgd;
  c.learning_rate = 3;
  Trainer t(c);
  t.Step(100);
  CHECK(t.Status().diverged);
  CHECK(t.Status().diverged_at_step > 0);
  CHECK(t.Status().steps == t.Status().diverged_at_step);
  CHECK(t.Status().divergence_message.find("step") != std::string::npos);
  int64_t steps = t.Status().steps;
  t.Step(10);
  CHECK(t.Status().steps == steps);
}

TEST_CASE("Weights out, weights in: GetParams, SetParams, EvaluateWith") {
  Trainer t(Quiet());
  t.Step(300);
  auto p = t.GetParams();
  EvalResult direct = t.Evaluate(Split::kTest);
  EvalResult with = t.EvaluateWith(p, Split::kTest);
  CHECK(direct.accuracy == with.accuracy);
  CHECK(direct.loss == with.loss);
  Trainer fresh(Quiet());
  CHECK(fresh.SetParams(p).empty());
  CHECK(fresh.Evaluate(Split::kTest).loss == direct.loss);
  p[0].weight.pop_back();
  CHECK_FALSE(fresh.SetParams(p).empty());
  // Zeroed weights: every logit is 0, bce loss log 2 (independent: ln 2 = 0.693147...).
  for (auto& l : p) {
    l.weight.assign(static_cast<size_t>(l.inputs) * l.outputs, 0.0f);
    l.bias.assign(static_cast<size_t>(l.outputs), 0.0f);
  }
  CHECK(t.EvaluateWith(p, Split::kTest).loss == doctest::Approx(0.6931471805599453));
}

TEST_CASE("Bad configurations are reported clearly") {
  TrainConfig c;
  c.layers = {};
  CHECK(HasError(ValidateConfig(c), "need at least an input and an output width"));
  c.layers = {2, 0, 1};
  CHECK(HasError(ValidateConfig(c), "width 0 at position 1 is out of range 1..1024"));
  c.layers = {2, 100000, 1};
  CHECK(HasError(ValidateConfig(c), "width 100000 at position 1"));
  c.layers = {3, 8, 1};
  CHECK(HasError(ValidateConfig(c), "input width 3 must equal the number of input features (2)"));
  c.layers = {2, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1};
  CHECK(HasError(ValidateConfig(c), "parameters, more than this trainer's 8000000"));
  c = TrainConfig{};
  c.learning_rate = std::nan("");
  CHECK(HasError(ValidateConfig(c), "lr: the learning rate must be a number in (0, 10], got nan"));
  c.learning_rate = -0.1;
  CHECK(HasError(ValidateConfig(c), "got -0.1"));
  c = TrainConfig{};
  c.batch_size = 251;
  CHECK(
      HasError(ValidateConfig(c), "batch: the batch size must be 1..250 (the training set has 250 samples), got 251"));
  c = TrainConfig{};
  c.frozen_layers = {3};
  CHECK(HasError(ValidateConfig(c), "freeze: layer 3 does not exist"));
  c = TrainConfig{};
  c.loss = Loss::kCrossEntropy;
  CHECK(HasError(ValidateConfig(c), "ce needs 2 outputs"));
  c = TrainConfig{};
  c.data.kind = DatasetKind::kPlane;
  CHECK(HasError(ValidateConfig(c), "plane dataset is regression"));
  CHECK(ValidateConfig(TrainConfig{}).empty());
}

TEST_CASE("Reconfigure keeps the weights and rebuilds the buffers") {
  Trainer t(Quiet());
  t.Step(100);
  auto before = t.GetParams();
  TrainConfig c = t.Config();
  c.precision = Precision::kFp32;
  c.optimizer = Optimizer::kSgd;
  c.frozen_layers = {0};
  CHECK(t.Reconfigure(c).empty());
  CHECK(t.GetParams()[1].weight == before[1].weight);
  CHECK(t.Ledger().Totals().optimizer_bytes == 0);
  CHECK(t.Status().steps == 100);
  c.layers = {2, 4, 1};
  CHECK_FALSE(t.Reconfigure(c).empty());
}

TEST_CASE("The loss history stays within kMaxHistoryPoints and still spans the whole run, evenly spaced") {
  TrainConfig c;
  c.history_every = 1;
  c.data.samples = 20;  // each history point evaluates the dataset: keep it small
  Trainer t(c);
  const int64_t steps = 3 * static_cast<int64_t>(kMaxHistoryPoints) + 7;  // past the bound once, then again
  t.Step(static_cast<int>(steps));
  const std::vector<HistoryPoint>& h = t.History();
  REQUIRE(h.size() >= 2);
  CHECK(h.size() <= kMaxHistoryPoints);
  CHECK(h.size() > kMaxHistoryPoints / 4);  // halved at most twice: the curve keeps its detail
  // Interval 1 until step 2048 (2049 points: halved, interval 2), until step 4096 (halved again,
  // interval 4), then every 4th step from 4100 to 6148: 1025 + 513 points.
  CHECK(t.HistoryEvery() == 4);
  CHECK(h.size() == 1538);
  CHECK(h.front().step == 0);
  CHECK(steps - h.back().step < t.HistoryEvery());  // the latest point is recent
  for (size_t i = 1; i < h.size(); ++i) {
    CAPTURE(i);
    CHECK(h[i].step - h[i - 1].step == t.HistoryEvery());
  }
  const size_t before = h.size();
  CHECK(t.Reconfigure(t.Config()).empty());  // same data: the history and its interval carry over
  CHECK(t.History().size() == before);
  CHECK(t.HistoryEvery() == 4);
}

TEST_CASE("Heatmap and trace cover the grid and every layer") {
  Trainer t(Quiet());
  t.Step(500);
  GridPrediction g = t.PredictGrid(40);
  REQUIRE(g.score.size() == 1600u);
  // Circle: the centre is class 1 (score > 0), the corners class 0.
  CHECK(g.score[20 * 40 + 20] > 0);
  CHECK(g.score[0] < 0);
  SampleTrace tr = t.TraceSample(0);
  REQUIRE(tr.layers.size() == 3u);
  CHECK(tr.layers[1].dweight.size() == 64u);
  CHECK(tr.layers[0].input.size() == 2u);
}
