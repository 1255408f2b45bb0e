// Format facts and decode tables against the published specifications.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/formats/formats.h"
#include "format_test_helpers.h"

using namespace bw::formats;
using bw::formats::testing::F;
using bw::formats::testing::P2;

TEST_CASE("the built-in formats are the issue's fifteen plus NVFP4's UE4M3 scale, in order") {
  const char* names[] = {"fp64",     "fp32",     "tf32", "bf16",  "fp16", "fp8_e4m3", "fp8_e5m2", "fp6_e3m2",
                         "fp6_e2m3", "fp4_e2m1", "e8m0", "ue4m3", "int8", "uint8",    "int4",     "uint4"};
  REQUIRE(AllFormats().size() == 16);
  for (size_t i = 0; i < 16; ++i) CHECK(AllFormats()[i].name == names[i]);
  CHECK(FindFormat("fp17") == nullptr);
  CHECK(FindFormat("") == nullptr);
}

TEST_CASE("format limits match the FP8 paper and the OCP MX spec") {
  // Micikevicius et al., "FP8 Formats for Deep Learning" (arXiv:2209.05433) Table 1 (= OCP OFP8 v1.0);
  // OCP Microscaling Formats (MX) Specification v1.0, Tables 1-3 (FP6, FP4, E8M0); IEEE 754-2019 Table 3.2;
  // TF32 max from NVIDIA's A100 whitepaper (FP32 range, 10-bit mantissa): (2 − 2^−10)·2^127.
  struct Row {
    const char* name;
    double max, min_normal, min_sub;
    int bits;
  };
  const Row rows[] = {
      {"fp32", 3.4028234663852886e38, P2(-126), P2(-149), 32},
      {"tf32", (2 - P2(-10)) * P2(127), P2(-126), P2(-136), 19},
      {"bf16", 3.3895313892515355e38, P2(-126), P2(-133), 16},
      {"fp16", 65504, P2(-14), P2(-24), 16},
      {"fp8_e5m2", 57344, P2(-14), P2(-16), 8},
      {"fp8_e4m3", 448, P2(-6), P2(-9), 8},
      {"fp6_e3m2", 28, 0.25, 0.0625, 6},
      {"fp6_e2m3", 7.5, 1, 0.125, 6},
      {"fp4_e2m1", 6, 1, 0.5, 4},
      {"e8m0", P2(127), P2(-127), P2(-127), 8},
      {"int8", 127, 1, 1, 8},
      {"uint4", 15, 1, 1, 4},
  };
  for (const Row& r : rows) {
    CAPTURE(r.name);
    FormatFacts x = Facts(F(r.name));
    CHECK(x.max == r.max);
    CHECK(x.min_normal == r.min_normal);
    CHECK(x.min_subnormal == r.min_sub);
    CHECK(x.bits == r.bits);
  }
  // Decimal digits = (M+1)·log10 2: FP32 ≈ 7.22, FP16 ≈ 3.31, BF16 ≈ 2.41 (IEEE 754 §3.6 "precision p").
  CHECK(Facts(F("fp32")).decimal_digits == doctest::Approx(7.2247).epsilon(1e-4));
  CHECK(Facts(F("fp16")).decimal_digits == doctest::Approx(3.3113).epsilon(1e-4));
  CHECK(Facts(F("bf16")).decimal_digits == doctest::Approx(2.4082).epsilon(1e-4));
  CHECK(Facts(F("fp16")).epsilon == P2(-10));
  CHECK(Facts(F("bf16")).epsilon == P2(-7));
  // FP16 spans log10(65504 / 2^−24) ≈ 12.04 decades.
  CHECK(Facts(F("fp16")).dynamic_range_decades == doctest::Approx(12.04).epsilon(1e-3));
}

