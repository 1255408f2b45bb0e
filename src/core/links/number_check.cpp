// The number check (number_check.h): a line is cut into tokens once, then three readers look for
// claims in the tokens. Index:
//   [SECTION] Tokens       the one tokenizer (LaTeX and Unicode operators, thousands separators)
//   [SECTION] Numbers      units, stated precision, printing
//   [SECTION] Expressions  "a × b / c = d unit": evaluation as written, the likely slip
//   [SECTION] Formats      "x becomes y in BF16": bw::formats on the exact decimal
//   [SECTION] Parameters   "a 13-billion-parameter model in BF16 takes 26 GB"
//   [SECTION] Deck         the card lines, fences and marker lines skipped
#include "core/links/number_check.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "core/formats/formats.h"
#include "core/memory/architecture.h"

namespace bw::links {
namespace {

// =============================================================================================
// [SECTION] Tokens
enum class Tok { kNumber, kOp, kEq, kApprox, kWord, kOther };

struct Token {
  Tok type = Tok::kOther;
  char op = 0;                // kOp: + - * / ^ ( )
  std::string text;           // kNumber: digits without separators ("7000000000"); kWord: the word
  double value = 0;           // kNumber
  int decimals = 0;           // kNumber: digits written after the point (e-notation folded in)
  int trailing_zeros = 0;     // kNumber: trailing zeros of an integer without a point ("1300" → 2)
  bool bad = false;           // kNumber: too long or outside ±1e300: never evaluated
  bool latex = false;         // kWord: a LaTeX command ("\sqrt")
  bool space_before = true;   // whitespace, LaTeX spacing or a math delimiter before it
  bool after_open = false;    // a math delimiter \( \[ $ directly before it
  size_t begin = 0, end = 0;  // bytes of the line
};

constexpr size_t kMaxNumberChars = 64;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Length of a thousands group at s[i]: ",ddd" or "{,}ddd" not followed by a digit; 0 if none.
size_t GroupAt(std::string_view s, size_t i) {
  size_t sep = 0;
  if (s.compare(i, 3, "{,}") == 0)
    sep = 3;
  else if (i < s.size() && s[i] == ',')
    sep = 1;
  else
    return 0;
  size_t j = i + sep;
  if (j + 3 > s.size() || !IsDigit(s[j]) || !IsDigit(s[j + 1]) || !IsDigit(s[j + 2])) return 0;
  if (j + 3 < s.size() && IsDigit(s[j + 3])) return 0;
  return sep + 3;
}

Token ReadNumber(std::string_view s, size_t& i) {
  Token t;
  t.type = Tok::kNumber;
  t.begin = i;
  size_t run = 0;
  while (i < s.size() && IsDigit(s[i])) t.text += s[i++], ++run;
  if (run > 0 && run <= 3)
    while (size_t g = GroupAt(s, i)) {
      for (size_t k = g - 3; k < g; ++k) t.text += s[i + k];
      i += g;
    }
  bool point = false;
  if (i + 1 < s.size() && s[i] == '.' && IsDigit(s[i + 1])) {
    point = true;
    t.text += s[i++];
    while (i < s.size() && IsDigit(s[i])) t.text += s[i++], ++t.decimals;
  }
  if (!point) {
    for (size_t k = t.text.size(); k > 1 && t.text[k - 1] == '0'; --k) ++t.trailing_zeros;
  }
  if (i + 1 < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && IsDigit(s[j])) {
      std::string exp(s.substr(i + 1, 1));
      size_t k = i + 2;
      while (k < s.size() && IsDigit(s[k]) && k - i < kMaxNumberChars) exp += s[k++];
      while (k < s.size() && IsDigit(s[k])) ++k, t.bad = true;
      t.text += "e" + exp;
      long e = std::strtol(exp.c_str(), nullptr, 10);
      t.decimals = e > 400 || e < -400 ? 0 : static_cast<int>(t.decimals - e);
      t.trailing_zeros = 0;
      i = k;
    }
  }
  t.end = i;
  if (t.text.size() > kMaxNumberChars) t.bad = true;
  if (!t.bad) {
    t.value = std::strtod(t.text.c_str(), nullptr);
    if (!std::isfinite(t.value) || std::fabs(t.value) > 1e300) t.bad = true;
  }
  return t;
}

// The LaTeX command at s[i] == '\\': appends its token (if any) and moves i past it.
void ReadCommand(std::string_view s, size_t& i, std::vector<Token>& out, bool& space, bool& open) {
  size_t b = i++;
  if (i >= s.size()) return;
  char c = s[i];
  if (c == '(' || c == '[') {
    ++i, space = open = true;
    return;
  }
  if (c == ')' || c == ']' || c == ',' || c == ';' || c == '!' || c == ' ' || c == ':') {
    ++i, space = true;
    return;
  }
  if (!IsAlpha(c)) {
    Token t;
    t.text = std::string(s.substr(b, 2));
    t.begin = b, t.end = ++i, t.space_before = space;
    out.push_back(t);
    space = open = false;
    return;
  }
  while (i < s.size() && IsAlpha(s[i])) ++i;
  std::string_view name = s.substr(b + 1, i - b - 1);
  if (name == "left" || name == "right") return;  // \left( is a parenthesis
  Token t;
  t.begin = b, t.space_before = space, t.after_open = open;
  if (name == "times" || name == "cdot") {
    t.type = Tok::kOp, t.op = '*';
  } else if (name == "approx") {
    t.type = Tok::kApprox;
  } else if ((name == "text" || name == "mathrm" || name == "textrm" || name == "mbox") && i < s.size() &&
             s[i] == '{') {
    size_t close = s.find('}', i);
    if (close == std::string_view::npos) close = s.size();
    std::string_view inner = Trim(s.substr(i + 1, close - i - 1));
    if (s.substr(i + 1, close - i - 1).find_first_not_of(' ') != 0) space = true;
    i = close < s.size() ? close + 1 : close;
    if (inner.empty()) return;
    t.type = Tok::kWord, t.text = std::string(inner), t.space_before = space;
  } else {
    t.type = Tok::kWord, t.text = std::string(s.substr(b, i - b)), t.latex = true;
  }
  t.end = i;
  out.push_back(t);
  space = open = false;
}

std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> out;
  bool space = true, open = false;
  size_t i = 0;
  auto push = [&](Tok type, char op, size_t len, std::string text = {}) {
    Token t;
    t.type = type, t.op = op, t.text = std::move(text), t.begin = i, t.end = i + len;
    t.space_before = space, t.after_open = open;
    out.push_back(t);
    i += len;
    space = open = false;
  };
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i, space = true;
    } else if (c == '\\') {
      ReadCommand(s, i, out, space, open);
    } else if (c == '$') {
      ++i, space = open = true;
    } else if ((c == '*' || c == '_') && i + 1 < s.size() && s[i + 1] == c) {
      i += 2, space = true;  // Markdown bold ("**2 × 3 = 6**")
    } else if (IsDigit(c) || (c == '.' && i + 1 < s.size() && IsDigit(s[i + 1]))) {
      Token t = ReadNumber(s, i);
      t.space_before = space, t.after_open = open;
      out.push_back(t);
      space = open = false;
    } else if (IsAlpha(c)) {
      size_t b = i;
      while (i < s.size() && (IsAlpha(s[i]) || IsDigit(s[i]) || s[i] == '_')) ++i;
      size_t len = i - b;
      i = b;
      push(Tok::kWord, 0, len, std::string(s.substr(b, len)));
    } else if (c == '+' || c == '-' || c == '*' || c == '/' || c == '^' || c == '(' || c == ')') {
      push(Tok::kOp, c, 1);
    } else if (c == '{' || c == '}') {
      push(Tok::kOp, c == '{' ? '(' : ')', 1);
    } else if (c == '=') {
      push(Tok::kEq, 0, 1);
    } else if (s.compare(i, 2, "\xC3\x97") == 0 || s.compare(i, 2, "\xC2\xB7") == 0) {  // × ·
      push(Tok::kOp, '*', 2);
    } else if (s.compare(i, 2, "\xC3\xB7") == 0) {  // ÷
      push(Tok::kOp, '/', 2);
    } else if (s.compare(i, 3, "\xE2\x88\x92") == 0) {  // − (U+2212)
      push(Tok::kOp, '-', 3);
    } else if (s.compare(i, 3, "\xE2\x89\x88") == 0) {  // ≈
      push(Tok::kApprox, 0, 3);
    } else {
      size_t len = 1;
      auto u = static_cast<unsigned char>(c);
      if (u >= 0xC0) len = u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : 2;
      len = std::min(len, s.size() - i);
      push(Tok::kOther, 0, len, std::string(s.substr(i, len)));
    }
  }
  // A lone "x" between two numbers is a multiplication ("4096 x 4096").
  for (size_t k = 1; k + 1 < out.size(); ++k)
    if (out[k].type == Tok::kWord && (out[k].text == "x" || out[k].text == "X") &&
        (out[k - 1].type == Tok::kNumber || (out[k - 1].type == Tok::kOp && out[k - 1].op == ')')) &&
        out[k + 1].type == Tok::kNumber)
      out[k].type = Tok::kOp, out[k].op = '*';
  return out;
}

