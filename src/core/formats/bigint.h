// Internal to bw_formats: a small unsigned big integer, just enough for exact decimal ↔ binary work
// (decimal strings of a few thousand digits; powers of 2, 5 and 10 up to ~2^4000).
//
//   BigUInt n = BigUInt::FromDecimal("123456789");  n.MulPow10(5);  n.ShiftLeft(3);
//   std::string s = n.ToDecimal();
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bw::formats::detail {

class BigUInt {
 public:
  BigUInt() = default;
  explicit BigUInt(uint64_t v);
  static BigUInt FromDecimal(std::string_view digits);  // digits only, '0'..'9'

  bool IsZero() const { return limbs_.empty(); }
  size_t BitLength() const;
  void MulSmall(uint32_t m);
  void AddSmall(uint32_t a);
  void MulPow(uint32_t base, uint64_t exponent);  // *= base^exponent (base ≤ 10)
  void ShiftLeft(size_t bits);
  void ShiftRight1();
  void Add(const BigUInt& b);
  void Sub(const BigUInt& b);  // requires *this >= b
  void Mul(const BigUInt& b);
  uint32_t DivSmall(uint32_t d);  // *this /= d, returns the remainder
  std::string ToDecimal() const;
  static int Compare(const BigUInt& a, const BigUInt& b);  // −1, 0, 1

 private:
  void Trim();
  std::vector<uint32_t> limbs_;  // little-endian base 2^32, no high zero limbs
};

}  // namespace bw::formats::detail
