// Every backward pass against central finite differences in double precision (STYLE.md §6):
// dL/dθ ≈ (L(θ+h) − L(θ−h)) / 2h with h = 1e−6; truncation O(h²) ≈ 1e−12 and rounding ≈ 1e−16/h ≈ 1e−10,
// so we require max |analytic − numeric| ≤ 1e−7·max(1, |numeric|).
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "core/nn/kernels.h"
#include "core/nn/nn_math.h"
#include "core/nn/trainer.h"

using namespace bw::nn;

namespace {

constexpr double kH = 1e-6;
constexpr double kTol = 1e-7;

std::vector<double> Random(Rng& rng, size_t n, double lo = -1.5, double hi = 1.5) {
  std::vector<double> v(n);
  for (double& x : v) x = rng.Uniform(lo, hi);
  return v;
}

// Worst |analytic − numeric| / max(1, |numeric|) over every element of `param`.
double WorstGradError(std::vector<double>& param, const std::vector<double>& analytic,
                      const std::function<double()>& f) {
  double worst = 0;
  for (size_t i = 0; i < param.size(); ++i) {
    double keep = param[i];
    param[i] = keep + kH;
    double up = f();
    param[i] = keep - kH;
    double down = f();
    param[i] = keep;
    double numeric = (up - down) / (2 * kH);
    worst = std::fmax(worst, std::fabs(analytic[i] - numeric) / std::fmax(1.0, std::fabs(numeric)));
  }
  return worst;
}

double Dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

}  // namespace

TEST_CASE("Linear backward matches finite differences for inputs, weights and bias") {
  Rng rng(11);
  const int B = 3, I = 4, O = 5;
  auto x = Random(rng, B * I), w = Random(rng, O * I), b = Random(rng, O), r = Random(rng, B * O);
  // Objective f = Σ r ⊙ Linear(x): its gradient w.r.t. the output is r.
  auto f = [&] {
    std::vector<double> y(B * O);
    LinearForward(y.data(), x.data(), w.data(), b.data(), B, I, O);
    return Dot(y, r);
  };
  std::vector<double> dx(B * I, 0.0), dw(O * I, 0.0), db(O, 0.0);
  LinearBackward(dx.data(), dw.data(), db.data(), r.data(), x.data(), w.data(), B, I, O);
  CHECK(WorstGradError(x, dx, f) < kTol);
  CHECK(WorstGradError(w, dw, f) < kTol);
  CHECK(WorstGradError(b, db, f) < kTol);
}

TEST_CASE("Activation backward matches finite differences: tanh, relu, sigmoid, gelu") {
  const Activation acts[] = {Activation::kTanh, Activation::kRelu, Activation::kSigmoid, Activation::kGelu};
  for (Activation act : acts) {
    CAPTURE(ActivationName(act));
    Rng rng(5);
    const int N = 40;
    auto z = Random(rng, N, -3, 3), r = Random(rng, N);
    for (double& v : z)
      if (std::fabs(v) < 1e-3) v = 0.5;  // keep relu away from its kink
    auto f = [&] {
      std::vector<double> a(N);
      ActivationForward(a.data(), z.data(), N, act);
      return Dot(a, r);
    };
    std::vector<double> a(N), dz(N);
    ActivationForward(a.data(), z.data(), N, act);
    ActivationBackward(dz.data(), z.data(), a.data(), r.data(), N, act);
    CHECK(WorstGradError(z, dz, f) < kTol);
  }
}

TEST_CASE("Loss backward matches finite differences: mse, bce, softmax cross-entropy") {
  const Loss losses[] = {Loss::kMse, Loss::kBce, Loss::kCrossEntropy};
  for (Loss loss : losses) {
    CAPTURE(LossName(loss));
    Rng rng(9);
    const int B = 4, O = loss == Loss::kCrossEntropy ? 3 : 2;
    auto z = Random(rng, B * O, -4, 4);
    std::vector<double> t;
    if (loss == Loss::kCrossEntropy)
      t = {0, 2, 1, 2};
    else if (loss == Loss::kBce)
      t = {0, 1, 1, 0, 1, 0, 0, 1};
    else
      t = Random(rng, B * O);
    auto f = [&] { return LossForward(z.data(), t.data(), B, O, loss); };
    std::vector<double> dz(B * O);
    LossBackward(dz.data(), z.data(), t.data(), B, O, loss, 1.0);
    CHECK(WorstGradError(z, dz, f) < kTol);
    // The scale argument multiplies the gradient exactly (power of two).
    std::vector<double> dz8(B * O);
    LossBackward(dz8.data(), z.data(), t.data(), B, O, loss, 8.0);
    for (int i = 0; i < B * O; ++i) CHECK(dz8[i] == 8 * dz[i]);
  }
}