bool IsOp(const std::vector<Token>& t, size_t i, char op) {
  return i < t.size() && t[i].type == Tok::kOp && t[i].op == op;
}
bool IsWord(const std::vector<Token>& t, size_t i, std::string_view w) {
  return i < t.size() && t[i].type == Tok::kWord && Lower(t[i].text) == w;
}

// The line's text from token a to token b (inclusive) as a reader sees it: LaTeX delimiters and
// spacing dropped, \times as ×, \cdot as ·, {,} as a comma, ^{30} as ^30, runs of spaces as one.
std::string CleanText(std::string_view line, const std::vector<Token>& t, size_t a, size_t b) {
  std::string_view s = line.substr(t[a].begin, t[b].end - t[a].begin);
  std::string out;
  for (size_t i = 0; i < s.size();) {
    auto starts = [&](std::string_view p) { return s.compare(i, p.size(), p) == 0; };
    if (starts("\\(") || starts("\\)") || starts("\\[") || starts("\\]") || starts("\\left") || starts("\\right")) {
      i += starts("\\left") ? 5 : starts("\\right") ? 6 : 2;
    } else if (starts("\\times")) {
      out += "\xC3\x97", i += 6;
    } else if (starts("\\cdot")) {
      out += "\xC2\xB7", i += 5;
    } else if (starts("\\approx")) {
      out += "\xE2\x89\x88", i += 7;
    } else if (starts("\\,") || starts("\\;") || starts("\\!") || starts("\\ ")) {
      out += ' ', i += 2;
    } else if (starts("{,}")) {
      out += ',', i += 3;
    } else if (starts("^{")) {
      size_t close = s.find('}', i);
      if (close == std::string_view::npos) close = s.size();
      out += '^';
      out += s.substr(i + 2, close - i - 2);
      i = close + 1;
    } else if (s[i] == '$') {
      ++i;
    } else {
      out += s[i++];
    }
    if (out.size() >= 2 && out.back() == ' ' && out[out.size() - 2] == ' ') out.pop_back();
  }
  return std::string(Trim(out));
}

// =============================================================================================
// [SECTION] Numbers

enum class UnitKind { kNone, kBytes, kScale, kBits, kOther };
struct Unit {
  UnitKind kind = UnitKind::kNone;
  double scale = 1;        // bytes (kBytes) or the count (kScale: billion = 1e9)
  const char* other = "";  // kBytes: the other family's name of the same prefix ("GiB" for "GB")
  double other_scale = 0;  // and its scale
};

Unit UnitOf(std::string_view w) {
  struct Row {
    const char* name;
    UnitKind kind;
    double scale;
    const char* other;
    double other_scale;
  };
  static const Row kUnits[] = {
      {"byte", UnitKind::kBytes, 1, "", 0},
      {"bytes", UnitKind::kBytes, 1, "", 0},
      {"KB", UnitKind::kBytes, 1e3, "KiB", 1024.0},
      {"kB", UnitKind::kBytes, 1e3, "KiB", 1024.0},
      {"MB", UnitKind::kBytes, 1e6, "MiB", 1 << 20},
      {"GB", UnitKind::kBytes, 1e9, "GiB", 1 << 30},
      {"TB", UnitKind::kBytes, 1e12, "TiB", 1099511627776.0},
      {"KiB", UnitKind::kBytes, 1024.0, "KB", 1e3},
      {"MiB", UnitKind::kBytes, 1 << 20, "MB", 1e6},
      {"GiB", UnitKind::kBytes, 1 << 30, "GB", 1e9},
      {"TiB", UnitKind::kBytes, 1099511627776.0, "TB", 1e12},
      {"thousand", UnitKind::kScale, 1e3, "", 0},
      {"million", UnitKind::kScale, 1e6, "", 0},
      {"billion", UnitKind::kScale, 1e9, "", 0},
      {"trillion", UnitKind::kScale, 1e12, "", 0},
      {"bit", UnitKind::kBits, 1, "", 0},
      {"bits", UnitKind::kBits, 1, "", 0},
  };
  for (const Row& r : kUnits)
    if (w == r.name) return {r.kind, r.scale, r.other, r.other_scale};
  return {UnitKind::kOther, 1, "", 0};
}

