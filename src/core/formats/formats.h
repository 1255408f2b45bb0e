// bw::formats — number formats: what storing a value in FP32, BF16, FP16, FP8, FP6, FP4, E8M0 or
// a small integer really does to it, exactly.
//
//   const FormatSpec* f = FindFormat("bf16");                      // nullptr if unknown
//   double v = RoundToFormat(0.1, *f);                             // 0.10009765625 (RNE)
//   uint64_t bits = EncodeDouble(0.1, *f);                         // 0x3dcd
//   double back = DecodeBits(bits, *f);                            // == v
//   float w = RoundFloatToBF16(x);                                 // fast RNE path, NaN-safe
//
//   ParsedNumber p = ParseNumber("0.0123456789");                  // exact decimal, p.ok / p.error
//   Conversion c = Convert(p, *f);                                 // bits, exact stored decimal, errors, flags,
//                                                                  // fields, neighbours, ULP, via-FP32 path
//   FormatFacts facts = Facts(*f);                                 // max, min normal, epsilon, digits, ...
//
// Rounding is decided on the exact input (a double's exact binary value or a decimal string's exact
// decimal value, never an intermediate double): round to nearest, ties to even (default), toward zero,
// or stochastic (round up with probability equal to the distance past the lower neighbour, in units
// of the gap, from a counter-based hash of RoundOptions::seed and ::index — reproducible).
// Overflow is decided after rounding (OCP FP8: E4M3's 464 is a tie → 448; above it overflows).
//
// Formats (names used everywhere: CLI, LiveLinks, JSON), in this order:
//   fp64 fp32 tf32 bf16 fp16 fp8_e4m3 fp8_e5m2 fp6_e3m2 fp6_e2m3 fp4_e2m1 e8m0 int8 uint8 int4 uint4
// plus user-defined minifloats named "e<E>m<M>[b<bias>][_ieee|_fn|_fin]" (see ParseFormat).
// Sources: IEEE 754-2019; Micikevicius et al. "FP8 Formats for Deep Learning" (arXiv:2209.05433) as
// adopted by the OCP OFP8 spec; OCP Microscaling (MX) Formats Specification v1.0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bw::formats {

// ---------------------------------------------------------------------------------------------
// Options
enum class Rounding { kNearestEven, kTowardZero, kStochastic };
// kStandard = each format's own default (FormatSpec::default_overflow): IEEE formats → ±Inf,
// OCP E4M3 → NaN (non-saturating, as ml_dtypes), MX FP6/FP4, E8M0 and integers → saturate.
// Round-toward-zero never overflows to Inf/NaN: like IEEE 754 §7.4 it carries overflow to ±max.
enum class Overflow { kStandard, kSaturate, kInfOrNan };

struct RoundOptions {
  Rounding rounding = Rounding::kNearestEven;
  Overflow overflow = Overflow::kStandard;
  uint64_t seed = 0;   // stochastic rounding: stream seed
  uint64_t index = 0;  // stochastic rounding: position in the stream (bulk calls use index + i)
};

const char* RoundingName(Rounding r);                          // "rne", "rtz", "stochastic"
std::optional<Rounding> ParseRounding(std::string_view name);  // the inverse; nullopt for other text
const char* OverflowName(Overflow o);                          // "standard", "saturate", "inf_or_nan"

// ---------------------------------------------------------------------------------------------
// Format description
enum class Kind { kFloat, kInt, kE8M0 };
// What the all-ones exponent means (floats only):
//   kIeee   m=0 → ±Inf, m≠0 → NaN (FP64, FP32, TF32, BF16, FP16, E5M2)
//   kFn     ordinary numbers except all-ones mantissa → NaN; no Inf (OCP E4M3)
//   kFinite no Inf, no NaN: every code is a number (OCP MX FP6/FP4)
// E8M0 uses kIeee-like naming only for its single NaN code 0xFF.
enum class Specials { kIeee, kFn, kFinite };

struct FormatSpec {
  std::string name;  // "bf16"
  Kind kind = Kind::kFloat;
  int exponent_bits = 0;   // floats/E8M0; 0 for integers
  int mantissa_bits = 0;   // stored fraction bits (no hidden bit); 0 for integers/E8M0
  int bias = 0;            // exponent bias
  int bits = 0;            // bits that carry information (TF32: 19)
  int container_bits = 0;  // bits of the stored encoding (TF32: 32, low 13 bits zero); else == bits
  bool is_signed = true;   // has a sign bit (floats) / two's complement (ints)
  bool has_inf = false;
  bool has_nan = false;
  Specials specials = Specials::kIeee;
  Overflow default_overflow = Overflow::kInfOrNan;  // what kStandard means for this format
  bool custom = false;                              // a user-defined minifloat
  std::string description;    // one line for people ("OCP FP8 E4M3 (fn): no Inf, NaN = S.1111.111")
  std::string overflow_note;  // which standard sets the default overflow behaviour, for the UI
};

