// Quiz registry, parameter handling, typed-answer parsing and grading. The generators themselves live
// in quiz_formats.cpp (formats and quantization) and quiz_memory.cpp (model memory).
//
// [SECTION] Random source and text helpers
// [SECTION] Registry
// [SECTION] MakeQuiz
// [SECTION] Typed answers
// [SECTION] Grading
#include "core/quiz/quiz.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "core/formats/formats.h"
#include "core/memory/estimate.h"
#include "core/quiz/quiz_internal.h"
#include "core/util/count.h"
#include "core/util/json.h"
#include "core/util/text.h"

namespace bw::cards {
namespace quiz_detail {

// =============================================================================================
// [SECTION] Random source and text helpers

uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

int64_t Rng::Below(int64_t n) {
  if (n <= 1) return 0;
  return static_cast<int64_t>(Next() % static_cast<uint64_t>(n));
}

std::string Num(double x) { return json::FormatNumber(x); }

std::string Sig(double x, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, x);
  return buf;
}

std::string Grouped(double integer_value) { return FormatGrouped(integer_value); }

std::string BytesText(double bytes) {
  return Grouped(bytes) + " bytes (" + Sig(bytes / memory::kGB, 4) + " GB = " + Sig(bytes / memory::kGiB, 4) + " GiB)";
}

std::string Percent(double fraction, int digits) { return Sig(fraction * 100, digits) + "%"; }

double RoundDownSig(double x, int digits) {
  if (!(x > 0) || !std::isfinite(x)) return x;
  double p = std::pow(10.0, std::floor(std::log10(x)) - (digits - 1));
  double r = std::floor(x / p) * p;
  // Re-read the printed form so the stated tolerance is exactly the one used.
  return std::strtod(Sig(r, digits).c_str(), nullptr);
}

double RoundSig(double x, int digits) {
  if (!std::isfinite(x) || x == 0) return x;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*e", std::max(0, digits - 1), x);
  return std::strtod(buf, nullptr);
}

double CutSig(double x, int digits) {
  if (!std::isfinite(x) || x == 0) return x;
  // Cut the exact decimal expansion (%.40e has more digits than any double needs) after `digits`.
  char buf[80];
  std::snprintf(buf, sizeof buf, "%.40e", x);
  std::string s = buf;
  size_t e = s.find('e');
  size_t keep = (s[0] == '-' ? 1 : 0) + 1 + (digits > 1 ? 1 + static_cast<size_t>(digits - 1) : 0);
  return std::strtod((s.substr(0, std::min(keep, e)) + s.substr(e)).c_str(), nullptr);
}

namespace {
// Distance of v from the answer in the tolerance's own terms (relative: a fraction of |answer|).
double Distance(const QuizQuestion& q, double v) {
  double d = std::fabs(v - q.answer);
  return q.tolerance.kind == ToleranceKind::kRelative ? (q.answer != 0 ? d / std::fabs(q.answer) : d) : d;
}
bool AcceptedValue(const QuizQuestion& q, double v) { return Distance(q, v) <= q.tolerance.value * (1 + 1e-12); }
}  // namespace

void FitTolerance(QuizQuestion& q, Tolerance base) {
  q.tolerance = base;
  std::vector<QuizTrap> kept;
  for (QuizTrap& t : q.traps) {
    if (!std::isfinite(t.value)) continue;
    // Equal to the answer (to 12 digits): not a wrong answer here (e.g. query heads = KV heads in MHA).
    if (std::fabs(t.value - q.answer) <= 1e-12 * std::max(std::fabs(q.answer), 1e-300)) continue;
    bool dup = false;
    for (const QuizTrap& k : kept) dup = dup || std::fabs(k.value - t.value) <= 1e-12 * std::fabs(t.value);
    if (!dup) kept.push_back(std::move(t));
  }
  q.traps = std::move(kept);
  double closest = std::numeric_limits<double>::infinity();
  for (const QuizTrap& t : q.traps) closest = std::min(closest, Distance(q, t.value));
  double tol = std::min(base.value, closest * 2 / 3);
  q.tolerance.value = RoundDownSig(tol, 2);
  q.answer_digits = 17;
  for (int d = 1; d <= 17; ++d)
    if (AcceptedValue(q, RoundSig(q.answer, d)) && AcceptedValue(q, CutSig(q.answer, d))) {
      q.answer_digits = d;
      break;
    }
}

bool ReadCount(GenContext& ctx, const char* key, double& out, bool& given) {
  std::string text;
  given = ctx.reader.Str(key, text);
  if (!given) return true;
  std::string error;
  std::optional<double> n = ParseCount(text, &error);
  if (!n) return ctx.Fail(std::string(key) + ": " + error);
  if (!(*n >= 1) || *n > 1e15) return ctx.Fail(std::string(key) + ": " + OutOfRange(text, 1, 1e15));
  out = *n;
  return true;
}

}  // namespace quiz_detail