// A number as the card states it: value = mantissa × 10^power10 × unit, written to `decimals` places.
struct Stated {
  double mantissa = 0;
  std::string mantissa_text;  // as written ("4.0")
  int decimals = 0;
  int power10 = 0;
  bool approx = false;  // ≈, about, roughly, ...: one unit of the last place, trailing zeros loose
  Unit unit;
  std::string unit_name;  // as written ("GB")
  std::string text;       // as written ("56 GB", "33.5 × 10^9 bytes")
};

double Pow10(int k) { return std::pow(10.0, k); }

// Does `c` (in the stated unit and power) read as the stated mantissa at the stated precision?
bool ReadsAs(double c, const Stated& s, int decimals) {
  if (!std::isfinite(c)) return false;
  double u = Pow10(-decimals);
  double tol = (s.approx ? u : u / 2) * (1 + 1e-9) + std::fabs(c) * 1e-12;
  return std::fabs(c - s.mantissa) <= tol;
}
int Decimals(const Token& t, bool approx) { return approx ? t.decimals - t.trailing_zeros : t.decimals; }

std::string WithThousands(const std::string& digits) {
  std::string out;
  size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) {
    if (i && (n - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// A computed value for people: whole numbers with thousands separators, else `sig` significant
// digits without trailing zeros ("24.21", "1.526 × 10^-5").
std::string FormatValue(double v, int sig) {
  if (!std::isfinite(v)) return "an overflow";
  char buf[64];
  if (std::fabs(v) < 1e15 && v == std::floor(v)) {
    std::snprintf(buf, sizeof buf, "%.0f", std::fabs(v));
    return (v < 0 ? "-" : "") + WithThousands(buf);
  }
  std::snprintf(buf, sizeof buf, "%.*g", std::max(1, std::min(sig, 15)), v);
  std::string s = buf;
  std::string exp;
  if (size_t e = s.find('e'); e != std::string::npos) {
    int k = std::atoi(s.c_str() + e + 1);
    exp = " \xC3\x97 10^" + std::to_string(k);
    s.resize(e);
  }
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s + exp;
}
int Significant(const Token& t) {
  int n = 0;
  bool lead = true;
  for (char c : t.text) {
    if (c == 'e') break;
    if (!IsDigit(c)) continue;
    if (lead && c == '0') continue;
    lead = false, ++n;
  }
  return n;
}

// =============================================================================================
// [SECTION] Expressions

struct Value {
  bool ok = false;
  double v = 0;
  bool bytes = false;  // a term carries a byte unit
};

// Recursive descent over tokens [i, end), usual precedence, no implicit multiplication; `skip_a..b`
// are left out (a dropped factor). Bounded: the slice holds at most kMaxExpressionTokens tokens.
class Evaluator {
 public:
  Evaluator(const std::vector<Token>& t, size_t begin, size_t end, size_t skip_a = 0, size_t skip_b = 0)
      : t_(t), end_(end), i_(begin), skip_a_(skip_a), skip_b_(skip_b) {}
  Value Run() {
    Value r;
    Skip();
    double v = Sum();
    r.ok = ok_ && i_ == end_ && std::isfinite(v) && std::fabs(v) <= 1e300;
    r.v = v, r.bytes = bytes_;
    return r;
  }

 private:
  void Skip() {
    if (skip_b_ > skip_a_ && i_ == skip_a_) i_ = skip_b_;
  }
  bool AtOp(char op) const { return i_ < end_ && t_[i_].type == Tok::kOp && t_[i_].op == op; }
  void Next() {
    ++i_;
    Skip();
  }
  // One precedence level: 0 = sums (+ -), 1 = products (× /) of unary terms.
  double Level(int level) {
    static constexpr char kOps[2][2] = {{'+', '-'}, {'*', '/'}};
    auto operand = [&] { return level == 0 ? Level(1) : Unary(); };
    double v = operand();
    while (ok_ && (AtOp(kOps[level][0]) || AtOp(kOps[level][1]))) {
      char op = t_[i_].op;
      Next();
      double r = operand();
      if (op == '/' && r == 0) ok_ = false;
      v = op == '+' ? v + r : op == '-' ? v - r : op == '*' ? v * r : (r != 0 ? v / r : 0);
    }
    return v;
  }
  double Sum() { return Level(0); }
  double Unary() {
    if (AtOp('-')) {
      Next();
      return -Unary();
    }
    return Power();
  }
  double Power() {
    double base = Primary();
    if (ok_ && AtOp('^')) {
      Next();
      double e = Unary();
      if (!ok_ || std::fabs(e) > 1000 || std::fabs(base) > 1e6) return ok_ = false, 0;
      double v = std::pow(base, e);
      if (!std::isfinite(v) || std::fabs(v) > 1e300) return ok_ = false, 0;
      return v;
    }
    return base;
  }
  double Primary() {
    if (++depth_ > 16 || i_ >= end_) return ok_ = false, 0;
    double v = 0;
    if (AtOp('(')) {
      Next();
      v = Sum();
      if (!AtOp(')')) return ok_ = false, 0;
      Next();
    } else if (t_[i_].type == Tok::kNumber && !t_[i_].bad) {
      v = t_[i_].value;
      Next();
      if (i_ < end_ && t_[i_].type == Tok::kWord) {
        Unit u = UnitOf(t_[i_].text);
        if (u.kind != UnitKind::kBytes && u.kind != UnitKind::kScale) return ok_ = false, 0;
        bytes_ = bytes_ || u.kind == UnitKind::kBytes;
        v *= u.scale;
        Next();
      }
    } else {
      return ok_ = false, 0;
    }
    --depth_;
    return v;
  }

  const std::vector<Token>& t_;
  size_t end_, i_, skip_a_, skip_b_;
  bool ok_ = true, bytes_ = false;
  int depth_ = 0;
};

bool IsApproxWord(const std::string& w) {
  std::string l = Lower(w);
  return l == "about" || l == "roughly" || l == "around" || l == "approximately" || l == "nearly" || l == "almost" ||
         l == "some";
}

// A word that starts like a memory unit without being one ("Gb" is gigabits, "MBps", "GBx").
bool LooksLikeUnit(const std::string& w) {
  std::string l = Lower(w);
  for (const char* p : {"b", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "tib", "byte", "bit"})
    if (l.rfind(p, 0) == 0 && (l.size() <= 4 || l.rfind("byte", 0) == 0 || l.rfind("bit", 0) == 0)) return true;
  return false;
}

// The stated result after token `i` (an = or ≈): [about] number [× 10^k] [unit]. nullopt when it is
// not a plain number or its unit is unclear (GB/s, bytes², a glued word).
std::optional<Stated> ReadStated(std::string_view line, const std::vector<Token>& t, size_t i, bool approx,
                                 size_t& last) {
  Stated s;
  s.approx = approx || t[i].type == Tok::kApprox;
  size_t k = i + 1;
  if (k < t.size() && t[k].type == Tok::kWord && IsApproxWord(t[k].text)) s.approx = true, ++k;
  bool negative = false;
  if (IsOp(t, k, '-')) negative = true, ++k;
  if (k >= t.size() || t[k].type != Tok::kNumber || t[k].bad) return std::nullopt;
  const Token& num = t[k];
  size_t first = k;
  s.mantissa = negative ? -num.value : num.value;
  s.mantissa_text = (negative ? "-" : "") + CleanText(line, t, k, k);
  s.decimals = Decimals(num, s.approx);
  ++k;
  if (IsOp(t, k, '*') && k + 2 < t.size() && t[k + 1].type == Tok::kNumber && t[k + 1].text == "10" &&
      IsOp(t, k + 2, '^')) {
    size_t e = k + 3;
    bool braces = IsOp(t, e, '(');
    if (braces) ++e;
    int sign = 1;
    if (IsOp(t, e, '-') || IsOp(t, e, '+')) sign = IsOp(t, e, '-') ? -1 : 1, ++e;
    if (e >= t.size() || t[e].type != Tok::kNumber || t[e].bad || t[e].text.size() > 3 ||
        t[e].text.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    s.power10 = sign * std::atoi(t[e].text.c_str());
    ++e;
    if (braces) {
      if (!IsOp(t, e, ')')) return std::nullopt;
      ++e;
    }
    k = e;
  }
  if (k < t.size() && t[k].type == Tok::kWord) {
    s.unit = UnitOf(t[k].text);
    s.unit_name = t[k].text;
    if (!t[k].space_before && s.unit.kind == UnitKind::kOther) return std::nullopt;        // "16N", "7B"
    if (s.unit.kind == UnitKind::kOther && LooksLikeUnit(t[k].text)) return std::nullopt;  // "Gb", "GBx", "MBps"
    if (s.unit.kind != UnitKind::kOther) {
      ++k;
      // GB/s, bytes^2, bytes², GBx: not a plain amount.
      if (k < t.size() && !t[k].space_before &&
          ((t[k].type == Tok::kOp && t[k].op != ')') || t[k].type == Tok::kWord || t[k].type == Tok::kNumber ||
           (t[k].type == Tok::kOther && static_cast<unsigned char>(t[k].text[0]) >= 0x80)))
        return std::nullopt;
    }
  }
  if (k < t.size() && t[k].type == Tok::kOp && t[k].op != ')') return std::nullopt;  // an expression
  if (k < t.size() && t[k].type == Tok::kOther && (t[k].text == "%" || t[k].text == "!")) return std::nullopt;
  if (k < t.size() && t[k].type == Tok::kNumber) return std::nullopt;
  last = k - 1;
  if (s.unit.kind == UnitKind::kOther) {
    last = k - 1;
    while (last > first && t[last].type == Tok::kWord) --last;
  }
  s.text = CleanText(line, t, first, last);
  if (negative) s.text = "-" + s.text;
  return s;
}

// Where the expression left of token `eq` begins, or nullopt when it is not a self-contained numeric
// expression (a variable, a LaTeX function or a glued word in front of it, no operator in it).
std::optional<size_t> ExpressionStart(const std::vector<Token>& t, size_t eq) {
  size_t j = eq;
  int depth = 0;  // parentheses closed right of j; one opened before the expression ends it ("(2 × 3 = 6)")
  while (j > 0) {
    const Token& p = t[j - 1];
    bool part =
        p.type == Tok::kOp || (p.type == Tok::kNumber) ||
        (p.type == Tok::kWord && (UnitOf(p.text).kind == UnitKind::kBytes || UnitOf(p.text).kind == UnitKind::kScale));
    if (!part) break;
    if (p.type == Tok::kNumber && p.bad) return std::nullopt;
    if (eq - j >= kMaxExpressionTokens) return std::nullopt;
    if (IsOp(t, j - 1, ')')) ++depth;
    if (IsOp(t, j - 1, '(') && depth-- == 0) break;
    --j;
  }
  if (j >= eq) return std::nullopt;
  const Token& first = t[j];
  if (j > 0) {
    const Token& p = t[j - 1];
    if (p.type == Tok::kWord && (p.latex || !first.space_before)) return std::nullopt;
    if (p.type == Tok::kOther &&
        !(first.space_before && (p.text == "," || p.text == ";" || p.text == ":" || p.text == ".")))
      return std::nullopt;
  }
  if (first.type == Tok::kOp && first.op != '(') {
    bool minus_ok =
        first.op == '-' && (j == 0 || first.after_open || t[j - 1].type == Tok::kEq || t[j - 1].type == Tok::kApprox ||
                            t[j - 1].type == Tok::kOther || IsOp(t, j - 1, '('));
    if (!minus_ok) return std::nullopt;
  }
  if (t[eq - 1].type == Tok::kOp && t[eq - 1].op != ')') return std::nullopt;
  bool binary = false;
  for (size_t k = j + 1; k < eq; ++k)
    if (t[k].type == Tok::kOp && t[k].op != '(' && t[k].op != ')') binary = true;
  if (!binary) return std::nullopt;
  return j;
}

// The divisors that bring a computed value into the stated unit and power: the card may have written
// the left side in bytes or already in its result's unit ("13 × 2 = 26 GB").
std::vector<double> Divisors(const Stated& s, bool lhs_bytes) {
  double p = Pow10(s.power10);
  switch (s.unit.kind) {
    case UnitKind::kBytes:
      return lhs_bytes ? std::vector<double>{p * s.unit.scale} : std::vector<double>{p * s.unit.scale, p};
    case UnitKind::kScale: return lhs_bytes ? std::vector<double>{} : std::vector<double>{p * s.unit.scale, p};
    case UnitKind::kBits:
    case UnitKind::kOther: return lhs_bytes ? std::vector<double>{} : std::vector<double>{p};
    case UnitKind::kNone: return {p};
  }
  return {};
}

// The divisor whose reading is closest to the stated mantissa (the one to show).
double ClosestDivisor(double v, const Stated& s, const std::vector<double>& divisors) {
  double best = divisors[0], best_gap = INFINITY;
  for (double d : divisors) {
    double c = v / d;
    double gap =
        (c == 0 || s.mantissa == 0) ? std::fabs(c - s.mantissa) : std::fabs(std::log(std::fabs(c / s.mantissa)));
    if (gap < best_gap) best = d, best_gap = gap;
  }
  return best;
}

std::string UnitSuffix(const Stated& s) {
  std::string out;
  if (s.power10 != 0) out += " \xC3\x97 10^" + std::to_string(s.power10);
  if (s.unit.kind != UnitKind::kNone && s.unit.kind != UnitKind::kOther) out += " " + s.unit_name;
  return out;
}

bool AnyReads(double v, const Stated& s, const std::vector<double>& divisors) {
  for (double d : divisors)
    if (ReadsAs(v / d, s, s.decimals)) return true;
  return false;
}

// One slip that explains the stated value: a factor dropped, GB for GiB (or back), bits for bytes.
std::string LikelySlip(std::string_view line, const std::vector<Token>& t, size_t start, size_t eq, double v,
                       const Stated& s, const std::vector<double>& divisors, const std::string& suffix) {
  int depth = 0;
  for (size_t k = start; k < eq; ++k) {
    if (IsOp(t, k, '(')) ++depth;
    if (IsOp(t, k, ')')) --depth;
    if (depth != 0 || !(IsOp(t, k, '*') || IsOp(t, k, '/')) || k + 1 >= eq) continue;
    size_t b = k + 1;  // the factor: a number [unit] [^ number] or a parenthesis
    int d = 0;
    do {
      d += IsOp(t, b, '(') ? 1 : IsOp(t, b, ')') ? -1 : 0;
      ++b;
    } while (b < eq && d > 0);
    if (b < eq && t[b].type == Tok::kWord) ++b;
    if (IsOp(t, b, '^') && b + 1 < eq) b += 2;
    Value w = Evaluator(t, start, eq, k, b).Run();
    if (w.ok && AnyReads(w.v, s, divisors)) {
      double shown = w.v / ClosestDivisor(w.v, s, divisors);
      return "; without the '" + CleanText(line, t, k, b - 1) + "' it is " + FormatValue(shown, 6) + suffix;
    }
  }
  for (double d : divisors) {
    if (s.unit.kind != UnitKind::kBytes || s.unit.other_scale <= 0) break;
    double c = v / d * s.unit.scale / s.unit.other_scale;  // the same amount in the other family's unit
    if (ReadsAs(c, s, s.decimals))
      return "; " + s.mantissa_text + " is the figure in " + s.unit.other + ": the card most likely wrote " +
             s.unit_name + " for " + s.unit.other;
  }
  for (double f : {8.0, 1.0 / 8}) {
    if (AnyReads(v * f, s, divisors))
      return std::string("; that is ") + (f > 1 ? "8 times" : "an eighth of") +
             " what it is: the card most likely mixed up bits and bytes";
  }
  return "";
}

void CheckExpressions(std::string_view line, const std::vector<Token>& t, int line_number,
                      std::vector<NumberFinding>& out) {
  for (size_t eq = 1; eq < t.size(); ++eq) {
    if (t[eq].type != Tok::kEq && t[eq].type != Tok::kApprox) continue;
    std::optional<size_t> start = ExpressionStart(t, eq);
    if (!start) continue;
    size_t last = 0;
    bool approx_before = *start > 0 && t[*start - 1].type == Tok::kWord && IsApproxWord(t[*start - 1].text);
    std::optional<Stated> s = ReadStated(line, t, eq, approx_before, last);
    if (!s) continue;
    Value v = Evaluator(t, *start, eq).Run();
    if (!v.ok) continue;
    std::vector<double> divisors = Divisors(*s, v.bytes);
    if (divisors.empty() || AnyReads(v.v, *s, divisors)) continue;
    double shown = v.v / ClosestDivisor(v.v, *s, divisors);
    std::string suffix = UnitSuffix(*s);
    if (s->unit_name == "byte" && shown != 1) suffix += "s";
    int sig = std::max(4, Significant(t[eq + 1 < t.size() && t[eq + 1].type == Tok::kNumber ? eq + 1 : eq]) + 1);
    NumberFinding f;
    f.line = line_number;
    f.claim = CleanText(line, t, *start, last);
    f.computed = FormatValue(shown, sig) + suffix;
    std::string lhs = CleanText(line, t, *start, eq - 1);
    f.message = "this card says " + s->text + "; " + lhs + " is " + f.computed +
                LikelySlip(line, t, *start, eq, v.v, *s, divisors, suffix);
    out.push_back(std::move(f));
  }
}

// =============================================================================================
// [SECTION] Formats

struct FormatMention {
  size_t begin = 0, end = 0;     // tokens [begin, end)
  const char* format = nullptr;  // bw::formats name; nullptr: a format we do not map with certainty
  double bytes_per_param = 0;    // 0: unknown
  const char* label = "";        // as the card names it, for messages
};

// Float formats (and widths) named in a line, as cards write them. INT8/INT4/NF4 and a bare "FP8"
// are listed without a format (quantization with scales, or two candidate formats).
std::vector<FormatMention> FindFormats(const std::vector<Token>& t) {
  struct Row {
    const char* word;
    const char* format;
    double bytes;
  };
  static const Row kNames[] = {
      {"fp64", "fp64", 8},    {"float64", "fp64", 8},  {"fp32", "fp32", 4},     {"float32", "fp32", 4},
      {"tf32", "tf32", 4},    {"bf16", "bf16", 2},     {"bfloat16", "bf16", 2}, {"fp16", "fp16", 2},
      {"float16", "fp16", 2}, {"e4m3", "fp8_e4m3", 1}, {"e5m2", "fp8_e5m2", 1}, {"fp8", nullptr, 1},
      {"int8", nullptr, 1},   {"uint8", nullptr, 1},   {"int4", nullptr, 0.5},  {"nf4", nullptr, 0},
      {"fp4", nullptr, 0.5},  {"mxfp4", nullptr, 0},   {"fp6", nullptr, 0},     {"e2m1", nullptr, 0.5},
      {"e8m0", nullptr, 1},
  };
  std::vector<FormatMention> out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].type == Tok::kWord) {
      std::string w = Lower(t[i].text);
      if ((w == "half" || w == "single" || w == "double") &&
          (IsWord(t, i + 1, "precision") || (IsOp(t, i + 1, '-') && IsWord(t, i + 2, "precision")))) {
        size_t e = IsWord(t, i + 1, "precision") ? i + 2 : i + 3;
        const char* f = w == "half" ? "fp16" : w == "single" ? "fp32" : "fp64";
        out.push_back({i, e, f, w == "half" ? 2.0 : w == "single" ? 4.0 : 8.0, f});
        i = e - 1;
        continue;
      }
      // "FP8 E4M3" / "FP8-E5M2": one mention, the specific format.
      size_t b = i;
      if (w == "fp8") {
        size_t k = IsOp(t, i + 1, '-') ? i + 2 : i + 1;
        if (IsWord(t, k, "e4m3") || IsWord(t, k, "e5m2")) i = k, w = Lower(t[k].text);
      }
      for (const Row& r : kNames) {
        if (w != r.word) continue;
        out.push_back({b, i + 1, r.format, r.bytes, r.word});
        break;
      }
    } else if (t[i].type == Tok::kNumber && IsOp(t, i + 1, '-') && IsWord(t, i + 2, "bit") &&
               (t[i].text == "4" || t[i].text == "8" || t[i].text == "16" || t[i].text == "32")) {
      // "4-bit", "16-bit": a width, not a format
      out.push_back({i, i + 3, nullptr, t[i].value / 8, "bit"});
    }
  }
  return out;
}

// Sentence number of each token: a new sentence after ". " "; " "? " "! ".
std::vector<int> Sentences(const std::vector<Token>& t) {
  std::vector<int> id(t.size());
  int n = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    id[i] = n;
    if (t[i].type == Tok::kOther && (t[i].text == "." || t[i].text == ";" || t[i].text == "?" || t[i].text == "!") &&
        (i + 1 == t.size() || t[i + 1].space_before))
      ++n;
  }
  return id;
}