const FormatSpec* FindFormat(std::string_view name);  // built-in or custom name ("e3m4b5_fn"); nullptr if invalid
const std::vector<FormatSpec>& AllFormats();          // the built-in formats, in the order listed above

struct FormatParse {
  bool ok = false;
  FormatSpec spec;
  std::string error;  // what is wrong ("exponent bits must be 1..11, got 30")
};
// Built-in name, or custom "e<E>m<M>[b<bias>][_ieee|_fn|_fin]": E = 1..11 exponent bits, M = 0..52
// mantissa bits, bias defaults to 2^(E−1)−1, specials default _ieee. Every value must lie inside
// FP64's range (so RoundToFormat's double result is exact).
FormatParse ParseFormat(std::string_view name);
FormatParse MakeCustomFormat(int exponent_bits, int mantissa_bits, int bias, Specials specials);
std::string CustomFormatName(int exponent_bits, int mantissa_bits, int bias, Specials specials);

// ---------------------------------------------------------------------------------------------
// Rounding a double (exact binary input)

// Flags describing what a conversion did (bitwise or).
enum Flag : unsigned {
  kFlagRounded = 1u << 0,    // the stored value differs from the input (inexact)
  kFlagOverflow = 1u << 1,   // the rounded magnitude exceeded the largest finite value
  kFlagSaturated = 1u << 2,  // ... and was clamped to ±max (or 0 for unsigned integers)
  kFlagUnderflow = 1u << 3,  // a nonzero input became zero (E8M0: was raised to its minimum)
  kFlagSubnormal = 1u << 4,  // the stored value is subnormal
  kFlagNaN = 1u << 5,        // the stored value is NaN
  kFlagInf = 1u << 6,        // the stored value is ±Inf
  kFlagInvalid = 1u << 7,    // no encoding exists for the input (NaN into FP4/ints, ≤0 into E8M0)
};
std::vector<std::string> FlagNames(unsigned flags);  // {"rounded", "overflow", ...} in bit order

// Value of x after storing it in f. NaN stays NaN (even for formats with no NaN code).
double RoundToFormat(double x, const FormatSpec& f, const RoundOptions& opt = {});
// Encoding of x in f (container layout, e.g. TF32 in 32 bits). flags (optional) receives Flag bits.
// For formats without a NaN code, NaN encodes as 0 with kFlagInvalid.
uint64_t EncodeDouble(double x, const FormatSpec& f, const RoundOptions& opt = {}, unsigned* flags = nullptr);
// Value of an encoding (bits outside the container are ignored; TF32's low 13 bits are ignored).
double DecodeBits(uint64_t bits, const FormatSpec& f);

// Fast paths (round to nearest even, overflow to Inf, NaN stays a quiet NaN with its sign).
float RoundFloatToBF16(float x);
float RoundFloatToFP16(float x);
uint16_t FloatToBF16Bits(float x);
uint16_t FloatToFP16Bits(float x);  // bit-identical to x86 F16C _cvtss_sh(x, 0), NaNs included
float BF16BitsToFloat(uint16_t b);
float FP16BitsToFloat(uint16_t h);

// Bulk conversions (n values). Encodings: BF16/FP16 16-bit, FP8 8-bit. RNE; FP8 overflow per `overflow`.
void FloatsToBF16(const float* in, uint16_t* out, size_t n);
void FloatsToFP16(const float* in, uint16_t* out, size_t n);
void FloatsToFP8E4M3(const float* in, uint8_t* out, size_t n, Overflow overflow = Overflow::kStandard);
void FloatsToFP8E5M2(const float* in, uint8_t* out, size_t n, Overflow overflow = Overflow::kStandard);
// Round n floats in place to format f (value emulation, e.g. for quantization), with stochastic
// rounding index opt.index + i.
void RoundFloats(float* values, size_t n, const FormatSpec& f, const RoundOptions& opt = {});

// ---------------------------------------------------------------------------------------------
// Exact decimal input and full conversion reports

// A number read from text, kept exactly (up to 800 significant digits; any nonzero digit beyond is
// kept as a sticky digit, which is enough for correct rounding into every format here).
struct ParsedNumber {
  bool ok = false;
  std::string error;  // what and where ("at character 3: unexpected 'x'")
  std::string text;   // the input as given
  bool negative = false;
  bool is_nan = false, is_inf = false, is_zero = false;
  std::string digits;      // significant decimal digits, no leading/trailing zeros ("123456789")
  int64_t exponent10 = 0;  // value = digits × 10^exponent10 (as an integer times a power of ten)
  bool truncated = false;  // more than 800 significant digits: the rest folded into a sticky digit
  double approx = 0;       // nearest double (correctly rounded), for display
  // The exact binary value, to 64 significant bits + a sticky bit (filled by ParseNumber; used by Convert).
  uint64_t binary_sig = 0;  // top bit set when nonzero
  int64_t binary_exp2 = 0;  // |value| = binary_sig · 2^binary_exp2 (+ sticky)
  bool binary_sticky = false;
};
// Accepts [+-]digits[.digits][e[+-]digits], "inf", "-inf", "nan". Rejects hex floats, a signed
// NaN, empty input, more than 1,000,000 characters and magnitudes ≥ 2^1024 (beyond every format's
// overflow threshold, including FP64's) with a clear message.
ParsedNumber ParseNumber(std::string_view text);
ParsedNumber FromDouble(double x);  // exact value of a double

