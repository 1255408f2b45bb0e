// LiveLink: parse → format → parse is the identity within the limits, and any link we build whose
// content fits kMaxLiveLinkChars formats into text that parses back to it. LinkReader never crashes.
#include <string_view>

#include "core/util/livelink.h"
#include "fuzz_check.h"

using namespace bw;

namespace {
bool SameLink(const LiveLink& a, const LiveLink& b) { return a.panel == b.panel && a.params == b.params; }
bool ValidName(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.')) return false;
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  LinkParse p = ParseLiveLink(text);
  if (p.ok) {
    FUZZ_CHECK(LiveLinkLength(p.link) <= kMaxLiveLinkChars, "accepted a link over the limit");
    std::string written = FormatLiveLink(p.link);
    LinkParse back = ParseLiveLink(written);
    FUZZ_CHECK(back.ok, "formatted link does not parse: %s", back.error.c_str());
    FUZZ_CHECK(SameLink(back.link, p.link), "parse/format/parse changed the link");
    FUZZ_CHECK(FormatLiveLink(back.link) == written, "format not stable");
    LinkReader r(p.link);
    double d = 0;
    int64_t n = 0;
    bool b = false;
    std::string s;
    r.Double("value", d, -1e300, 1e300);
    r.Int("n", n, INT64_MIN, INT64_MAX);
    r.Bool("flag", b);
    r.Choice("mode", s, {"a", "b"});
    (void)r.Finish();
  } else {
    FUZZ_CHECK(!p.error.empty(), "refusal without a message");
  }
  // Build a link from the bytes: panel, then key/value pairs separated by 0xFF.
  fuzz::Bytes in(data, size);
  LiveLink made;
  made.panel = in.String(16);
  while (in.left() > 0 && made.params.size() < 64) {
    std::string key = in.String(16);
    std::string value = in.String(8192);
    made.params.emplace_back(std::move(key), std::move(value));
  }
  bool names_ok = ValidName(made.panel);
  for (const auto& kv : made.params) names_ok = names_ok && ValidName(kv.first);
  if (names_ok) {
    std::string written = FormatLiveLink(made);
    LinkParse back = ParseLiveLink(written);
    if (LiveLinkLength(made) <= kMaxLiveLinkChars) {
      FUZZ_CHECK(back.ok, "a link within the limit was refused: %s", back.error.c_str());
      FUZZ_CHECK(SameLink(back.link, made), "format/parse changed the link");
    } else {
      FUZZ_CHECK(!back.ok, "a link over the limit was accepted");
    }
  }
  return 0;
}