// Length of a "stored" verb phrase at token i ("becomes", "is stored as", "rounds to"), 0 if none.
size_t VerbAt(const std::vector<Token>& t, size_t i) {
  if (IsWord(t, i, "becomes") || IsWord(t, i, "become")) return 1;
  if ((IsWord(t, i, "is") || IsWord(t, i, "gets")) && IsWord(t, i + 1, "stored") && IsWord(t, i + 2, "as")) return 3;
  if (IsWord(t, i, "stored") && IsWord(t, i + 1, "as")) return 2;
  if (IsWord(t, i, "rounds") && IsWord(t, i + 1, "to")) return 2;
  if (IsWord(t, i, "is") && IsWord(t, i + 1, "rounded") && IsWord(t, i + 2, "to")) return 3;
  if (IsWord(t, i, "turns") && IsWord(t, i + 1, "into")) return 2;
  return 0;
}

// A plain number at token i: no operator, sign or glued word on either side (a value, not a term).
bool PlainNumber(const std::vector<Token>& t, size_t i) {
  if (i >= t.size() || t[i].type != Tok::kNumber || t[i].bad) return false;
  if (i > 0 && t[i - 1].type == Tok::kOp) return false;
  if (i > 0 && !t[i].space_before && t[i - 1].type != Tok::kOther) return false;
  if (i + 1 < t.size() && t[i + 1].type == Tok::kOp) return false;
  if (i + 1 < t.size() && !t[i + 1].space_before && t[i + 1].type == Tok::kWord) return false;
  if (i + 1 < t.size() && t[i + 1].type == Tok::kOther && t[i + 1].text == "%") return false;
  return true;
}