using namespace quiz_detail;

// =============================================================================================
// [SECTION] Registry

namespace {

struct Entry {
  GeneratorInfo info;
  GeneratorFn fn;
};

const std::vector<Entry>& Entries() {
  static const std::vector<Entry> kEntries = {
      {{"bf16_value",
        "What a decimal value becomes when stored in a number format (BF16 unless another format is named).",
        {{"value", "decimal to store, e.g. 0.0123456789 (random if omitted)"},
         {"format",
          "format name from the formats engine: bf16, fp16, fp32, tf32, fp8_e4m3, ... (random of bf16/fp16 if "
          "omitted)"}}},
       GenerateBf16Value},
      {{"weight_memory",
        "Bytes taken by the weights of N parameters stored in a dtype.",
        {{"params", "parameter count, e.g. 13e9 or 7B (random if omitted)"},
         {"dtype", "fp32, bf16, fp16, fp8_e4m3, int8 or int4 (random if omitted)"}}},
       GenerateWeightMemory},
      {{"train_memory_adam",
        "Bytes of weights, gradients and optimizer states when training N parameters with mixed-precision Adam (ZeRO's "
        "16 bytes per parameter).",
        {{"params", "parameter count, e.g. 7e9 (random if omitted)"}}},
       GenerateTrainMemoryAdam},
      {{"format_max",
        "Largest finite value of a number format.",
        {{"format",
          "format name: fp32, tf32, bf16, fp16, fp8_e4m3, fp8_e5m2, fp6_e3m2, fp6_e2m3, fp4_e2m1, int8, ... (random if "
          "omitted)"}}},
       GenerateFormatMax},
      {{"bits_per_param",
        "Storage bits per parameter of a block quantization scheme, scales included.",
        {{"scheme",
          "quantization scheme: nf4, int4_sym, int8_sym, uint4_asym, mxfp4, mxfp8_e4m3, ... (random if omitted)"},
         {"block", "elements per scale block, 16..256 (scheme default if omitted with a given scheme)"},
         {"scale", "scale storage format: fp32, fp16, bf16, e8m0 (scheme default if omitted)"},
         {"double_quant", "QLoRA double quantization of the block scales: true/false (default false)"}}},
       GenerateBitsPerParam},
      {{"kv_cache",
        "Bytes of the KV cache of a model preset at a context length.",
        {{"preset", "model preset, e.g. llama-2-7b (random if omitted)"},
         {"seq_len", "tokens in the context, 1..1048576 (random if omitted)"},
         {"batch", "sequences in the batch (default 1)"},
         {"dtype", "cache dtype: fp32, bf16, fp16, fp8_e4m3, int8 (random of fp16/bf16 if omitted)"}}},
       GenerateKvCache},
  };
  return kEntries;
}

std::string KnownNames() {
  std::string s;
  for (const Entry& e : Entries()) s += (s.empty() ? "" : ", ") + e.info.name;
  return s;
}

std::string JoinParams(const std::vector<std::pair<std::string, std::string>>& params) {
  LiveLink link;
  link.panel = "x";
  link.params = params;
  std::string s = FormatLiveLink(link);
  size_t q = s.find('?');
  return q == std::string::npos ? std::string() : s.substr(q + 1);
}

}  // namespace

