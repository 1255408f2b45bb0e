// bw::nn math — deterministic elementary functions and a seeded random generator.
//
//   Rng rng(42);  double u = rng.Uniform();  double g = rng.Normal();  uint64_t k = rng.Below(10);
//   double y = nn::Tanh(0.5);  nn::Exp(x), nn::Log(x), nn::Log1p(x), nn::Sin(x), nn::Cos(x), nn::Sigmoid(x)
//
// Why our own: the C library's exp/tanh/sin and std::normal_distribution differ between glibc
// (native) and musl (Emscripten), so a training run would not give bit-identical numbers in the
// browser and on the desktop. These use only +, −, ×, ÷, sqrt, floor and ldexp (exactly rounded
// IEEE operations) in a fixed order, so they give the same bits everywhere (the build uses
// -std=c++17, i.e. no floating-point contraction into FMA). Accuracy: within a few ulp of the
// correctly rounded double (tested against the C library in tests/core/nn/test_nn_math.cpp).
#pragma once

#include <cstdint>

namespace bw::nn {

double Exp(double x);    // e^x; +inf above 709.78, 0 below −745.2, NaN stays NaN
double Expm1(double x);  // e^x − 1, accurate near 0
double Log(double x);    // natural log; −inf at 0, NaN below 0
double Log1p(double x);  // log(1 + x), accurate near 0; x > −1
double Sin(double x);    // accurate for |x| < 1e5 (Cody–Waite reduction); NaN for ±inf and |x| ≥ 1e15
double Cos(double x);
double Tanh(double x);
double Sigmoid(double x);  // 1 / (1 + e^−x)

// Faster variants for float results (training in fp32): relative error below 1e−8, i.e. under a
// sixth of a float ulp; the same bits on every platform. The double versions serve the gradient checks.
double ExpF(double x);
double TanhF(double x);
double SigmoidF(double x);
// out[i] = float(TanhF(in[i])) for i < n, bit for bit; with WebAssembly SIMD two lanes at a time.
void TanhFArray(float* out, const float* in, int n);

// splitmix64-seeded xoshiro256** (Blackman & Vigna): the same sequence on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed = 1);
  uint64_t Next();                       // 64 random bits
  double Uniform();                      // [0, 1), 53 bits
  double Uniform(double lo, double hi);  // [lo, hi)
  uint64_t Below(uint64_t n);            // [0, n) without modulo bias (n ≥ 1)
  double Normal();                       // mean 0, sd 1 (Box–Muller with our Log/Sin/Cos)
 private:
  uint64_t s_[4];
};

}  // namespace bw::nn
