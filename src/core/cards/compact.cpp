#include "core/cards/compact.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace bw::cards {

namespace {

constexpr size_t kIdChars = 8;
constexpr size_t kMaxText = 1 << 20;  // decoder input cap (SCORM 2004 allows 64,000; be generous)

// Base-36 integers, "-" prefix when negative, "" for zero.
std::string B36(int64_t v) {
  if (v == 0) return "";
  bool neg = v < 0;
  uint64_t u = neg ? static_cast<uint64_t>(-(v + 1)) + 1 : static_cast<uint64_t>(v);
  std::string s;
  while (u) {
    int d = static_cast<int>(u % 36);
    s.push_back(static_cast<char>(d < 10 ? '0' + d : 'a' + d - 10));
    u /= 36;
  }
  if (neg) s.push_back('-');
  std::reverse(s.begin(), s.end());
  return s;
}

// ".<reviews per day>.<new all decks>.<reviews all decks>" when any differs from the defaults, else "".
std::string ExtraLimits(const ProgressSettings& st) {
  const ProgressSettings def;
  if (st.reviews_per_day == def.reviews_per_day && st.new_cards_all_decks == def.new_cards_all_decks &&
      st.reviews_all_decks == def.reviews_all_decks)
    return "";
  return "." + B36(st.reviews_per_day) + "." + B36(st.new_cards_all_decks) + "." + B36(st.reviews_all_decks);
}

bool ParseB36(std::string_view s, int64_t* out) {
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.remove_prefix(1);
  if (s.size() > 12) return false;  // 36^12 > 2^62: keeps the arithmetic below in range
  int64_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'z')
      d = c - 'a' + 10;
    else
      return false;
    v = v * 36 + d;
  }
  *out = neg ? -v : v;
  return true;
}

int64_t Milli(double x) { return static_cast<int64_t>(std::llround(x * 1000.0)); }
int64_t MinuteOf(int64_t ms) { return ms >= 0 ? ms / kMsPerMinute : -((-ms + kMsPerMinute - 1) / kMsPerMinute); }

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return parts;
}

bool IsHex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return !s.empty();
}

std::string EncodeCard(const std::string& id, const SchedCard& c, int64_t base) {
  std::string out = id.substr(0, kIdChars);
  out += static_cast<char>('0' + static_cast<int>(c.state));
  out += B36(MinuteOf(c.due_ms) - base);
  out += ',' + B36(Milli(c.stability)) + ',' + B36(Milli(c.difficulty)) + ',' + B36(c.elapsed_days) + ',' +
         B36(c.scheduled_days) + ',' + B36(c.reps) + ',' + B36(c.lapses) + ',' + B36(c.learning_steps) + ',';
  out += c.last_review_ms < 0 ? std::string("-") : B36(MinuteOf(c.last_review_ms) - base);
  return out;
}

}  // namespace

CompactEncode EncodeCompactEx(const Progress& p, QuizTally quiz, size_t limit) {
  CompactEncode r;
  r.total = static_cast<int>(p.cards.size());
  // Most recently reviewed first: what is kept when the limit bites.
  std::vector<std::pair<const std::string*, const SchedCard*>> order;
  for (const auto& [id, c] : p.cards) order.push_back({&id, &c});
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.second->last_review_ms > b.second->last_review_ms; });
  int64_t base = INT64_MAX;
  for (const auto& [id, c] : order)
    base = std::min(base, MinuteOf(c->last_review_ms < 0 ? c->due_ms : c->last_review_ms));
  if (order.empty()) base = 0;

  const ProgressSettings& st = p.settings;
  std::string head_common = "|" + B36(base) + "|" + B36(Milli(st.desired_retention)) + "." + B36(st.new_cards_per_day) +
                            "." + (st.single_key_shortcuts ? "1" : "0") + ExtraLimits(st) + "|" + B36(quiz.correct) +
                            "." + B36(quiz.answered) + "|";
  std::vector<std::string> cards;
  cards.reserve(order.size());
  size_t body = 0;
  for (const auto& [id, c] : order) cards.push_back(EncodeCard(*id, *c, base));
  // The header's kept count depends on how many fit; grow until the next card would pass the limit.
  int kept = 0;
  for (;;) {
    if (kept == static_cast<int>(cards.size())) break;
    std::string head = "B1" + head_common + B36(kept + 1) + "." + B36(r.total) + "|";
    size_t next = head.size() + body + (kept ? 1 : 0) + cards[static_cast<size_t>(kept)].size();
    if (next > limit) break;
    body += (kept ? 1 : 0) + cards[static_cast<size_t>(kept)].size();
    ++kept;
  }
  r.kept = kept;
  r.text = "B1" + head_common + B36(kept) + "." + B36(r.total) + "|";
  for (int i = 0; i < kept; ++i) {
    if (i) r.text += ';';
    r.text += cards[static_cast<size_t>(i)];
  }
  return r;
}

