// Small helpers shared by the formats test files (not an oracle: the references live in reference.h).
#pragma once

#include <doctest/doctest.h>

#include <cmath>

#include "core/formats/formats.h"

namespace bw::formats::testing {

// The built-in format `name`; the test stops if it does not exist.
inline const FormatSpec& F(const char* name) {
  const FormatSpec* f = FindFormat(name);
  REQUIRE(f != nullptr);
  return *f;
}

inline double P2(int e) { return std::ldexp(1.0, e); }  // 2^e, exactly

}  // namespace bw::formats::testing