// "in <format>" at token i: the mention's index, or -1.
int InFormatAt(const std::vector<Token>& t, size_t i, const std::vector<FormatMention>& formats) {
  if (!IsWord(t, i, "in")) return -1;
  for (size_t m = 0; m < formats.size(); ++m)
    if (formats[m].begin == i + 1) return static_cast<int>(m);
  return -1;
}

std::string DisplayName(const char* format) {
  std::string n = format;
  if (n == "fp8_e4m3") return "FP8 E4M3";
  if (n == "fp8_e5m2") return "FP8 E5M2";
  for (char& c : n) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return n;
}

// Does the stored value read as `y` at y's decimals (rounded; cut off too when the card writes "…")?
bool StoredReadsAs(double stored, const Token& y, bool ellipsis) {
  double u = Pow10(-y.decimals);
  double diff = stored - y.value;
  if (std::fabs(diff) <= u / 2 * (1 + 1e-12) + std::fabs(stored) * 1e-15) return true;
  return ellipsis && diff >= 0 && diff < u;
}

void CheckFormatClaim(std::string_view line, const std::vector<Token>& t, size_t x, size_t y, const FormatMention& m,
                      int line_number, size_t claim_begin, size_t claim_end, std::vector<NumberFinding>& out) {
  const formats::FormatSpec* spec = formats::FindFormat(m.format);
  if (!spec) return;
  formats::ParsedNumber px = formats::ParseNumber(t[x].text);
  formats::ParsedNumber py = formats::ParseNumber(t[y].text);
  if (!px.ok || !py.ok) return;
  formats::Conversion c = formats::Convert(px, *spec);
  if (c.flags & (formats::kFlagOverflow | formats::kFlagInf | formats::kFlagNaN | formats::kFlagInvalid)) return;
  bool ellipsis = y + 1 < t.size() && t[y + 1].type == Tok::kOther &&
                  (t[y + 1].text == "\xE2\x80\xA6" || t[y + 1].text == ".") && !t[y + 1].space_before &&
                  (t[y + 1].text != "." || (y + 2 < t.size() && t[y + 2].text == "."));
  if (StoredReadsAs(c.value, t[y], ellipsis)) return;
  NumberFinding f;
  f.line = line_number;
  f.claim = CleanText(line, t, claim_begin, claim_end);
  f.computed = c.exact;
  std::string name = DisplayName(m.format);
  f.message = "this card says " + t[y].text + "; " + t[x].text + " stored in " + name + " is " + c.exact;
  if (t[y].decimals >= 0 && t[y].decimals <= 30) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.*f", t[y].decimals, c.value);
    if (c.exact != buf)
      f.message += std::string(", which is ") + buf + " to the " + std::to_string(t[y].decimals) +
                   " decimal places the card gives";
  }
  for (const char* other : {"fp32", "tf32", "bf16", "fp16", "fp8_e4m3", "fp8_e5m2"}) {
    if (std::string(other) == m.format) continue;
    formats::Conversion o = formats::Convert(px, *formats::FindFormat(other));
    if (!(o.flags & (formats::kFlagOverflow | formats::kFlagInf | formats::kFlagNaN)) &&
        StoredReadsAs(o.value, t[y], false)) {
      f.message += "; " + t[y].text + " is what " + DisplayName(other) + " stores";
      break;
    }
  }
  out.push_back(std::move(f));
}

