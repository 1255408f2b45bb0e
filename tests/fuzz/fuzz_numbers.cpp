// Number strings: formats::ParseNumber (the Formats panel's input, exact decimal) checked against the
// C library where the grammars overlap: its correctly rounded double must equal strtod's, and the
// FP32 conversion (round to nearest even) must equal strtof's. Also ParseCount (sizes such as "7B")
// and the quiz answer reader never crash and give finite, non-negative counts.
#include <cmath>
#include <cstdlib>
#include <string>

#include "core/formats/formats.h"
#include "core/quiz/quiz.h"
#include "core/util/count.h"
#include "fuzz_check.h"

using namespace bw;

namespace {
// [+-]? digits [. digits] [(e|E) [+-]? digits] — also a form strtod reads the same way.
bool PlainDecimal(const std::string& s) {
  size_t i = 0, n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  size_t d = i;
  while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == d) return false;
  if (i < n && s[i] == '.') {
    size_t f = ++i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == f) return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    size_t e = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == e) return false;
  }
  return i == n;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  formats::ParsedNumber p = formats::ParseNumber(text);
  if (p.ok && PlainDecimal(text) && text.size() < 4096) {
    double libc = std::strtod(text.c_str(), nullptr);
    FUZZ_CHECK(p.approx == libc || (p.approx == 0 && libc == 0), "'%s': ParseNumber %.17g, strtod %.17g", text.c_str(),
               p.approx, libc);
    FUZZ_CHECK(std::signbit(p.approx) == std::signbit(libc), "'%s': sign", text.c_str());
    static const formats::FormatSpec* fp32 = formats::FindFormat("fp32");
    formats::Conversion c = formats::Convert(p, *fp32);
    float libf = std::strtof(text.c_str(), nullptr);
    FUZZ_CHECK(c.value == static_cast<double>(libf) && std::signbit(c.value) == std::signbit(libf),
               "'%s': fp32 %.9g, strtof %.9g", text.c_str(), c.value, static_cast<double>(libf));
  }
  if (!p.ok) FUZZ_CHECK(!p.error.empty(), "refusal without a message");
  std::string error;
  std::optional<double> n = ParseCount(text, &error);
  if (n)
    FUZZ_CHECK(std::isfinite(*n) && *n >= 0, "'%s': count %g", text.c_str(), *n);
  else
    FUZZ_CHECK(!error.empty(), "count refused without a message");
  (void)ParseIntCount(text, "n", 1, 1000000, &error);
  cards::TypedNumber t = cards::ParseTypedNumber(text);
  if (!t.ok) FUZZ_CHECK(!t.error.empty(), "typed number refused without a message");
  return 0;
}
