// Internal to bw_formats: the one rounding core every path goes through.
//
// An input is reduced to an Exact: sign, a 64-bit significand with its top bit set, a binary exponent
// and a sticky bit saying whether the true magnitude is strictly larger than sig·2^exp2. All formats
// here have at most 53 significant bits, so 64 bits + sticky decide every rounding exactly.
#pragma once

#include <cstdint>

#include "core/formats/formats.h"

namespace bw::formats::detail {

struct Exact {
  bool negative = false;
  bool is_nan = false;
  bool is_inf = false;
  bool is_zero = false;
  uint64_t sig = 0;  // nonzero finite: top bit (2^63) set
  int64_t exp2 = 0;  // value = sig · 2^exp2 (+ a little more if sticky)
  bool sticky = false;
};

Exact ExactFromDouble(double x);

// Magnitude of the encoding as an integer I times 2^q, for exact printing (finite, non-NaN only).
struct Scaled {
  bool negative = false;
  uint64_t integer = 0;
  int q = 0;
};

// Rounds x into f. Returns the encoding (container layout) and sets flags.
uint64_t RoundExact(const Exact& x, const FormatSpec& f, const RoundOptions& opt, unsigned* flags);

// Decodes an encoding to I·2^q (false for NaN/Inf).
bool DecodeScaled(uint64_t bits, const FormatSpec& f, Scaled* out);

// Magnitude-code helpers shared by neighbours and the bit editor.
uint64_t MaxMagnitudeCode(const FormatSpec& f);  // largest finite magnitude (floats) / max positive (ints)
bool CodeIsNaN(uint64_t code, const FormatSpec& f);
bool CodeIsInf(uint64_t code, const FormatSpec& f);

uint64_t Mix64(uint64_t z);  // SplitMix64 finalizer

}  // namespace bw::formats::detail
