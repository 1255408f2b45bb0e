// Independent oracles for the formats tests (no code shared with src/core/formats).
//
// NearestByDistance: round an FP32 value to fewer mantissa bits (BF16: 7, TF32: 10) by the
// definition of round-to-nearest-even — take the two candidates around x (truncate, and truncate +
// one gap), measure both distances exactly in double arithmetic (FP32-precision operands within a
// factor of two: the differences are exact), pick the nearer, on a tie the one whose last kept bit
// is 0. No bit tricks, no carries: a second method to check the fast path and the rounding core.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace bw::formats::testref {

inline uint32_t Bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}
inline float FromBits(uint32_t b) {
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}

// Value of FP32 fields, also for the all-ones exponent (as 2^128·(1 + m)), so "one gap above the
// largest finite value" has a magnitude to compare with.
inline double FieldValue(uint32_t mag) {
  uint32_t e = mag >> 23, m = mag & 0x7FFFFF;
  if (e == 0) return std::ldexp(static_cast<double>(m), -149);
  return std::ldexp(static_cast<double>(m | 0x800000u), static_cast<int>(e) - 150);
}

// Returns the FP32 bit pattern of x rounded to `keep` mantissa bits (RNE), for finite x.
// Overflow gives the Inf pattern (IEEE default). NaN/Inf inputs are the caller's business.
inline uint32_t NearestByDistance(uint32_t x, int keep) {
  const uint32_t sign = x & 0x80000000u, mag = x & 0x7FFFFFFFu;
  const uint32_t gap = 1u << (23 - keep);
  const uint32_t lo = mag & ~(gap - 1), hi = lo + gap;
  if (lo == mag) return x;
  const double v = FieldValue(mag), dlo = v - FieldValue(lo), dhi = FieldValue(hi) - v;
  uint32_t pick;
  if (dlo < dhi)
    pick = lo;
  else if (dhi < dlo)
    pick = hi;
  else
    pick = ((lo / gap) % 2 == 0) ? lo : hi;
  if (pick >= 0x7F800000u) pick = 0x7F800000u;  // rounded past the largest finite value: Inf
  return sign | pick;
}

}  // namespace bw::formats::testref
