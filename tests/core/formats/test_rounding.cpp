// Rounding into each format: ties to even, overflow after rounding, saturation, subnormals, −0, NaN,
// toward-zero, stochastic, integers and E8M0.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "core/formats/formats.h"
#include "format_test_helpers.h"
#include "reference.h"

using namespace bw::formats;
using bw::formats::testing::F;
using bw::formats::testing::P2;

namespace {
uint64_t Enc(double x, const char* f, RoundOptions o = {}, unsigned* flags = nullptr) {
  return EncodeDouble(x, F(f), o, flags);
}
RoundOptions Sat() {
  RoundOptions o;
  o.overflow = Overflow::kSaturate;
  return o;
}
RoundOptions Rtz() {
  RoundOptions o;
  o.rounding = Rounding::kTowardZero;
  return o;
}
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("E4M3 overflow is decided after rounding: 464 is a tie that rounds to 448") {
  // OCP OFP8 v1.0: max 448 = S.1111.110; the next step would be 480 (the NaN code), so the midpoint is 464.
  unsigned fl = 0;
  CHECK(Enc(464, "fp8_e4m3", {}, &fl) == 0x7E);
  CHECK((fl & kFlagOverflow) == 0);
  CHECK(Enc(463.9, "fp8_e4m3") == 0x7E);
  CHECK(Enc(464.0001, "fp8_e4m3", {}, &fl) == 0x7F);  // non-saturating: NaN
  CHECK((fl & kFlagOverflow) != 0);
  CHECK((fl & kFlagNaN) != 0);
  CHECK(Enc(464.0001, "fp8_e4m3", Sat(), &fl) == 0x7E);
  CHECK((fl & kFlagSaturated) != 0);
  CHECK(Enc(-1000, "fp8_e4m3", Sat()) == 0xFE);
  CHECK(Enc(-1000, "fp8_e4m3") == 0xFF);
  // Inf: no Inf code. Non-saturating → NaN; saturating → ±448 (ONNX Cast-19 saturate semantics).
  CHECK(Enc(kInf, "fp8_e4m3") == 0x7F);
  CHECK(Enc(-kInf, "fp8_e4m3", Sat()) == 0xFE);
}

TEST_CASE("E5M2 and FP16 overflow thresholds") {
  // E5M2: max 57344 = 1.75·2^15, next step 65536 would be Inf: midpoint 61440 is a tie, rounds to the even
  // code 0x7C = Inf (REFERENCES.md §1, from the OCP FP8 spec).
  CHECK(Enc(61440, "fp8_e5m2") == 0x7C);
  CHECK(Enc(61439.99, "fp8_e5m2") == 0x7B);
  CHECK(Enc(61440, "fp8_e5m2", Sat()) == 0x7B);
  CHECK(Enc(kInf, "fp8_e5m2", Sat()) == 0x7C);  // an Inf input stays Inf (it did not overflow)
  // FP16: 65504 max; 65520 is the midpoint to 65536 → Inf (IEEE 754 binary16; F16C agrees, see native_f16c.cpp).
  CHECK(Enc(65519.99, "fp16") == 0x7BFF);
  CHECK(Enc(65520, "fp16") == 0x7C00);
  CHECK(Enc(-65520, "fp16") == 0xFC00);
  CHECK(Enc(65520, "fp16", Sat()) == 0x7BFF);
}

TEST_CASE("round toward zero never overflows to Inf (IEEE 754-2019 §7.4)") {
  CHECK(Enc(1e6, "fp16", Rtz()) == 0x7BFF);
  CHECK(Enc(-1e6, "fp8_e4m3", Rtz()) == 0xFE);
  CHECK(Enc(1.999, "fp4_e2m1", Rtz()) == 0x3);   // 1.5
  CHECK(Enc(-1.999, "fp4_e2m1", Rtz()) == 0xB);  // −1.5
  CHECK(Enc(0.1, "bf16", Rtz()) == 0x3DCC);      // 0.1 = 0x3DCCCCCD in FP32: truncation keeps 0x3DCC
  CHECK(Enc(0.1, "bf16") == 0x3DCD);
}

TEST_CASE("ties go to the even code") {
  // FP4 E2M1 values 0, 0.5, 1, 1.5, 2, 3, 4, 6 (OCP MX): midpoints and where RNE sends them.
  struct Row {
    double x;
    uint64_t code;
  };
  const Row e2m1[] = {{0.25, 0x0}, {0.75, 0x2}, {1.25, 0x2}, {1.75, 0x4}, {2.5, 0x4},
                      {3.5, 0x6},  {5, 0x6},    {-5, 0xE},   {7, 0x7}};
  for (const Row& r : e2m1) {
    CAPTURE(r.x);
    CHECK(Enc(r.x, "fp4_e2m1") == r.code);
  }
  // BF16: 1 + 2^−8 lies halfway between 1 (0x3F80, even) and 1 + 2^−7 (0x3F81): → 0x3F80;
  // 1 + 3·2^−8 lies halfway between 0x3F81 and 0x3F82 (even): → 0x3F82.
  CHECK(Enc(1 + P2(-8), "bf16") == 0x3F80);
  CHECK(Enc(1 + 3 * P2(-8), "bf16") == 0x3F82);
  // FP16: 1 + 2^−11 → 0x3C00; 1 + 3·2^−11 → 0x3C02.
  CHECK(Enc(1 + P2(-11), "fp16") == 0x3C00);
  CHECK(Enc(1 + 3 * P2(-11), "fp16") == 0x3C02);
  // E4M3 at 1: gap 0.125. 1.0625 → 1 (0x38); 1.1875 → 1.25 (0x3A).
  CHECK(Enc(1.0625, "fp8_e4m3") == 0x38);
  CHECK(Enc(1.1875, "fp8_e4m3") == 0x3A);
  // TF32 from REFERENCES §1: 0x3F801000 (1 + 2^−11) is a tie: RNE keeps 0x3F800000 (NVIDIA's cvt.rna would go up).
  CHECK(Enc(1 + P2(-11), "tf32") == 0x3F800000);
  CHECK(Enc(1 + 3 * P2(-11), "tf32") == 0x3F804000);  // tie between mantissa 1 (odd) and 2 (even)
}

TEST_CASE("subnormals, underflow, and signed zero") {
  unsigned fl = 0;
  CHECK(Enc(P2(-24), "fp16", {}, &fl) == 0x0001);  // FP16 min subnormal
  CHECK((fl & kFlagSubnormal) != 0);
  CHECK(Enc(P2(-25), "fp16", {}, &fl) == 0x0000);  // tie between 0 and 2^−24: to 0 (even)
  CHECK((fl & kFlagUnderflow) != 0);
  CHECK(Enc(1.5 * P2(-25), "fp16") == 0x0001);
  CHECK(Enc(-P2(-25), "fp16") == 0x8000);
  CHECK(Enc(P2(-9), "fp8_e4m3") == 0x01);
  CHECK(Enc(P2(-10), "fp8_e4m3") == 0x00);
  CHECK(Enc(P2(-16), "fp8_e5m2") == 0x01);
  CHECK(Enc(0.875 * P2(-6), "fp8_e4m3") == 0x07);
  CHECK(Enc(0.9375 * P2(-6), "fp8_e4m3") == 0x08);  // tie between max subnormal 0x07 and min normal 0x08 (even)
  CHECK(Enc(-0.0, "fp16") == 0x8000);
  CHECK(Enc(-0.0, "fp8_e4m3") == 0x80);
  CHECK(Enc(-0.0, "bf16") == 0x8000);
  CHECK(std::signbit(RoundToFormat(-0.0, F("fp4_e2m1"))));
  CHECK(Enc(-0.0, "int8") == 0x00);
  CHECK(Enc(P2(-1074), "fp64") == 1);
  CHECK(Enc(P2(-150), "fp32") == 0);
  CHECK(Enc(P2(-149), "fp32") == 1);
}

TEST_CASE("NaN encodings and formats without NaN") {
  unsigned fl = 0;
  CHECK(Enc(kNaN, "fp16") == 0x7E00);  // canonical quiet NaN (REFERENCES §1)
  CHECK(Enc(kNaN, "bf16") == 0x7FC0);
  CHECK(Enc(kNaN, "fp8_e4m3") == 0x7F);
  CHECK(Enc(kNaN, "fp8_e5m2") == 0x7E);
  CHECK(Enc(kNaN, "e8m0") == 0xFF);
  CHECK(Enc(kNaN, "fp4_e2m1", {}, &fl) == 0x0);
  CHECK((fl & kFlagInvalid) != 0);
  CHECK(std::isnan(RoundToFormat(kNaN, F("fp4_e2m1"))));
  CHECK(std::isnan(RoundToFormat(kNaN, F("int8"))));
  CHECK(Enc(kInf, "fp6_e2m3") == 0x1F);  // no Inf: saturates to 7.5
}

TEST_CASE("integers round to nearest even and saturate") {
  unsigned fl = 0;
  CHECK(Enc(2.5, "int8") == 2);
  CHECK(Enc(3.5, "int8") == 4);
  CHECK(Enc(-2.5, "int8") == 0xFE);
  CHECK(Enc(-128.5, "int8") == 0x80);          // tie between −128 and −129: −128 is even and in range
  CHECK(Enc(127.5, "int8", {}, &fl) == 0x7F);  // rounds to 128 (even), which overflows → 127
  CHECK((fl & kFlagSaturated) != 0);
  CHECK(Enc(1e30, "int8") == 0x7F);
  CHECK(Enc(-1e30, "int8") == 0x80);
  CHECK(Enc(-1, "uint8", {}, &fl) == 0);
  CHECK((fl & kFlagOverflow) != 0);
  CHECK(Enc(-0.4, "uint8", {}, &fl) == 0);
  CHECK((fl & kFlagOverflow) == 0);
  CHECK(Enc(255.5, "uint8") == 255);
  CHECK(Enc(-8, "int4") == 0x8);
  CHECK(Enc(7.5, "int4") == 0x7);
  CHECK(Enc(-7.5, "int4") == 0x8);
  CHECK(RoundToFormat(-7.5, F("int4")) == -8);
  CHECK(Enc(15.4, "uint4") == 0xF);
}

TEST_CASE("E8M0 rounds to the nearest power of two with ties to the even code") {
  // ml_dtypes' float8_e8m0fnu rounds on the bits (RNE on the encoding): 1.5 → 2, 3 → 2, 6 → 8 (code 0x81 is odd).
  CHECK(Enc(1, "e8m0") == 0x7F);
  CHECK(Enc(1.5, "e8m0") == 0x80);
  CHECK(Enc(3, "e8m0") == 0x80);
  CHECK(Enc(6, "e8m0") == 0x82);
  CHECK(Enc(1.4, "e8m0") == 0x7F);
  CHECK(Enc(P2(127), "e8m0") == 0xFE);
  CHECK(Enc(P2(200), "e8m0") == 0xFE);  // MX clamps the scale exponent (saturates)
  unsigned fl = 0;
  CHECK(Enc(P2(-140), "e8m0", {}, &fl) == 0x00);  // no zero: raised to 2^−127
  CHECK((fl & kFlagUnderflow) != 0);
  CHECK(Enc(0, "e8m0", {}, &fl) == 0xFF);
  CHECK((fl & kFlagInvalid) != 0);
  CHECK(Enc(-2, "e8m0") == 0xFF);
}

TEST_CASE("stochastic rounding is reproducible and unbiased") {
  const FormatSpec& bf = F("bf16");
  // x = 1 + 0.3 gaps of BF16 at 1 (gap 2^−7). Round up with probability 0.3 (definition of stochastic
  // rounding, e.g. Connolly, Higham & Mary 2021, "Stochastic rounding and its probabilistic backward error").
  const double x = 1 + 0.3 * P2(-7);
  RoundOptions o;
  o.rounding = Rounding::kStochastic;
  o.seed = 42;
  int ups = 0;
  const int n = 100000;
  int others = 0;
  for (int i = 0; i < n; ++i) {
    o.index = static_cast<uint64_t>(i);
    uint64_t b = EncodeDouble(x, bf, o);
    others += b != 0x3F80 && b != 0x3F81;
    ups += b == 0x3F81;
  }
  CHECK(others == 0);
  // Binomial(100000, 0.3): σ = sqrt(n·p·(1−p)) ≈ 145; 5σ ≈ 725 ups.
  CHECK(std::abs(ups - 30000) < 725);
  // Reproducible: same seed and index, same decision; another seed gives a different stream.
  o.index = 7;
  uint64_t a = EncodeDouble(x, bf, o);
  CHECK(EncodeDouble(x, bf, o) == a);
  int same = 0;
  RoundOptions o2 = o;
  o2.seed = 43;
  for (int i = 0; i < 1000; ++i) {
    o.index = o2.index = static_cast<uint64_t>(i);
    same += EncodeDouble(x, bf, o) == EncodeDouble(x, bf, o2);
  }
  CHECK(same < 800);  // independent streams agree with probability 0.58 per draw
  // Representable values never move.
  o.index = 3;
  CHECK(EncodeDouble(1.5, bf, o) == 0x3FC0);
  // Negative values round away from zero with the same probability (sign-symmetric).
  ups = 0;
  for (int i = 0; i < 20000; ++i) {
    o.index = static_cast<uint64_t>(i);
    ups += EncodeDouble(-x, bf, o) == 0xBF81;
  }
  CHECK(std::abs(ups - 6000) < 325);  // 5σ with σ ≈ 65
}

TEST_CASE("fast BF16/FP16 paths agree with the rounding core and the exact-distance oracle") {
  // Deterministic sample of FP32 bit patterns across all exponents, plus edge cases.
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state >> 32);
  };
  const uint32_t edges[] = {0,          0x80000000u, 1,          0x007FFFFF, 0x00800000, 0x3F808000,
                            0x3F818000, 0x7F7FFFFF,  0x7F7F8000, 0x7F7F7FFF, 0x7F800000, 0xFF800000,
                            0x477FF000, 0x477FEFFF,  0x33000000, 0x33000001, 0x387FFFFF};
  int mismatches = 0;
  for (int i = 0; i < 200000 + 17; ++i) {
    uint32_t bits = i < 17 ? edges[i] : next();
    float x = testref::FromBits(bits);
    if (std::isnan(x)) continue;
    uint16_t bf = FloatToBF16Bits(x);
    bool ok = bf == EncodeDouble(x, F("bf16")) && bf == testref::NearestByDistance(bits, 7) >> 16 &&
              FloatToFP16Bits(x) == EncodeDouble(x, F("fp16")) &&
              EncodeDouble(x, F("tf32")) == testref::NearestByDistance(bits, 10);
    if (!ok) {
      CAPTURE(bits);
      CHECK(bf == EncodeDouble(x, F("bf16")));  // report the first mismatch in detail
      ++mismatches;
      break;
    }
  }
  CHECK(mismatches == 0);
  // NaN stays NaN with its sign (the plain add-0x7FFF trick would turn 0x7FFFFFFF into −0: REFERENCES §1).
  CHECK(FloatToBF16Bits(testref::FromBits(0x7FFFFFFFu)) == 0x7FFF);
  CHECK(FloatToBF16Bits(testref::FromBits(0xFF800001u)) == 0xFFC0);
  CHECK(std::isnan(RoundFloatToBF16(testref::FromBits(0x7F800001u))));
  CHECK(std::isnan(RoundFloatToFP16(std::numeric_limits<float>::quiet_NaN())));
}

