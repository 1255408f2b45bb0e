// The WebAssembly SIMD paths of the training kernels (kernels.h, TanhFArray in nn_math.cpp) against
// the scalar code they replace: bit for bit. Natively both sides are the scalar code (a check that
// the overloads are wired the same); under wasm (built with -msimd128) this is the real comparison.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "core/nn/kernels.h"
#include "core/nn/nn_math.h"

using namespace bw::nn;

namespace {

uint32_t Bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

std::vector<float> Values(int n, uint64_t seed, double scale) {
  Rng rng(seed);
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = static_cast<float>(rng.Uniform(-scale, scale));
  return v;
}

}  // namespace

TEST_CASE("TanhFArray gives TanhF's bits, special values and branch edges included") {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> in = {0.0f,
                           -0.0f,
                           0.17f,
                           -0.17f,
                           std::nextafter(0.17f, 0.0f),
                           10.0f,
                           -10.0f,
                           std::nextafter(10.0f, 11.0f),
                           1e-30f,
                           -1e-30f,
                           1e30f,
                           -1e30f,
                           inf,
                           -inf,
                           std::numeric_limits<float>::quiet_NaN(),
                           3.0f};
  for (float x : Values(20001, 7, 12.0)) in.push_back(x);  // odd count: the scalar tail runs too
  std::vector<float> out(in.size());
  TanhFArray(out.data(), in.data(), static_cast<int>(in.size()));
  int mismatches = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    float ref = static_cast<float>(TanhF(static_cast<double>(in[i])));
    if (std::isnan(ref) ? !std::isnan(out[i]) : Bits(ref) != Bits(out[i])) {
      if (++mismatches <= 5) CHECK_MESSAGE(false, "x = " << in[i] << ": " << out[i] << " vs " << ref);
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("Linear forward and backward for float give the scalar template's bits (sizes with and without tails)") {
  for (int I : {1, 2, 4, 7, 8, 64}) {
    for (int O : {1, 3, 4, 8, 64}) {
      const int B = 5;
      std::vector<float> x = Values(B * I, 1, 2.0), w = Values(O * I, 2, 1.0), bias = Values(O, 3, 0.5),
                         g = Values(B * O, 4, 1.0);
      std::vector<float> y1(static_cast<size_t>(B * O)), y2(y1.size());
      LinearForward(y1.data(), x.data(), w.data(), bias.data(), B, I, O);         // float overload (SIMD on wasm)
      LinearForward<float>(y2.data(), x.data(), w.data(), bias.data(), B, I, O);  // the scalar template
      std::vector<float> dx1(static_cast<size_t>(B * I), 0.25f), dx2 = dx1, dw1(static_cast<size_t>(O * I), -0.5f),
                                                                 dw2 = dw1;
      std::vector<float> db1(static_cast<size_t>(O), 0.0f), db2 = db1;
      LinearBackward(dx1.data(), dw1.data(), db1.data(), g.data(), x.data(), w.data(), B, I, O);
      LinearBackward<float>(dx2.data(), dw2.data(), db2.data(), g.data(), x.data(), w.data(), B, I, O);
      INFO("I = " << I << ", O = " << O);
      CHECK(std::memcmp(y1.data(), y2.data(), y1.size() * sizeof(float)) == 0);
      CHECK(std::memcmp(dx1.data(), dx2.data(), dx1.size() * sizeof(float)) == 0);
      CHECK(std::memcmp(dw1.data(), dw2.data(), dw1.size() * sizeof(float)) == 0);
      CHECK(std::memcmp(db1.data(), db2.data(), db1.size() * sizeof(float)) == 0);
    }
  }
}
