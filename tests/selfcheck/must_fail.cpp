// A suite that must fail: build.sh runs it natively and under node and requires a non-zero exit,
// proving that a failing CHECK/REQUIRE really fails the run on both toolchains (exceptions included).
#include <doctest/doctest.h>

TEST_CASE("a failing CHECK fails the run") { CHECK(1 + 1 == 3); }
TEST_CASE("a failing REQUIRE fails the run") {
  REQUIRE(false);
  CHECK(true);
}