void CheckFormats(std::string_view line, const std::vector<Token>& t, int line_number,
                  std::vector<NumberFinding>& out) {
  std::vector<FormatMention> formats = FindFormats(t);
  if (formats.empty()) return;
  std::vector<int> sentence = Sentences(t);
  auto only_format_in_sentence = [&](int m, int sid) {
    for (size_t k = 0; k < formats.size(); ++k)
      if (static_cast<int>(k) != m && sentence[formats[k].begin] == sid) return false;
    return formats[m].format != nullptr;
  };
  for (size_t i = 0; i < t.size(); ++i) {
    // "X [in F] becomes Y [in F]"
    if (PlainNumber(t, i)) {
      size_t k = i + 1;
      int before = InFormatAt(t, k, formats);
      if (before >= 0) k = formats[before].end;
      size_t verb = VerbAt(t, k);
      if (!verb || !PlainNumber(t, k + verb)) continue;
      size_t y = k + verb;
      int after = InFormatAt(t, y + 1, formats);
      int m = before >= 0 ? before : after;
      if (m < 0 || (before >= 0 && after >= 0) || !only_format_in_sentence(m, sentence[i])) continue;
      size_t claim_end = after >= 0 ? formats[after].end - 1 : y;
      CheckFormatClaim(line, t, i, y, formats[m], line_number, i, claim_end, out);
    }
  }
  // "F stores X as Y"
  for (size_t m = 0; m < formats.size(); ++m) {
    size_t s = formats[m].end;
    if (!IsWord(t, s, "stores") || !PlainNumber(t, s + 1) || !IsWord(t, s + 2, "as") || !PlainNumber(t, s + 3))
      continue;
    if (!only_format_in_sentence(static_cast<int>(m), sentence[s])) continue;
    CheckFormatClaim(line, t, s + 1, s + 3, formats[m], line_number, formats[m].begin, s + 3, out);
  }
}