TEST_CASE("BCE on logits equals −t·log σ(z) − (1−t)·log(1−σ(z)) and stays finite for large |z|") {
  // Reference: the textbook form with the C library's log/exp, where it is accurate (|z| ≤ 10).
  for (double z : {-10.0, -2.0, -0.1, 0.0, 0.3, 4.0, 10.0})
    for (double t : {0.0, 1.0}) {
      double s = 1 / (1 + std::exp(-z));
      double ref = -t * std::log(s) - (1 - t) * std::log(1 - s);
      CHECK(LossForward(&z, &t, 1, 1, Loss::kBce) == doctest::Approx(ref).epsilon(1e-9));
    }
  double z = 800, t = 0;
  CHECK(LossForward(&z, &t, 1, 1, Loss::kBce) == doctest::Approx(800));
}

// ---------------------------------------------------------------------------------------------
// The trainer's own fp32 gradients (its schedule, freezing and checkpointing included) against
// finite differences of a double-precision forward pass over the same full batch.
namespace {

double FullBatchLoss(const Trainer& t, const std::vector<std::vector<double>>& w,
                     const std::vector<std::vector<double>>& b) {
  const TrainConfig& c = t.Config();
  const int L = static_cast<int>(c.layers.size()) - 1;
  const auto& pts = t.Data().train;
  const int B = static_cast<int>(pts.size());
  std::vector<double> cur(static_cast<size_t>(B) * c.layers[0]), targets;
  std::vector<float> row(c.features.size());
  for (int i = 0; i < B; ++i) {
    FeatureRow(pts[i].x1, pts[i].x2, c.features, row.data());
    for (size_t k = 0; k < row.size(); ++k) cur[i * row.size() + k] = row[k];
    targets.push_back(c.loss == Loss::kMse ? pts[i].target : pts[i].label);
  }
  for (int l = 0; l < L; ++l) {
    std::vector<double> out(static_cast<size_t>(B) * c.layers[l + 1]);
    LinearForward(out.data(), cur.data(), w[l].data(), b[l].data(), B, c.layers[l], c.layers[l + 1]);
    if (l < L - 1) ActivationForward(out.data(), out.data(), static_cast<int>(out.size()), c.activation);
    cur.swap(out);
  }
  return LossForward(cur.data(), targets.data(), B, c.layers.back(), c.loss);
}

void CheckTrainerGradients(TrainConfig c) {
  c.data.samples = 40;
  c.batch_size = 20;  // the whole training set: the measuring step's batch is all of it
  Trainer t(c);
  auto params = t.GetParams();
  auto grads = t.GetGradients();
  std::vector<std::vector<double>> w, b;
  for (auto& p : params) {
    w.emplace_back(p.weight.begin(), p.weight.end());
    b.emplace_back(p.bias.begin(), p.bias.end());
  }
  auto f = [&] { return FullBatchLoss(t, w, b); };
  for (size_t l = 0; l < params.size(); ++l) {
    CAPTURE(l);
    if (t.IsFrozen(static_cast<int>(l))) {
      CHECK(grads[l].weight.empty());
      continue;
    }
    std::vector<double> gw(grads[l].weight.begin(), grads[l].weight.end());
    std::vector<double> gb(grads[l].bias.begin(), grads[l].bias.end());
    // fp32 gradients: allow 1e−5 relative to max(1, |g|) (float accumulation over 20 samples).
    double tol = 1e-5;
    CHECK(WorstGradError(w[l], gw, f) < tol);
    CHECK(WorstGradError(b[l], gb, f) < tol);
  }
}

}  // namespace

TEST_CASE("Trainer gradients match finite differences for every activation and loss") {
  const Activation acts[] = {Activation::kTanh, Activation::kRelu, Activation::kSigmoid, Activation::kGelu};
  for (Activation act : acts) {
    CAPTURE(ActivationName(act));
    TrainConfig c;
    c.activation = act;
    c.layers = {2, 5, 4, 1};
    CheckTrainerGradients(c);
  }
  TrainConfig mse;
  mse.loss = Loss::kMse;
  CheckTrainerGradients(mse);
  TrainConfig ce;
  ce.loss = Loss::kCrossEntropy;
  ce.layers = {2, 6, 2};
  CheckTrainerGradients(ce);
}

TEST_CASE("Trainer gradients are unchanged by checkpointing and by freezing other layers") {
  TrainConfig c;
  c.layers = {2, 6, 5, 4, 3, 1};
  c.activation = Activation::kGelu;
  c.checkpoint_every = 2;
  CheckTrainerGradients(c);
  c.frozen_layers = {0, 3};
  CheckTrainerGradients(c);
  c.checkpoint_every = 3;
  c.frozen_layers = {1};
  CheckTrainerGradients(c);
}
