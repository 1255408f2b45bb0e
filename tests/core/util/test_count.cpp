// ParseCount: the count forms people write ("13e9", "7B", "125M") and clear rejections.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/util/count.h"

using namespace bw;

TEST_CASE("ParseCount reads plain, scientific and suffixed counts") {
  struct Row {
    const char* text;
    double value;  // written by hand from the text (the oracle is the notation itself)
  };
  const Row rows[] = {
      {"4096", 4096},  {"13e9", 13e9},  {"7.5e9", 7.5e9}, {"13B", 13e9},
      {"70b", 70e9},   {"125M", 125e6}, {"1.5k", 1500},   {"0", 0},
      {" 7B ", 7e9},   {"7 B", 7e9},    {"1.2T", 1.2e12}, {"6,738,415,616", 6738415616.0},
      {"1_000", 1000}, {"+3", 3},       {"2E+3", 2000},   {"8g", 8e9},
      {".5k", 500},    {"1.", 1},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    std::string error;
    std::optional<double> v = ParseCount(row.text, &error);
    REQUIRE(v.has_value());
    CHECK(*v == doctest::Approx(row.value).epsilon(1e-15));
    CHECK(error.empty());
  }
}

TEST_CASE("ParseCount rejects negatives, NaN, infinity and garbage with a message naming the text") {
  struct Row {
    const char* text;
    const char* says;
  };
  const Row rows[] = {
      {"-5", "negative"},       {"nan", "NaN"},
      {"inf", "infinity"},      {"", "empty"},
      {"abc", "digit"},         {"7 GB", "after the suffix"},
      {"7x", "unexpected 'x'"}, {"1e", "exponent"},
      {"1e999", "too large"},   {"0x10", "unexpected 'x'"},
      {"1,", "unexpected ','"}, {"B", "digit"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    std::string error;
    CHECK_FALSE(ParseCount(row.text, &error).has_value());
    CHECK(error.find(row.says) != std::string::npos);
    CHECK(error.find(std::string("'") + row.text + "'") != std::string::npos);
  }
  CHECK_FALSE(ParseCount("x", nullptr).has_value());  // a null error pointer is allowed
}

TEST_CASE("ParseIntCount checks whole numbers and bounds, naming the option") {
  std::string error;
  CHECK(ParseIntCount("4k", "--seq", 1, 1 << 30, &error) == 4000);
  CHECK_FALSE(ParseIntCount("1.5", "--seq", 1, 100, &error).has_value());
  CHECK(error == "--seq: '1.5' is not a whole number");
  CHECK_FALSE(ParseIntCount("0", "--seq", 1, 100, &error).has_value());
  CHECK(error == "--seq: 0 is outside 1..100");
  CHECK_FALSE(ParseIntCount("1e9", "--seq", 1, 100, &error).has_value());
  CHECK(error.find("is outside 1..100") != std::string::npos);
  CHECK_FALSE(ParseIntCount("-1", "--batch", 1, 100, &error).has_value());
  CHECK(error.rfind("--batch: ", 0) == 0);
}

TEST_CASE("FormatGrouped writes thousands separators") {
  CHECK(bw::FormatGrouped(6738415616.0) == "6,738,415,616");  // Llama-2-7B's parameter count as HF prints it
  CHECK(bw::FormatGrouped(999) == "999");
  CHECK(bw::FormatGrouped(1000) == "1,000");
  CHECK(bw::FormatGrouped(-1234567) == "-1,234,567");
  CHECK(bw::FormatGrouped(0) == "0");
  CHECK(bw::FormatGrouped(1e300).size() > 300);
  CHECK(bw::FormatGrouped(std::nan("")) == "nan");
}

TEST_CASE("ParseWhole reads seeds: plain digits exactly to 2^64 - 1, other count forms when whole") {
  std::string error;
  CHECK(ParseWhole("18446744073709551615", &error) == 18446744073709551615ull);  // UINT64_MAX (C's <stdint.h>)
  CHECK(ParseWhole("9007199254740993", &error) == 9007199254740993ull);          // 2^53 + 1: no double can hold it
  CHECK(ParseWhole(" 42 ", &error) == 42u);
  CHECK(ParseWhole("1k", &error) == 1000u);
  CHECK(ParseWhole("2_048", &error) == 2048u);
  CHECK(ParseWhole("1e6", &error) == 1000000u);
  CHECK(ParseWhole("0", &error) == 0u);
  CHECK_FALSE(ParseWhole("18446744073709551616", &error).has_value());
  CHECK(error == "'18446744073709551616' is above the maximum 18446744073709551615 (2^64 - 1)");
  CHECK_FALSE(ParseWhole("2e19", &error).has_value());
  CHECK(error.find("above the maximum") != std::string::npos);
  CHECK_FALSE(ParseWhole("1.5", &error).has_value());
  CHECK(error == "'1.5' is not a whole number");
  CHECK_FALSE(ParseWhole("-1", &error).has_value());
  CHECK(error.find("cannot be negative") != std::string::npos);
  CHECK_FALSE(ParseWhole("", &error).has_value());
  CHECK_FALSE(ParseWhole("0x10", nullptr).has_value());
}

TEST_CASE("ParseReal reads finite reals as strtod does, nothing after them") {
  std::string error;
  CHECK(ParseReal("0.01", &error) == 0.01);
  CHECK(ParseReal("-3", &error) == -3.0);
  CHECK(ParseReal("1e-7", &error) == 1e-7);
  for (const char* bad : {"", "abc", "nan", "inf", "1e999", "0.1x", "1k"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseReal(bad, &error).has_value());
    CHECK(error == std::string("'") + bad + "' is not a finite number");
  }
}