const std::vector<GeneratorInfo>& Generators() {
  static const std::vector<GeneratorInfo> kInfos = [] {
    std::vector<GeneratorInfo> v;
    for (const Entry& e : Entries()) v.push_back(e.info);
    return v;
  }();
  return kInfos;
}

const GeneratorInfo* FindGenerator(std::string_view name) {
  for (const GeneratorInfo& g : Generators())
    if (g.name == name) return &g;
  return nullptr;
}

double TrapDistance(const QuizQuestion& q, const QuizTrap& t) {
  return q.tolerance.value > 0 ? Distance(q, t.value) / q.tolerance.value : std::numeric_limits<double>::infinity();
}

const char* ToleranceKindName(ToleranceKind k) { return k == ToleranceKind::kRelative ? "relative" : "absolute"; }

std::string DescribeTolerance(const Tolerance& t, std::string_view unit) {
  if (t.kind == ToleranceKind::kRelative) return "within " + Percent(t.value, 3) + " of the answer";
  std::string s = "within ±" + Num(t.value);
  if (!unit.empty()) s += " " + std::string(unit);
  return s;
}

// =============================================================================================
// [SECTION] MakeQuiz

QuizMake MakeQuiz(std::string_view spec, uint64_t seed) {
  QuizMake m;
  size_t start = spec.find_first_not_of(" \t");
  size_t end = spec.find_last_not_of(" \t\r\n");
  spec = start == std::string_view::npos ? std::string_view() : spec.substr(start, end - start + 1);
  if (spec.empty()) {
    m.error = "empty quiz spec (expected generator or generator?key=value&...; known: " + KnownNames() + ")";
    return m;
  }
  LinkParse p = ParseLiveLink(spec);
  if (!p.ok) {
    m.error = "quiz spec '" + std::string(spec) + "': " + p.error;
    return m;
  }
  const Entry* entry = nullptr;
  for (const Entry& e : Entries())
    if (e.info.name == p.link.panel) entry = &e;
  if (!entry) {
    m.error = "unknown generator '" + p.link.panel + "' (known: " + KnownNames() + ")";
    return m;
  }
  GenContext ctx(p.link, seed);
  QuizQuestion q;
  q.generator = entry->info.name;
  q.seed = seed;
  bool ok = entry->fn(ctx, q);
  std::vector<std::string> errors = ctx.reader.Finish();
  errors.insert(errors.begin(), ctx.errors.begin(), ctx.errors.end());
  if (!ok || !errors.empty()) {
    std::string joined;
    for (std::string e : errors) {
      size_t at = e.find("for panel '");
      if (at != std::string::npos) e.replace(at, 11, "for generator '");
      joined += (joined.empty() ? "" : "; ") + e;
    }
    if (joined.empty()) joined = "could not make a question";
    m.error = q.generator + ": " + joined;
    return m;
  }
  q.params = JoinParams(ctx.resolved);
  m.ok = true;
  m.question = std::move(q);
  return m;
}

std::string CheckQuizLine(std::string_view spec) {
  QuizMake made = MakeQuiz(spec, 1);
  return made.ok ? std::string() : made.error;
}

// =============================================================================================
// [SECTION] Typed answers

namespace {

std::string Trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return std::string(s.substr(a, b - a));
}

// Replaces the Unicode signs learners paste (×, ·, −, thin and no-break spaces) with ASCII.
std::string Normalize(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    auto at = [&](const char* seq) { return s.substr(i, std::char_traits<char>::length(seq)) == seq; };
    if (at("\xC3\x97")) {
      out += 'x';
      i += 1;
    }  // ×
    else if (at("\xC2\xB7")) {
      out += '*';
      i += 1;
    }  // ·
    else if (at("\xE2\x8B\x85")) {
      out += '*';
      i += 2;
    }  // ⋅
    else if (at("\xE2\x88\x92")) {
      out += '-';
      i += 2;
    }  // −
    else if (at("\xC2\xA0")) {
      out += ' ';
      i += 1;
    }  // no-break space
    else if (at("\xE2\x80\xAF") || at("\xE2\x80\x89")) {
      out += ' ';
      i += 2;
    }  // narrow / thin space
    else
      out += s[i];
  }
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

