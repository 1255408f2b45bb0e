// Format descriptions: the built-in list, custom minifloats, format facts.
#include <algorithm>
#include <cmath>
#include <deque>
#include <mutex>
#include <string>

#include "core/formats/formats.h"
#include "core/formats/formats_internal.h"

namespace bw::formats {
namespace {

FormatSpec Float(const char* name, int e, int m, int bias, Specials sp, Overflow ov, const char* desc,
                 const char* note) {
  FormatSpec f;
  f.name = name;
  f.kind = Kind::kFloat;
  f.exponent_bits = e;
  f.mantissa_bits = m;
  f.bias = bias;
  f.bits = 1 + e + m;
  f.container_bits = f.bits;
  f.is_signed = true;
  f.specials = sp;
  f.has_inf = sp == Specials::kIeee;
  f.has_nan = sp == Specials::kFn || (sp == Specials::kIeee && m > 0);
  f.default_overflow = ov;
  f.description = desc;
  f.overflow_note = note;
  return f;
}

FormatSpec Int(const char* name, int bits, bool is_signed, const char* desc) {
  FormatSpec f;
  f.name = name;
  f.kind = Kind::kInt;
  f.bits = bits;
  f.container_bits = bits;
  f.is_signed = is_signed;
  f.specials = Specials::kFinite;
  f.default_overflow = Overflow::kSaturate;
  f.description = desc;
  f.overflow_note = "Integers have no Inf/NaN: out-of-range values saturate to the nearest end of the range.";
  return f;
}

constexpr const char* kIeeeNote = "IEEE 754: overflow rounds to ±Inf (toward-zero rounding gives ±max).";

std::vector<FormatSpec> BuildAll() {
  std::vector<FormatSpec> v;
  v.push_back(
      Float("fp64", 11, 52, 1023, Specials::kIeee, Overflow::kInfOrNan, "IEEE 754 binary64 (double)", kIeeeNote));
  v.push_back(Float("fp32", 8, 23, 127, Specials::kIeee, Overflow::kInfOrNan, "IEEE 754 binary32 (float)", kIeeeNote));
  FormatSpec tf32 =
      Float("tf32", 8, 10, 127, Specials::kIeee, Overflow::kInfOrNan,
            "NVIDIA TensorFloat-32: FP32's range, FP16's precision, stored in a 32-bit container", kIeeeNote);
  tf32.container_bits = 32;
  v.push_back(tf32);
  v.push_back(
      Float("bf16", 8, 7, 127, Specials::kIeee, Overflow::kInfOrNan, "bfloat16: the top half of an FP32", kIeeeNote));
  v.push_back(Float("fp16", 5, 10, 15, Specials::kIeee, Overflow::kInfOrNan, "IEEE 754 binary16 (half)", kIeeeNote));
  v.push_back(Float(
      "fp8_e4m3", 4, 3, 7, Specials::kFn, Overflow::kInfOrNan, "OCP FP8 E4M3 (fn): no Inf, NaN = S.1111.111, max 448",
      "OCP FP8 non-saturating conversion (as ml_dtypes): overflow gives NaN; saturation to ±448 is the other mode."));
  v.push_back(Float("fp8_e5m2", 5, 2, 15, Specials::kIeee, Overflow::kInfOrNan,
                    "OCP FP8 E5M2: IEEE-like, Inf and NaN, max 57344",
                    "OCP FP8 non-saturating conversion: overflow gives ±Inf; saturation to ±57344 is the other mode."));
  const char* mx_note = "OCP MX v1.0: FP6/FP4 have no Inf/NaN, so overflow saturates to ±max.";
  v.push_back(Float("fp6_e3m2", 3, 2, 3, Specials::kFinite, Overflow::kSaturate, "OCP MX FP6 E3M2: no Inf/NaN, max 28",
                    mx_note));
  v.push_back(Float("fp6_e2m3", 2, 3, 1, Specials::kFinite, Overflow::kSaturate, "OCP MX FP6 E2M3: no Inf/NaN, max 7.5",
                    mx_note));
  v.push_back(Float("fp4_e2m1", 2, 1, 1, Specials::kFinite, Overflow::kSaturate,
                    "OCP MX FP4 E2M1: ±{0, 0.5, 1, 1.5, 2, 3, 4, 6}", mx_note));
  FormatSpec e8m0;
  e8m0.name = "e8m0";
  e8m0.kind = Kind::kE8M0;
  e8m0.exponent_bits = 8;
  e8m0.mantissa_bits = 0;
  e8m0.bias = 127;
  e8m0.bits = 8;
  e8m0.container_bits = 8;
  e8m0.is_signed = false;
  e8m0.has_nan = true;
  e8m0.specials = Specials::kFinite;
  e8m0.default_overflow = Overflow::kSaturate;
  e8m0.description = "OCP MX scale E8M0: 2^(e−127), unsigned, no zero, 0xFF = NaN";
  e8m0.overflow_note = "OCP MX v1.0 clamps the shared scale exponent to [−127, 127]: overflow saturates to 2^127.";
  v.push_back(e8m0);
  // NVFP4's block scale (NVIDIA Transformer Engine; cuBLAS CUBLASLT_MATMUL_MATRIX_SCALE_VEC16_UE4M3):
  // an E4M3 byte whose sign bit is ignored, so every code is positive; 0x7F is NaN as in E4M3.
  FormatSpec ue4m3 =
      Float("ue4m3", 4, 3, 7, Specials::kFn, Overflow::kSaturate,
            "Unsigned FP8 E4M3 (NVFP4 block scale): E4M3 with the sign bit ignored, max 448, NaN = 0x7F",
            "NVIDIA Transformer Engine clamps NVFP4 block scales to 448 before the cast: overflow saturates.");
  ue4m3.is_signed = false;
  v.push_back(ue4m3);
  v.push_back(Int("int8", 8, true, "8-bit two's complement integer, −128..127"));
  v.push_back(Int("uint8", 8, false, "8-bit unsigned integer, 0..255"));
  v.push_back(Int("int4", 4, true, "4-bit two's complement integer, −8..7"));
  v.push_back(Int("uint4", 4, false, "4-bit unsigned integer, 0..15"));
  return v;
}

const char* SpecialsSuffix(Specials s) {
  switch (s) {
    case Specials::kIeee: return "";
    case Specials::kFn: return "_fn";
    case Specials::kFinite: return "_fin";
  }
  return "";
}

// Parses a decimal int (optional leading '-') from s at *pos; false if no digits or out of range.
bool ReadInt(std::string_view s, size_t* pos, int* out) {
  size_t i = *pos;
  bool neg = false;
  if (i < s.size() && s[i] == '-') {
    neg = true;
    ++i;
  }
  size_t start = i;
  long v = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    v = v * 10 + (s[i] - '0');
    if (v > 100000) return false;
    ++i;
  }
  if (i == start) return false;
  *out = static_cast<int>(neg ? -v : v);
  *pos = i;
  return true;
}

}  // namespace

