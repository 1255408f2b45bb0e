// Correct rounding from exact decimal strings, the via-FP32 path, exact decimal output, and reports.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/formats/formats.h"
#include "format_test_helpers.h"

using namespace bw::formats;
using bw::formats::testing::F;
using bw::formats::testing::P2;

namespace {
Conversion Conv(const std::string& text, const char* f, ConvertOptions o = {}) {
  ParsedNumber p = ParseNumber(text);
  REQUIRE_MESSAGE(p.ok, p.error);
  return Convert(p, F(f), o);
}
ConvertOptions Via() {
  ConvertOptions o;
  o.via_fp32 = true;
  return o;
}
// The C library's exact printing ("%.*f" prints every digit of a double, glibc and musl alike).
std::string LibcExact(double x) {
  static char buf[1500];
  std::snprintf(buf, sizeof buf, "%.1100f", x);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}
}  // namespace

TEST_CASE("exact decimal of stored values") {
  // FP32 0.1 = 0x3DCCCCCD = 0.100000001490116119384765625 (the example; float.exposed shows the same).
  CHECK(Conv("0.1", "fp32").exact == "0.100000001490116119384765625");
  CHECK(Conv("0.1", "fp32").bits_hex == "0x3dcccccd");
  // Double 0.1 = 0.1000000000000000055511151231257827021181583404541015625 (Python: decimal.Decimal(0.1)).
  CHECK(ExactDecimal(0.1) == "0.1000000000000000055511151231257827021181583404541015625");
  // The BF16 example.
  Conversion bf = Conv("0.0123456789", "bf16");
  CHECK(bf.bits_hex == "0x3c4a");
  CHECK(bf.exact == "0.0123291015625");
  // 2^−1074 has 1074 digits after the point and ends in 5 (2^−n = 5^n / 10^n).
  std::string tiny = ExactDecimal(std::ldexp(1.0, -1074));
  CHECK(tiny.size() == 2 + 1074);
  CHECK(tiny.substr(0, 2 + 323 + 10) == "0." + std::string(323, '0') + "4940656458");
  CHECK(tiny.back() == '5');
  CHECK(ExactDecimal(-0.0) == "-0");
  CHECK(ExactDecimal(INFINITY) == "inf");
  // Against the C library's exact printing, on doubles of every magnitude.
  uint64_t s = 7;
  int bad = 0;
  for (int i = 0; i < 3000; ++i) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    double x = std::ldexp(static_cast<double>(s >> 11), static_cast<int>((s % 2100)) - 1100 - 53);
    if (ExactDecimal(x) != LibcExact(x)) ++bad;
  }
  CHECK(bad == 0);
  CHECK(ExactDecimal(1.7976931348623157e308) == LibcExact(1.7976931348623157e308));
}

TEST_CASE("decimal strings round correctly into FP64 and FP32 (checked against strtod/strtof)") {
  // glibc's and musl's strtod/strtof are correctly rounded (RNE) from the exact decimal value.
  uint64_t s = 99;
  auto next = [&] {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return s >> 33;
  };
  int bad64 = 0, bad32 = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string t = (next() % 2) ? "-" : "";
    int nd = 1 + static_cast<int>(next() % 40);
    for (int k = 0; k < nd; ++k) {
      t.push_back(static_cast<char>('0' + next() % 10));
      if (k == 0 && nd > 1) t.push_back('.');
    }
    t += "e" + std::to_string(static_cast<int>(next() % 700) - 350);
    ParsedNumber p = ParseNumber(t);
    if (!p.ok) continue;  // ≥ 1e400 is rejected by design
    double d = std::strtod(t.c_str(), nullptr);
    float f = std::strtof(t.c_str(), nullptr);
    if (Convert(p, F("fp64")).value != d && !(std::isinf(d))) ++bad64;
    double v32 = Convert(p, F("fp32")).value;
    if (v32 != static_cast<double>(f)) ++bad32;
  }
  CHECK(bad64 == 0);
  CHECK(bad32 == 0);
  // Famous hard case: 2^53 + 1 is a tie → 2^53; any digit beyond breaks the tie upward.
  CHECK(Conv("9007199254740993", "fp64").value == 9007199254740992.0);
  CHECK(Conv("9007199254740993.0000000000000000000001", "fp64").value == 9007199254740994.0);
  // The smallest subnormal's neighbourhood: 2^−1075 (half of 2^−1074) is a tie → 0 (even); a hair more → 2^−1074.
  // 2^−1075 = 5^1075 / 10^1075, with 5^1075 computed here by schoolbook digit arithmetic.
  std::string five = "1";
  for (int k = 0; k < 1075; ++k) {
    int carry = 0;
    for (size_t j = five.size(); j-- > 0;) {
      int d = (five[j] - '0') * 5 + carry;
      five[j] = static_cast<char>('0' + d % 10);
      carry = d / 10;
    }
    if (carry) five.insert(five.begin(), static_cast<char>('0' + carry));
  }
  const std::string half_tiny = "0." + std::string(1075 - five.size(), '0') + five;
  CHECK(Conv(half_tiny, "fp64").value == 0);
  CHECK(Conv(half_tiny + "1", "fp64").value == std::ldexp(1.0, -1074));
  CHECK(std::strtod((half_tiny + "1").c_str(), nullptr) == std::ldexp(1.0, -1074));
}

