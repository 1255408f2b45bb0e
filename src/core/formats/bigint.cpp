// Schoolbook big-integer arithmetic for exact decimal conversions (see bigint.h).
#include "core/formats/bigint.h"

#include <algorithm>

namespace bw::formats::detail {

BigUInt::BigUInt(uint64_t v) {
  while (v) {
    limbs_.push_back(static_cast<uint32_t>(v));
    v >>= 32;
  }
}

void BigUInt::Trim() {
  while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
}

BigUInt BigUInt::FromDecimal(std::string_view digits) {
  BigUInt r;
  size_t i = 0;
  // Nine digits at a time: multiply by 10^chunk, add the chunk.
  while (i < digits.size()) {
    size_t n = std::min<size_t>(9, digits.size() - i);
    uint32_t chunk = 0, scale = 1;
    for (size_t k = 0; k < n; ++k) {
      chunk = chunk * 10 + static_cast<uint32_t>(digits[i + k] - '0');
      scale *= 10;
    }
    r.MulSmall(scale);
    r.AddSmall(chunk);
    i += n;
  }
  return r;
}

size_t BigUInt::BitLength() const {
  if (limbs_.empty()) return 0;
  return 32 * (limbs_.size() - 1) + (32 - static_cast<size_t>(__builtin_clz(limbs_.back())));
}

void BigUInt::MulSmall(uint32_t m) {
  uint64_t carry = 0;
  for (uint32_t& l : limbs_) {
    uint64_t v = static_cast<uint64_t>(l) * m + carry;
    l = static_cast<uint32_t>(v);
    carry = v >> 32;
  }
  if (carry) limbs_.push_back(static_cast<uint32_t>(carry));
  Trim();
}

void BigUInt::AddSmall(uint32_t a) {
  uint64_t carry = a;
  for (size_t i = 0; carry && i < limbs_.size(); ++i) {
    uint64_t v = static_cast<uint64_t>(limbs_[i]) + carry;
    limbs_[i] = static_cast<uint32_t>(v);
    carry = v >> 32;
  }
  if (carry) limbs_.push_back(static_cast<uint32_t>(carry));
}

void BigUInt::MulPow(uint32_t base, uint64_t exponent) {
  // Largest power of base that fits in 32 bits, applied in chunks.
  uint32_t chunk = 1;
  uint64_t per = 0;
  while (static_cast<uint64_t>(chunk) * base <= 0xFFFFFFFFull) {
    chunk *= base;
    ++per;
  }
  while (exponent >= per) {
    MulSmall(chunk);
    exponent -= per;
  }
  while (exponent--) MulSmall(base);
}

void BigUInt::ShiftLeft(size_t bits) {
  if (limbs_.empty()) return;
  size_t words = bits / 32, rem = bits % 32;
  if (rem) {
    uint32_t carry = 0;
    for (uint32_t& l : limbs_) {
      uint32_t next = l >> (32 - rem);
      l = (l << rem) | carry;
      carry = next;
    }
    if (carry) limbs_.push_back(carry);
  }
  limbs_.insert(limbs_.begin(), words, 0);
}

void BigUInt::ShiftRight1() {
  for (size_t i = 0; i < limbs_.size(); ++i) {
    uint32_t hi = i + 1 < limbs_.size() ? (limbs_[i + 1] & 1u) : 0u;
    limbs_[i] = (limbs_[i] >> 1) | (hi << 31);
  }
  Trim();
}

void BigUInt::Add(const BigUInt& b) {
  if (limbs_.size() < b.limbs_.size()) limbs_.resize(b.limbs_.size(), 0);
  uint64_t carry = 0;
  for (size_t i = 0; i < limbs_.size(); ++i) {
    uint64_t v = static_cast<uint64_t>(limbs_[i]) + (i < b.limbs_.size() ? b.limbs_[i] : 0) + carry;
    limbs_[i] = static_cast<uint32_t>(v);
    carry = v >> 32;
  }
  if (carry) limbs_.push_back(static_cast<uint32_t>(carry));
}

void BigUInt::Sub(const BigUInt& b) {
  int64_t borrow = 0;
  for (size_t i = 0; i < limbs_.size(); ++i) {
    int64_t v = static_cast<int64_t>(limbs_[i]) - (i < b.limbs_.size() ? b.limbs_[i] : 0) - borrow;
    borrow = v < 0 ? 1 : 0;
    limbs_[i] = static_cast<uint32_t>(v + (borrow << 32));
  }
  Trim();
}

void BigUInt::Mul(const BigUInt& b) {
  if (limbs_.empty() || b.limbs_.empty()) {
    limbs_.clear();
    return;
  }
  std::vector<uint32_t> out(limbs_.size() + b.limbs_.size(), 0);
  for (size_t i = 0; i < limbs_.size(); ++i) {
    uint64_t carry = 0;
    for (size_t j = 0; j < b.limbs_.size(); ++j) {
      uint64_t v = static_cast<uint64_t>(limbs_[i]) * b.limbs_[j] + out[i + j] + carry;
      out[i + j] = static_cast<uint32_t>(v);
      carry = v >> 32;
    }
    out[i + b.limbs_.size()] = static_cast<uint32_t>(carry);
  }
  limbs_ = std::move(out);
  Trim();
}

uint32_t BigUInt::DivSmall(uint32_t d) {
  uint64_t rem = 0;
  for (size_t i = limbs_.size(); i-- > 0;) {
    uint64_t cur = (rem << 32) | limbs_[i];
    limbs_[i] = static_cast<uint32_t>(cur / d);
    rem = cur % d;
  }
  Trim();
  return static_cast<uint32_t>(rem);
}

std::string BigUInt::ToDecimal() const {
  if (limbs_.empty()) return "0";
  BigUInt t = *this;
  std::vector<uint32_t> chunks;  // base 10^9, little-endian
  while (!t.IsZero()) chunks.push_back(t.DivSmall(1000000000u));
  std::string s = std::to_string(chunks.back());
  for (size_t i = chunks.size() - 1; i-- > 0;) {
    std::string c = std::to_string(chunks[i]);
    s.append(9 - c.size(), '0');
    s += c;
  }
  return s;
}

int BigUInt::Compare(const BigUInt& a, const BigUInt& b) {
  if (a.limbs_.size() != b.limbs_.size()) return a.limbs_.size() < b.limbs_.size() ? -1 : 1;
  for (size_t i = a.limbs_.size(); i-- > 0;)
    if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
  return 0;
}

}  // namespace bw::formats::detail
