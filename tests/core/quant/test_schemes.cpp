// Code tables and scale rules of each scheme, against their published definitions.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/quant/quant.h"

using namespace bw::quant;

namespace {

QuantResult Run(const std::vector<float>& x, const char* scheme, Granularity g = Granularity::kDefault, int block = 0,
                const char* scale_format = "") {
  QuantConfig c = DefaultConfig(scheme);
  if (g != Granularity::kDefault) c.granularity = g;
  if (block) c.block = block;
  c.scale_format = scale_format;
  return Quantize(x, 0, c);
}

}  // namespace

TEST_CASE("NF4 uses exactly the 16 values of bitsandbytes") {
  // bitsandbytes/functional.py get_4bit_type("nf4") (QLoRA arXiv:2305.14314, Appendix E), codes 0..15.
  const double bnb_nf4[16] = {-1.0,
                              -0.6961928009986877,
                              -0.5250730514526367,
                              -0.39491748809814453,
                              -0.28444138169288635,
                              -0.18477343022823334,
                              -0.09105003625154495,
                              0.0,
                              0.07958029955625534,
                              0.16093020141124725,
                              0.24611230194568634,
                              0.33791524171829224,
                              0.44070982933044434,
                              0.5626170039176941,
                              0.7229568362236023,
                              1.0};
  std::vector<float> x(64);
  for (int i = 0; i < 64; ++i) x[static_cast<size_t>(i)] = static_cast<float>(std::sin(i * 0.7) * 3);
  QuantResult r = Run(x, "nf4");
  REQUIRE(r.ok);
  REQUIRE(r.grid.size() == 16);
  for (int k = 0; k < 16; ++k) {
    CAPTURE(k);
    CHECK(r.grid[static_cast<size_t>(k)] == static_cast<double>(static_cast<float>(bnb_nf4[k])));
  }
  // Each element goes to the nearest code (bitsandbytes' dQuantizeNF4 compares with midpoints).
  const float absmax = r.scales[0];
  for (size_t i = 0; i < x.size(); ++i) {
    double v = x[i] / absmax;
    int best = 0;
    for (int k = 1; k < 16; ++k) {
      if (std::fabs(v - bnb_nf4[k]) < std::fabs(v - bnb_nf4[best])) best = k;
    }
    CAPTURE(i);
    CHECK(r.codes[i] == best);
  }
}

TEST_CASE("MXFP4 elements are the E2M1 values of the OCP MX spec") {
  // OCP Microscaling Formats (MX) v1.0, §5.3.3 (FP4 E2M1): ±{0, 0.5, 1, 1.5, 2, 3, 4, 6}.
  const double e2m1[15] = {-6, -4, -3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3, 4, 6};
  std::vector<float> x(32, 1.0f);
  QuantResult r = Run(x, "mxfp4");
  REQUIRE(r.ok);
  REQUIRE(r.grid.size() == 15);
  for (int k = 0; k < 15; ++k) CHECK(r.grid[static_cast<size_t>(k)] == e2m1[k]);
}

TEST_CASE("MX shared scale follows the spec, including its clipping case") {
  // OCP MX v1.0 §6.3: shared_exp = floor(log2(amax)) − emax_elem; E2M1 emax = 2.
  // amax 1.9: floor(log2 1.9) = 0 → scale 2^−2; 1.9/0.25 = 7.6 saturates to 6 → 1.5 (−21 %).
  std::vector<float> x(32, 0.1f);
  x[5] = 1.9f;
  QuantResult r = Run(x, "mxfp4");
  REQUIRE(r.ok);
  CHECK(r.scales[0] == 0.25f);
  CHECK(r.dequantized[5] == 1.5f);
  CHECK(r.metrics.clipped_fraction == doctest::Approx(1.0 / 32));

  // E4M3 emax = 8: amax 300 → floor(log2 300) = 8 → scale 2^0; 300 is on the E4M3 grid? No: 288 and 320
  // are neighbours (step 32 in [256, 448)), the tie-free nearest is 288.
  std::vector<float> y(32, 1.0f);
  y[0] = 300.0f;
  QuantResult r8 = Run(y, "mxfp8_e4m3");
  REQUIRE(r8.ok);
  CHECK(r8.scales[0] == 1.0f);
  CHECK(r8.dequantized[0] == 288.0f);
  CHECK(r8.metrics.clipped_fraction == 0);

  // MXINT8 (emax 0): amax 3.0 → scale 2^1; elements int8·2^−6, so 3.0/2 = 1.5 = 96/64 exactly.
  std::vector<float> z(32, 0.0f);
  z[0] = 3.0f;
  z[1] = -0.01f;
  QuantResult ri = Run(z, "mxint8");
  REQUIRE(ri.ok);
  CHECK(ri.scales[0] == 2.0f);
  CHECK(ri.codes[0] == 96);
  CHECK(ri.dequantized[0] == 3.0f);
  // −0.01/2·64 = −0.32 → code 0: flushed to zero.
  CHECK(ri.dequantized[1] == 0.0f);
  CHECK(ri.metrics.zero_fraction == doctest::Approx(0.5));

  // All-zero block: microxcaling uses log2 of FP32's min normal → 2^(−126 − 2), codes all zero.
  std::vector<float> zeros(32, 0.0f);
  QuantResult r0 = Run(zeros, "mxfp4");
  REQUIRE(r0.ok);
  CHECK(r0.scales[0] == static_cast<float>(std::ldexp(1.0, -127)));  // clamped at E8M0's minimum
  CHECK(r0.metrics.mse == 0);
}

