// The rounding core (RoundExact), encode/decode of doubles, and the fast float paths.
//
// [SECTION] helpers  [SECTION] RoundExact  [SECTION] decode  [SECTION] double API  [SECTION] fast paths
#include <cmath>
#include <cstring>
#include <limits>

#include "core/formats/formats.h"
#include "core/formats/formats_internal.h"

namespace bw::formats {
namespace detail {

// =============================================================================================
// [SECTION] helpers

uint64_t Mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

namespace {

uint64_t Mask(int bits) { return bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1; }

int Clz64(uint64_t v) { return __builtin_clzll(v); }  // v != 0

// The random 64-bit number for stochastic rounding at stream position `index`: counter-based, so
// the same (seed, index) always gives the same decision, in any order and on any platform.
uint64_t StochasticBits(uint64_t seed, uint64_t index) { return Mix64(seed ^ Mix64(index + 0x9E3779B97F4A7C15ull)); }

Overflow EffectiveOverflow(const FormatSpec& f, const RoundOptions& opt) {
  if (f.kind == Kind::kInt || f.kind == Kind::kE8M0) {
    if (f.kind == Kind::kE8M0 && opt.overflow == Overflow::kInfOrNan) return Overflow::kInfOrNan;
    return Overflow::kSaturate;
  }
  if (!f.has_inf && !f.has_nan) return Overflow::kSaturate;
  if (opt.rounding == Rounding::kTowardZero) return Overflow::kSaturate;  // IEEE 754 §7.4
  return opt.overflow == Overflow::kStandard ? f.default_overflow : opt.overflow;
}

uint64_t SignBit(const FormatSpec& f) { return uint64_t{1} << (f.exponent_bits + f.mantissa_bits); }

uint64_t NaNCode(const FormatSpec& f, bool negative) {
  if (f.kind == Kind::kE8M0) return 0xFF;
  uint64_t all = Mask(f.exponent_bits + f.mantissa_bits);
  uint64_t mag = f.specials == Specials::kFn
                     ? all
                     : (Mask(f.exponent_bits) << f.mantissa_bits) | (uint64_t{1} << (f.mantissa_bits - 1));
  return (negative ? SignBit(f) : 0) | mag;
}

uint64_t InfCode(const FormatSpec& f, bool negative) {
  return (negative ? SignBit(f) : 0) | (Mask(f.exponent_bits) << f.mantissa_bits);
}

// Overflow outcome as a code (not yet in container layout).
uint64_t OverflowCode(const FormatSpec& f, bool negative, Overflow ov, unsigned* flags) {
  *flags |= kFlagOverflow | kFlagRounded;
  if (f.kind == Kind::kInt) {
    *flags |= kFlagSaturated;
    if (!f.is_signed) return negative ? 0 : Mask(f.bits);
    return negative ? (uint64_t{1} << (f.bits - 1)) : Mask(f.bits - 1);
  }
  if (ov == Overflow::kSaturate || (!f.has_inf && !f.has_nan)) {
    *flags |= kFlagSaturated;
    return (negative && f.is_signed ? SignBit(f) : 0) | MaxMagnitudeCode(f);
  }
  if (f.has_inf) {
    *flags |= kFlagInf;
    return InfCode(f, negative);
  }
  *flags |= kFlagNaN;
  return NaNCode(f, negative);
}

}  // namespace

uint64_t MaxMagnitudeCode(const FormatSpec& f) {
  switch (f.kind) {
    case Kind::kInt: return f.is_signed ? Mask(f.bits - 1) : Mask(f.bits);
    case Kind::kE8M0: return 0xFE;
    case Kind::kFloat: break;
  }
  int e = f.exponent_bits, m = f.mantissa_bits;
  switch (f.specials) {
    case Specials::kIeee: return ((Mask(e) - 1) << m) | Mask(m);
    case Specials::kFn: return m == 0 ? (Mask(e) - 1) : ((Mask(e) << m) | Mask(m)) - 1;
    case Specials::kFinite: return Mask(e + m);
  }
  return 0;
}

bool CodeIsNaN(uint64_t code, const FormatSpec& f) {
  if (f.kind == Kind::kE8M0) return code == 0xFF;
  if (f.kind != Kind::kFloat || !f.has_nan) return false;
  uint64_t mag = code & Mask(f.exponent_bits + f.mantissa_bits);
  uint64_t exp = mag >> f.mantissa_bits, man = mag & Mask(f.mantissa_bits);
  if (exp != Mask(f.exponent_bits)) return false;
  return f.specials == Specials::kFn ? man == Mask(f.mantissa_bits) : man != 0;
}

bool CodeIsInf(uint64_t code, const FormatSpec& f) {
  if (f.kind != Kind::kFloat || !f.has_inf) return false;
  return (code & Mask(f.exponent_bits + f.mantissa_bits)) == (Mask(f.exponent_bits) << f.mantissa_bits);
}

Exact ExactFromDouble(double x) {
  Exact r;
  uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  r.negative = (b >> 63) != 0;
  uint64_t exp = (b >> 52) & 0x7FF, man = b & Mask(52);
  if (exp == 0x7FF) {
    (man ? r.is_nan : r.is_inf) = true;
    return r;
  }
  if (exp == 0 && man == 0) {
    r.is_zero = true;
    return r;
  }
  uint64_t sig = exp ? (man | (uint64_t{1} << 52)) : man;
  int64_t e2 = exp ? static_cast<int64_t>(exp) - 1075 : -1074;
  int lz = Clz64(sig);
  r.sig = sig << lz;
  r.exp2 = e2 - lz;
  return r;
}

// =============================================================================================
// [SECTION] RoundExact
//
// Magnitude |x| = sig·2^exp2 (+sticky). With t = floor(log2|x|) the value's binade and q the
// exponent of the target's gap there (q = max(t, emin) − M for floats, 0 for integers), split
// |x|/2^q into an integer I and a fraction, round I by the fraction, then encode I·2^q.

uint64_t RoundExact(const Exact& x, const FormatSpec& f, const RoundOptions& opt, unsigned* flags_out) {
  unsigned flags = 0;
  uint64_t code = 0;
  const bool neg = x.negative;
  const int M = f.mantissa_bits;
  const bool signed_float = f.kind == Kind::kFloat && f.is_signed;
  const uint64_t sign = (neg && signed_float) ? SignBit(f) : 0;
  Overflow ov = EffectiveOverflow(f, opt);

  auto finish = [&](uint64_t c) {
    if (flags_out) *flags_out = flags;
    return CodeToBits(c, f);
  };

  // ---- special inputs
  if (x.is_nan) {
    flags |= kFlagNaN;
    if (f.has_nan) return finish(NaNCode(f, neg && signed_float));
    flags |= kFlagInvalid;
    return finish(0);
  }
  if (f.kind == Kind::kE8M0 && (neg || x.is_zero)) {  // E8M0 holds only positive powers of two
    flags |= kFlagNaN | kFlagInvalid;
    return finish(0xFF);
  }
  if (f.kind == Kind::kFloat && !f.is_signed && neg && !x.is_zero) {  // unsigned float (UE4M3): no negatives
    flags |= kFlagOverflow | kFlagSaturated | kFlagRounded;
    return finish(0);
  }
  if (x.is_inf) {
    if (f.has_inf) {
      flags |= kFlagInf;
      return finish(InfCode(f, neg));
    }
    // No Inf code: saturate (ONNX Cast-19 style) or NaN (non-saturating E4M3).
    code = OverflowCode(f, neg, ov, &flags);
    flags &= ~kFlagRounded;
    return finish(code);
  }
  if (x.is_zero) return finish(sign);

  // ---- binade, gap exponent, and the split into integer and fraction
  const int64_t t = x.exp2 + 63;
  int64_t q;
  if (f.kind == Kind::kInt) {
    if (t >= f.bits + 1) {  // ≥ 2^(bits+1): beyond every integer code even after rounding
      if (!f.is_signed && neg) {
        flags |= kFlagOverflow | kFlagSaturated | kFlagRounded;
        return finish(0);
      }
      return finish(OverflowCode(f, neg, ov, &flags) & Mask(f.bits));
    }
    q = 0;
  } else if (f.kind == Kind::kE8M0) {
    if (t < -127) {  // below the smallest scale 2^−127: there is no zero, so it is raised to 2^−127
      flags |= kFlagUnderflow | kFlagRounded;
      return finish(0);
    }
    if (t > 128) return finish(OverflowCode(f, false, ov, &flags));
    q = t;
  } else {
    const int64_t emin = 1 - f.bias;
    const int64_t top = static_cast<int64_t>(Mask(f.exponent_bits)) - f.bias;  // exponent of the all-ones field
    if (t > top + 1) return finish(OverflowCode(f, neg, ov, &flags));
    q = (t > emin ? t : emin) - M;
  }
  const int64_t shift = q - x.exp2;  // > 0 always here (floats: ≥ 63 − M ≥ 11; ints: ≥ 56)
  uint64_t I = 0, frac = 0;
  bool sticky = x.sticky;
  if (shift >= 128) {
    sticky = true;
  } else if (shift >= 64) {
    frac = shift == 64 ? x.sig : x.sig >> (shift - 64);
    if (shift > 64 && (x.sig << (128 - shift)) != 0) sticky = true;
  } else {
    I = x.sig >> shift;
    frac = x.sig << (64 - shift);
  }
  const bool inexact = frac != 0 || sticky;
  const uint64_t kHalf = uint64_t{1} << 63;

  bool up = false;
  switch (opt.rounding) {
    case Rounding::kNearestEven: {
      bool above = frac > kHalf || (frac == kHalf && sticky);
      bool tie = frac == kHalf && !sticky;
      // "Even" is the encoding's last bit: I's parity, except with no mantissa bits in the normal
      // range, where the last bit is the exponent's (E8M0, custom e?m0).
      bool down_odd = (M == 0 && f.kind != Kind::kInt && I >= 1) ? (((q + f.bias) & 1) != 0) : (I & 1) != 0;
      up = above || (tie && down_odd);
      break;
    }
    case Rounding::kTowardZero: up = false; break;
    case Rounding::kStochastic: up = StochasticBits(opt.seed, opt.index) < frac; break;
  }
  if (inexact) flags |= kFlagRounded;
  if (up) ++I;

  // ---- integers
  if (f.kind == Kind::kInt) {
    if (!f.is_signed) {
      if (neg && I > 0) {
        flags |= kFlagOverflow | kFlagSaturated;
        return finish(0);
      }
      if (I > Mask(f.bits)) return finish(OverflowCode(f, false, ov, &flags));
      if (I == 0 && inexact) flags |= kFlagUnderflow;
      return finish(I);
    }
    uint64_t lim = neg ? (uint64_t{1} << (f.bits - 1)) : Mask(f.bits - 1);
    if (I > lim) return finish(OverflowCode(f, neg, ov, &flags) & Mask(f.bits));
    if (I == 0 && inexact) flags |= kFlagUnderflow;
    return finish((neg ? (~I + 1) : I) & Mask(f.bits));
  }

  // ---- E8M0: I is 1 or 2 (2 after rounding up)
  if (f.kind == Kind::kE8M0) {
    if (I == 2) {
      I = 1;
      ++q;
    }
    int64_t biased = q + 127;
    if (biased > 254) return finish(OverflowCode(f, false, ov, &flags));
    return finish(static_cast<uint64_t>(biased));
  }

  // ---- floats
  const uint64_t hidden = uint64_t{1} << M;
  if (I == (hidden << 1)) {
    I = hidden;
    ++q;
  }
  uint64_t mag;
  if (I >= hidden) {
    int64_t biased = q + M + f.bias;
    if (biased > static_cast<int64_t>(Mask(f.exponent_bits))) return finish(OverflowCode(f, neg, ov, &flags));
    mag = (static_cast<uint64_t>(biased) << M) | (I - hidden);
  } else {
    mag = I;  // subnormal (or zero): biased exponent 0
    if (I == 0)
      flags |= kFlagUnderflow;
    else
      flags |= kFlagSubnormal;
  }
  if (mag > MaxMagnitudeCode(f)) return finish(OverflowCode(f, neg, ov, &flags));
  return finish(sign | mag);
}

// =============================================================================================
// [SECTION] decode

bool DecodeScaled(uint64_t bits, const FormatSpec& f, Scaled* out) {
  uint64_t code = BitsToCode(bits, f);
  *out = Scaled{};
  if (f.kind == Kind::kInt) {
    if (f.is_signed && (code >> (f.bits - 1)) & 1) {
      out->negative = true;
      out->integer = ((~code) + 1) & Mask(f.bits);
      if (out->integer == 0) out->integer = uint64_t{1} << (f.bits - 1);
    } else {
      out->integer = code;
    }
    return true;
  }
  if (f.kind == Kind::kE8M0) {
    if (code == 0xFF) return false;
    out->integer = 1;
    out->q = static_cast<int>(code) - 127;
    return true;
  }
  if (CodeIsNaN(code, f) || CodeIsInf(code, f)) return false;
  const int M = f.mantissa_bits;
  out->negative = f.is_signed && (code & SignBit(f)) != 0;  // unsigned floats ignore the top bit
  uint64_t mag = code & Mask(f.exponent_bits + M);
  uint64_t exp = mag >> M, man = mag & Mask(M);
  if (exp == 0) {
    out->integer = man;
    out->q = 1 - f.bias - M;
  } else {
    out->integer = man | (uint64_t{1} << M);
    out->q = static_cast<int>(exp) - f.bias - M;
  }
  return true;
}

}  // namespace detail

// =============================================================================================
// [SECTION] double API

double DecodeBits(uint64_t bits, const FormatSpec& f) {
  detail::Scaled s;
  if (!detail::DecodeScaled(bits, f, &s)) {
    uint64_t code = BitsToCode(bits, f);
    if (detail::CodeIsInf(code, f)) {
      bool neg = (code >> (f.exponent_bits + f.mantissa_bits)) & 1;
      return neg ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    }
    return std::numeric_limits<double>::quiet_NaN();
  }
  double v = std::ldexp(static_cast<double>(s.integer), s.q);  // exact: I < 2^53 and in FP64 range
  return s.negative ? -v : v;
}

uint64_t EncodeDouble(double x, const FormatSpec& f, const RoundOptions& opt, unsigned* flags) {
  return detail::RoundExact(detail::ExactFromDouble(x), f, opt, flags);
}

double RoundToFormat(double x, const FormatSpec& f, const RoundOptions& opt) {
  if (std::isnan(x)) return x;
  uint64_t bits = detail::RoundExact(detail::ExactFromDouble(x), f, opt, nullptr);
  return DecodeBits(bits, f);
}

// =============================================================================================
// [SECTION] fast paths

namespace {
uint32_t FloatBits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}
float BitsFloat(uint32_t b) {
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}

// Generic FP32 → small float (≤ 23 mantissa bits, bias 2^(E−1)−1) with RNE on the integer bits.
// Used by the bulk FP8 paths; checked against RoundExact on a full sweep (tests/verify).
template <int E, int M, Specials S>
uint32_t FloatToSmall(uint32_t x, bool saturate) {
  constexpr int kBias = (1 << (E - 1)) - 1;
  constexpr uint32_t kSign = 1u << (E + M);
  constexpr uint32_t kAllExp = ((1u << E) - 1) << M;
  constexpr uint32_t kMaxMag = S == Specials::kIeee ? (kAllExp - (1u << M)) | ((1u << M) - 1)
                               : S == Specials::kFn ? (kAllExp | ((1u << M) - 1)) - 1
                                                    : (1u << (E + M)) - 1;
  constexpr uint32_t kNaN = S == Specials::kFn ? (kAllExp | ((1u << M) - 1)) : (kAllExp | (1u << (M - 1)));
  const uint32_t sign = (x >> 31) ? kSign : 0;
  const uint32_t a = x & 0x7FFFFFFFu;
  if (a > 0x7F800000u) return sign | kNaN;
  auto overflow = [&]() -> uint32_t {
    if (saturate || S == Specials::kFinite) return sign | kMaxMag;
    return sign | (S == Specials::kIeee ? kAllExp : kNaN);
  };
  if (a == 0x7F800000u) {
    if (S == Specials::kIeee) return sign | kAllExp;  // Inf is not an overflow: it stays Inf (as RoundExact)
    return overflow();
  }
  const int fexp = static_cast<int>(a >> 23);
  constexpr int kEmin = 1 - kBias;
  if (fexp - 127 < kEmin) {  // target subnormal (or zero)
    uint32_t m24 = (a & 0x7FFFFFu) | (fexp ? 0x800000u : 0u);
    int shift = (kEmin - M) + 150 - (fexp ? fexp : 1);
    if (shift > 25) return sign;
    uint32_t r = m24 >> shift, rem = m24 & ((1u << shift) - 1), half = 1u << (shift - 1);
    if (rem > half || (rem == half && (r & 1))) ++r;
    return sign | r;
  }
  constexpr int kDrop = 23 - M;
  uint32_t r = a + ((1u << (kDrop - 1)) - 1) + ((a >> kDrop) & 1);
  uint32_t code = (r >> kDrop) - (static_cast<uint32_t>(127 - kBias) << M);
  if (code > kMaxMag) return overflow();
  return sign | code;
}
}  // namespace

