// Quick facts about the public API; the thorough suites are in the other files of this folder.
#include <doctest/doctest.h>

#include "core/formats/formats.h"

using namespace bw::formats;

TEST_CASE("FindFormat knows the built-in names and rejects others") {
  REQUIRE(FindFormat("bf16") != nullptr);
  CHECK(FindFormat("bf16")->bits == 16);
  CHECK(FindFormat("nope") == nullptr);
  CHECK(AllFormats().size() == 15);
}

TEST_CASE("FP16 of 0.1 is 0x2e66 (IEEE 754 binary16)") {
  // 0.1 in binary16 = 0x2E66 = 0.0999755859375 (e.g. numpy.float16(0.1).view('u2') == 0x2e66).
  const FormatSpec& f = *FindFormat("fp16");
  CHECK(EncodeDouble(0.1, f) == 0x2e66);
  CHECK(RoundToFormat(0.1, f) == 0.0999755859375);
}