const std::vector<FormatSpec>& AllFormats() {
  static const std::vector<FormatSpec> all = BuildAll();
  return all;
}

std::string CustomFormatName(int exponent_bits, int mantissa_bits, int bias, Specials specials) {
  std::string name = "e" + std::to_string(exponent_bits) + "m" + std::to_string(mantissa_bits);
  int default_bias = exponent_bits >= 1 && exponent_bits <= 30 ? (1 << (exponent_bits - 1)) - 1 : 0;
  if (bias != default_bias) name += "b" + std::to_string(bias);
  return name + SpecialsSuffix(specials);
}

FormatParse MakeCustomFormat(int exponent_bits, int mantissa_bits, int bias, Specials specials) {
  FormatParse r;
  if (exponent_bits < 1 || exponent_bits > 11) {
    r.error = "exponent bits must be 1..11 (FP64 has 11), got " + std::to_string(exponent_bits);
    return r;
  }
  if (mantissa_bits < 0 || mantissa_bits > 52) {
    r.error = "mantissa bits must be 0..52 (FP64 has 52), got " + std::to_string(mantissa_bits);
    return r;
  }
  // Largest biased exponent holding finite values, and whether any normal number exists.
  int all_ones = (1 << exponent_bits) - 1;
  int top_finite = specials == Specials::kIeee ? all_ones - 1 : all_ones;
  if (specials == Specials::kFn && mantissa_bits == 0) top_finite = all_ones - 1;  // all-ones code is NaN
  if (top_finite < 1) {
    r.error = "e" + std::to_string(exponent_bits) + "m" + std::to_string(mantissa_bits) + SpecialsSuffix(specials) +
              " has no normal numbers (the all-ones exponent is reserved): use more exponent bits or _fin";
    return r;
  }
  // Keep every value inside FP64 (so doubles hold them exactly): max exponent ≤ 1023, smallest ≥ 2^−1074.
  int emax = top_finite - bias;
  int min_sub_exp = 1 - bias - mantissa_bits;
  if (emax > 1023) {
    r.error = "bias " + std::to_string(bias) + " makes the largest value 2^" + std::to_string(emax) +
              ", beyond FP64's range (max exponent 1023): raise the bias";
    return r;
  }
  if (min_sub_exp < -1074) {
    r.error = "bias " + std::to_string(bias) + " makes the smallest value 2^" + std::to_string(min_sub_exp) +
              ", below FP64's smallest subnormal 2^-1074: lower the bias";
    return r;
  }
  std::string name = CustomFormatName(exponent_bits, mantissa_bits, bias, specials);
  Overflow ov = specials == Specials::kFinite ? Overflow::kSaturate : Overflow::kInfOrNan;
  const char* note = specials == Specials::kIeee ? kIeeeNote
                     : specials == Specials::kFn
                         ? "Like OCP E4M3 (fn): no Inf, so overflow gives NaN unless saturating."
                         : "No Inf/NaN (like OCP MX FP6/FP4): overflow saturates to ±max.";
  std::string desc = "custom minifloat: " + std::to_string(exponent_bits) + " exponent bits, " +
                     std::to_string(mantissa_bits) + " mantissa bits, bias " + std::to_string(bias) +
                     (specials == Specials::kIeee ? ", IEEE Inf/NaN"
                      : specials == Specials::kFn ? ", NaN only (fn)"
                                                  : ", no Inf/NaN");
  r.spec = Float("", exponent_bits, mantissa_bits, bias, specials, ov, desc.c_str(), note);
  r.spec.name = name;
  r.spec.custom = true;
  r.ok = true;
  return r;
}

