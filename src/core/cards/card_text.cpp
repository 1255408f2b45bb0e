// Card text layout and the LaTeX subset (see card_text.h).
#include "core/cards/card_text.h"

#include <cstring>
#include <map>

namespace bw::cards {

namespace {

// ---------------------------------------------------------------------------------------------
// LaTeX

const std::map<std::string, const char*>& Symbols() {
  static const std::map<std::string, const char*> kSymbols = {
      {"times", "×"},      {"cdot", "·"},     {"div", "÷"},        {"pm", "±"},        {"mp", "∓"},
      {"approx", "≈"},     {"sim", "~"},      {"simeq", "≃"},      {"le", "≤"},        {"leq", "≤"},
      {"ge", "≥"},         {"geq", "≥"},      {"ne", "≠"},         {"neq", "≠"},       {"ll", "≪"},
      {"gg", "≫"},         {"to", "→"},       {"rightarrow", "→"}, {"leftarrow", "←"}, {"Rightarrow", "⇒"},
      {"infty", "∞"},      {"sum", "Σ"},      {"prod", "∏"},       {"int", "∫"},       {"ldots", "…"},
      {"dots", "…"},       {"cdots", "⋯"},    {"partial", "∂"},    {"nabla", "∇"},     {"in", "∈"},
      {"propto", "∝"},     {"equiv", "≡"},    {"lfloor", "⌊"},     {"rfloor", "⌋"},    {"lceil", "⌈"},
      {"rceil", "⌉"},      {"langle", "<"},   {"rangle", ">"},     {"circ", "∘"},      {"odot", "⊙"},
      {"alpha", "α"},      {"beta", "β"},     {"gamma", "γ"},      {"delta", "δ"},     {"epsilon", "ε"},
      {"varepsilon", "ε"}, {"zeta", "ζ"},     {"eta", "η"},        {"theta", "θ"},     {"iota", "ι"},
      {"kappa", "κ"},      {"lambda", "λ"},   {"mu", "μ"},         {"nu", "ν"},        {"xi", "ξ"},
      {"pi", "π"},         {"rho", "ρ"},      {"sigma", "σ"},      {"tau", "τ"},       {"upsilon", "υ"},
      {"phi", "φ"},        {"varphi", "φ"},   {"chi", "χ"},        {"psi", "ψ"},       {"omega", "ω"},
      {"Gamma", "Γ"},      {"Delta", "Δ"},    {"Theta", "Θ"},      {"Lambda", "Λ"},    {"Xi", "Ξ"},
      {"Pi", "Π"},         {"Sigma", "Σ"},    {"Phi", "Φ"},        {"Psi", "Ψ"},       {"Omega", "Ω"},
      {"quad", "  "},      {"qquad", "    "}, {"lvert", "|"},      {"rvert", "|"},     {"vert", "|"},
      {"mid", "|"},        {"|", "‖"},
  };
  return kSymbols;
}

// Commands whose argument is shown as it is (after conversion, or verbatim for text).
bool IsTextCommand(const std::string& name) {
  static const char* kText[] = {"text", "textrm", "textit", "textbf", "texttt", "mbox", "textsf"};
  for (const char* t : kText)
    if (name == t) return true;
  return false;
}
bool IsStyleCommand(const std::string& name) {
  static const char* kStyle[] = {"mathrm",     "mathbf",  "mathit",   "mathsf",    "mathtt",       "operatorname",
                                 "boldsymbol", "mathcal", "mathbb",   "bm",        "hat",          "bar",
                                 "tilde",      "vec",     "overline", "underline", "displaystyle", "widehat"};
  for (const char* t : kStyle)
    if (name == t) return true;
  return false;
}
bool IsIgnored(const std::string& name) {
  static const char* kIgnored[] = {"left",   "right",    "big",          "Big",       "bigg",
                                   "Bigg",   "bigl",     "bigr",         "Bigl",      "Bigr",
                                   "limits", "nolimits", "displaystyle", "textstyle", "scriptstyle"};
  for (const char* t : kIgnored)
    if (name == t) return true;
  return false;
}

size_t Utf8Len(unsigned char c) {
  return c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
}

// Reads one argument at s[i]: a {group} (braces stripped), a \command, or one character.
std::string_view ReadArg(std::string_view s, size_t& i) {
  while (i < s.size() && s[i] == ' ') ++i;
  if (i >= s.size()) return {};
  if (s[i] == '{') {
    size_t start = ++i;
    int depth = 1;
    while (i < s.size()) {
      if (s[i] == '\\' && i + 1 < s.size()) {
        i += 2;
        continue;
      }
      if (s[i] == '{') ++depth;
      if (s[i] == '}' && --depth == 0) break;
      ++i;
    }
    std::string_view arg = s.substr(start, i - start);
    if (i < s.size()) ++i;  // the closing brace (an unclosed group simply runs to the end)
    return arg;
  }
  size_t start = i;
  if (s[i] == '\\') {
    ++i;
    while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) ++i;
    if (i == start + 1 && i < s.size()) ++i;
    return s.substr(start, i - start);
  }
  i += Utf8Len(static_cast<unsigned char>(s[i]));
  if (i > s.size()) i = s.size();
  return s.substr(start, i - start);
}

const char* SuperscriptOf(char c) {
  switch (c) {
    case '0': return "⁰";
    case '1': return "¹";
    case '2': return "²";
    case '3': return "³";
    case '4': return "⁴";
    case '5': return "⁵";
    case '6': return "⁶";
    case '7': return "⁷";
    case '8': return "⁸";
    case '9': return "⁹";
    case '+': return "⁺";
    case '-': return "⁻";
    case '=': return "⁼";
    case '(': return "⁽";
    case ')': return "⁾";
    case 'n': return "ⁿ";
    case 'i': return "ⁱ";
    default: return nullptr;
  }
}

const char* SubscriptOf(char c) {
  switch (c) {
    case '0': return "₀";
    case '1': return "₁";
    case '2': return "₂";
    case '3': return "₃";
    case '4': return "₄";
    case '5': return "₅";
    case '6': return "₆";
    case '7': return "₇";
    case '8': return "₈";
    case '9': return "₉";
    case '+': return "₊";
    case '-': return "₋";
    case '=': return "₌";
    case '(': return "₍";
    case ')': return "₎";
    case 'a': return "ₐ";
    case 'e': return "ₑ";
    case 'o': return "ₒ";
    case 'x': return "ₓ";
    case 'h': return "ₕ";
    case 'k': return "ₖ";
    case 'l': return "ₗ";
    case 'm': return "ₘ";
    case 'n': return "ₙ";
    case 'p': return "ₚ";
    case 's': return "ₛ";
    case 't': return "ₜ";
    default: return nullptr;
  }
}

// "−" (U+2212) from a converted minus sign counts as '-' for the script tables.
std::string Script(const std::string& body, bool super) {
  std::string mapped;
  bool all = !body.empty();
  for (size_t i = 0; i < body.size() && all; ++i) {
    char c = body[i];
    if (body.compare(i, 3, "−") == 0) {
      c = '-';
      i += 2;
    }
    const char* m = super ? SuperscriptOf(c) : SubscriptOf(c);
    if (!m)
      all = false;
    else
      mapped += m;
  }
  if (all) return mapped;
  const char* mark = super ? "^" : "_";
  if (Utf8Len(static_cast<unsigned char>(body[0])) == body.size() || body.empty()) return mark + body;
  return std::string(mark) + "(" + body + ")";
}

bool NeedsParens(const std::string& s) {
  for (char c : s)
    if (c == ' ' || c == '+' || c == '-' || c == '/' || c == '*') return true;
  return s.find("×") != std::string::npos || s.find("−") != std::string::npos || s.find("·") != std::string::npos;
}

std::string Wrap(const std::string& s) { return NeedsParens(s) ? "(" + s + ")" : s; }

std::string Convert(std::string_view s, int depth);

std::string ConvertArg(std::string_view s, size_t& i, int depth) { return Convert(ReadArg(s, i), depth + 1); }

std::string Convert(std::string_view s, int depth) {
  std::string out;
  if (depth > 64) return std::string(s);  // pathological nesting: show it as written
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\\') {
      size_t start = i + 1;
      size_t j = start;
      while (j < s.size() && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z'))) ++j;
      if (j == start) {  // \, \; \! \% \{ ...
        if (j >= s.size()) break;
        char sym = s[j];
        i = j + 1;
        if (sym == ',' || sym == ';' || sym == ':' || sym == ' ' || sym == '\\')
          out += ' ';
        else if (sym == '!') {
        } else if (sym == '|')
          out += "‖";
        else
          out += sym;
        continue;
      }
      std::string name(s.substr(start, j - start));
      i = j;
      auto it = Symbols().find(name);
      if (it != Symbols().end()) {
        out += it->second;
      } else if (name == "frac" || name == "dfrac" || name == "tfrac") {
        std::string a = ConvertArg(s, i, depth), b = ConvertArg(s, i, depth);
        out += Wrap(a) + "/" + Wrap(b);
      } else if (name == "sqrt") {
        std::string index;
        while (i < s.size() && s[i] == ' ') ++i;
        if (i < s.size() && s[i] == '[') {
          size_t close = s.find(']', i);
          if (close == std::string_view::npos) close = s.size();
          index = Convert(s.substr(i + 1, close - i - 1), depth + 1);
          i = close < s.size() ? close + 1 : close;
        }
        std::string arg = ConvertArg(s, i, depth);
        if (!index.empty()) out += Script(index, true);
        out += "√" + Wrap(arg);
      } else if (IsTextCommand(name)) {
        out += std::string(ReadArg(s, i));
      } else if (IsStyleCommand(name)) {
        out += ConvertArg(s, i, depth);
      } else if (IsIgnored(name)) {
        while (i < s.size() && s[i] == ' ') ++i;
        if (i < s.size() && s[i] == '.') ++i;  // \left. prints nothing
      } else {
        out += name;  // \log, \max, \exp, unknown: the name reads fine
      }
      // A command name swallows the following space in TeX; keep one so words stay apart.
      if (i < s.size() && s[i] == ' ' && !out.empty() && out.back() != ' ') {
        out += ' ';
        while (i < s.size() && s[i] == ' ') ++i;
      }
    } else if (c == '^' || c == '_') {
      ++i;
      out += Script(ConvertArg(s, i, depth), c == '^');
    } else if (c == '{') {
      out += ConvertArg(s, i, depth);
    } else if (c == '}') {
      ++i;
    } else if (c == '~') {
      out += ' ';
      ++i;
    } else if (c == '-' && depth >= 0) {
      out += "−";
      ++i;
    } else if (c == '*') {
      out += "·";
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Markdown

std::string_view TrimView(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return s.substr(b, e - b);
}

std::string_view FenceOf(std::string_view trimmed) {
  if (trimmed.size() < 3) return {};
  char c = trimmed[0];
  if (c != '`' && c != '~') return {};
  size_t n = 0;
  while (n < trimmed.size() && trimmed[n] == c) ++n;
  return n >= 3 ? trimmed.substr(0, n) : std::string_view();
}

// "- x" / "* x" / "+ x" / "12. x" -> bullet and the rest.
bool ListItem(std::string_view t, std::string& bullet, std::string_view& rest) {
  if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') {
    bullet = "•";
    rest = TrimView(t.substr(2));
    return true;
  }
  size_t n = 0;
  while (n < t.size() && n < 4 && t[n] >= '0' && t[n] <= '9') ++n;
  if (n > 0 && n + 1 < t.size() && (t[n] == '.' || t[n] == ')') && t[n + 1] == ' ') {
    bullet = std::string(t.substr(0, n + 1));
    rest = TrimView(t.substr(n + 2));
    return true;
  }
  return false;
}

}  // namespace

std::string LatexToUnicode(std::string_view latex) { return Convert(TrimView(latex), 0); }

std::string InlineToUnicode(std::string_view text) {
  // Linear in the text: each closing-delimiter search either succeeds and is consumed, or fails once
  // and is never retried (a search that finds no closer from position p finds none from any later
  // position either). Before this, every unclosed "\(" or "$1" searched to the end again: quadratic.
  std::string out;
  out.reserve(text.size());
  bool no_paren_close = false, no_bracket_close = false, no_dollar_close = false;
  size_t i = 0;
  while (i < text.size()) {
    // \( ... \) and \[ ... \] inline
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == '(' || text[i + 1] == '[')) {
      bool paren = text[i + 1] == '(';
      bool& exhausted = paren ? no_paren_close : no_bracket_close;
      if (!exhausted) {
        size_t end = text.find(paren ? "\\)" : "\\]", i + 2);
        if (end != std::string_view::npos) {
          out += LatexToUnicode(text.substr(i + 2, end - i - 2));
          i = end + 2;
          continue;
        }
        exhausted = true;
      }
    }
    // $...$ (pandoc's rule: no space after the opening $, none before the closing one, no digit after it)
    if (!no_dollar_close && text[i] == '$' && i + 1 < text.size() && text[i + 1] != '$' && text[i + 1] != ' ') {
      size_t end = i + 1;
      bool found = false;
      while ((end = text.find('$', end)) != std::string_view::npos) {
        bool digit_after = end + 1 < text.size() && text[end + 1] >= '0' && text[end + 1] <= '9';
        if (text[end - 1] != ' ' && text[end - 1] != '\\' && !digit_after) {
          found = true;
          break;
        }
        ++end;
      }
      if (found) {
        out += LatexToUnicode(text.substr(i + 1, end - i - 1));
        i = end + 1;
        continue;
      }
      no_dollar_close = true;  // whether an end qualifies depends on the end alone: none will later
    }
    if ((text.compare(i, 2, "**") == 0) || (text.compare(i, 2, "__") == 0)) {
      i += 2;
      continue;
    }
    if (text[i] == '`') {
      ++i;
      continue;
    }
    out += text[i++];
  }
  return out;
}

