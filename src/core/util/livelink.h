// bw::LiveLink — the one link grammar of Bytewise: `panel?key=value&key=value`.
//
// The same string is a card's `live:` line, the page URL hash (`#formats?value=0.1&format=bf16`)
// and the embed API's `open` message. One parser, one printer; panels read their state from a
// LiveLink with LinkReader, which reports bad values and unknown keys instead of dropping them.
//
//   LinkParse p = ParseLiveLink("memory?preset=llama-2-13b&mode=train");
//   if (!p.ok) show(p.error);
//   LinkReader r(p.link);
//   r.Choice("mode", mode, {"inference", "train"});
//   for (auto& e : r.Finish()) show(e);   // "unknown key 'foo'", "mode: 'x' is not one of inference, train"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bw {

struct LiveLink {
  std::string panel;                                        // lower case, e.g. "formats"
  std::vector<std::pair<std::string, std::string>> params;  // decoded, in order of appearance

  const std::string* Get(std::string_view key) const;  // nullptr if absent (last one wins)
  void Set(std::string_view key, std::string value);   // replaces or appends
};

struct LinkParse {
  bool ok = false;
  LiveLink link;
  std::string error;  // what and where ("at character 12: ...") when !ok
};

// Limits: a link holds at most kMaxLiveLinkChars characters of content (LiveLinkLength: panel, keys,
// decoded values and separators), written in at most kMaxLiveLinkText characters (every byte of a
// value may take 3 as a %-escape). Whatever FormatLiveLink writes for a link within the content limit
// reads back identically; a longer one is refused by ParseLiveLink with a message saying so.
inline constexpr size_t kMaxLiveLinkChars = 4096;
inline constexpr size_t kMaxLiveLinkText = 3 * kMaxLiveLinkChars + 1;
size_t LiveLinkLength(const LiveLink& link);

// Accepts an optional leading '#' or '/'. The panel name is [a-z0-9_.-]+; keys likewise;
// values are percent-decoded ('+' means space).
LinkParse ParseLiveLink(std::string_view text);

// Inverse of ParseLiveLink: percent-encodes what needs it (a space as '+').
// "formats?value=0.1&format=bf16". ParseLiveLink(FormatLiveLink(l)).link == l when
// LiveLinkLength(l) <= kMaxLiveLinkChars and the panel and keys are valid names.
std::string FormatLiveLink(const LiveLink& link);

// Typed, validated reads of a LiveLink's parameters. Each reader call marks its key as known;
// on a bad value it records an error and leaves `out` unchanged. Finish() adds one error per
// unknown key and returns all errors, each naming the key.
class LinkReader {
 public:
  explicit LinkReader(const LiveLink& link) : link_(link) {}
  bool Str(std::string_view key, std::string& out);
  bool Double(std::string_view key, double& out, double min, double max);
  bool Int(std::string_view key, int64_t& out, int64_t min, int64_t max);
  bool Int(std::string_view key, int& out, int min, int max);
  bool Bool(std::string_view key, bool& out);  // 1/0/true/false/yes/no/on/off
  bool Choice(std::string_view key, std::string& out, const std::vector<std::string>& allowed);
  void Ignore(std::string_view key) { known_.emplace_back(key); }
  std::vector<std::string> Finish();

 private:
  const std::string* Take(std::string_view key);
  const LiveLink& link_;
  std::vector<std::string> known_;
  std::vector<std::string> errors_;
};

}  // namespace bw
