// FP32 → FP16 and FP16 → FP32 against the CPU's F16C instructions (x86 only; excluded from wasm).
// _cvtss_sh(x, 0) converts with round-to-nearest-even (imm8 = 0), quieting NaNs; _cvtsh_ss decodes.
#include <doctest/doctest.h>

#include <immintrin.h>

#include <cstdint>
#include <cstring>

#include "core/formats/formats.h"
#include "reference.h"

using namespace bw::formats;

namespace {
__attribute__((target("f16c"))) uint16_t HwToHalf(float x) { return static_cast<uint16_t>(_cvtss_sh(x, 0)); }
__attribute__((target("f16c"))) float HwFromHalf(uint16_t h) { return _cvtsh_ss(h); }
bool HaveF16C() { return __builtin_cpu_supports("f16c"); }
}  // namespace

TEST_CASE("FP32 → FP16 matches F16C on edge cases and a large sample") {
  if (!HaveF16C()) {
    MESSAGE("CPU without F16C: skipped");
    return;
  }
  const FormatSpec& fp16 = *FindFormat("fp16");
  const uint32_t edges[] = {0x00000000, 0x80000000, 0x00000001, 0x007FFFFF, 0x00800000, 0x33000000, 0x33000001,
                            0x337FFFFF, 0x33800000, 0x387FC000, 0x387FE000, 0x387FF000, 0x38800000, 0x3F800000,
                            0x3F801000, 0x3F803000, 0x477FE000, 0x477FEFFF, 0x477FF000, 0x477FF001, 0x47800000,
                            0x7F7FFFFF, 0x7F800000, 0xFF800000, 0x7F800001, 0x7FC00000, 0x7FFFFFFF, 0xFFC00001,
                            0x7F802000, 0xB3000001, 0xC77FF000};
  for (uint32_t b : edges) {
    CAPTURE(b);
    float x = testref::FromBits(b);
    CHECK(FloatToFP16Bits(x) == HwToHalf(x));
    if (x == x) CHECK(EncodeDouble(x, fp16) == HwToHalf(x));  // the rounding core (NaN payloads differ by design)
  }
  uint64_t s = 2024;
  int bad_fast = 0, bad_core = 0;
  for (int i = 0; i < 2000000; ++i) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    uint32_t b = static_cast<uint32_t>(s >> 32);
    if (i % 2) b = (b & 0x807FFFFFu) | ((100u + static_cast<uint32_t>(s % 50)) << 23);  // FP16's exponent range
    float x = testref::FromBits(b);
    uint16_t hw = HwToHalf(x);
    bad_fast += FloatToFP16Bits(x) != hw;
    if (x == x && i % 8 == 0) bad_core += EncodeDouble(x, fp16) != hw;
  }
  CHECK(bad_fast == 0);
  CHECK(bad_core == 0);
}

TEST_CASE("FP16 → FP32 decoding of all 65,536 codes matches F16C") {
  if (!HaveF16C()) return;
  const FormatSpec& fp16 = *FindFormat("fp16");
  int bad = 0;
  for (uint32_t h = 0; h < 65536; ++h) {
    float hw = HwFromHalf(static_cast<uint16_t>(h));
    float fast = FP16BitsToFloat(static_cast<uint16_t>(h));
    double core = DecodeBits(h, fp16);
    if (hw != hw) {
      bad += !(fast != fast) || !(core != core) || testref::Bits(fast) != testref::Bits(hw);
    } else {
      bad += testref::Bits(fast) != testref::Bits(hw) || core != static_cast<double>(hw) ||
             std::signbit(core) != std::signbit(hw);
    }
  }
  CHECK(bad == 0);
}
