// LiveLink grammar: panel?key=value&key=value, percent-decoding, validation messages.
#include <doctest/doctest.h>

#include "core/util/livelink.h"

using namespace bw;

TEST_CASE("LiveLink parses panel and parameters in order") {
  LinkParse p = ParseLiveLink("#memory?preset=llama-2-13b&mode=train&optimizer=adamw");
  REQUIRE(p.ok);
  CHECK(p.link.panel == "memory");
  REQUIRE(p.link.params.size() == 3);
  CHECK(*p.link.Get("preset") == "llama-2-13b");
  CHECK(p.link.Get("missing") == nullptr);
  CHECK(FormatLiveLink(p.link) == "memory?preset=llama-2-13b&mode=train&optimizer=adamw");
}

TEST_CASE("LiveLink decodes and re-encodes values") {
  LinkParse p = ParseLiveLink("formats?value=1e-3%20x&note=a+b");
  REQUIRE(p.ok);
  CHECK(*p.link.Get("value") == "1e-3 x");
  CHECK(*p.link.Get("note") == "a b");
  LinkParse again = ParseLiveLink(FormatLiveLink(p.link));
  REQUIRE(again.ok);
  CHECK(*again.link.Get("value") == "1e-3 x");
}

TEST_CASE("LiveLink reports what and where") {
  CHECK_FALSE(ParseLiveLink("").ok);
  CHECK_FALSE(ParseLiveLink("?a=1").ok);
  LinkParse bad = ParseLiveLink("formats?value=%zz");
  CHECK_FALSE(bad.ok);
  CHECK(bad.error.find("character 15") != std::string::npos);
  CHECK_FALSE(ParseLiveLink("Formats?x=1").ok);
  CHECK_FALSE(ParseLiveLink("formats?value=%4").ok);
}

TEST_CASE("LinkReader validates values and flags unknown keys") {
  LinkParse p = ParseLiveLink("train?lr=abc&steps=20&mode=fast&extra=1&flag=on");
  REQUIRE(p.ok);
  LinkReader r(p.link);
  double lr = 0.03;
  int steps = 0;
  std::string mode = "slow";
  bool flag = false;
  CHECK_FALSE(r.Double("lr", lr, 0, 10));
  CHECK(lr == 0.03);
  CHECK(r.Int("steps", steps, 1, 100));
  CHECK(steps == 20);
  CHECK_FALSE(r.Choice("mode", mode, {"slow", "medium"}));
  CHECK(r.Bool("flag", flag));
  CHECK(flag);
  std::vector<std::string> errors = r.Finish();
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].find("lr") == 0);
  CHECK(errors[1].find("mode") == 0);
  CHECK(errors[2].find("extra") != std::string::npos);
}
