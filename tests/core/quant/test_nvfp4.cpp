// NVFP4 against NVIDIA Transformer Engine's definition (docs/features/low_precision_training/nvfp4/
// nvfp4.rst): x = x_e2m1 · s_block · s_global, E2M1 elements ±{0, 0.5, 1, 1.5, 2, 3, 4, 6}, one
// unsigned E4M3 block scale per 16 consecutive elements (max 448), one FP32 scale per tensor
// s_global = amax / (448·6), s_block = (block_amax / 6) / s_global rounded to E4M3. Every expected
// value below is worked out by hand from that definition (E4M3 values from the OCP OFP8 table).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/formats/formats.h"
#include "core/quant/quant.h"

using namespace bw::quant;

TEST_CASE("ue4m3: E4M3 with the sign bit ignored (the NVFP4 block-scale type)") {
  const bw::formats::FormatSpec* f = bw::formats::FindFormat("ue4m3");
  REQUIRE(f != nullptr);
  CHECK_FALSE(f->is_signed);
  // OCP OFP8 E4M3: 0x7E = 1.110·2^8 = 448, 0x08 = 2^-6 (min normal), 0x01 = 2^-9, 0x7F = NaN.
  CHECK(bw::formats::DecodeBits(0x7E, *f) == 448);
  CHECK(bw::formats::DecodeBits(0x08, *f) == std::ldexp(1.0, -6));
  CHECK(bw::formats::DecodeBits(0x01, *f) == std::ldexp(1.0, -9));
  CHECK(std::isnan(bw::formats::DecodeBits(0x7F, *f)));
  // The sign bit is ignored: 0xFE decodes as 448, not -448; encoding never sets it.
  CHECK(bw::formats::DecodeBits(0xFE, *f) == 448);
  CHECK(bw::formats::EncodeDouble(448, *f) == 0x7E);
  CHECK(bw::formats::EncodeDouble(11.2, *f) == 0x53);  // 11 = 1.011·2^3: exponent 10, mantissa 011
  // Saturating: 1000 → 448; no negatives: -3 → 0 with the overflow flag.
  CHECK(bw::formats::RoundToFormat(1000, *f) == 448);
  unsigned flags = 0;
  CHECK(bw::formats::EncodeDouble(-3, *f, {}, &flags) == 0);
  CHECK((flags & bw::formats::kFlagSaturated) != 0);
  CHECK(bw::formats::Facts(*f).max == 448);
  // Neighbours never go below zero.
  bw::formats::Conversion c = bw::formats::Convert(bw::formats::ParseNumber("0"), *f);
  CHECK_FALSE(c.next_down.exists);
  CHECK(c.next_up.value == std::ldexp(1.0, -9));
}

TEST_CASE("nvfp4 bits per parameter: 4 + 8/16 + 32/n") {
  QuantConfig c = DefaultConfig("nvfp4");
  CHECK(c.block == 16);
  CHECK(c.scale_format == "ue4m3");
  CHECK(*BitsPerParam(c, 4096) == doctest::Approx(4.5 + 32.0 / 4096));
  CHECK(*BitsPerParam(c, 4096, nullptr, 4096) == doctest::Approx(4.5 + 32.0 / (4096.0 * 4096)));
  c.tensor_scale = false;
  CHECK(*BitsPerParam(c, 4096) == doctest::Approx(4.5));
  // The layout is fixed by NVIDIA.
  std::string error;
  QuantConfig b = DefaultConfig("nvfp4");
  b.block = 32;
  CHECK_FALSE(BitsPerParam(b, 4096, &error).has_value());
  CHECK(error.find("blocks of 16") != std::string::npos);
  QuantConfig e = DefaultConfig("nvfp4");
  e.scale_format = "e8m0";
  CHECK_FALSE(Resolve(e, &error).has_value());
  QuantConfig m = DefaultConfig("mxfp4");
  m.tensor_scale = false;
  CHECK_FALSE(Resolve(m, &error).has_value());
  CHECK(error.find("only applies to nvfp4") != std::string::npos);
}