FormatParse ParseFormat(std::string_view name) {
  for (const FormatSpec& f : AllFormats())
    if (f.name == name) return FormatParse{true, f, ""};
  FormatParse r;
  std::string shown(name.substr(0, 40));
  if (name.empty()) {
    r.error = "empty format name";
    return r;
  }
  size_t pos = 0;
  int e = 0, m = 0;
  auto fail = [&](const std::string& why) {
    r.error = "unknown format '" + shown + "'" + (why.empty() ? "" : ": " + why) +
              " (built-in: fp64 fp32 tf32 bf16 fp16 fp8_e4m3 fp8_e5m2 fp6_e3m2 fp6_e2m3 fp4_e2m1 e8m0 ue4m3 int8 uint8 "
              "int4 uint4;"
              " custom: e<E>m<M>[b<bias>][_ieee|_fn|_fin], e.g. e3m4 or e4m3b7_fn)";
    return r;
  };
  if (name.size() > 40) return fail("name too long");
  if (name[pos] != 'e') return fail("");
  ++pos;
  if (!ReadInt(name, &pos, &e)) return fail("expected exponent bits after 'e'");
  if (pos >= name.size() || name[pos] != 'm') return fail("expected 'm<mantissa bits>' after the exponent bits");
  ++pos;
  if (!ReadInt(name, &pos, &m)) return fail("expected mantissa bits after 'm'");
  int bias = e >= 1 && e <= 30 ? (1 << (e - 1)) - 1 : 0;
  if (pos < name.size() && name[pos] == 'b') {
    ++pos;
    if (!ReadInt(name, &pos, &bias)) return fail("expected a bias after 'b'");
  }
  Specials sp = Specials::kIeee;
  std::string_view rest = name.substr(pos);
  if (rest == "" || rest == "_ieee")
    sp = Specials::kIeee;
  else if (rest == "_fn")
    sp = Specials::kFn;
  else if (rest == "_fin")
    sp = Specials::kFinite;
  else
    return fail("unexpected '" + std::string(rest) + "' (specials suffix is _ieee, _fn or _fin)");
  r = MakeCustomFormat(e, m, bias, sp);
  if (!r.ok) r.error = "custom format '" + shown + "': " + r.error;
  return r;
}

const FormatSpec* FindFormat(std::string_view name) {
  for (const FormatSpec& f : AllFormats())
    if (f.name == name) return &f;
  FormatParse p = ParseFormat(name);
  if (!p.ok) return nullptr;
  // Custom specs live for the program's lifetime (deque keeps addresses stable); deduplicated by name.
  static std::mutex mu;
  static std::deque<FormatSpec> customs;
  std::lock_guard<std::mutex> lock(mu);
  for (const FormatSpec& f : customs)
    if (f.name == p.spec.name) return &f;
  customs.push_back(p.spec);
  return &customs.back();
}

std::optional<Rounding> ParseRounding(std::string_view name) {
  for (Rounding r : {Rounding::kNearestEven, Rounding::kTowardZero, Rounding::kStochastic})
    if (name == RoundingName(r)) return r;
  return std::nullopt;
}

const char* RoundingName(Rounding r) {
  switch (r) {
    case Rounding::kNearestEven: return "rne";
    case Rounding::kTowardZero: return "rtz";
    case Rounding::kStochastic: return "stochastic";
  }
  return "?";
}

