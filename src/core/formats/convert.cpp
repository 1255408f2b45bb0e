// Exact decimal input (ParseNumber), full conversion reports (Convert, Inspect), exact decimal output.
//
// [SECTION] exact rationals  [SECTION] ParseNumber  [SECTION] printing  [SECTION] Convert / Inspect
#include <cmath>
#include <limits>
#include <string>

#include "core/formats/bigint.h"
#include "core/formats/formats.h"
#include "core/formats/formats_internal.h"
#include "core/util/text.h"

namespace bw::formats {
namespace {

using detail::BigUInt;
using detail::Exact;

constexpr size_t kMaxInputChars = 1000000;
constexpr size_t kKeptDigits = 800;     // ≥ 767, the most significant digits any FP64 halfway point has
constexpr int64_t kTooLargeLead = 400;  // leading digit at 10^400 or more: beyond every format
constexpr int64_t kTinyLead = -420;     // leading digit below 10^−420: below half of 2^−1074 everywhere

// =============================================================================================
// [SECTION] exact rationals

// num/den (den > 0, num > 0) → 64 significant bits + sticky.
Exact ExactFromRatio(const BigUInt& num, const BigUInt& den, bool negative) {
  Exact r;
  r.negative = negative;
  if (num.IsZero()) {
    r.is_zero = true;
    return r;
  }
  // Scale so the quotient lies in [2^62, 2^64): s = 63 + bitlen(den) − bitlen(num).
  int64_t s = 63 + static_cast<int64_t>(den.BitLength()) - static_cast<int64_t>(num.BitLength());
  BigUInt a = num, b = den;
  if (s > 0) a.ShiftLeft(static_cast<size_t>(s));
  if (s < 0) b.ShiftLeft(static_cast<size_t>(-s));
  BigUInt bs = b;
  bs.ShiftLeft(63);
  uint64_t q = 0;
  for (int bit = 63; bit >= 0; --bit) {
    if (BigUInt::Compare(bs, a) <= 0) {
      a.Sub(bs);
      q |= uint64_t{1} << bit;
    }
    bs.ShiftRight1();
  }
  if (!(q >> 63)) {  // one more quotient bit
    a.ShiftLeft(1);
    q <<= 1;
    if (BigUInt::Compare(b, a) <= 0) {
      a.Sub(b);
      q |= 1;
    }
    ++s;
  }
  r.sig = q;
  r.exp2 = -s;
  r.sticky = !a.IsZero();
  return r;
}

// digits × 10^e10 as num/den.
void DecimalRatio(const std::string& digits, int64_t e10, BigUInt* num, BigUInt* den) {
  *num = BigUInt::FromDecimal(digits);
  *den = BigUInt(1);
  if (e10 >= 0)
    num->MulPow(10, static_cast<uint64_t>(e10));
  else
    den->MulPow(10, static_cast<uint64_t>(-e10));
}

// I·2^q as num/den.
void BinaryRatio(uint64_t integer, int q, BigUInt* num, BigUInt* den) {
  *num = BigUInt(integer);
  *den = BigUInt(1);
  if (q >= 0)
    num->ShiftLeft(static_cast<size_t>(q));
  else
    den->ShiftLeft(static_cast<size_t>(-q));
}

double RatioToDouble(const BigUInt& num, const BigUInt& den) {
  const FormatSpec& fp64 = AllFormats()[0];
  uint64_t bits = detail::RoundExact(ExactFromRatio(num, den, false), fp64, RoundOptions{}, nullptr);
  return DecodeBits(bits, fp64);
}

// =============================================================================================
// [SECTION] printing

std::string ScaledDecimal(uint64_t integer, int q, bool negative) {
  BigUInt n(integer);
  std::string s;
  if (q >= 0) {
    n.ShiftLeft(static_cast<size_t>(q));
    s = n.ToDecimal();
  } else {
    // I·2^q = I·5^−q / 10^−q: print I·5^−q and place the point −q digits from the right.
    n.MulPow(5, static_cast<uint64_t>(-q));
    s = n.ToDecimal();
    size_t point = static_cast<size_t>(-q);
    if (s.size() <= point) s.insert(0, point - s.size() + 1, '0');
    s.insert(s.size() - point, ".");
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return negative ? "-" + s : s;
}

std::string ExactOfBits(uint64_t bits, const FormatSpec& f) {
  detail::Scaled sc;
  if (detail::DecodeScaled(bits, f, &sc)) return ScaledDecimal(sc.integer, sc.q, sc.negative);
  double v = DecodeBits(bits, f);
  if (std::isnan(v)) return "nan";
  return v < 0 ? "-inf" : "inf";
}

std::string Position(size_t i) { return "at character " + std::to_string(i + 1); }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

// =============================================================================================
// [SECTION] ParseNumber

ParsedNumber ParseNumber(std::string_view text) {
  ParsedNumber p;
  p.text = std::string(text.substr(0, std::min<size_t>(text.size(), 200)));
  if (text.size() > kMaxInputChars) {
    p.error = "input has " + std::to_string(text.size()) + " characters; the limit is 1,000,000";
    return p;
  }
  p.text = std::string(text);
  size_t b = 0, e = text.size();
  while (b < e && (text[b] == ' ' || text[b] == '\t')) ++b;
  while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
  std::string_view s = text.substr(b, e - b);
  if (s.empty()) {
    p.error = "empty input: type a number such as 0.1, 1234.56789 or 6.1e-5";
    return p;
  }
  size_t i = 0;
  bool has_sign = false;
  if (s[0] == '+' || s[0] == '-') {
    p.negative = s[0] == '-';
    has_sign = true;
    ++i;
  }
  std::string word = Lower(s.substr(i));
  if (word == "nan") {
    if (has_sign) {
      p.error = "'" + std::string(s) + "': a NaN carries no sign worth giving here; write nan";
      return p;
    }
    p.is_nan = true;
    p.ok = true;
    p.approx = std::numeric_limits<double>::quiet_NaN();
    return p;
  }
  if (word == "inf" || word == "infinity") {
    p.is_inf = true;
    p.ok = true;
    p.approx = p.negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    return p;
  }
  if (word.size() >= 2 && word[0] == '0' && word[1] == 'x') {
    p.error = "hexadecimal numbers such as '" + std::string(s.substr(0, 40)) +
              "' are not accepted: write the value in decimal (e.g. 0x1p-200 is about 6.2230152778611e-61)";
    return p;
  }
  // Mantissa: digits [. digits]; collect significant digits and the decimal exponent.
  std::string digits;
  int64_t e10 = 0;
  bool any_digit = false, nonzero_dropped = false, seen_point = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (IsDigit(c)) {
      any_digit = true;
      if (digits.empty() && c == '0') {
        if (seen_point) --e10;  // leading zeros after the point shift the exponent
        continue;
      }
      if (digits.size() < kKeptDigits) {
        digits.push_back(c);
        if (seen_point) --e10;
      } else {
        if (c != '0') nonzero_dropped = true;
        if (!seen_point) ++e10;
      }
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!any_digit) {
    if (i < s.size())
      p.error = Position(b + i) + ": expected a digit, found '" + std::string(1, s[i]) + "' (input '" +
                std::string(s.substr(0, 40)) + "')";
    else
      p.error = "'" + std::string(s) + "' is not a number: expected digits";
    return p;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t start = i++;
    bool eneg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    if (i >= s.size() || !IsDigit(s[i])) {
      p.error =
          Position(b + start) + ": the exponent needs digits after '" + std::string(s.substr(start, i - start)) + "'";
      return p;
    }
    int64_t ev = 0;
    for (; i < s.size() && IsDigit(s[i]); ++i) ev = std::min<int64_t>(ev * 10 + (s[i] - '0'), 1000000000000LL);
    e10 += eneg ? -ev : ev;
  }
  if (i < s.size()) {
    p.error = Position(b + i) + ": unexpected '" + std::string(1, s[i]) + "' after the number";
    return p;
  }
  p.truncated = nonzero_dropped;
  if (nonzero_dropped) {  // a sticky digit keeps the value strictly between the same neighbours
    digits.push_back('1');
    --e10;
  }
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++e10;
  }
  if (digits.empty()) {
    p.is_zero = true;
    p.ok = true;
    p.approx = p.negative ? -0.0 : 0.0;
    return p;
  }
  const int64_t lead = e10 + static_cast<int64_t>(digits.size()) - 1;
  const std::string too_large = "'" + std::string(s.substr(0, 40)) + (s.size() > 40 ? "…" : "") +
                                "' is too large for every format here (FP64 overflows at about 1.797693e308)";
  if (lead >= kTooLargeLead) {
    p.error = too_large;
    return p;
  }
  if (lead < kTinyLead) {  // far below every format's smallest value: any such number rounds alike
    digits = "1";
    e10 = kTinyLead;
    p.truncated = true;
  }
  p.digits = digits;
  p.exponent10 = e10;
  BigUInt num, den;
  DecimalRatio(digits, e10, &num, &den);
  Exact x = ExactFromRatio(num, den, p.negative);
  if (x.exp2 + 63 >= 1024) {
    p.error = too_large;
    return p;
  }
  p.binary_sig = x.sig;
  p.binary_exp2 = x.exp2;
  p.binary_sticky = x.sticky;
  p.approx = DecodeBits(detail::RoundExact(x, AllFormats()[0], RoundOptions{}, nullptr), AllFormats()[0]);
  p.ok = true;
  return p;
}

std::string ExactDecimal(double x) { return ExactOfBits(EncodeDouble(x, AllFormats()[0]), AllFormats()[0]); }

ParsedNumber FromDouble(double x) {
  if (std::isnan(x)) return ParseNumber("nan");
  ParsedNumber p = ParseNumber(ExactDecimal(x));
  if (x == 0 && std::signbit(x)) p.negative = true;
  return p;
}

std::string BitsHex(uint64_t bits, const FormatSpec& f) {
  static const char* kHex = "0123456789abcdef";
  int nibbles = (f.container_bits + 3) / 4;
  std::string s = "0x";
  for (int k = nibbles - 1; k >= 0; --k) s.push_back(kHex[(bits >> (4 * k)) & 0xF]);
  return s;
}

// =============================================================================================
// [SECTION] Convert / Inspect

namespace {

detail::Exact ExactOf(const ParsedNumber& x) {
  Exact e;
  e.negative = x.negative;
  e.is_nan = x.is_nan;
  e.is_inf = x.is_inf;
  e.is_zero = x.is_zero;
  e.sig = x.binary_sig;
  e.exp2 = x.binary_exp2;
  e.sticky = x.binary_sticky;
  return e;
}

uint64_t SignMask(const FormatSpec& f) { return uint64_t{1} << (f.exponent_bits + f.mantissa_bits); }

// Adjacent code toward +∞ (up) or −∞ (!up); false if none exists.
bool AdjacentCode(uint64_t code, const FormatSpec& f, bool up, uint64_t* out) {
  if (f.kind == Kind::kInt) {
    const uint64_t n = CodeCount(f);
    auto value = [&](uint64_t c) -> int64_t {
      if (f.is_signed && (c >> (f.bits - 1)) & 1) return static_cast<int64_t>(c) - static_cast<int64_t>(n);
      return static_cast<int64_t>(c);
    };
    int64_t v = value(code) + (up ? 1 : -1);
    int64_t lo = f.is_signed ? -static_cast<int64_t>(n / 2) : 0;
    int64_t hi = f.is_signed ? static_cast<int64_t>(n / 2) - 1 : static_cast<int64_t>(n) - 1;
    if (v < lo || v > hi) return false;
    *out = static_cast<uint64_t>(v) & (n - 1);
    return true;
  }
  if (f.kind == Kind::kE8M0) {
    if (code == 0xFF) return false;
    if (up ? code >= 0xFE : code == 0) return false;
    *out = up ? code + 1 : code - 1;
    return true;
  }
  if (detail::CodeIsNaN(code, f)) return false;
  const uint64_t sign = SignMask(f);
  if (!f.is_signed) {  // unsigned float (UE4M3): the top bit is ignored, nothing lies below zero
    code &= sign - 1;
    if (code == 0 && !up) return false;
  }
  const uint64_t mag = code & (sign - 1);
  const bool neg = (code & sign) != 0;
  const uint64_t max_mag = detail::MaxMagnitudeCode(f);
  const bool is_inf = detail::CodeIsInf(code, f);
  // Moving away from zero (positive going up, negative going down) increases the magnitude.
  bool away = neg != up;
  if (mag == 0) {  // ±0: the neighbours are ±min subnormal (or ±min normal)
    *out = (up ? 0 : sign) | 1;
    return true;
  }
  if (away) {
    if (is_inf) return false;
    if (mag < max_mag) {
      *out = (code & sign) | (mag + 1);
      return true;
    }
    if (f.has_inf) {
      *out = (code & sign) | (((uint64_t{1} << f.exponent_bits) - 1) << f.mantissa_bits);
      return true;
    }
    return false;
  }
  *out = (code & sign) | (is_inf ? max_mag : mag - 1);
  return true;
}

Neighbor MakeNeighbor(uint64_t code, const FormatSpec& f, bool up) {
  Neighbor nb;
  uint64_t c;
  if (!AdjacentCode(code, f, up, &c)) return nb;
  nb.exists = true;
  nb.bits = CodeToBits(c, f);
  nb.value = DecodeBits(nb.bits, f);
  nb.exact = ExactOfBits(nb.bits, f);
  return nb;
}

Fields MakeFields(uint64_t code, const FormatSpec& f) {
  Fields fl;
  auto bit_run = [&](uint64_t v, int n) {
    std::string s;
    for (int k = n - 1; k >= 0; --k) s.push_back(((v >> k) & 1) ? '1' : '0');
    return s;
  };
  if (f.kind == Kind::kInt) {
    fl.sign = f.is_signed ? (code >> (f.bits - 1)) & 1 : 0;
    fl.mantissa = code;
    fl.bit_string = bit_run(code, f.bits);
    return fl;
  }
  if (f.kind == Kind::kE8M0) {
    fl.exponent = code;
    fl.unbiased_exponent = static_cast<int>(code) - 127;
    fl.bit_string = bit_run(code, 8);
    return fl;
  }
  const int M = f.mantissa_bits, E = f.exponent_bits;
  fl.sign = f.is_signed ? (code >> (E + M)) & 1 : 0;
  fl.exponent = (code >> M) & ((uint64_t{1} << E) - 1);
  fl.mantissa = code & ((uint64_t{1} << M) - 1);
  fl.subnormal = fl.exponent == 0 && fl.mantissa != 0;
  fl.unbiased_exponent = fl.exponent == 0 ? 1 - f.bias : static_cast<int>(fl.exponent) - f.bias;
  fl.bit_string = bit_run(fl.sign, 1) + " " + bit_run(fl.exponent, E) + (M ? " " + bit_run(fl.mantissa, M) : "");
  return fl;
}

void FillFromBits(Conversion* c, uint64_t bits, const FormatSpec& f) {
  const uint64_t code = BitsToCode(bits, f);
  c->format = f.name;
  c->bits = bits;
  c->bits_hex = BitsHex(bits, f);
  c->value = DecodeBits(bits, f);
  c->exact = ExactOfBits(bits, f);
  c->fields = MakeFields(code, f);
  c->next_up = MakeNeighbor(code, f, true);
  c->next_down = MakeNeighbor(code, f, false);
  detail::Scaled sc;
  if (!detail::DecodeScaled(bits, f, &sc)) {
    c->ulp = std::numeric_limits<double>::quiet_NaN();
  } else if (f.kind == Kind::kInt) {
    c->ulp = 1;
  } else if (f.kind == Kind::kE8M0) {
    c->ulp = std::ldexp(1.0, sc.q);  // next up is twice as large
  } else {
    // Gap in this binade: 2^(max(e, emin) − M); zero and subnormals share the subnormal gap.
    int q = c->fields.exponent == 0 ? 1 - f.bias - f.mantissa_bits
                                    : static_cast<int>(c->fields.exponent) - f.bias - f.mantissa_bits;
    c->ulp = std::ldexp(1.0, q);
  }
}

// |x − stored| and |x − stored| / |x|, exactly, rounded once to double.
void FillErrors(Conversion* c, const ParsedNumber& x, const FormatSpec& f) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  detail::Scaled sc;
  bool finite_stored = detail::DecodeScaled(c->bits, f, &sc);
  if (x.is_nan) {
    c->abs_error = c->rel_error = nan;
    return;
  }
  if (x.is_inf) {
    bool same = std::isinf(c->value) && (c->value < 0) == x.negative;
    c->abs_error = same ? 0 : (std::isnan(c->value) ? nan : inf);
    c->rel_error = same ? 0 : (std::isnan(c->value) ? nan : 1);
    return;
  }
  if (!finite_stored) {
    c->abs_error = c->rel_error = std::isnan(c->value) ? nan : inf;
    return;
  }
  if (x.is_zero) {
    c->abs_error = std::fabs(c->value);
    c->rel_error = c->abs_error == 0 ? 0 : inf;
    return;
  }
  // x = N/D, stored = ±I·2^q. Bring both over one denominator D·2^max(−q,0).
  BigUInt n, d, vn, vd;
  DecimalRatio(x.digits, x.exponent10, &n, &d);
  BinaryRatio(sc.integer, sc.q, &vn, &vd);
  BigUInt xs = n, vs = vn, den = d;  // xs/den and vs/den
  xs.Mul(vd);
  vs.Mul(d);
  den.Mul(vd);
  BigUInt diff;
  bool same_sign = sc.negative == x.negative || sc.integer == 0;
  if (same_sign) {
    int cmp = BigUInt::Compare(xs, vs);
    diff = cmp >= 0 ? xs : vs;
    diff.Sub(cmp >= 0 ? vs : xs);
  } else {
    diff = xs;
    diff.Add(vs);
  }
  if (diff.IsZero()) {
    c->abs_error = c->rel_error = 0;
    return;
  }
  c->abs_error = RatioToDouble(diff, den);
  c->rel_error = RatioToDouble(diff, xs);
}

}  // namespace

Conversion Convert(const ParsedNumber& x, const FormatSpec& f, const ConvertOptions& opt) {
  Conversion c;
  const Exact ex = ExactOf(x);
  unsigned direct_flags = 0, via_flags = 0;
  uint64_t direct = detail::RoundExact(ex, f, opt.round, &direct_flags);
  // Via FP32: decimal → FP32 (RNE, as a program reading a float would) → target.
  const FormatSpec& fp32 = AllFormats()[1];
  unsigned fp32_flags = 0;
  double as_fp32 = DecodeBits(detail::RoundExact(ex, fp32, RoundOptions{}, &fp32_flags), fp32);
  Exact ex32 = detail::ExactFromDouble(as_fp32);
  if (x.is_nan) ex32 = ex;
  uint64_t via = detail::RoundExact(ex32, f, opt.round, &via_flags);
  // Flags on the via path describe the whole trip (FP32's rounding/overflow count too).
  via_flags |= fp32_flags & (kFlagRounded | kFlagOverflow);
  if (via != direct) via_flags |= kFlagRounded;
  uint64_t bits = opt.via_fp32 ? via : direct;
  FillFromBits(&c, bits, f);
  c.flags = opt.via_fp32 ? via_flags : direct_flags;
  c.other_path_bits = opt.via_fp32 ? direct : via;
  c.paths_differ = via != direct;
  FillErrors(&c, x, f);
  return c;
}

Conversion Inspect(uint64_t bits, const FormatSpec& f) {
  Conversion c;
  uint64_t mask = f.container_bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << f.container_bits) - 1;
  bits = CodeToBits(BitsToCode(bits & mask, f), f);
  FillFromBits(&c, bits, f);
  if (c.fields.subnormal) c.flags |= kFlagSubnormal;
  if (std::isnan(c.value)) c.flags |= kFlagNaN;
  if (std::isinf(c.value)) c.flags |= kFlagInf;
  c.other_path_bits = bits;
  return c;
}

}  // namespace bw::formats
