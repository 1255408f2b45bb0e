// Our deterministic exp/log/sin/cos/tanh against the C library (glibc natively, musl under wasm):
// an independent implementation. Tolerance: 4 ulp relative (both are within ~1 ulp of the true value).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>

#include "core/nn/nn_math.h"

using namespace bw::nn;

namespace {

double WorstRel(double (*ours)(double), double (*ref)(double), double lo, double hi, int n) {
  double worst = 0;
  for (int i = 0; i <= n; ++i) {
    double x = lo + (hi - lo) * i / n;
    double a = ours(x), b = ref(x);
    double err = std::fabs(a - b) / std::fmax(std::fabs(b), 1e-300);
    if (b == 0) err = std::fabs(a);
    worst = std::fmax(worst, err);
  }
  return worst;
}

double RefSigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double StdExp(double x) { return std::exp(x); }
double StdExpm1(double x) { return std::expm1(x); }
double StdLog(double x) { return std::log(x); }
double StdLog1p(double x) { return std::log1p(x); }
double StdTanh(double x) { return std::tanh(x); }

constexpr double kUlp4 = 4 * 2.220446049250313e-16;

}  // namespace

TEST_CASE("Exp, Log, Log1p and Expm1 agree with the C library to 4 ulp") {
  CHECK(WorstRel(Exp, StdExp, -700, 700, 20001) < kUlp4);
  CHECK(WorstRel(Exp, StdExp, -1, 1, 20001) < kUlp4);
  CHECK(WorstRel(Expm1, StdExpm1, -0.5, 0.5, 20001) < kUlp4);
  CHECK(WorstRel(Log, StdLog, 1e-300, 1e-290, 2001) < kUlp4);
  CHECK(WorstRel(Log, StdLog, 0.01, 100, 20001) < kUlp4);
  CHECK(WorstRel(Log1p, StdLog1p, -0.5, 0.5, 20001) < kUlp4);
  CHECK(Log(0) == -INFINITY);
  CHECK(std::isnan(Log(-1)));
  CHECK(Exp(1000) == INFINITY);
  CHECK(Exp(-1000) == 0);
}

TEST_CASE("Sin, Cos, Tanh and Sigmoid agree with the C library") {
  // sin/cos: absolute error near their zeros, so compare absolutely (4 ulp of 1).
  double worst = 0;
  for (int i = 0; i <= 40000; ++i) {
    double x = -60 + 120.0 * i / 40000;
    worst = std::fmax(worst, std::fabs(Sin(x) - std::sin(x)));
    worst = std::fmax(worst, std::fabs(Cos(x) - std::cos(x)));
  }
  CHECK(worst < kUlp4);
  CHECK(WorstRel(Tanh, StdTanh, -25, 25, 40001) < kUlp4);
  CHECK(WorstRel(Tanh, StdTanh, -1e-3, 1e-3, 2001) < kUlp4);
  CHECK(WorstRel(Sigmoid, RefSigmoid, -30, 30, 20001) < kUlp4);
  CHECK(Tanh(1e300) == 1.0);
  CHECK(Sigmoid(-800) == 0.0);
}

TEST_CASE("Rng repeats for a seed, differs across seeds, and its normals have mean 0 and variance 1") {
  Rng a(7), b(7), c(8);
  bool same = true, differs = false;
  for (int i = 0; i < 1000; ++i) {
    uint64_t x = a.Next();
    same = same && x == b.Next();
    differs = differs || x != c.Next();
  }
  CHECK(same);
  CHECK(differs);
  Rng u(3);
  double sum = 0, sum2 = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    double g = u.Normal();
    sum += g;
    sum2 += g * g;
  }
  // Mean and variance of N(0,1) samples: standard errors 1/√n ≈ 0.0022 and √(2/n) ≈ 0.0032; allow 5σ.
  CHECK(std::fabs(sum / n) < 0.012);
  CHECK(std::fabs(sum2 / n - 1) < 0.016);
  for (int i = 0; i < 1000; ++i) {
    uint64_t k = u.Below(10);
    CHECK(k < 10);
  }
}

TEST_CASE("Float-accuracy ExpF, TanhF, SigmoidF stay within 1e-8 relative of the C library") {
  double worst = 0;
  for (int i = 0; i <= 40000; ++i) {
    double x = -30 + 60.0 * i / 40000;
    worst = std::fmax(worst, std::fabs(ExpF(x) - std::exp(x)) / std::exp(x));
    worst = std::fmax(worst, std::fabs(TanhF(x) - std::tanh(x)) / std::fmax(std::fabs(std::tanh(x)), 1e-300));
    worst = std::fmax(worst, std::fabs(SigmoidF(x) - RefSigmoid(x)) / RefSigmoid(x));
  }
  CHECK(worst < 1e-8);
  CHECK(TanhF(1e-4) == doctest::Approx(std::tanh(1e-4)).epsilon(1e-9));
}