uint16_t FloatToBF16Bits(float x) {
  uint32_t b = FloatBits(x);
  if ((b & 0x7FFFFFFFu) > 0x7F800000u) return static_cast<uint16_t>((b >> 16) | 0x0040u);  // quiet NaN, sign kept
  b += 0x7FFFu + ((b >> 16) & 1u);
  return static_cast<uint16_t>(b >> 16);
}

uint16_t FloatToFP16Bits(float x) {
  const uint32_t b = FloatBits(x);
  const uint32_t sign = (b >> 16) & 0x8000u;
  const uint32_t a = b & 0x7FFFFFFFu;
  if (a >= 0x7F800000u) {  // Inf, or NaN quieted with its top payload bits (as F16C does)
    if (a == 0x7F800000u) return static_cast<uint16_t>(sign | 0x7C00u);
    return static_cast<uint16_t>(sign | 0x7E00u | ((a >> 13) & 0x3FFu));
  }
  if (a >= 0x477FF000u) return static_cast<uint16_t>(sign | 0x7C00u);  // ≥ 65520 (max + half gap): Inf
  if (a < 0x38800000u) {                                               // below 2^−14: subnormal or zero
    if (a <= 0x33000000u) return static_cast<uint16_t>(sign);          // ≤ 2^−25 (a tie with 0 → 0)
    const uint32_t e = a >> 23;
    const uint32_t m = (a & 0x7FFFFFu) | 0x800000u;
    const uint32_t shift = 126 - e;  // 14..24
    uint32_t r = m >> shift;
    const uint32_t rem = m & ((1u << shift) - 1), half = 1u << (shift - 1);
    if (rem > half || (rem == half && (r & 1))) ++r;
    return static_cast<uint16_t>(sign | r);
  }
  const uint32_t r = a - (112u << 23) + 0xFFFu + ((a >> 13) & 1u);
  return static_cast<uint16_t>(sign | (r >> 13));
}