const char* OverflowName(Overflow o) {
  switch (o) {
    case Overflow::kStandard: return "standard";
    case Overflow::kSaturate: return "saturate";
    case Overflow::kInfOrNan: return "inf_or_nan";
  }
  return "?";
}

std::vector<std::string> FlagNames(unsigned flags) {
  static const char* const kNames[] = {"rounded",   "overflow", "saturated", "underflow",
                                       "subnormal", "nan",      "inf",       "invalid"};
  std::vector<std::string> out;
  for (unsigned i = 0; i < 8; ++i)
    if (flags & (1u << i)) out.push_back(kNames[i]);
  return out;
}

uint64_t CodeCount(const FormatSpec& f) { return f.bits >= 64 ? ~uint64_t{0} : uint64_t{1} << f.bits; }
uint64_t CodeToBits(uint64_t code, const FormatSpec& f) { return code << (f.container_bits - f.bits); }
uint64_t BitsToCode(uint64_t bits, const FormatSpec& f) {
  uint64_t mask = f.bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << f.bits) - 1;
  return (bits >> (f.container_bits - f.bits)) & mask;
}

FormatFacts Facts(const FormatSpec& f) {
  FormatFacts r;
  r.name = f.name;
  r.bits = f.bits;
  r.has_inf = f.has_inf;
  r.has_nan = f.has_nan;
  Overflow ov = f.default_overflow;
  r.overflow_default = ov == Overflow::kSaturate ? "saturate" : f.has_inf ? "inf" : "nan";
  if (f.kind == Kind::kInt) {
    r.max = f.is_signed ? std::ldexp(1.0, f.bits - 1) - 1 : std::ldexp(1.0, f.bits) - 1;
    r.min_normal = 1;
    r.min_subnormal = 1;
    r.epsilon = 1;
    r.decimal_digits = std::log10(r.max + 1);
    r.dynamic_range_decades = std::log10(r.max);
    return r;
  }
  r.max = DecodeBits(CodeToBits(detail::MaxMagnitudeCode(f), f), f);
  if (f.kind == Kind::kE8M0) {
    r.min_normal = std::ldexp(1.0, -127);
    r.min_subnormal = r.min_normal;
    r.epsilon = 1;  // next value above 1 is 2
  } else {
    r.min_normal = std::ldexp(1.0, 1 - f.bias);
    r.has_subnormals = f.mantissa_bits > 0;
    r.min_subnormal = std::ldexp(1.0, 1 - f.bias - f.mantissa_bits);
    r.epsilon = std::ldexp(1.0, -f.mantissa_bits);
  }
  r.decimal_digits = (f.mantissa_bits + 1) * std::log10(2.0);
  r.dynamic_range_decades = std::log10(r.max) - std::log10(r.min_subnormal);
  return r;
}

RangeProfile Range(const FormatSpec& f) {
  RangeProfile r;
  FormatFacts x = Facts(f);
  r.name = f.name;
  r.max = x.max;
  r.min_normal = x.min_normal;
  r.min_positive = x.min_subnormal;
  if (f.kind == Kind::kInt) {
    for (int k = 0; std::ldexp(1.0, k) <= x.max; ++k) {
      Binade b;
      b.exponent = k;
      b.start = std::ldexp(1.0, k);
      b.end = std::min(std::ldexp(1.0, k + 1) - 1, x.max);
      b.gap = 1;
      b.relative_gap = 1 / b.start;
      b.values = static_cast<uint64_t>(b.end - b.start) + 1;
      r.binades.push_back(b);
    }
    return r;
  }
  const int M = f.mantissa_bits;
  const int emin = f.kind == Kind::kE8M0 ? -127 : 1 - f.bias;
  if (f.kind == Kind::kFloat && M > 0) {  // subnormals: m·2^(emin−M), m = 1..2^M−1
    Binade b;
    b.exponent = emin - 1;
    b.subnormal = true;
    b.gap = x.min_subnormal;
    b.start = x.min_subnormal;
    b.end = x.min_normal - x.min_subnormal;
    b.relative_gap = 1;
    b.values = (uint64_t{1} << M) - 1;
    r.binades.push_back(b);
  }
  const int emax = static_cast<int>(std::floor(std::log2(x.max)));
  for (int e = emin; e <= emax; ++e) {
    Binade b;
    b.exponent = e;
    b.start = std::ldexp(1.0, e);
    b.gap = std::ldexp(1.0, e - M);
    b.relative_gap = std::ldexp(1.0, -M);
    b.end = e == emax ? x.max : std::ldexp(1.0, e + 1) - b.gap;
    b.values = static_cast<uint64_t>((b.end - b.start) / b.gap) + 1;
    r.binades.push_back(b);
  }
  return r;
}

}  // namespace bw::formats