constexpr const char* kSeparatorHelp =
    "': commas and underscores may only separate groups of three digits (write decimals with a dot, e.g. 0.0123)";

// Reads [sign] digits[,ddd...][.digits][e[sign]digits] at s[i...]; returns the plain decimal text
// (group separators removed) or "" with *error set.
std::string ReadDecimal(const std::string& s, size_t& i, std::string* error) {
  std::string out;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) out += s[i++];
  size_t int_start = i;
  std::string int_digits;
  int group_len = 0;
  bool grouped = false;
  while (i < s.size()) {
    if (IsDigit(s[i])) {
      int_digits += s[i++];
      ++group_len;
    } else if ((s[i] == ',' || s[i] == '_') && i + 1 < s.size() && IsDigit(s[i + 1])) {
      // A separator follows 1-3 digits (first group) or exactly 3; the group after it is checked at
      // the next separator or at the end.
      if (grouped ? group_len != 3 : (group_len < 1 || group_len > 3)) {
        *error = "'" + s.substr(int_start) + kSeparatorHelp;
        return "";
      }
      grouped = true;
      group_len = 0;
      ++i;
    } else {
      break;
    }
  }
  if (grouped && group_len != 3) {
    *error = "'" + s.substr(int_start) + kSeparatorHelp;
    return "";
  }
  out += int_digits;
  bool frac = false;
  if (i < s.size() && s[i] == '.') {
    out += s[i++];
    while (i < s.size() && IsDigit(s[i])) out += s[i++], frac = true;
  }
  if (int_digits.empty() && !frac) {
    *error = "expected a number";
    return "";
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && IsDigit(s[j])) {
      out += s.substr(i, j - i);
      i = j;
      while (i < s.size() && IsDigit(s[i])) out += s[i++];
    }
  }
  return out;
}

bool ReadInteger(const std::string& s, size_t& i, long& out) {
  size_t j = i;
  bool neg = false;
  if (j < s.size() && (s[j] == '+' || s[j] == '-')) neg = s[j++] == '-';
  if (j >= s.size() || !IsDigit(s[j])) return false;
  long v = 0;
  while (j < s.size() && IsDigit(s[j])) {
    v = v * 10 + (s[j++] - '0');
    if (v > 100000) return false;
  }
  out = neg ? -v : v;
  i = j;
  return true;
}

void SkipSpaces(const std::string& s, size_t& i) {
  while (i < s.size() && s[i] == ' ') ++i;
}

}  // namespace