TEST_CASE("bulk FP8 conversion agrees with the rounding core") {
  uint64_t state = 999;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state >> 32);
  };
  const int n = 100000;
  std::vector<float> in(n);
  for (int i = 0; i < n; ++i) {
    uint32_t b = next();
    // Concentrate half the sample in FP8's range (exponents 2^−20..2^20).
    if (i % 2) b = (b & 0x807FFFFFu) | (static_cast<uint32_t>(107 + (next() % 40)) << 23);
    in[i] = testref::FromBits(b);
  }
  in[0] = 464;
  in[1] = -448;
  in[2] = 61440;
  in[3] = std::numeric_limits<float>::infinity();
  in[4] = -0.0f;
  std::vector<uint8_t> e4(n), e4s(n), e5(n), e5s(n);
  FloatsToFP8E4M3(in.data(), e4.data(), n);
  FloatsToFP8E4M3(in.data(), e4s.data(), n, Overflow::kSaturate);
  FloatsToFP8E5M2(in.data(), e5.data(), n);
  FloatsToFP8E5M2(in.data(), e5s.data(), n, Overflow::kSaturate);
  int bad = 0;
  for (int i = 0; i < n; ++i) {
    bad += e4[i] != EncodeDouble(in[i], F("fp8_e4m3"));
    bad += e4s[i] != EncodeDouble(in[i], F("fp8_e4m3"), Sat());
    bad += e5[i] != EncodeDouble(in[i], F("fp8_e5m2"));
    bad += e5s[i] != EncodeDouble(in[i], F("fp8_e5m2"), Sat());
  }
  CHECK(bad == 0);
  CHECK(e4[0] == 0x7E);
  CHECK(e5[2] == 0x7C);
  // RoundFloats emulates a format in place.
  std::vector<float> v = {0.1f, 464.0f, 1e9f};
  RoundFloats(v.data(), v.size(), F("fp8_e4m3"), Sat());
  CHECK(v[0] == 0.1015625f);
  CHECK(v[1] == 448.0f);
  CHECK(v[2] == 448.0f);
}
