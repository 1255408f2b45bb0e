// ParseCount: a hand-written scanner (not strtod alone, which would accept "nan", "inf", hex and
// leading '-'), then strtod on the validated digits.
#include "core/util/count.h"

#include <cstdio>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "core/util/json.h"
#include "core/util/text.h"

namespace bw {
namespace {

bool Fail(std::string* error, std::string_view text, const std::string& why) {
  if (error)
    *error = "'" + std::string(text) + "' is not a count: " + why + " (write e.g. 7e9, 7B, 125M, 1.5k or 4096)";
  return false;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<double> ParseCount(std::string_view text, std::string* error) {
  size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  std::string_view t = text.substr(begin, end - begin);
  if (t.empty()) return Fail(error, text, "it is empty"), std::nullopt;
  if (t[0] == '-') return Fail(error, text, "counts cannot be negative"), std::nullopt;
  size_t i = 0;
  if (t[0] == '+') ++i;
  std::string number;  // digits without separators, for strtod
  int mantissa_digits = 0;
  auto digits = [&](bool allow_separators) {
    int n = 0;
    while (i < t.size()) {
      char c = t[i];
      if (IsDigit(c)) {
        number += c;
        ++n;
      } else if (allow_separators && (c == '_' || c == ',') && n > 0 && i + 1 < t.size() && IsDigit(t[i + 1])) {
        // digit group separator: skip
      } else {
        break;
      }
      ++i;
    }
    return n;
  };
  mantissa_digits += digits(true);
  if (i < t.size() && t[i] == '.') {
    number += '.';
    ++i;
    mantissa_digits += digits(false);
  }
  if (mantissa_digits == 0) {
    const std::string lower = Lower(t);
    if (lower.find("nan") != std::string::npos) return Fail(error, text, "NaN is not a number of things"), std::nullopt;
    if (lower.find("inf") != std::string::npos) return Fail(error, text, "infinity is not a count"), std::nullopt;
    return Fail(error, text, "it does not start with a digit"), std::nullopt;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    number += 'e';
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) number += t[i++];
    if (digits(false) == 0) return Fail(error, text, "the exponent after 'e' has no digits"), std::nullopt;
  }
  double scale = 1;
  while (i < t.size() && t[i] == ' ') ++i;  // "7 B" reads like "7B"
  if (i < t.size()) {
    switch (std::tolower(static_cast<unsigned char>(t[i]))) {
      case 'k': scale = 1e3; break;
      case 'm': scale = 1e6; break;
      case 'b':
      case 'g': scale = 1e9; break;
      case 't': scale = 1e12; break;
      default:
        return Fail(error, text, "unexpected '" + std::string(1, t[i]) + "' (suffixes are k, M, B/G, T)"), std::nullopt;
    }
    ++i;
    if (i < t.size())
      return Fail(error, text, "unexpected text '" + std::string(t.substr(i)) + "' after the suffix"), std::nullopt;
  }
  double value = std::strtod(number.c_str(), nullptr) * scale;
  if (!std::isfinite(value)) return Fail(error, text, "it is too large"), std::nullopt;
  return value;
}

std::optional<long long> ParseIntCount(std::string_view text, std::string_view what, long long min, long long max,
                                       std::string* error) {
  std::string inner;
  std::optional<double> v = ParseCount(text, &inner);
  auto fail = [&](const std::string& why) {
    if (error) *error = std::string(what) + ": " + why;
    return std::optional<long long>();
  };
  if (!v) return fail(inner);
  if (*v != std::floor(*v)) return fail("'" + std::string(text) + "' is not a whole number");
  if (*v < static_cast<double>(min) || *v > static_cast<double>(max))
    return fail(OutOfRange(text, static_cast<double>(min), static_cast<double>(max)));
  return static_cast<long long>(*v);
}

std::string OutOfRange(std::string_view text, double min, double max) {
  return std::string(text) + " is outside " + json::FormatNumber(min) + ".." + json::FormatNumber(max);
}

std::optional<uint64_t> ParseWhole(std::string_view text, std::string* error) {
  const std::string_view t = Trim(text);
  const bool digits = !t.empty() && t.find_first_not_of("0123456789") == std::string_view::npos;
  if (digits) {
    uint64_t v = 0;
    for (char c : t) {
      const uint64_t d = static_cast<uint64_t>(c - '0');
      if (v > (UINT64_MAX - d) / 10) {
        if (error) *error = "'" + std::string(text) + "' is above the maximum 18446744073709551615 (2^64 - 1)";
        return std::nullopt;
      }
      v = v * 10 + d;
    }
    return v;
  }
  std::optional<double> v = ParseCount(text, error);
  if (!v) return std::nullopt;
  if (*v != std::floor(*v)) {
    if (error) *error = "'" + std::string(text) + "' is not a whole number";
    return std::nullopt;
  }
  if (*v >= 18446744073709551616.0) {  // 2^64
    if (error) *error = "'" + std::string(text) + "' is above the maximum 18446744073709551615 (2^64 - 1)";
    return std::nullopt;
  }
  return static_cast<uint64_t>(*v);
}

std::optional<double> ParseReal(std::string_view text, std::string* error) {
  const std::string s(text);
  errno = 0;
  char* end = nullptr;
  const double d = s.empty() ? NAN : std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || !std::isfinite(d) || errno == ERANGE) {
    if (error) *error = "'" + s + "' is not a finite number";
    return std::nullopt;
  }
  return d;
}

std::string FormatGrouped(double integer_value) {
  if (std::isnan(integer_value)) return "nan";
  if (std::isinf(integer_value)) return integer_value > 0 ? "inf" : "-inf";
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.0f", std::fabs(integer_value));
  std::string digits = buf, out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (integer_value < 0 && out != "0" ? "-" : "") + out;
}

}  // namespace bw