CompactDecode DecodeCompact(std::string_view text, const std::vector<std::string>& known_ids) {
  CompactDecode d;
  auto fail = [&](const std::string& why) {
    d.ok = false;
    d.error = why;
    d.cards.clear();
    return d;
  };
  if (text.empty()) return fail("empty");
  if (text.size() > kMaxText) return fail("longer than " + std::to_string(kMaxText) + " characters");
  std::vector<std::string_view> parts = Split(text, '|');
  if (parts.size() != 6 || parts[0] != "B1")
    return fail("not a Bytewise compact progress (expected 'B1|' and 6 fields)");
  int64_t base = 0;
  if (!ParseB36(parts[1], &base) || std::llabs(base) > (int64_t{1} << 40))
    return fail("field 2 (base minute) is not a number");
  std::vector<std::string_view> st = Split(parts[2], '.');
  int64_t ret = 0, per_day = 0;
  if ((st.size() != 3 && st.size() != 6) || !ParseB36(st[0], &ret) || !ParseB36(st[1], &per_day) ||
      (st[2] != "0" && st[2] != "1"))
    return fail("field 3 (settings) is malformed");
  if (ret < 700 || ret > 990 || per_day < 0 || per_day > kMaxDailyLimit)
    return fail("field 3 (settings) is out of range");
  if (st.size() == 6) {  // the review limit and the caps across decks (written when not the defaults)
    int* fields[3] = {&d.settings.reviews_per_day, &d.settings.new_cards_all_decks, &d.settings.reviews_all_decks};
    for (size_t i = 0; i < 3; ++i) {
      int64_t v = 0;
      if (!ParseB36(st[3 + i], &v)) return fail("field 3 (settings) is malformed");
      if (v < 0 || v > kMaxDailyLimit) return fail("field 3 (settings) is out of range");
      *fields[i] = static_cast<int>(v);
    }
  }
  d.settings.desired_retention = static_cast<double>(ret) / 1000.0;
  d.settings.new_cards_per_day = static_cast<int>(per_day);
  d.settings.single_key_shortcuts = st[2] == "1";
  std::vector<std::string_view> q = Split(parts[3], '.');
  int64_t qc = 0, qa = 0;
  if (q.size() != 2 || !ParseB36(q[0], &qc) || !ParseB36(q[1], &qa) || qc < 0 || qa < qc || qa > 1000000)
    return fail("field 4 (quiz tally) is malformed");
  d.quiz = {static_cast<int>(qc), static_cast<int>(qa)};
  std::vector<std::string_view> kt = Split(parts[4], '.');
  int64_t kept = 0, total = 0;
  if (kt.size() != 2 || !ParseB36(kt[0], &kept) || !ParseB36(kt[1], &total) || kept < 0 || total < kept ||
      total > 10000000)
    return fail("field 5 (kept.total) is malformed");
  d.kept = static_cast<int>(kept);
  d.total = static_cast<int>(total);

  std::map<std::string, std::vector<const std::string*>> by_prefix;
  for (const std::string& id : known_ids) by_prefix[id.substr(0, kIdChars)].push_back(&id);
  std::vector<std::string_view> cards = parts[5].empty() ? std::vector<std::string_view>{} : Split(parts[5], ';');
  if (static_cast<int64_t>(cards.size()) != kept)
    return fail("field 5 says " + std::to_string(kept) + " cards, found " + std::to_string(cards.size()));
  int n = 0;
  for (std::string_view c : cards) {
    ++n;
    std::string where = "card " + std::to_string(n) + ": ";
    std::vector<std::string_view> f = Split(c, ',');
    if (f.size() != 9 || f[0].size() < kIdChars + 1) return fail(where + "expected 9 comma-separated fields");
    std::string_view prefix = f[0].substr(0, kIdChars);
    char state = f[0][kIdChars];
    if (!IsHex(prefix) || state < '0' || state > '3') return fail(where + "bad id or state");
    int64_t v[9] = {};
    if (!ParseB36(f[0].substr(kIdChars + 1), &v[0])) return fail(where + "bad due time");
    for (int i = 1; i < 8; ++i)
      if (!ParseB36(f[static_cast<size_t>(i)], &v[i]) || v[i] < 0 || v[i] > (int64_t{1} << 40))
        return fail(where + "field " + std::to_string(i + 1) + " is not a number");
    bool never = f[8] == "-";
    if (!never && !ParseB36(f[8], &v[8])) return fail(where + "bad last review time");
    if (std::llabs(v[0]) > (int64_t{1} << 32) || std::llabs(v[8]) > (int64_t{1} << 32))
      return fail(where + "time out of range");
    if (v[2] > 10000 || v[1] > 1000000000) return fail(where + "stability or difficulty out of range");
    SchedCard s;
    s.state = static_cast<CardState>(state - '0');
    s.due_ms = (base + v[0]) * kMsPerMinute;
    s.stability = static_cast<double>(v[1]) / 1000.0;
    s.difficulty = static_cast<double>(v[2]) / 1000.0;
    s.elapsed_days = static_cast<int>(v[3]);
    s.scheduled_days = static_cast<int>(v[4]);
    s.reps = static_cast<int>(v[5]);
    s.lapses = static_cast<int>(v[6]);
    s.learning_steps = static_cast<int>(v[7]);
    s.last_review_ms = never ? -1 : (base + v[8]) * kMsPerMinute;
    auto it = by_prefix.find(std::string(prefix));
    if (it == by_prefix.end() || it->second.size() != 1) {
      d.unknown.emplace_back(prefix);
      continue;
    }
    d.cards[*it->second.front()] = s;
  }
  d.ok = true;
  return d;
}

int MergeCompact(Progress& p, const CompactDecode& d) {
  if (!d.ok) return 0;
  if (p.cards.empty() && p.log.empty()) p.settings = d.settings;
  int taken = 0;
  for (const auto& [id, s] : d.cards) {
    auto it = p.cards.find(id);
    if (it != p.cards.end() && it->second.last_review_ms + kMsPerMinute > s.last_review_ms) continue;
    p.cards[id] = s;
    ++taken;
  }
  return taken;
}

}  // namespace bw::cards
