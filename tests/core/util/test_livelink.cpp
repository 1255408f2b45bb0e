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

TEST_CASE("regression: a link FormatLiveLink writes within the limit reads back (spaces, pluses)") {
  // Minimal input from the red-team run: 1,369+ '+' / ' ' characters. Each '+' became "%2B" and
  // each space "%20", so the written link passed 4,096 characters and was refused on reload.
  for (char c : {' ', '+'}) {
    LiveLink l{"study", {{"q", std::string(kMaxLiveLinkChars - 8, c)}}};
    REQUIRE(LiveLinkLength(l) == kMaxLiveLinkChars);
    std::string text = FormatLiveLink(l);
    LinkParse back = ParseLiveLink(text);
    INFO("char '" << c << "', written " << text.size() << " characters: " << back.error);
    REQUIRE(back.ok);
    CHECK(back.link.panel == "study");
    CHECK(*back.link.Get("q") == l.params[0].second);
  }
  LiveLink spaces{"study", {{"q", "a b"}}};
  CHECK(FormatLiveLink(spaces) == "study?q=a+b");
  LiveLink every_byte{"x", {{"v", ""}}};
  for (int b = 0; b < 256; ++b) every_byte.params[0].second += static_cast<char>(b);
  LinkParse all = ParseLiveLink(FormatLiveLink(every_byte));
  REQUIRE(all.ok);
  CHECK(*all.link.Get("v") == every_byte.params[0].second);
}

TEST_CASE("links beyond the limit are refused with a message saying so") {
  LiveLink l{"study", {{"q", std::string(kMaxLiveLinkChars - 7, 'a')}}};  // one over
  LinkParse over = ParseLiveLink(FormatLiveLink(l));
  CHECK_FALSE(over.ok);
  CHECK(over.error.find("limited to 4096") != std::string::npos);
  LinkParse too_long = ParseLiveLink(std::string(kMaxLiveLinkText + 1, 'a'));
  CHECK_FALSE(too_long.ok);
  CHECK(too_long.error.find("longer than") != std::string::npos);
}
