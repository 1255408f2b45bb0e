// Bad input gives a clear message, never a crash (this suite also runs under ASan/UBSan in CI).
#include <doctest/doctest.h>

#include <string>

#include "core/formats/formats.h"

using namespace bw::formats;

namespace {
std::string Err(const std::string& text) {
  ParsedNumber p = ParseNumber(text);
  CHECK_FALSE(p.ok);
  return p.error;
}
bool Has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("the issue's bad inputs are refused with a message") {
  CHECK(Has(Err("abc"), "at character 1"));
  CHECK(Has(Err(""), "empty input"));
  CHECK(Has(Err("   "), "empty input"));
  CHECK(Has(Err("1e999"), "too large"));
  CHECK(Has(Err("-1e999"), "too large"));
  CHECK(Has(Err("-nan"), "nan"));
  CHECK(Has(Err("0x1p-200"), "hexadecimal"));
  CHECK(Has(Err("1e"), "exponent needs digits"));
  CHECK(Has(Err("1.2.3"), "at character 4"));
  CHECK(Has(Err("--1"), "at character 2"));
  CHECK(Has(Err("12abc"), "at character 3"));
  CHECK(Has(Err(std::string(1000001, '1')), "limit"));
  CHECK(Has(Err("."), "not a number"));
  // Edge inputs that are numbers.
  CHECK(ParseNumber("1e-99999999999999999999999").ok);
  CHECK(ParseNumber("1e-99999999999999999999999").approx == 0);
  CHECK(ParseNumber("0e99999999999").is_zero);
  CHECK(ParseNumber("-0").negative);
  CHECK(ParseNumber("nan").is_nan);
  CHECK(ParseNumber("-inf").is_inf);
  CHECK(ParseNumber("  2.5 ").approx == 2.5);
  CHECK(ParseNumber(".5").approx == 0.5);
  CHECK(ParseNumber("+5.").approx == 5);
  CHECK(ParseNumber(std::string(10000, '1') + "e-9990").ok);  // 10,000 digits, value ≈ 1.1e9
}

TEST_CASE("every format survives hostile values") {
  const char* values[] = {"0",
                          "-0",
                          "nan",
                          "inf",
                          "-inf",
                          "1e-400",
                          "-1e-400",
                          "1.7976931348623157e308",
                          "1.797693134862315807e308",
                          "-4.9e-324",
                          "123456789012345678901234567890",
                          "0.5",
                          "-0.5"};
  for (const FormatSpec& f : AllFormats()) {
    for (const char* v : values) {
      CAPTURE(f.name);
      CAPTURE(std::string(v));
      ParsedNumber p = ParseNumber(v);
      REQUIRE(p.ok);
      for (Rounding r : {Rounding::kNearestEven, Rounding::kTowardZero, Rounding::kStochastic}) {
        ConvertOptions o;
        o.round.rounding = r;
        Conversion c = Convert(p, f, o);
        CHECK(!c.exact.empty());
        CHECK(!c.bits_hex.empty());
      }
    }
    // Every code of every small format inspects cleanly.
    if (f.bits <= 16)
      for (uint64_t code = 0; code < CodeCount(f); ++code) CHECK(!Inspect(CodeToBits(code, f), f).exact.empty());
  }
}

TEST_CASE("custom formats with absurd parameters are refused") {
  for (const char* n : {"e0m3", "e30m3", "e12m3", "e5m53", "e-1m2", "e5m2b99999", "e1m0", "e11m52_fin", "e", "em",
                        "e5m", "e5m2b", "fp8"}) {
    CAPTURE(std::string(n));
    FormatParse p = ParseFormat(n);
    CHECK_FALSE(p.ok);
    CHECK(!p.error.empty());
    CHECK(FindFormat(n) == nullptr);
  }
  // The widest and narrowest accepted ones work end to end.
  for (const char* n : {"e11m52", "e1m0_fin", "e2m0_fin", "e8m0_fn", "e2m0", "e10m52_fin", "e3m4b-2"}) {
    CAPTURE(std::string(n));
    const FormatSpec* f = FindFormat(n);
    REQUIRE(f != nullptr);
    Conversion c = Convert(ParseNumber("0.3"), *f);
    CHECK(!c.exact.empty());
  }
}