TEST_CASE("FP8 encodings of the special and limit values (OCP OFP8 / arXiv:2209.05433 Table 1)") {
  const FormatSpec& e4 = F("fp8_e4m3");
  const FormatSpec& e5 = F("fp8_e5m2");
  // E4M3: max S.1111.110 = 448, min normal S.0001.000 = 2^−6, max subnormal S.0000.111 = 0.875·2^−6,
  // min subnormal S.0000.001 = 2^−9, NaN S.1111.111, no infinities.
  CHECK(DecodeBits(0x7E, e4) == 448);
  CHECK(DecodeBits(0xFE, e4) == -448);
  CHECK(DecodeBits(0x08, e4) == P2(-6));
  CHECK(DecodeBits(0x07, e4) == 0.875 * P2(-6));
  CHECK(DecodeBits(0x01, e4) == P2(-9));
  CHECK(std::isnan(DecodeBits(0x7F, e4)));
  CHECK(std::isnan(DecodeBits(0xFF, e4)));
  CHECK(DecodeBits(0x78, e4) == 256);  // S.1111.000 is an ordinary number in E4M3
  CHECK(DecodeBits(0x80, e4) == 0);
  CHECK(std::signbit(DecodeBits(0x80, e4)));
  // E5M2: max S.11110.11 = 57344, min normal S.00001.00 = 2^−14, max subnormal S.00000.11 = 0.75·2^−14,
  // min subnormal S.00000.01 = 2^−16, Inf S.11111.00, NaN S.11111.{01,10,11}.
  CHECK(DecodeBits(0x7B, e5) == 57344);
  CHECK(DecodeBits(0x04, e5) == P2(-14));
  CHECK(DecodeBits(0x03, e5) == 0.75 * P2(-14));
  CHECK(DecodeBits(0x01, e5) == P2(-16));
  CHECK(std::isinf(DecodeBits(0x7C, e5)));
  CHECK(DecodeBits(0xFC, e5) < 0);
  for (uint64_t c : {0x7Du, 0x7Eu, 0x7Fu, 0xFDu, 0xFEu, 0xFFu}) CHECK(std::isnan(DecodeBits(c, e5)));
}

TEST_CASE("FP8 full decode tables follow the OCP definitions") {
  // OCP OFP8 v1.0 §5.3: normal (−1)^S·2^(E−bias)·(1 + M/2^m), subnormal (−1)^S·2^(1−bias)·(M/2^m);
  // E4M3 bias 7, NaN only S.1111.111; E5M2 bias 15, IEEE Inf/NaN. Written here independently with pow().
  for (int code = 0; code < 256; ++code) {
    CAPTURE(code);
    int s = code >> 7;
    {  // E4M3
      int e = (code >> 3) & 15, m = code & 7;
      double v = e == 0 ? std::pow(2.0, -6) * (m / 8.0) : std::pow(2.0, e - 7) * (1 + m / 8.0);
      if (s) v = -v;
      double got = DecodeBits(static_cast<uint64_t>(code), F("fp8_e4m3"));
      if (e == 15 && m == 7)
        CHECK(std::isnan(got));
      else
        CHECK(got == v);
    }
    {  // E5M2
      int e = (code >> 2) & 31, m = code & 3;
      double v = e == 0 ? std::pow(2.0, -14) * (m / 4.0) : std::pow(2.0, e - 15) * (1 + m / 4.0);
      if (s) v = -v;
      double got = DecodeBits(static_cast<uint64_t>(code), F("fp8_e5m2"));
      if (e == 31 && m != 0)
        CHECK(std::isnan(got));
      else if (e == 31)
        CHECK(got == (s ? -INFINITY : INFINITY));
      else
        CHECK(got == v);
    }
  }
}

TEST_CASE("MX element formats decode as the OCP MX v1.0 tables say") {
  // OCP MX v1.0 Table (FP4 E2M1): magnitudes 0, 0.5, 1, 1.5, 2, 3, 4, 6 for codes 0..7; bit 3 is the sign.
  const double e2m1[8] = {0, 0.5, 1, 1.5, 2, 3, 4, 6};
  for (int c = 0; c < 16; ++c) {
    CAPTURE(c);
    CHECK(DecodeBits(static_cast<uint64_t>(c), F("fp4_e2m1")) == (c & 8 ? -e2m1[c & 7] : e2m1[c & 7]));
  }
  // FP6 E2M3: max S.11.111 = 7.5, min normal S.01.000 = 1, max subnormal S.00.111 = 0.875, min subnormal 0.125.
  CHECK(DecodeBits(0x1F, F("fp6_e2m3")) == 7.5);
  CHECK(DecodeBits(0x08, F("fp6_e2m3")) == 1.0);
  CHECK(DecodeBits(0x07, F("fp6_e2m3")) == 0.875);
  CHECK(DecodeBits(0x01, F("fp6_e2m3")) == 0.125);
  CHECK(DecodeBits(0x3F, F("fp6_e2m3")) == -7.5);
  // FP6 E3M2: max S.111.11 = 28, min normal S.001.00 = 0.25, max subnormal S.000.11 = 0.1875, min subnormal 0.0625.
  CHECK(DecodeBits(0x1F, F("fp6_e3m2")) == 28);
  CHECK(DecodeBits(0x04, F("fp6_e3m2")) == 0.25);
  CHECK(DecodeBits(0x03, F("fp6_e3m2")) == 0.1875);
  CHECK(DecodeBits(0x01, F("fp6_e3m2")) == 0.0625);
  // E8M0: 2^(e−127), 0xFF = NaN, no sign, no zero (MX v1.0 §5.4).
  CHECK(DecodeBits(0x7F, F("e8m0")) == 1);
  CHECK(DecodeBits(0x00, F("e8m0")) == P2(-127));
  CHECK(DecodeBits(0xFE, F("e8m0")) == P2(127));
  CHECK(std::isnan(DecodeBits(0xFF, F("e8m0"))));
}