std::vector<TextBlock> LayoutCardText(std::string_view markdown) {
  std::vector<TextBlock> blocks;
  std::string paragraph;
  auto flush = [&]() {
    if (!paragraph.empty()) blocks.push_back({TextBlockKind::kParagraph, InlineToUnicode(paragraph), "", ""});
    paragraph.clear();
  };
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= markdown.size()) {
    size_t nl = markdown.find('\n', start);
    if (nl == std::string_view::npos) nl = markdown.size();
    lines.push_back(markdown.substr(start, nl - start));
    start = nl + 1;
  }
  for (size_t k = 0; k < lines.size(); ++k) {
    std::string_view raw = lines[k];
    std::string_view t = TrimView(raw);
    std::string_view fence = FenceOf(t);
    if (!fence.empty()) {
      flush();
      TextBlock code{TextBlockKind::kCode, "", "", std::string(TrimView(t.substr(fence.size())))};
      bool first = true;
      for (++k; k < lines.size(); ++k) {
        std::string_view ct = TrimView(lines[k]);
        std::string_view cf = FenceOf(ct);
        if (!cf.empty() && cf[0] == fence[0] && cf.size() >= fence.size() && TrimView(ct.substr(cf.size())).empty())
          break;
        if (!first) code.text += '\n';
        first = false;
        std::string_view line = lines[k];
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        code.text += std::string(line);
      }
      blocks.push_back(std::move(code));
      continue;
    }
    bool dollar_block = t.compare(0, 2, "$$") == 0;
    if (t.compare(0, 2, "\\[") == 0 || dollar_block) {
      flush();
      const char* close = dollar_block ? "$$" : "\\]";
      std::string math;
      std::string_view rest = t.substr(2);
      for (;;) {
        size_t end = rest.find(close);
        if (end != std::string_view::npos) {
          math += std::string(rest.substr(0, end));
          std::string_view after = TrimView(rest.substr(end + 2));
          blocks.push_back({TextBlockKind::kDisplayMath, LatexToUnicode(math), "", ""});
          if (!after.empty()) paragraph = std::string(after);
          break;
        }
        math += std::string(rest) + " ";
        if (++k >= lines.size()) {
          blocks.push_back({TextBlockKind::kDisplayMath, LatexToUnicode(math), "", ""});
          break;
        }
        rest = TrimView(lines[k]);
      }
      continue;
    }
    if (t.empty()) {
      flush();
      continue;
    }
    std::string bullet;
    std::string_view rest;
    if (ListItem(t, bullet, rest)) {
      flush();
      std::string item(rest);
      while (k + 1 < lines.size() && !lines[k + 1].empty() && (lines[k + 1][0] == ' ' || lines[k + 1][0] == '\t')) {
        std::string_view next = TrimView(lines[k + 1]);
        std::string b2;
        std::string_view r2;
        if (next.empty() || ListItem(next, b2, r2) || !FenceOf(next).empty()) break;
        item += " " + std::string(next);
        ++k;
      }
      blocks.push_back({TextBlockKind::kListItem, InlineToUnicode(item), bullet, ""});
      continue;
    }
    if (t[0] == '|') {
      flush();
      if (!blocks.empty() && blocks.back().kind == TextBlockKind::kTable)
        blocks.back().text += "\n" + std::string(t);
      else
        blocks.push_back({TextBlockKind::kTable, std::string(t), "", ""});
      continue;
    }
    if (t[0] == '#') {
      size_t n = 0;
      while (n < t.size() && t[n] == '#') ++n;
      if (n <= 6 && (n == t.size() || t[n] == ' ')) {
        flush();
        blocks.push_back({TextBlockKind::kHeading, InlineToUnicode(TrimView(t.substr(n))), "", ""});
        continue;
      }
    }
    if (!paragraph.empty()) paragraph += ' ';
    paragraph += std::string(t);
  }
  flush();
  return blocks;
}

}  // namespace bw::cards