struct Fields {
  uint64_t sign = 0;          // sign bit (0 for unsigned formats)
  uint64_t exponent = 0;      // raw exponent field
  uint64_t mantissa = 0;      // raw mantissa field (integers: the two's-complement code)
  int unbiased_exponent = 0;  // exponent − bias (subnormals: 1 − bias)
  bool subnormal = false;
  std::string bit_string;  // "0 01111011 1001101" (sign, exponent, mantissa separated by spaces)
};

struct Neighbor {
  bool exists = false;  // false past ±max (or ±Inf / NaN)
  uint64_t bits = 0;
  double value = 0;
  std::string exact;
};

struct ConvertOptions {
  RoundOptions round;
  bool via_fp32 = false;  // decimal → FP32 (RNE) → target, instead of straight from the decimal
};

struct Conversion {
  std::string format;    // "bf16"
  uint64_t bits = 0;     // stored encoding (container layout)
  std::string bits_hex;  // "0x3c4a", lower case, container width
  double value = 0;      // stored value as a double (exact: every value fits)
  std::string exact;     // exact decimal of the stored value, all digits ("nan", "inf", "-0")
  double abs_error = 0;  // |input − stored| (correctly rounded to double; NaN when undefined)
  double rel_error = 0;  // abs_error / |input| (NaN for input 0 or non-finite)
  unsigned flags = 0;    // Flag bits
  Fields fields;
  Neighbor next_up, next_down;  // adjacent representable values
  double ulp = 0;               // gap to the next value away from zero in this value's binade
  // The other path (direct vs via FP32), for the double-rounding lesson:
  uint64_t other_path_bits = 0;  // what the other path stores
  bool paths_differ = false;     // direct and via-FP32 store different bits
};

Conversion Convert(const ParsedNumber& x, const FormatSpec& f, const ConvertOptions& opt = {});
// Report for an existing encoding (bit editor): value, exact, fields, neighbours, ULP; no error.
Conversion Inspect(uint64_t bits, const FormatSpec& f);
// Exact decimal of a double ("0.1000000000000000055511151231257827021181583404541015625").
std::string ExactDecimal(double x);
// Lower-case hex of an encoding, zero-padded to the container width ("0x3c4a").
std::string BitsHex(uint64_t bits, const FormatSpec& f);

// ---------------------------------------------------------------------------------------------
// Format facts
struct FormatFacts {
  std::string name;
  int bits = 0;                      // bits per value
  double max = 0;                    // largest finite value
  double min_normal = 0;             // smallest positive normal (integers: 1)
  double min_subnormal = 0;          // smallest positive value (== min_normal without subnormals)
  double epsilon = 0;                // gap above 1 (2^−M); integers: 1
  double decimal_digits = 0;         // (M+1)·log10(2) for floats; log10(max+1) for integers
  double dynamic_range_decades = 0;  // log10(max / min_subnormal)
  bool has_inf = false, has_nan = false, has_subnormals = false;
  std::string overflow_default;  // "inf", "nan", "saturate"
};
FormatFacts Facts(const FormatSpec& f);

// Range and precision, binade by binade (the "range/precision picture"): where a format's positive
// values lie and how far apart neighbours are. Floats: one entry for the subnormals (if any), then one
// per exponent up to max. Integers: one per power of two. E8M0: one value per binade.
struct Binade {
  int exponent = 0;         // values in [2^exponent, 2^(exponent+1)); subnormals: the exponent of min normal − 1
  double start = 0;         // smallest positive value in this entry
  double end = 0;           // largest value in this entry
  double gap = 0;           // distance between neighbours here (ULP)
  double relative_gap = 0;  // gap / start: worst-case spacing relative to the value
  uint64_t values = 0;      // number of positive finite values in this entry
  bool subnormal = false;
};
struct RangeProfile {
  std::string name;
  double min_positive = 0;  // smallest positive value
  double min_normal = 0;
  double max = 0;
  std::vector<Binade> binades;  // ascending
};
RangeProfile Range(const FormatSpec& f);

// Encoding helpers (bit editor, neighbours): number of codes, whether a code is NaN/Inf.
uint64_t CodeCount(const FormatSpec& f);                  // 2^bits (FP64: 2^64 − 1, saturated)
uint64_t CodeToBits(uint64_t code, const FormatSpec& f);  // code (0..2^bits−1) → container layout
uint64_t BitsToCode(uint64_t bits, const FormatSpec& f);  // inverse

}  // namespace bw::formats
