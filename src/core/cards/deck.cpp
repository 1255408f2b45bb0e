// Deck parser: one linear pass over the lines with a small state machine per card (see deck.h).
#include "core/cards/deck.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "core/util/livelink.h"

namespace bw::cards {

namespace {

// ---------------------------------------------------------------------------------------------
// Text helpers

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// Collapses runs of whitespace to one space and trims (the id must not change when an author
// rewraps a question).
std::string Normalize(std::string_view s) {
  std::string out;
  bool pending_space = false;
  for (char c : s) {
    if (IsSpace(c) || c == '\n') {
      pending_space = !out.empty();
    } else {
      if (pending_space) out += ' ';
      pending_space = false;
      out += c;
    }
  }
  return out;
}

// Copies text, replacing every invalid UTF-8 sequence by U+FFFD. Returns the offset of the first
// invalid byte, or npos if the text was valid.
size_t SanitizeUtf8(std::string_view in, std::string& out) {
  size_t first_bad = std::string_view::npos;
  out.clear();
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    size_t len = 0;
    uint32_t min = 0;
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, min = 0x10000;
    }
    bool ok = len != 0 && i + len <= in.size();
    uint32_t cp = len ? (c & (0x7F >> len)) : 0;
    for (size_t k = 1; ok && k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(in[i + k]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (ok) {
      out.append(in.data() + i, len);
      i += len;
    } else {
      if (first_bad == std::string_view::npos) first_bad = i;
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return first_bad;
}

// "#### Title ##" -> level 4, "Title". Level 0 if the line is not an ATX heading.
int HeadingLevel(std::string_view trimmed, std::string_view* text) {
  size_t n = 0;
  while (n < trimmed.size() && trimmed[n] == '#') ++n;
  if (n == 0 || n > 6) return 0;
  if (n < trimmed.size() && !IsSpace(trimmed[n])) return 0;
  std::string_view rest = Trim(trimmed.substr(n));
  size_t e = rest.size();
  while (e > 0 && rest[e - 1] == '#') --e;
  if (e < rest.size() && (e == 0 || IsSpace(rest[e - 1]))) rest = Trim(rest.substr(0, e));
  if (text) *text = rest;
  return static_cast<int>(n);
}

bool IsSeparator(std::string_view trimmed) {
  return trimmed.size() >= 3 && trimmed.find_first_not_of('-') == std::string_view::npos;
}

bool IsQuestion(std::string_view trimmed) {
  return StartsWith(trimmed, ":p") && (trimmed.size() == 2 || IsSpace(trimmed[2]));
}

bool IsAnswerMarker(std::string_view trimmed) { return trimmed == "??x"; }
bool IsCloseMarker(std::string_view trimmed) { return trimmed == "x??" || trimmed == ":x??"; }

// "```python" / "~~~": returns the fence (run of ` or ~, length >= 3), or "" if not a fence.
std::string_view FenceOf(std::string_view line) {
  size_t indent = 0;
  while (indent < line.size() && indent < 4 && line[indent] == ' ') ++indent;
  if (indent > 3 || indent >= line.size()) return {};
  char c = line[indent];
  if (c != '`' && c != '~') return {};
  size_t n = indent;
  while (n < line.size() && line[n] == c) ++n;
  if (n - indent < 3) return {};
  return line.substr(indent, n - indent);
}

bool ClosesFence(std::string_view line, std::string_view open) {
  std::string_view f = FenceOf(line);
  if (f.empty() || f[0] != open[0] || f.size() < open.size()) return false;
  size_t start = line.find(f) + f.size();
  return Trim(line.substr(start)).empty();
}

// A `key: value` extension line ("live:" / "quiz:"): returns true and the trimmed value.
bool ExtensionLine(std::string_view trimmed, std::string_view key, std::string_view* value) {
  if (!StartsWith(trimmed, key) || trimmed.size() <= key.size() || trimmed[key.size()] != ':') return false;
  *value = Trim(trimmed.substr(key.size() + 1));
  return true;
}

std::string Join(const std::vector<std::string_view>& lines) {
  size_t b = 0, e = lines.size();
  while (b < e && Trim(lines[b]).empty()) ++b;
  while (e > b && Trim(lines[e - 1]).empty()) --e;
  std::string out;
  for (size_t i = b; i < e; ++i) {
    if (i > b) out += '\n';
    std::string_view l = lines[i];
    while (!l.empty() && (l.back() == '\r' || l.back() == ' ' || l.back() == '\t')) l.remove_suffix(1);
    out.append(l.data(), l.size());
  }
  return out;
}

// At most 80 bytes of a hostile value in a message (cut on a UTF-8 boundary).
std::string Excerpt(std::string_view v) {
  if (v.size() <= 80) return std::string(v);
  size_t n = 80;
  while (n > 0 && (static_cast<unsigned char>(v[n]) & 0xC0) == 0x80) --n;
  return std::string(v.substr(0, n)) + "...";
}

// 1234567 -> "1,234,567"
std::string Thousands(long long n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

// Every diagnostic goes through here: the first kMaxDiagnostics are kept, later ones only counted.
void AddDiagnostic(Deck& deck, int line, Severity severity, std::string message) {
  if (deck.diagnostics.size() < kMaxDiagnostics) {
    deck.diagnostics.push_back({line, severity, std::move(message)});
    return;
  }
  (severity == Severity::kError ? deck.omitted_errors : deck.omitted_warnings)++;
}

std::string Quoted(std::string_view title) {
  if (title.empty()) return "(untitled card)";
  std::string s = "'";
  s.append(title.data(), std::min<size_t>(title.size(), 60));
  if (title.size() > 60) s += "...";
  s += "'";
  return s;
}

// ---------------------------------------------------------------------------------------------
// The parser

enum class Part { kBackground, kQuestion, kAnswer, kExplanation, kClosed };
enum class Where { kHeader, kInCard, kBetween };

class Parser {
 public:
  Parser(std::vector<std::string_view> lines, Deck& deck, QuizLineCheck check_quiz)
      : lines_(std::move(lines)), deck_(deck), check_quiz_(check_quiz) {}

  void Run() {
    ChooseCardLevel();
    for (size_t i = 0; i < lines_.size(); ++i) Line(static_cast<int>(i) + 1, lines_[i]);
    int last = static_cast<int>(lines_.size());
    if (where_ == Where::kInCard) {
      if (fence_line_ && part_ != Part::kClosed) Warn(fence_line_, "code fence opened here is never closed");
      FinishCard(last, Close::kEndOfFile);
    } else if (fence_line_) {
      Warn(fence_line_, "code fence opened here is never closed");
    }
  }

 private:
  enum class Close { kMarker, kSeparator, kNextCard, kEndOfFile };

  void Error(int line, std::string msg) { AddDiagnostic(deck_, line, Severity::kError, std::move(msg)); }
  void Warn(int line, std::string msg) { AddDiagnostic(deck_, line, Severity::kWarning, std::move(msg)); }

  // Card headings are the heading level most often followed by a ":p" question before the next
  // heading or "---" (decks use ####, some use ### or ##). Computed fence-blind, which is also what
  // lets a card heading end a code fence an author forgot to close.
  void ChooseCardLevel() {
    starts_card_.assign(lines_.size(), false);
    int counts[7] = {0, 0, 0, 0, 0, 0, 0};
    int any_counts[7] = {0, 0, 0, 0, 0, 0, 0};
    // question_below[l]: a ":p" line follows before the next "---" or heading of level <= l.
    bool question_below[7] = {false, false, false, false, false, false, false};
    for (size_t k = lines_.size(); k-- > 0;) {
      std::string_view t = Trim(lines_[k]);
      int level = HeadingLevel(t, nullptr);
      if (IsQuestion(t)) std::fill(question_below, question_below + 7, true);
      if (IsSeparator(t)) std::fill(question_below, question_below + 7, false);
      if (level >= 2) {
        any_counts[level]++;
        if (question_below[level]) {
          counts[level]++;
          starts_card_[k] = true;
        }
      }
      if (level > 0) std::fill(question_below + level, question_below + 7, false);
    }
    int best = 0;
    for (int l = 2; l <= 6; ++l)
      if (counts[l] > 0 && (best == 0 || counts[l] >= counts[best])) best = l;
    if (best == 0) {
      best = 4;
      for (int l = 2; l <= 6; ++l)
        if (any_counts[l] > any_counts[best]) best = l;
    }
    deck_.card_heading_level = best;
  }

  void Line(int n, std::string_view raw) {
    std::string_view t = Trim(raw);
    // Inside a fence only its closing line (or a rescued card heading) means anything.
    if (fence_line_) {
      if (ClosesFence(raw, fence_)) {
        fence_line_ = 0;
        AddText(raw);
        return;
      }
      std::string_view title;
      int level = HeadingLevel(t, &title);
      if (!(level == deck_.card_heading_level && starts_card_[n - 1])) {
        AddText(raw);
        return;
      }
      Warn(fence_line_, "code fence opened here is not closed before the next card (line " + std::to_string(n) + ")");
      fence_line_ = 0;
    }
    std::string_view fence = FenceOf(raw);
    if (!fence.empty()) {
      fence_ = std::string(fence);
      fence_line_ = n;
      if (where_ == Where::kInCard && part_ == Part::kClosed) StrayText(n);
      AddText(raw);
      return;
    }

    std::string_view title;
    int level = HeadingLevel(t, &title);
    if (level > 0) {
      bool card_heading = level >= 2 && (level == deck_.card_heading_level || where_ == Where::kBetween ||
                                         (where_ == Where::kInCard && part_ == Part::kClosed));
      if (card_heading) {
        if (where_ == Where::kInCard) FinishCard(n - 1, Close::kNextCard);
        StartCard(n, title);
        return;
      }
      if (where_ == Where::kHeader && level == 1 && deck_.title.empty()) {
        deck_.title = std::string(title);
        return;
      }
    }

    if (IsSeparator(t)) {
      if (where_ == Where::kInCard) FinishCard(n - 1, Close::kSeparator);
      if (where_ == Where::kBetween) between_text_warned_ = false;
      return;
    }

    if (where_ != Where::kInCard) {
      if (IsQuestion(t)) {
        Warn(n, "question without a card heading: the card is untitled");
        StartCard(n, "");
        // fall through: the ":p" line is handled below as the card's question
      } else {
        if (where_ == Where::kHeader) {
          if (StartsWith(t, "**Starting Chapter:**") && deck_.chapter.empty())
            deck_.chapter = std::string(Trim(t.substr(21)));
        } else if (!t.empty() && !between_text_warned_) {
          Warn(n, "text between cards is ignored (a card starts with a heading)");
          between_text_warned_ = true;
        }
        return;
      }
    }

    // In a card.
    std::string_view value;
    if (ExtensionLine(t, "live", &value)) return LiveLine(n, value);
    if (ExtensionLine(t, "quiz", &value)) return QuizLine(n, value);
    if (ExtensionLine(t, "topic", &value)) return TopicLine(n, value);

    if (IsQuestion(t)) {
      if (part_ == Part::kBackground) {
        part_ = Part::kQuestion;
        card_.question_line = n;
        std::string_view q = Trim(t.substr(2));
        if (!q.empty()) question_.push_back(q);
        return;
      }
      Warn(n, "':p' inside " + Quoted(card_.title) + " after its question; is a '---' and heading missing?");
      AddText(raw);
      return;
    }
    if (IsAnswerMarker(t)) {
      switch (part_) {
        case Part::kBackground:
          Error(n, "'??x' before the question of card " + Quoted(card_.title) + " (expected ':p question' first)");
          part_ = Part::kAnswer;
          return;
        case Part::kQuestion: part_ = Part::kAnswer; return;
        case Part::kAnswer: part_ = Part::kExplanation; return;
        case Part::kExplanation:
          Warn(n, "third '??x' in card " + Quoted(card_.title) + " is kept as text");
          AddText(raw);
          return;
        case Part::kClosed: StrayText(n); return;
      }
    }
    if (IsCloseMarker(t)) {
      if (part_ == Part::kClosed) {
        StrayText(n);
        return;
      }
      if (part_ == Part::kBackground || part_ == Part::kQuestion) {
        closed_early_ = true;
      }
      part_ = Part::kClosed;
      card_.end_line = n;
      return;
    }
    if (part_ == Part::kClosed) {
      if (!t.empty()) StrayText(n);
      return;
    }
    AddText(raw);
  }

  void StrayText(int n) {
    if (stray_warned_) return;
    stray_warned_ = true;
    Warn(n, "text after the end of card " + Quoted(card_.title) + " is ignored (missing '---'?)");
  }

  void AddText(std::string_view raw) {
    if (where_ != Where::kInCard) return;
    switch (part_) {
      case Part::kBackground: background_.push_back(raw); break;
      case Part::kQuestion: question_.push_back(Trim(raw)); break;
      case Part::kAnswer: answer_.push_back(raw); break;
      case Part::kExplanation: explanation_.push_back(raw); break;
      case Part::kClosed: break;
    }
  }

  void LiveLine(int n, std::string_view value) {
    if (live_line_) {
      Warn(n, "card " + Quoted(card_.title) + " already has a live line (line " + std::to_string(live_line_) +
                  "); this one is ignored");
      return;
    }
    live_line_ = n;
    LinkParse p = ParseLiveLink(value);
    if (value.empty() || !p.ok) {
      Error(n, value.empty() ? std::string("empty live line (expected live: panel?key=value)")
                             : "invalid live link: " + p.error);
      return;
    }
    card_.live = std::string(value);
    card_.live_line = n;
  }

  // `topic: a, b`: names by which a panel links to this card (e.g. a Memory breakdown line).
  void TopicLine(int n, std::string_view value) {
    size_t pos = 0;
    while (pos <= value.size()) {
      size_t comma = value.find(',', pos);
      if (comma == std::string_view::npos) comma = value.size();
      std::string_view topic = Trim(value.substr(pos, comma - pos));
      bool valid = !topic.empty() && topic.size() <= 64;
      for (char c : topic) valid = valid && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
      if (valid && card_.topics.size() >= kMaxCardTopics) {
        Error(n, "card " + Quoted(card_.title) + " has more than " + std::to_string(kMaxCardTopics) +
                     " topics; the rest of this line is ignored");
        return;
      }
      if (valid)
        card_.topics.emplace_back(topic);
      else
        Error(n, "invalid topic '" + Excerpt(topic) + "' (use a-z, 0-9, '-' or '_', e.g. topic: memory-kv-cache)");
      pos = comma + 1;
    }
  }

  void QuizLine(int n, std::string_view value) {
    if (quiz_line_) {
      Warn(n, "card " + Quoted(card_.title) + " already has a quiz line (line " + std::to_string(quiz_line_) +
                  "); this one is ignored");
      return;
    }
    quiz_line_ = n;
    LinkParse p = ParseLiveLink(value);
    if (value.empty() || !p.ok) {
      Error(n, "invalid quiz line '" + Excerpt(value) + "': " + (value.empty() ? "empty" : p.error) +
                   " (expected generator?key=value&...)");
      return;
    }
    // The generator and its parameters must make a question (names and values checked by core/quiz).
    if (check_quiz_) {
      std::string error = check_quiz_(value);
      if (!error.empty()) {
        Error(n, "invalid quiz line: " + error);
        return;
      }
    }
    card_.quiz = std::string(value);
  }

  void StartCard(int n, std::string_view title) {
    where_ = Where::kInCard;
    part_ = Part::kBackground;
    card_ = Card{};
    card_.title = std::string(title);
    card_.line = n;
    background_.clear();
    question_.clear();
    answer_.clear();
    explanation_.clear();
    live_line_ = quiz_line_ = 0;
    stray_warned_ = closed_early_ = false;
    if (title.empty() && HeadingLevel(Trim(lines_[n - 1]), nullptr) > 0) Warn(n, "card heading has no title");
  }

  void FinishCard(int last_line, Close how) {
    where_ = Where::kBetween;
    between_text_warned_ = false;
    if (part_ != Part::kClosed) card_.end_line = std::max(last_line, card_.line);
    std::string name = Quoted(card_.title);
    card_.question = Join(question_);
    if (part_ == Part::kBackground || (part_ == Part::kClosed && closed_early_ && card_.question_line == 0)) {
      Error(card_.line, "card " + name + " has no question (expected a ':p' line); card skipped");
      return;
    }
    if (part_ == Part::kQuestion || (part_ == Part::kClosed && closed_early_)) {
      Error(card_.question_line, "question of card " + name + " has no answer (expected '??x'); card skipped");
      return;
    }
    if (card_.question.empty()) {
      Error(card_.line, "card " + name + " has an empty question; card skipped");
      return;
    }
    card_.background = Join(background_);
    card_.answer = Join(answer_);
    card_.explanation = Join(explanation_);
    if (card_.answer.empty()) Warn(card_.question_line, "card " + name + " has an empty answer");
    if (part_ != Part::kClosed) {
      if (how == Close::kNextCard)
        Warn(card_.line, "card " + name + " is not closed (x?? or ---) before the next card at line " +
                             std::to_string(last_line + 1));
      else if (how == Close::kEndOfFile)
        Warn(card_.line, "card " + name + " is not closed (x?? or ---) before the end of the file");
    }
    size_t bytes = card_.title.size() + card_.background.size() + card_.question.size() + card_.answer.size() +
                   card_.explanation.size();
    if (bytes > kMaxCardBytes) {
      Error(card_.line, "card " + name + " has " + Thousands(static_cast<long long>(bytes)) +
                            " bytes of text; cards are limited to " + Thousands(kMaxCardBytes) +
                            " bytes; card skipped");
      return;
    }
    if (deck_.cards.size() >= kMaxDeckCards) {
      if (!too_many_cards_)
        Error(card_.line, "the deck has more than " + Thousands(kMaxDeckCards) + " cards; card " + name +
                              " and the ones after it are not read (split the deck into several files)");
      too_many_cards_ = true;
      return;
    }
    card_.id = CardId(card_.title, card_.question);
    auto it = first_line_of_id_.find(card_.id);
    if (it != first_line_of_id_.end()) {
      int copy = ++copies_of_id_[card_.id];
      Error(card_.line, "duplicate card: " + name + " has the same title and question as the card at line " +
                            std::to_string(it->second) + " (both kept; this one's progress uses id " + card_.id + "-" +
                            std::to_string(copy) + ")");
      card_.id += "-" + std::to_string(copy);
    } else {
      first_line_of_id_[card_.id] = card_.line;
      copies_of_id_[card_.id] = 1;
    }
    deck_.cards.push_back(std::move(card_));
  }

  std::vector<std::string_view> lines_;
  Deck& deck_;
  std::vector<bool> starts_card_;

  Where where_ = Where::kHeader;
  Part part_ = Part::kBackground;
  Card card_;
  std::vector<std::string_view> background_, question_, answer_, explanation_;
  int live_line_ = 0, quiz_line_ = 0;
  QuizLineCheck check_quiz_ = nullptr;
  bool stray_warned_ = false, closed_early_ = false, between_text_warned_ = false, too_many_cards_ = false;
  std::string fence_;
  int fence_line_ = 0;
  std::unordered_map<std::string, int> first_line_of_id_, copies_of_id_;
};

std::string FileStem(std::string_view file_name) {
  size_t slash = file_name.find_last_of("/\\");
  if (slash != std::string_view::npos) file_name = file_name.substr(slash + 1);
  size_t dot = file_name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) file_name = file_name.substr(0, dot);
  return std::string(file_name);
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::string CardId(std::string_view title, std::string_view question) {
  uint64_t h = Fnv1a64(Normalize(title));
  h = Fnv1a64("\x1f", h);
  h = Fnv1a64(Normalize(question), h);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

Deck ParseDeck(std::string_view text, std::string_view file_name, QuizLineCheck check_quiz) {
  Deck deck;
  deck.file_name = std::string(file_name);
  if (text.size() > kMaxDeckBytes) {
    AddDiagnostic(deck, 0, Severity::kError,
                  "file is " + Thousands(static_cast<long long>(text.size())) + " bytes; decks are limited to " +
                      Thousands(kMaxDeckBytes) + " bytes (split it into several files)");
    deck.title = FileStem(file_name);
    return deck;
  }
  if (StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  size_t nul = text.find('\0');
  if (nul != std::string_view::npos) {
    int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n'));
    AddDiagnostic(
        deck, line, Severity::kError,
        "this looks like a binary file, not a Markdown deck (NUL byte at offset " + std::to_string(nul) + ")");
    deck.title = FileStem(file_name);
    return deck;
  }
  std::string clean;
  size_t bad = SanitizeUtf8(text, clean);
  if (bad != std::string_view::npos) {
    int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
    AddDiagnostic(deck, line, Severity::kWarning,
                  "invalid UTF-8 (first at byte " + std::to_string(bad) + ") replaced by U+FFFD");
  }

  std::vector<std::string_view> lines;
  std::string_view rest(clean);
  while (!rest.empty()) {
    if (lines.size() >= kMaxDeckLines) {
      AddDiagnostic(deck, static_cast<int>(kMaxDeckLines) + 1, Severity::kError,
                    "the deck has more than " + Thousands(kMaxDeckLines) +
                        " lines; the lines from here on are not read (split it into several files)");
      break;
    }
    size_t nl = rest.find_first_of("\r\n");
    if (nl == std::string_view::npos) {
      lines.push_back(rest);
      break;
    }
    lines.push_back(rest.substr(0, nl));
    size_t skip = (rest[nl] == '\r' && nl + 1 < rest.size() && rest[nl + 1] == '\n') ? 2 : 1;
    rest.remove_prefix(nl + skip);
  }

  Parser parser(std::move(lines), deck, check_quiz);
  parser.Run();
  if (deck.title.empty()) deck.title = FileStem(file_name);
  if (deck.cards.empty() && deck.diagnostics.empty())
    deck.diagnostics.push_back({0, Severity::kError,
                                text.empty() ? "the file is empty"
                                             : "no cards found (a card is '#### Title', ':p question', '??x', "
                                               "answer, 'x?\?')"});
  else if (deck.cards.empty())
    deck.diagnostics.push_back({0, Severity::kError, "no usable cards in this file"});
  std::stable_sort(deck.diagnostics.begin(), deck.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  if (int more = deck.omitted_errors + deck.omitted_warnings; more > 0) {
    Diagnostic d;
    d.line = deck.diagnostics.empty() ? 0 : deck.diagnostics.back().line;
    d.severity = deck.omitted_errors > 0 ? Severity::kError : Severity::kWarning;
    d.message = "and " + Thousands(more) + " more problems (" + Thousands(deck.omitted_errors) + " errors, " +
                Thousands(deck.omitted_warnings) + " warnings) not listed; fix the ones above first";
    d.summary = true;
    deck.diagnostics.push_back(std::move(d));
  }
  return deck;
}

DeckStats ComputeDeckStats(const Deck& deck) {
  DeckStats s;
  s.cards = static_cast<int>(deck.cards.size());
  for (const Card& c : deck.cards) {
    s.with_live += !c.live.empty();
    s.with_quiz += !c.quiz.empty();
  }
  for (const Diagnostic& d : deck.diagnostics)
    if (!d.summary) (d.severity == Severity::kError ? s.errors : s.warnings)++;
  s.errors += deck.omitted_errors;
  s.warnings += deck.omitted_warnings;
  return s;
}

const char* SeverityName(Severity s) { return s == Severity::kError ? "error" : "warning"; }

std::string FormatDiagnostic(std::string_view file_name, const Diagnostic& d) {
  std::string out(file_name);
  out += ':';
  out += std::to_string(d.line > 0 ? d.line : 1);  // whole-file problems point at line 1
  out += ": ";
  out += SeverityName(d.severity);
  out += ": ";
  out += d.message;
  return out;
}

}  // namespace bw::cards