TEST_CASE("correct rounding from the decimal vs rounding via FP32 (double rounding)") {
  // REFERENCES §1: 1 + 2^−11 + 2^−30 goes straight to FP16 0x3C01 but via FP32 to 0x3C00:
  // FP32 keeps 1 + 2^−11 (2^−30 is below its gap), which is then an exact tie in FP16 → even.
  const std::string x = "1.000488282181322574615478515625";  // = 1 + 2^−11 + 2^−30 exactly
  Conversion direct = Conv(x, "fp16");
  Conversion via = Conv(x, "fp16", Via());
  CHECK(direct.bits == 0x3C01);
  CHECK(via.bits == 0x3C00);
  CHECK(direct.paths_differ);
  CHECK(direct.other_path_bits == 0x3C00);
  CHECK(via.other_path_bits == 0x3C01);
  // Same lesson for BF16: 1 + 2^−8 + 2^−30 → direct 0x3F81 (above the tie), via FP32 0x3F80 (tie → even).
  Conversion b = Conv("1.003906250931322574615478515625", "bf16");
  CHECK(b.bits == 0x3F81);
  CHECK(Conv("1.003906250931322574615478515625", "bf16", Via()).bits == 0x3F80);
  // And where FP32 is exact, the two paths agree.
  CHECK_FALSE(Conv("1.5", "fp16").paths_differ);
}

TEST_CASE("a 10,000-digit number is rounded exactly") {
  // 1 + 2^−11 (an FP16 tie) followed by 10,000 zeros and a 1: just above the tie → rounds up.
  std::string above = "1.00048828125" + std::string(10000, '0') + "1";
  CHECK(Conv(above, "fp16").bits == 0x3C01);
  std::string exact = "1.00048828125" + std::string(10000, '0');
  CHECK(Conv(exact, "fp16").bits == 0x3C00);
  // 10,000 nines before the point: far beyond every format → a clear error, not a crash.
  ParsedNumber big = ParseNumber(std::string(10000, '9'));
  CHECK_FALSE(big.ok);
  CHECK(big.error.find("too large") != std::string::npos);
  // 10,000 digits after "0.": a normal small number.
  std::string small = "0." + std::string(5000, '0') + std::string(5000, '7');
  Conversion c = Conv(small, "fp64");
  CHECK(c.value == 0);
  CHECK(c.rel_error == 1);
}

TEST_CASE("conversion reports: errors, flags, neighbours, ULP") {
  Conversion c = Conv("0.1", "bf16");
  CHECK(c.value == 0.10009765625);
  // |0.1 − 0.10009765625| = 0.00009765625 exactly.
  CHECK(c.abs_error == 0.00009765625);
  CHECK(c.rel_error == doctest::Approx(0.0009765625).epsilon(1e-12));
  CHECK(c.flags == kFlagRounded);
  // BF16 gap in [2^−4, 2^−3) is 2^−4·2^−7 = 2^−11.
  CHECK(c.ulp == 0.00048828125);
  CHECK(c.next_up.exact == "0.1005859375");
  CHECK(c.next_down.exact == "0.099609375");
  CHECK(c.fields.bit_string == "0 01111011 1001101");
  CHECK(c.fields.unbiased_exponent == -4);
  // Overflow to Inf: infinite error; NaN result: undefined error.
  Conversion o = Conv("1e6", "fp16");
  CHECK(o.exact == "inf");
  CHECK((o.flags & kFlagOverflow) != 0);
  CHECK(std::isinf(o.abs_error));
  CHECK(std::isnan(Conv("1000", "fp8_e4m3").rel_error));
  // Neighbours at the edges: FP16 max's next up is +Inf; E4M3 max has none (0x7F is NaN); 0's are ±min subnormal.
  Conversion m = Conv("65504", "fp16");
  CHECK(m.next_up.exists);
  CHECK(m.next_up.exact == "inf");
  CHECK_FALSE(Conv("448", "fp8_e4m3").next_up.exists);
  Conversion z = Conv("0", "fp8_e4m3");
  CHECK(z.next_up.value == std::ldexp(1.0, -9));
  CHECK(z.next_down.value == -std::ldexp(1.0, -9));
  CHECK(z.abs_error == 0);
  Conversion n = Conv("-1.5", "fp16");
  CHECK(n.next_up.exact == "-1.4990234375");
  CHECK(n.next_down.exact == "-1.5009765625");
  // Inspect (bit editor): any code, no input.
  Conversion i = Inspect(0x7C00, F("fp16"));
  CHECK(i.exact == "inf");
  CHECK((i.flags & kFlagInf) != 0);
  CHECK(Inspect(0x0001, F("fp16")).exact == "0.000000059604644775390625");
  CHECK(Inspect(0x3F800000, F("tf32")).exact == "1");
  CHECK(Inspect(0x3F800FFF, F("tf32")).bits == 0x3F800000);  // bits outside TF32's 19 are dropped
  CHECK(BitsHex(0x3F800000, F("tf32")) == "0x3f800000");
  // Stochastic conversion of a decimal is reproducible by seed.
  ConvertOptions so;
  so.round.rounding = Rounding::kStochastic;
  so.round.seed = 5;
  CHECK(Conv("0.1", "fp8_e4m3", so).bits == Conv("0.1", "fp8_e4m3", so).bits);
}