TEST_CASE("integers decode as two's complement or unsigned") {
  CHECK(DecodeBits(0x80, F("int8")) == -128);
  CHECK(DecodeBits(0xFF, F("int8")) == -1);
  CHECK(DecodeBits(0x7F, F("int8")) == 127);
  CHECK(DecodeBits(0xFF, F("uint8")) == 255);
  CHECK(DecodeBits(0x8, F("int4")) == -8);
  CHECK(DecodeBits(0xF, F("uint4")) == 15);
}

TEST_CASE("custom minifloats: names, limits, and errors") {
  // e5m2 spelled as a custom format is IEEE binary8 with FP8 E5M2's values.
  const FormatSpec* c = FindFormat("e5m2");
  REQUIRE(c != nullptr);
  CHECK(Facts(*c).max == 57344);
  // e4m3 with the "fn" convention and bias 7 is OCP E4M3.
  const FormatSpec* fn = FindFormat("e4m3b7_fn");
  REQUIRE(fn != nullptr);
  CHECK(Facts(*fn).max == 448);
  for (int code = 0; code < 256; ++code) {
    double a = DecodeBits(static_cast<uint64_t>(code), *fn), b = DecodeBits(static_cast<uint64_t>(code), F("fp8_e4m3"));
    CHECK((a == b || (std::isnan(a) && std::isnan(b))));
  }
  // _fin with 3 exponent bits, 2 mantissa bits, bias 3 is MX FP6 E3M2.
  const FormatSpec* fin = FindFormat("e3m2_fin");
  REQUIRE(fin != nullptr);
  CHECK(Facts(*fin).max == 28);
  CHECK(FindFormat("e3m4")->name == "e3m4");
  CHECK(FindFormat("e3m4b3") == FindFormat("e3m4"));  // same format, same registry entry
  // Bad custom formats explain themselves.
  FormatParse p0 = ParseFormat("e0m3");
  CHECK_FALSE(p0.ok);
  CHECK(p0.error.find("exponent bits must be 1..11") != std::string::npos);
  FormatParse p30 = ParseFormat("e30m3");
  CHECK_FALSE(p30.ok);
  CHECK(p30.error.find("got 30") != std::string::npos);
  CHECK_FALSE(ParseFormat("e5m60").ok);
  CHECK_FALSE(ParseFormat("e1m2").ok);  // IEEE-style needs a non-reserved exponent
  CHECK(ParseFormat("e1m2_fin").ok);
  CHECK_FALSE(ParseFormat("e8m3b-2000").ok);
  CHECK_FALSE(ParseFormat("e5m2_xyz").ok);
  CHECK_FALSE(ParseFormat("e99999999999999m2").ok);
  CHECK(MakeCustomFormat(30, 3, 0, Specials::kIeee).error.find("1..11") != std::string::npos);
}

TEST_CASE("range profiles: binades, gaps and value counts") {
  // Counted independently: every positive finite code, decoded.
  for (const char* name :
       {"fp16", "bf16", "fp8_e4m3", "fp8_e5m2", "fp6_e3m2", "fp6_e2m3", "fp4_e2m1", "e8m0", "int8", "uint4"}) {
    CAPTURE(std::string(name));
    const FormatSpec& f = F(name);
    uint64_t positive = 0;
    for (uint64_t c = 0; c < CodeCount(f); ++c) {
      double v = DecodeBits(CodeToBits(c, f), f);
      positive += std::isfinite(v) && v > 0;
    }
    RangeProfile r = Range(f);
    uint64_t total = 0;
    for (const Binade& b : r.binades) total += b.values;
    CHECK(total == positive);
    CHECK(r.binades.back().end == Facts(f).max);
  }
  // FP16: 1 subnormal entry + 30 binades (2^−14 .. 2^15); gap at 1 is 2^−10 (IEEE 754 binary16).
  RangeProfile h = Range(F("fp16"));
  CHECK(h.binades.size() == 31);
  CHECK(h.binades[0].subnormal);
  CHECK(h.binades[15].start == 1);
  CHECK(h.binades[15].gap == P2(-10));
  // BF16 keeps FP32's range (binades 2^−126 .. 2^127) with 2^7 values per binade.
  RangeProfile b = Range(F("bf16"));
  CHECK(b.binades.size() == 1 + 254);
  CHECK(b.binades[1].values == 128);
  // E4M3's top binade [256, 448] has 7 values: S.1111.111 is NaN (OCP OFP8).
  CHECK(Range(F("fp8_e4m3")).binades.back().values == 7);
}