TEST_CASE("nvfp4 quantizes a two-block tensor exactly as Transformer Engine defines it") {
  // Block 0: amax 12 (the tensor's amax); block 1: amax 0.3.
  std::vector<float> x(32, 0.0f);
  const float b0[16] = {12, -12, 6, 5, 1, 0.7f, -0.2f, 0, 3, 9, -4.5f, 2, 0.1f, 7, -1, 10};
  const float b1[16] = {0.3f,  -0.3f, 0.1f,   0.05f, 0.2f,  -0.14f, 0,      0.01f,
                        0.25f, 0.02f, -0.07f, 0.12f, 0.16f, 0.18f,  -0.22f, 0.29f};
  for (int i = 0; i < 16; ++i) x[i] = b0[i], x[16 + i] = b1[i];
  QuantResult r = Quantize(x, 32, DefaultConfig("nvfp4"));
  REQUIRE(r.ok);
  // s_global = 12 / 2688.
  CHECK(r.tensor_scale == doctest::Approx(12.0 / 2688).epsilon(1e-7));
  // Block 0: (12/6) / s_global = 448 → E4M3 448 (exact). Block 1: (0.3/6) / s_global = 11.2 → the
  // E4M3 neighbours are 11 and 12 (spacing 1 in [8, 16)): 11.
  REQUIRE(r.block_scales.size() == 2);
  CHECK(r.block_scales[0] == 448);
  CHECK(r.block_scales[1] == 11);
  // Decode: block 0 element unit = 448 · 12/2688 = 2: 12 → 6·2, 5 → 2.5 → E2M1 2 (tie 2.5 between 2 and 3:
  // even mantissa → 2) → 4; 0.7 → 0.35 → 0.5 → 1; 9 → 4.5 → 4 (tie: even) → 8; 7 → 3.5 → 4 (tie, even) → 8.
  const double u0 = 2.0;
  CHECK(r.dequantized[0] == doctest::Approx(6 * u0));
  CHECK(r.dequantized[1] == doctest::Approx(-6 * u0));
  CHECK(r.dequantized[3] == doctest::Approx(2 * u0));
  CHECK(r.dequantized[5] == doctest::Approx(0.5 * u0));
  CHECK(r.dequantized[9] == doctest::Approx(4 * u0));
  CHECK(r.dequantized[13] == doctest::Approx(4 * u0));
  // Block 1 unit = 11 · 12/2688 = 0.049107...: 0.3 → 6.109 → saturates to 6; 0.1 → 2.036 → 2; 0.05 → 1.018 → 1;
  // 0.01 → 0.204 → 0; 0.14 → 2.851 → 3.
  const double u1 = 11.0 * 12 / 2688;
  CHECK(r.dequantized[16] == doctest::Approx(6 * u1));
  CHECK(r.dequantized[18] == doctest::Approx(2 * u1));
  CHECK(r.dequantized[19] == doctest::Approx(1 * u1));
  CHECK(r.dequantized[23] == 0);
  CHECK(r.dequantized[21] == doctest::Approx(-3 * u1));
  CHECK(r.metrics.bits_per_param == doctest::Approx(4.5 + 32.0 / 32));
}

TEST_CASE("nvfp4 beats mxfp4 on normal weights; without the FP32 tensor scale small weights vanish") {
  TensorSpec t;
  t.n = 1 << 16;
  t.seed = 7;
  std::vector<float> x = MakeTensor(t);
  QuantResult nv = Quantize(x, 4096, DefaultConfig("nvfp4"));
  QuantResult mx = Quantize(x, 4096, DefaultConfig("mxfp4"));
  REQUIRE(nv.ok);
  REQUIRE(mx.ok);
  // Finer blocks (16 vs 32) and a scale with 3 mantissa bits instead of a power of two.
  CHECK(nv.metrics.sqnr_db > mx.metrics.sqnr_db + 1.0);
  // Weights of a trained layer are small (σ ≈ 1e-3 here): block scales amax/6 ≈ 6e-4 fall below
  // E4M3's smallest subnormal 2^-9 ≈ 0.00195 unless the FP32 tensor scale lifts them into range.
  t.stddev = 1e-3;
  x = MakeTensor(t);
  QuantConfig with = DefaultConfig("nvfp4");
  QuantConfig without = with;
  without.tensor_scale = false;
  QuantResult a = Quantize(x, 4096, with);
  QuantResult b = Quantize(x, 4096, without);
  REQUIRE(a.ok);
  REQUIRE(b.ok);
  CHECK(a.zero_block_scales == 0);
  CHECK(b.zero_block_scales > 0);
  CHECK(a.metrics.sqnr_db > b.metrics.sqnr_db + 6.0);
  CHECK(b.metrics.zero_fraction > 0.05);
}
