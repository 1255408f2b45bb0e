#include "core/util/livelink.h"

#include <cmath>
#include <cstdlib>

#include "core/util/count.h"

namespace bw {

namespace {

bool IsNameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes s; returns false (and the offending offset) on a broken escape.
bool Decode(std::string_view s, std::string& out, size_t& bad) {
  out.clear();
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      int hi = i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
      int lo = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        bad = i;
        return false;
      }
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return true;
}

void Encode(std::string& out, std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char c : s) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                 c == '.' || c == ',' || c == '~' || c == ':';
    if (plain) {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';  // one character, not three: links with text stay short
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
}

}  // namespace

const std::string* LiveLink::Get(std::string_view key) const {
  const std::string* found = nullptr;
  for (const auto& kv : params)
    if (kv.first == key) found = &kv.second;
  return found;
}

void LiveLink::Set(std::string_view key, std::string value) {
  for (auto& kv : params)
    if (kv.first == key) {
      kv.second = std::move(value);
      return;
    }
  params.emplace_back(std::string(key), std::move(value));
}

LinkParse ParseLiveLink(std::string_view text) {
  LinkParse r;
  auto fail = [&](size_t at, const std::string& what) {
    r.ok = false;
    r.error =
        "LiveLink \"" + std::string(text.substr(0, 80)) + "\" at character " + std::to_string(at + 1) + ": " + what;
    return r;
  };
  if (text.size() > kMaxLiveLinkText)
    return fail(kMaxLiveLinkText, "longer than " + std::to_string(kMaxLiveLinkText) + " characters");
  size_t offset = 0;
  if (!text.empty() && (text[0] == '#' || text[0] == '/')) offset = 1;
  std::string_view rest = text.substr(offset);
  size_t q = rest.find('?');
  std::string_view panel = rest.substr(0, q);
  if (panel.empty()) return fail(offset, "missing panel name (e.g. \"formats?value=0.1\")");
  for (size_t i = 0; i < panel.size(); ++i)
    if (!IsNameChar(panel[i])) return fail(offset + i, "invalid character in panel name (use a-z, 0-9, '_' or '-')");
  r.link.panel = std::string(panel);
  if (q != std::string_view::npos) {
    size_t pos = q + 1;
    while (pos <= rest.size()) {
      size_t amp = rest.find('&', pos);
      if (amp == std::string_view::npos) amp = rest.size();
      std::string_view pair = rest.substr(pos, amp - pos);
      if (!pair.empty()) {
        size_t eq = pair.find('=');
        std::string_view key = pair.substr(0, eq);
        if (key.empty()) return fail(offset + pos, "empty key");
        for (size_t i = 0; i < key.size(); ++i)
          if (!IsNameChar(key[i])) return fail(offset + pos + i, "invalid character in key '" + std::string(key) + "'");
        std::string value;
        if (eq != std::string_view::npos) {
          size_t bad = 0;
          if (!Decode(pair.substr(eq + 1), value, bad)) return fail(offset + pos + eq + 1 + bad, "broken %-escape");
        }
        r.link.params.emplace_back(std::string(key), std::move(value));
      }
      pos = amp + 1;
    }
  }
  if (size_t n = LiveLinkLength(r.link); n > kMaxLiveLinkChars) {
    r.link = LiveLink{};
    return fail(0, "holds " + std::to_string(n) + " characters once decoded; links are limited to " +
                       std::to_string(kMaxLiveLinkChars));
  }
  r.ok = true;
  return r;
}

size_t LiveLinkLength(const LiveLink& link) {
  size_t n = link.panel.size();
  for (const auto& kv : link.params) n += 2 + kv.first.size() + kv.second.size();  // '?'/'&', '='
  return n;
}

std::string FormatLiveLink(const LiveLink& link) {
  std::string out = link.panel;
  char sep = '?';
  for (const auto& kv : link.params) {
    out += sep;
    sep = '&';
    Encode(out, kv.first);
    out += '=';
    Encode(out, kv.second);
  }
  return out;
}

// ---------------------------------------------------------------------------
// LinkReader

const std::string* LinkReader::Take(std::string_view key) {
  known_.emplace_back(key);
  return link_.Get(key);
}

bool LinkReader::Str(std::string_view key, std::string& out) {
  const std::string* v = Take(key);
  if (!v) return false;
  out = *v;
  return true;
}

bool LinkReader::Double(std::string_view key, double& out, double min, double max) {
  const std::string* v = Take(key);
  if (!v) return false;
  std::string error;
  std::optional<double> parsed = ParseReal(*v, &error);
  if (!parsed) {
    errors_.push_back(std::string(key) + ": " + error);
    return false;
  }
  const double d = *parsed;
  if (d < min || d > max) {
    errors_.push_back(std::string(key) + ": " + OutOfRange(*v, static_cast<double>(min), static_cast<double>(max)));
    return false;
  }
  out = d;
  return true;
}

bool LinkReader::Int(std::string_view key, int64_t& out, int64_t min, int64_t max) {
  const std::string* v = Take(key);
  if (!v) return false;
  // Whole numbers in any count form ("4096", "4k", "1e3"); a leading '-' for negative ranges.
  const bool negative = !v->empty() && (*v)[0] == '-';
  std::string error;
  std::optional<uint64_t> magnitude =
      ParseWhole(negative ? std::string_view(*v).substr(1) : std::string_view(*v), &error);
  if (!magnitude || *magnitude > static_cast<uint64_t>(INT64_MAX)) {
    errors_.push_back(std::string(key) + ": '" + *v + "' is not a whole number");
    return false;
  }
  const int64_t n = negative ? -static_cast<int64_t>(*magnitude) : static_cast<int64_t>(*magnitude);
  if (n < min || n > max) {
    errors_.push_back(std::string(key) + ": " + OutOfRange(*v, static_cast<double>(min), static_cast<double>(max)));
    return false;
  }
  out = n;
  return true;
}

bool LinkReader::Int(std::string_view key, int& out, int min, int max) {
  int64_t n = 0;
  if (!Int(key, n, min, max)) return false;
  out = static_cast<int>(n);
  return true;
}

bool LinkReader::Bool(std::string_view key, bool& out) {
  const std::string* v = Take(key);
  if (!v) return false;
  if (*v == "1" || *v == "true" || *v == "yes" || *v == "on" || v->empty()) {
    out = true;
  } else if (*v == "0" || *v == "false" || *v == "no" || *v == "off") {
    out = false;
  } else {
    errors_.push_back(std::string(key) + ": '" + *v + "' is not true/false");
    return false;
  }
  return true;
}

bool LinkReader::Choice(std::string_view key, std::string& out, const std::vector<std::string>& allowed) {
  const std::string* v = Take(key);
  if (!v) return false;
  for (const auto& a : allowed)
    if (a == *v) {
      out = *v;
      return true;
    }
  std::string list;
  for (size_t i = 0; i < allowed.size(); ++i) list += (i ? ", " : "") + allowed[i];
  errors_.push_back(std::string(key) + ": '" + *v + "' is not one of " + list);
  return false;
}

std::vector<std::string> LinkReader::Finish() {
  std::vector<std::string> out = errors_;
  for (const auto& kv : link_.params) {
    bool known = false;
    for (const auto& k : known_)
      if (k == kv.first) known = true;
    if (!known) out.push_back("unknown key '" + kv.first + "' for panel '" + link_.panel + "'");
  }
  return out;
}

}  // namespace bw
