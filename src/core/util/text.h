// bw text helpers shared by the engines, the app and the CLI (ASCII only: our names and keys are ASCII).
//
//   Lower("BF16") == "bf16";   Trim("  a b ") == "a b";   Join({"a", "b"}) == "a, b";
//   Fnv1a64("a") == 0xaf63dc4c8601ec8c
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bw {

// ASCII lower case; other bytes (UTF-8 included) unchanged.
inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Without leading and trailing spaces, tabs, CR and LF.
inline std::string_view Trim(std::string_view s) {
  const char* ws = " \t\r\n";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

// The parts with `sep` between them: Join({"a", "b"}) == "a, b".
inline std::string Join(const std::vector<std::string>& parts, std::string_view sep = ", ") {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

// FNV-1a 64-bit hash (Fowler/Noll/Vo: offset basis 0xcbf29ce484222325, prime 0x100000001b3); pass a
// previous result as `hash` to continue over several pieces.
inline uint64_t Fnv1a64(std::string_view bytes, uint64_t hash = 0xcbf29ce484222325ull) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

}  // namespace bw
