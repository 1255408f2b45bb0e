// Shared by the libFuzzer targets: a property check that stops the run with a message (libFuzzer
// then saves the input as a finding), and a reader that splits the fuzzer's bytes into typed values.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#define FUZZ_CHECK(cond, ...)                                                              \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, "  " __VA_ARGS__);                                              \
      std::fprintf(stderr, "\n");                                                          \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)

namespace bw::fuzz {

// Consumes the input front to back; past the end it yields zeros / empty strings.
class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : p_(data), n_(size) {}
  template <typename T>
  T Take() {
    T v{};
    size_t k = n_ < sizeof(T) ? n_ : sizeof(T);
    std::memcpy(&v, p_, k);
    p_ += k;
    n_ -= k;
    return v;
  }
  // Up to `max` bytes, ending at the first 0xFF (a separator the seeds use) or the end.
  std::string String(size_t max) {
    size_t k = 0;
    while (k < n_ && k < max && p_[k] != 0xFF) ++k;
    std::string s(reinterpret_cast<const char*>(p_), k);
    size_t skip = (k < n_ && p_[k] == 0xFF) ? k + 1 : k;
    p_ += skip;
    n_ -= skip;
    return s;
  }
  std::string Rest() { return String(static_cast<size_t>(-1)); }
  size_t left() const { return n_; }

 private:
  const uint8_t* p_;
  size_t n_;
};

}  // namespace bw::fuzz