float BF16BitsToFloat(uint16_t h) { return BitsFloat(static_cast<uint32_t>(h) << 16); }

float FP16BitsToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exp = (h >> 10) & 0x1Fu, man = h & 0x3FFu;
  if (exp == 0x1F) {  // Inf, or NaN: quieted with its payload kept (as F16C's _cvtsh_ss does)
    return BitsFloat(sign | 0x7F800000u | (man << 13) | (man ? 0x00400000u : 0u));
  }
  if (exp != 0) return BitsFloat(sign | ((exp + 112) << 23) | (man << 13));
  if (man == 0) return BitsFloat(sign);
  // Subnormal: man · 2^−24, exact in float.
  float v = static_cast<float>(man) * 5.9604644775390625e-8f;
  return sign ? -v : v;
}

float RoundFloatToBF16(float x) { return BF16BitsToFloat(FloatToBF16Bits(x)); }
float RoundFloatToFP16(float x) { return FP16BitsToFloat(FloatToFP16Bits(x)); }

void FloatsToBF16(const float* in, uint16_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = FloatToBF16Bits(in[i]);
}

void FloatsToFP16(const float* in, uint16_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = FloatToFP16Bits(in[i]);
}

void FloatsToFP8E4M3(const float* in, uint8_t* out, size_t n, Overflow overflow) {
  const bool sat = overflow == Overflow::kSaturate;
  for (size_t i = 0; i < n; ++i)
    out[i] = static_cast<uint8_t>(FloatToSmall<4, 3, Specials::kFn>(FloatBits(in[i]), sat));
}

void FloatsToFP8E5M2(const float* in, uint8_t* out, size_t n, Overflow overflow) {
  const bool sat = overflow == Overflow::kSaturate;
  for (size_t i = 0; i < n; ++i)
    out[i] = static_cast<uint8_t>(FloatToSmall<5, 2, Specials::kIeee>(FloatBits(in[i]), sat));
}

void RoundFloats(float* values, size_t n, const FormatSpec& f, const RoundOptions& opt) {
  const bool rne = opt.rounding == Rounding::kNearestEven && opt.overflow != Overflow::kSaturate;
  if (rne && f.name == "bf16") {
    for (size_t i = 0; i < n; ++i) values[i] = RoundFloatToBF16(values[i]);
    return;
  }
  if (rne && f.name == "fp16") {
    for (size_t i = 0; i < n; ++i) values[i] = RoundFloatToFP16(values[i]);
    return;
  }
  if (rne && f.name == "fp32") return;
  RoundOptions o = opt;
  for (size_t i = 0; i < n; ++i) {
    o.index = opt.index + i;
    values[i] = static_cast<float>(RoundToFormat(values[i], f, o));
  }
}

}  // namespace bw::formats