TypedNumber ParseTypedNumber(std::string_view typed) {
  TypedNumber r;
  std::string s = Trim(Normalize(typed));
  if (s.empty()) {
    r.error = "nothing typed: enter a number, e.g. 26 GB or 0.0123";
    return r;
  }
  if (s.size() > 200) {
    r.error = "answer too long (" + std::to_string(s.size()) + " characters)";
    return r;
  }
  size_t i = 0;
  std::string error;
  std::string decimal = ReadDecimal(s, i, &error);
  if (decimal.empty()) {
    r.error = error == "expected a number" ? "'" + s + "' is not a number (examples: 26 GB, 2.6e10, 0.0123)" : error;
    return r;
  }
  {
    // Significant digits of the mantissa: leading zeros do not count; "26000" counts as 2.
    std::string m = decimal.substr(0, decimal.find_first_of("eE"));
    std::string digits;
    for (char ch : m)
      if (IsDigit(ch)) digits += ch;
    size_t first = digits.find_first_not_of('0');
    digits = first == std::string::npos ? "" : digits.substr(first);
    if (m.find('.') == std::string::npos)
      while (!digits.empty() && digits.back() == '0') digits.pop_back();
    r.digits = std::max<int>(1, static_cast<int>(digits.size()));
  }
  formats::ParsedNumber p = formats::ParseNumber(decimal);
  if (!p.ok || !std::isfinite(p.approx)) {
    r.error = "'" + decimal + "' is not a finite number" + (p.ok ? "" : ": " + p.error);
    return r;
  }
  double value = p.approx;
  // Optional power "b^k" (e.g. 2^31), then an optional factor "x 10^k" / "* 2^k".
  size_t save = i;
  SkipSpaces(s, i);
  if (i < s.size() && s[i] == '^') {
    ++i;
    SkipSpaces(s, i);
    long k = 0;
    if (!ReadInteger(s, i, k)) {
      r.error = "'" + s + "': expected a whole exponent after '^'";
      return r;
    }
    value = std::pow(value, static_cast<double>(k));
    r.digits = 17;  // a power such as 2^128 is exact
    save = i;
    SkipSpaces(s, i);
  }
  if (i < s.size() && (s[i] == 'x' || s[i] == 'X' || s[i] == '*')) {
    size_t j = i + 1;
    SkipSpaces(s, j);
    long base = 0, k = 0;
    size_t b0 = j;
    if (ReadInteger(s, j, base) && j > b0 && (base == 10 || base == 2) && j < s.size() && s[j] == '^' &&
        (++j, ReadInteger(s, j, k))) {
      value *= std::pow(static_cast<double>(base), static_cast<double>(k));
      i = j;
    } else {
      r.error = "'" + s + "': after '" + s[i] + "' expected 10^k or 2^k (e.g. 2.6 x 10^10)";
      return r;
    }
  } else {
    i = save;
  }
  if (!std::isfinite(value)) {
    r.error = "'" + s + "' is too large";
    return r;
  }
  r.unit = Trim(std::string_view(s).substr(i));
  r.value = value;
  r.ok = true;
  return r;
}

// =============================================================================================
// [SECTION] Grading

namespace {

// Multiplier of a memory unit in bytes, 0 if `unit` is not one.
double ByteUnit(const std::string& unit) {
  std::string u = Lower(unit);
  if (u.empty() || u == "b" || u == "byte" || u == "bytes") return 1;
  static const struct {
    const char* name;
    double factor;
  } kUnits[] = {
      {"kb", 1e3},     {"mb", 1e6},        {"gb", memory::kGB},   {"tb", 1e12},
      {"kib", 1024.0}, {"mib", 1048576.0}, {"gib", memory::kGiB}, {"tib", 1099511627776.0},
  };
  for (const auto& k : kUnits)
    if (u == k.name) return k.factor;
  return 0;
}

bool IsBitsUnit(const std::string& unit) {
  std::string u = Lower(unit);
  return u.empty() || u == "bit" || u == "bits" || u == "bpp" || u == "bits/param" || u == "bits/parameter" ||
         u == "bits per param" || u == "bits per parameter" || u == "b/p";
}

bool Within(double typed, double answer, const Tolerance& t) {
  double diff = std::fabs(typed - answer);
  double allowed = t.kind == ToleranceKind::kRelative ? t.value * std::fabs(answer) : t.value;
  // No absolute slack beyond the smallest double: an answer of 0 (a value that underflows) accepts 0
  // only, never the unchanged input (a 1e-300 slack accepted the trap 1.23e-301 — fuzz finding).
  return diff <= allowed * (1 + 1e-12) + std::numeric_limits<double>::denorm_min();
}

std::string ValueText(double v, const std::string& unit) {
  if (unit == "bytes") return BytesText(v);
  return Num(v) + (unit.empty() ? "" : " " + unit);
}

}  // namespace