// =============================================================================================
// [SECTION] Parameters

// A parameter count at token i ("13-billion-parameter", "7B parameters", "7,000,000,000 params"):
// the count and the token after it, or 0.
double CountAt(const std::vector<Token>& t, size_t i, size_t& after, bool& nominal) {
  if (!PlainNumber(t, i) && !(i < t.size() && t[i].type == Tok::kNumber && !t[i].bad)) return 0;
  if (i > 0 && (t[i - 1].type == Tok::kOp || (t[i - 1].type == Tok::kWord && !t[i].space_before))) return 0;
  double n = t[i].value;
  size_t k = i + 1;
  if (IsOp(t, k, '-')) ++k;
  double scale = 1;
  if (IsWord(t, k, "b") || IsWord(t, k, "billion"))
    scale = 1e9, ++k;
  else if (IsWord(t, k, "m") || IsWord(t, k, "million"))
    scale = 1e6, ++k;
  else if (IsWord(t, k, "t") || IsWord(t, k, "trillion"))
    scale = 1e12, ++k;
  if (IsOp(t, k, '-')) ++k;
  if (k >= t.size() || t[k].type != Tok::kWord) return 0;
  std::string w = Lower(t[k].text);
  if (w != "parameter" && w != "parameters" && w != "params" && w != "param") return 0;
  after = k + 1;
  nominal = scale > 1 && Significant(t[i]) <= 3;
  return n * scale;
}

bool ExcludedWord(const std::string& w) {
  static const char* kWords[] = {"train",  "adam",     "optim",   "gradient", "activation", "kv",    "cache",
                                 "infer",  "overhead", "lora",    "total",    "master",     "moe",   "expert",
                                 "active", "state",    "context", "batch",    "sequence",   "token", "plus",
                                 "extra",  "less",     "more",    "than",     "least",      "most",  "under",
                                 "over",   "up",       "per-gpu", "gpu",      "copies",     "copy",  "shard"};
  std::string l = Lower(w);
  for (const char* x : kWords)
    if (l.rfind(x, 0) == 0) return true;
  return false;
}

// A built-in model named at token i ("Llama-2-13B", any case): the preset and the token after its name.
const memory::Preset* PresetAt(std::string_view line, const std::vector<Token>& t, size_t i, size_t& after) {
  if (t[i].type != Tok::kWord || (i > 0 && !t[i].space_before && t[i - 1].type == Tok::kWord)) return nullptr;
  for (const memory::Preset& p : memory::Presets()) {
    std::string_view label = p.label;
    if (line.size() - t[i].begin < label.size()) continue;
    bool same = true;
    for (size_t k = 0; k < label.size() && same; ++k) {
      char a = line[t[i].begin + k], b = label[k];
      same = a == b || (IsAlpha(a) && IsAlpha(b) && (a | 0x20) == (b | 0x20));
    }
    size_t end = t[i].begin + label.size();
    // "Llama-2-70B" is not "Llama-2-7B", and "Llama-2-7B-like" no named model.
    if (!same ||
        (end < line.size() && (IsAlpha(line[end]) || IsDigit(line[end]) || line[end] == '.' || line[end] == '-')))
      continue;
    for (size_t k = i; k < t.size() && t[k].begin < end; ++k)
      if (t[k].end == end) return after = k + 1, &p;
  }
  return nullptr;
}

// "7 billion", "6,738,415,616": a parameter count as people say it.
std::string FormatCount(double n) {
  if (n >= 1e9 && std::fmod(n, 1e7) == 0) return FormatValue(n / 1e9, 6) + " billion";
  if (n >= 1e6 && n < 1e9 && std::fmod(n, 1e4) == 0) return FormatValue(n / 1e6, 6) + " million";
  return FormatValue(n, 6);
}