TEST_CASE("llama.cpp Q8_0 and Q4_0, written independently, give the same codes and values") {
  // Reference written from llama.cpp ggml-quants.c quantize_row_q8_0_ref / quantize_row_q4_0_ref
  // and dequantize_row_q8_0 / _q4_0 (block of 32, ggml_half d). The FP16 rounding of d uses
  // ml_dtypes-compatible RNE (checked here against its bit-level definition: 11 significant bits).
  auto to_fp16 = [](float v) {
    if (v == 0) return 0.0f;
    int e;
    std::frexp(v, &e);        // v = m·2^e, 0.5 ≤ |m| < 1
    const int keep = e - 11;  // FP16: 11 significant bits (all scales here are normal FP16)
    return static_cast<float>(std::nearbyint(std::ldexp(v, -keep)) * std::ldexp(1.0, keep));
  };
  TensorSpec t;
  t.n = 4096;
  t.seed = 42;
  t.dist = Distribution::kLaplace;
  std::vector<float> x = MakeTensor(t);
  REQUIRE(x.size() == 4096);
  QuantResult q8 = Run(x, "int8_sym");
  QuantResult q4 = Run(x, "int4_sym");
  REQUIRE(q8.ok);
  REQUIRE(q4.ok);
  int mismatches = 0;
  for (size_t b = 0; b < x.size() / 32; ++b) {
    const float* xb = x.data() + b * 32;
    float amax = 0, max = 0;
    for (int j = 0; j < 32; ++j) {
      if (amax < std::fabs(xb[j])) {
        amax = std::fabs(xb[j]);
        max = xb[j];
      }
    }
    // Q8_0
    const float d8 = amax / ((1 << 7) - 1);
    const float id8 = d8 ? 1.0f / d8 : 0.0f;
    const float d8h = to_fp16(d8);
    // Q4_0
    const float d4 = max / -8;
    const float id4 = d4 ? 1.0f / d4 : 0.0f;
    const float d4h = to_fp16(d4);
    for (int j = 0; j < 32; ++j) {
      const size_t i = b * 32 + static_cast<size_t>(j);
      const int c8 = static_cast<int>(std::roundf(xb[j] * id8));
      const int c4 = std::min(15, static_cast<int>(static_cast<int8_t>(xb[j] * id4 + 8.5f))) - 8;
      if (q8.codes[i] != c8 || q8.dequantized[i] != c8 * d8h) ++mismatches;
      if (q4.codes[i] != c4 || q4.dequantized[i] != c4 * d4h) ++mismatches;
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("asymmetric schemes follow PyTorch's min-max rule with a zero-point") {
  // PyTorch MinMaxObserver: range [min(x,0), max(x,0)], s = (max−min)/255, zp = −round(min/s).
  std::vector<float> x = {-1.0f, 0.0f, 0.5f, 3.0f};
  QuantResult r = Run(x, "uint8_asym", Granularity::kTensor);
  REQUIRE(r.ok);
  const float s = 4.0f / 255;
  CHECK(r.scales[0] == s);
  CHECK(r.zero_points[0] == static_cast<int>(std::nearbyint(1.0f / s)));  // 64
  CHECK(r.dequantized[1] == 0.0f);                                        // zero is exact
  CHECK(r.codes[3] == 255);
  CHECK(r.codes[0] == 0);
}

TEST_CASE("FP8 per-tensor cast maps amax to the format's max") {
  // OCP OFP8: E4M3 max 448, E5M2 max 57344.
  std::vector<float> x = {-2.0f, 0.5f, 1.0f, 0.001f};
  QuantResult r = Run(x, "fp8_e4m3");
  REQUIRE(r.ok);
  CHECK(r.scales[0] == 2.0f / 448);
  CHECK(r.dequantized[0] == -2.0f);
  CHECK(r.codes[0] == 0xFE);  // −448: S.1111.110
  QuantResult r5 = Run(x, "fp8_e5m2");
  REQUIRE(r5.ok);
  CHECK(r5.scales[0] == 2.0f / 57344);
  CHECK(r5.codes[0] == 0xFB);  // −57344: S.11110.11
}

TEST_CASE("double quantization uses bitsandbytes' 8-bit dynamic map") {
  // bitsandbytes functional.py create_dynamic_map(signed=True, max_exponent_bits=7, total_bits=8):
  // 127 positive and 127 negative values 10^(i−6)·midpoints(linspace(0.1, 1, 2^i + 1)), plus 0 and 1.
  const std::vector<float>& m = DynamicMap();
  REQUIRE(m.size() == 256);
  CHECK(std::is_sorted(m.begin(), m.end()));
  CHECK(m.back() == 1.0f);
  // largest magnitude below 1: 10^0 · (1 + (1 − 0.9/64))/2 = 0.99296875
  CHECK(m[m.size() - 2] == doctest::Approx(1 - 0.9 / 128).epsilon(1e-6));
  CHECK(m.front() == doctest::Approx(-(1 - 0.9 / 128)).epsilon(1e-6));
  // smallest magnitude: 10^−6 · (0.1 + 1)/2 = 5.5e−7, on both sides of the exact zero
  size_t zero = static_cast<size_t>(std::find(m.begin(), m.end(), 0.0f) - m.begin());
  REQUIRE(zero < m.size());
  CHECK(zero == 127);
  CHECK(m[zero + 1] == doctest::Approx(5.5e-7).epsilon(1e-6));
  CHECK(m[zero - 1] == doctest::Approx(-5.5e-7).epsilon(1e-6));
  // the decade [1e−3, 1e−2) = 10^(4−6)·[0.1, 1) holds the 2^4 midpoints of i = 4: 16 positive values
  int in_decade = 0;
  for (float v : m) in_decade += v >= 0.1f * 1e-2f && v < 1e-2f;
  CHECK(in_decade == 16);
}