GradeResult Grade(const QuizQuestion& q, std::string_view typed) {
  GradeResult g;
  TypedNumber t = ParseTypedNumber(typed);
  if (!t.ok) {
    g.message = t.error;
    return g;
  }
  double factor = 1;
  if (q.unit == "bytes") {
    factor = ByteUnit(t.unit);
    if (factor == 0) {
      g.message =
          "'" + t.unit +
          "' is not a memory unit: use bytes, kB, MB, GB, TB (powers of 10) or KiB, MiB, GiB, TiB (powers of 2)";
      return g;
    }
  } else if (q.unit == "bits per parameter") {
    if (!IsBitsUnit(t.unit)) {
      g.message = "'" + t.unit + "' does not fit: the answer is in bits per parameter (type e.g. 4.5 or 4.5 bits)";
      return g;
    }
  } else if (!t.unit.empty()) {
    g.message = "'" + t.unit + "' does not fit: the answer is a plain number (type e.g. 0.0123)";
    return g;
  }
  g.parsed = true;
  g.typed_value = t.value * factor;
  g.error = g.typed_value - q.answer;
  g.relative_error = q.answer != 0 ? g.error / std::fabs(q.answer) : 0;
  g.correct = Within(g.typed_value, q.answer, q.tolerance);

  std::string read = "You typed " + Num(t.value) + (t.unit.empty() ? "" : " " + t.unit);
  if (q.unit == "bytes" && factor != 1) read += " = " + Grouped(g.typed_value) + " bytes";
  std::string answer = "the answer is " + ValueText(q.answer, q.unit);
  std::string tol = "accepted " + DescribeTolerance(q.tolerance, q.unit);
  std::string off = q.answer != 0 ? " (off by " + Percent(g.relative_error, 3) + ")" : "";
  if (g.correct) {
    g.message = "Correct. " + read + "; " + answer + ", " + tol + ".";
    return g;
  }
  // A declared misconception first: the verdict names it before the numbers.
  // (The nearest of them when several lie within the tolerance, e.g. FP32's maximum and 2^128.)
  // Traps the typed digits cannot tell apart (3.403e38 is FP32's maximum and 2^128): the first declared.
  const double resolution =
      t.value != 0 ? std::pow(10.0, std::floor(std::log10(std::fabs(t.value))) - t.digits + 1) * factor / 2 : 0;
  const QuizTrap* hit = nullptr;
  for (const QuizTrap& trap : q.traps)
    if (!hit && std::fabs(g.typed_value - trap.value) <= resolution && Within(g.typed_value, trap.value, q.tolerance))
      hit = &trap;
  if (!hit)  // otherwise the nearest trap within the tolerance
    for (const QuizTrap& trap : q.traps)
      if (Within(g.typed_value, trap.value, q.tolerance) &&
          (!hit || std::fabs(g.typed_value - trap.value) < std::fabs(g.typed_value - hit->value)))
        hit = &trap;
  if (hit) {
    g.misconception = hit->id;
    g.message = "Not quite. " + hit->explanation + " " + read + off + "; " + answer + ", " + tol + ".";
    return g;
  }
  // Right as far as it goes: the typed digits agree with the answer, there are just too few of them.
  if (t.value != 0 && !(t.digits >= q.answer_digits && q.answer_digits > 0)) {
    double last = std::pow(10.0, std::floor(std::log10(std::fabs(t.value))) - t.digits + 1) * factor;
    if (std::fabs(g.typed_value - q.answer) < last) {
      g.too_few_digits = true;
      g.message = "Not quite. " + read +
                  ": those digits agree with the answer, but there are too few of them to tell it from "
                  "the wrong answers nearby; give at least " +
                  std::to_string(q.answer_digits) + " significant digits (" + answer + ", " + tol + ").";
      return g;
    }
  }
  g.message = "Not quite. " + read + off + "; " + answer + ", " + tol + ".";
  // Say what the slip probably was.
  if (q.unit == "bytes") {
    if (t.unit.empty() && Within(t.value * memory::kGB, q.answer, q.tolerance))
      g.message += " A bare number is read as bytes: did you mean " + Num(t.value) + " GB?";
    else if (t.unit.empty() && Within(t.value * memory::kGiB, q.answer, q.tolerance))
      g.message += " A bare number is read as bytes: did you mean " + Num(t.value) + " GiB?";
    else if (Lower(t.unit) == "gib" && Within(t.value * memory::kGB, q.answer, q.tolerance))
      g.message += " Your number is right in GB (10^9 bytes), but you wrote GiB (2^30 bytes).";
    else if (Lower(t.unit) == "gb" && Within(t.value * memory::kGiB, q.answer, q.tolerance))
      g.message += " Your number is right in GiB (2^30 bytes), but you wrote GB (10^9 bytes).";
  }
  return g;
}

}  // namespace bw::cards