void CheckParameters(std::string_view line, const std::vector<Token>& t, int line_number,
                     std::vector<NumberFinding>& out) {
  std::vector<int> sentence = Sentences(t);
  std::vector<FormatMention> formats = FindFormats(t);
  for (size_t i = 0; i < t.size(); ++i) {
    size_t after = 0;
    bool nominal = false;
    double count = CountAt(t, i, after, nominal);
    const memory::Preset* preset = count > 0 ? nullptr : PresetAt(line, t, i, after);
    if (preset) count = static_cast<double>(memory::CountParams(preset->arch).total);
    if (count <= 0) continue;
    int sid = sentence[i];
    size_t s_begin = i, s_end = i;
    while (s_begin > 0 && sentence[s_begin - 1] == sid) --s_begin;
    while (s_end + 1 < t.size() && sentence[s_end + 1] == sid) ++s_end;
    bool approx = false, excluded = false, weights = false;
    int counts = 0, figures = 0;
    size_t figure = 0;
    double bpp = 0;
    bool bpp_conflict = false;
    auto take_bpp = [&](double b) {
      if (b <= 0 || (bpp != 0 && bpp != b))
        bpp_conflict = true;
      else
        bpp = b;
    };
    for (size_t k = s_begin; k <= s_end; ++k) {
      const Token& x = t[k];
      if (x.type == Tok::kApprox || (x.type == Tok::kWord && IsApproxWord(x.text))) approx = true;
      if (x.type == Tok::kWord && ExcludedWord(x.text)) excluded = true;
      if (x.type == Tok::kWord && Lower(x.text).rfind("weight", 0) == 0) weights = true;
      if (x.type == Tok::kOp && x.op != '-') excluded = true;
      if (x.type == Tok::kOther && (x.text == "%" || x.text == "~")) excluded = true;
      size_t a2 = 0;
      bool n2 = false;
      if (CountAt(t, k, a2, n2) > 0) ++counts;
      if (x.type == Tok::kNumber && k + 1 <= s_end && t[k + 1].type == Tok::kWord) {
        Unit u = UnitOf(t[k + 1].text);
        bool per = IsWord(t, k + 2, "each") || IsWord(t, k + 2, "per") || IsOp(t, k + 2, '/');
        if (u.kind == UnitKind::kBytes && u.scale == 1 && per)
          take_bpp(x.value);
        else if (u.kind == UnitKind::kBytes && u.scale >= 1e6) {
          if (IsOp(t, k + 2, '/') && !t[k + 2].space_before) excluded = true;
          ++figures, figure = k;
        }
      }
    }
    for (const FormatMention& m : formats)
      if (sentence[m.begin] == sid) take_bpp(m.bytes_per_param);
    // A named model: its exact count, and only a sentence about its weights with no other count.
    if (preset && (!weights || counts != 0)) continue;
    if (!preset && counts != 1) continue;
    if (excluded || figures != 1 || bpp <= 0 || bpp_conflict || figure < after) continue;
    Stated st;
    st.mantissa = t[figure].value;
    st.approx = approx;
    st.decimals = Decimals(t[figure], true);
    st.unit = UnitOf(t[figure + 1].text);
    double bytes = count * bpp;
    // Either reading of the unit: tools print "GB" for GiB. A nominal count ("7B") may stand for a real
    // model a few percent away (Llama-2-7B: 6.74 billion): 10% then, 25% with "about".
    // A named model's figure with fewer than three digits is a round-off ("Llama-2-7B takes 14 GB"): 10%.
    double tol = nominal ? (approx ? 0.25 : 0.10) : (approx ? 0.10 : 0);
    if (preset && Significant(t[figure]) < 3) tol = std::max(tol, 0.10);
    bool fits = false;
    for (double scale : {st.unit.scale, st.unit.other_scale}) {
      if (scale <= 0) continue;
      double c = bytes / scale;
      if (ReadsAs(c, st, st.decimals) || std::fabs(c - st.mantissa) <= tol * std::fabs(c)) fits = true;
    }
    if (fits) continue;
    NumberFinding f;
    f.line = line_number;
    f.claim = CleanText(line, t, i, figure + 1);
    f.computed = FormatValue(bytes / st.unit.scale, 4) + " " + t[figure + 1].text;
    f.message = "this card says " + CleanText(line, t, figure, figure + 1) + "; " +
                (preset ? std::string(preset->label) + "'s " + FormatValue(count, 12) : FormatCount(count)) +
                " parameters \xC3\x97 " + FormatValue(bpp, 3) + " bytes is " + f.computed;
    if (st.unit.other_scale > 0)
      f.message += " (" + FormatValue(bytes / st.unit.other_scale, 4) + " " + st.unit.other + ")";
    for (double b : {0.5, 1.0, 2.0, 4.0}) {
      Stated exact = st;
      if (b != bpp && ReadsAs(count * b / st.unit.scale, exact, st.decimals)) {
        f.message += "; " + CleanText(line, t, figure, figure + 1) + " is the size at " + FormatValue(b, 3) +
                     (b == 1 ? " byte" : " bytes") + " per parameter";
        break;
      }
    }
    out.push_back(std::move(f));
  }
}

}  // namespace

// =============================================================================================
// [SECTION] Deck

std::vector<NumberFinding> CheckLineNumbers(std::string_view line, int line_number) {
  std::vector<NumberFinding> out;
  if (line.size() > kMaxCheckedLineBytes) return out;
  std::vector<Token> t = Tokenize(line);
  if (t.empty()) return out;
  CheckFormats(line, t, line_number, out);
  CheckExpressions(line, t, line_number, out);
  CheckParameters(line, t, line_number, out);
  return out;
}

std::vector<NumberFinding> CheckDeckNumbers(const cards::Deck& deck, std::string_view text) {
  // Start of each line (1-based: starts[n - 1]).
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts.push_back(i + 1);
  auto line_at = [&](int n) -> std::string_view {
    if (n < 1 || static_cast<size_t>(n) > starts.size()) return {};
    size_t b = starts[n - 1];
    size_t e = static_cast<size_t>(n) < starts.size() ? starts[n] - 1 : text.size();
    std::string_view l = text.substr(b, e - b);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return l;
  };
  std::vector<NumberFinding> out;
  for (const cards::Card& card : deck.cards) {
    bool fence = false;
    for (int n = card.line; n <= card.end_line; ++n) {
      std::string_view l = line_at(n);
      std::string_view s = Trim(l);
      if (s.substr(0, 3) == "```" || s.substr(0, 3) == "~~~") {
        fence = !fence;
        continue;
      }
      if (fence || s.substr(0, 5) == "live:" || s.substr(0, 5) == "quiz:" || s.substr(0, 6) == "topic:") continue;
      for (NumberFinding& f : CheckLineNumbers(l, n)) {
        f.card = card.id;
        out.push_back(std::move(f));
      }
    }
  }
  return out;
}

}  // namespace bw::links
