// Suggested live panels (see suggest.h). Work is linear in the card's text (at most
// cards::kMaxCardBytes): one pass to flatten it into words, one to find numbers, then lookups.
#include "core/links/suggest.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <vector>

#include "core/links/links.h"
#include "core/memory/architecture.h"

namespace bw::links {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] text

// The card's words: lower-case, LaTeX commands kept as words ("\times" → "times"), every other
// character a separator. `flat` is " w1 w2 ... " so a phrase is found as " w1 w2 ".
struct Words {
  std::vector<std::string> list;
  std::string flat = " ";
};

Words ToWords(std::string_view text) {
  Words w;
  std::string cur;
  auto flush = [&] {
    if (cur.empty()) return;
    w.flat += cur + " ";
    w.list.push_back(std::move(cur));
    cur.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    // A decimal point between digits stays in the word ("0.1", "1.0001"); so does '_' ("fp8_e4m3").
    bool keep = std::isalnum(c) || c == '_' ||
                (c == '.' && !cur.empty() && std::isdigit(static_cast<unsigned char>(cur.back())) &&
                 i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1])));
    if (keep)
      cur += static_cast<char>(std::tolower(c));
    else
      flush();
  }
  flush();
  return w;
}

bool Has(const Words& w, std::string_view phrase) {
  std::string needle = " " + std::string(phrase) + " ";
  return w.flat.find(needle) != std::string::npos;
}
int Count(const Words& w, std::string_view phrase) {
  std::string needle = " " + std::string(phrase) + " ";
  int n = 0;
  for (size_t at = w.flat.find(needle); at != std::string::npos; at = w.flat.find(needle, at + needle.size() - 1)) ++n;
  return n;
}
// Words starting with `stem` ("quantiz" → quantize, quantized, quantization).
int CountStem(const Words& w, std::string_view stem) {
  int n = 0;
  for (const std::string& s : w.list)
    if (s.compare(0, stem.size(), stem) == 0) ++n;
  return n;
}

bool IsNumber(const std::string& s) {
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] vocabulary

// A format as cards write it → the formats engine's name. Only names that map with certainty: "FP8"
// alone could be E4M3 or E5M2 and names none.
struct FormatWord {
  const char* word;
  const char* format;
};
constexpr FormatWord kFormatWords[] = {
    {"fp64", "fp64"},         {"float64", "fp64"},  {"fp32", "fp32"},         {"float32", "fp32"},
    {"tf32", "tf32"},         {"bf16", "bf16"},     {"bfloat16", "bf16"},     {"fp16", "fp16"},
    {"float16", "fp16"},      {"e4m3", "fp8_e4m3"}, {"fp8_e4m3", "fp8_e4m3"}, {"e5m2", "fp8_e5m2"},
    {"fp8_e5m2", "fp8_e5m2"}, {"e2m1", "fp4_e2m1"}, {"fp4_e2m1", "fp4_e2m1"}, {"e3m2", "fp6_e3m2"},
    {"fp6_e3m2", "fp6_e3m2"}, {"e2m3", "fp6_e2m3"}, {"fp6_e2m3", "fp6_e2m3"},
};
constexpr FormatWord kFormatPhrases[] = {
    {"half precision", "fp16"}, {"single precision", "fp32"}, {"double precision", "fp64"}};

// The formats a card names, most often named first (ties: first named).
std::vector<std::string> FormatsNamed(const Words& w) {
  struct Seen {
    std::string format;
    int count = 0;
    size_t first = 0;
  };
  std::vector<Seen> seen;
  auto note = [&seen](const char* f, size_t at) {
    for (Seen& s : seen)
      if (s.format == f) {
        s.count++;
        return;
      }
    seen.push_back({f, 1, at});
  };
  for (size_t i = 0; i < w.list.size(); ++i)
    for (const FormatWord& fw : kFormatWords)
      if (w.list[i] == fw.word) note(fw.format, i);
  for (const FormatWord& fp : kFormatPhrases)
    for (int n = Count(w, fp.word); n > 0; --n) note(fp.format, w.list.size());
  std::stable_sort(seen.begin(), seen.end(), [](const Seen& a, const Seen& b) {
    return a.count != b.count ? a.count > b.count : a.first < b.first;
  });
  std::vector<std::string> out;
  out.reserve(seen.size());
  for (const Seen& s : seen) out.push_back(s.format);
  return out;
}

// Quantization schemes by the words cards use → quant::SchemeNames().
constexpr FormatWord kSchemeWords[] = {
    {"nf4", "nf4"},          {"nvfp4", "nvfp4"},      {"mxfp4", "mxfp4"},      {"mxfp6", "mxfp6_e3m2"},
    {"mxfp8", "mxfp8_e4m3"}, {"mxint8", "mxint8"},    {"absmax", "int8_sym"},  {"int8", "int8_sym"},
    {"int4", "int4_sym"},    {"uint8", "uint8_asym"}, {"uint4", "uint4_asym"},
};

std::string SchemeNamed(const Words& w) {
  if (Has(w, "zero point") || Has(w, "asymmetric"))
    return Has(w, "int4") || Has(w, "4 bit") ? "uint4_asym" : "uint8_asym";
  for (const FormatWord& s : kSchemeWords)  // the most specific names first (table order)
    if (Has(w, s.word)) return s.format;
  return "";
}

// "13 billion parameters", "13b parameters", "a 7b model", "7.5 billion": a parameter count as
// "<mantissa>e9"; "" when the card names none, or names two different ones.
std::string ParameterCount(const Words& w) {
  std::string found;
  for (size_t i = 0; i < w.list.size(); ++i) {
    const std::string& t = w.list[i];
    std::string mant;
    const char* exp = nullptr;
    size_t next = i + 1;
    if (IsNumber(t) && next < w.list.size() && (w.list[next] == "billion" || w.list[next] == "million")) {
      mant = t;
      exp = w.list[next] == "billion" ? "e9" : "e6";
      ++next;
    } else if (t.size() >= 2 && (t.back() == 'b' || t.back() == 'm') && IsNumber(t.substr(0, t.size() - 1))) {
      mant = t.substr(0, t.size() - 1);
      exp = t.back() == 'b' ? "e9" : "e6";
    } else {
      continue;
    }
    // Followed by "parameters" or "model" (within two words): "13 billion parameter model", "7b model".
    bool params = false;
    for (size_t j = next; j < std::min(next + 2, w.list.size()); ++j)
      params |= w.list[j].compare(0, 5, "param") == 0 || w.list[j] == "model" || w.list[j] == "models";
    if (!params || mant.size() > 6) continue;
    std::string count = mant + exp;
    if (!found.empty() && found != count) return "";  // two models: which one?
    found = count;
  }
  return found;
}

// The number right before `word` ("4096 tokens"), "" if none or several different ones.
std::string NumberBefore(const Words& w, std::string_view word) {
  std::string found;
  for (size_t i = 1; i < w.list.size(); ++i)
    if (w.list[i] == word && IsNumber(w.list[i - 1]) && w.list[i - 1].find('.') == std::string::npos) {
      if (!found.empty() && found != w.list[i - 1]) return "";
      found = w.list[i - 1];
    }
  return found;
}

// A preset named in the text ("Llama-2-13B", "GPT-2", "Mixtral 8x7B"), "" if none or several.
std::string PresetNamed(const Words& w) {
  std::string found;
  for (const memory::Preset& p : memory::Presets()) {
    Words name = ToWords(p.name);  // "llama 2 13b"
    std::string phrase = name.flat.substr(1, name.flat.size() - 2);
    bool hit = Has(w, phrase);
    if (!hit && std::string_view(p.name) == "gpt2") hit = Has(w, "gpt 2");
    if (!hit) continue;
    if (!found.empty()) return "";
    found = p.name;
  }
  return found;
}

bool IsDigitAt(std::string_view t, size_t i) { return i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])); }

// The first number worth storing: written with a decimal point or an exponent (else the first with 4+
// digits), not a bit or byte count, not a percentage, not a bit pattern ("10000"). "" if none.
std::string ValueToStore(std::string_view text) {
  std::string whole;  // the first 4+ digit integer, if no decimal comes
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool starts = std::isdigit(c) || (c == '-' && IsDigitAt(text, i + 1));
    if (!starts) continue;
    if (i > 0) {
      unsigned char p = static_cast<unsigned char>(text[i - 1]);
      if (std::isalnum(p) || p == '_' || p == '.' || p == '^' || p == ',' || (c == '-' && p != ' ' && p != '(')) {
        while (i + 1 < text.size() && std::isalnum(static_cast<unsigned char>(text[i + 1]))) ++i;
        continue;  // inside a word ("fp16", "e4m3") or an exponent
      }
    }
    size_t j = i + (c == '-' ? 1 : 0), digits = 0;
    bool point = false, exponent = false;
    std::string v(c == '-' ? "-" : "");
    for (; j < text.size(); ++j) {
      unsigned char d = static_cast<unsigned char>(text[j]);
      if (std::isdigit(d)) {
        v += static_cast<char>(d), ++digits;
      } else if (d == ',' && !point && !exponent && IsDigitAt(text, j + 1) && IsDigitAt(text, j + 2) &&
                 IsDigitAt(text, j + 3) && !IsDigitAt(text, j + 4)) {
        continue;  // a thousands separator: "65,504"
      } else if (d == '.' && !point && !exponent && IsDigitAt(text, j + 1)) {
        v += '.', point = true;
      } else if ((d == 'e' || d == 'E') && !exponent &&
                 (IsDigitAt(text, j + 1) || (j + 1 < text.size() && text[j + 1] == '-' && IsDigitAt(text, j + 2)))) {
        v += 'e', exponent = true;
        if (text[j + 1] == '-') v += '-', ++j;
      } else {
        break;
      }
    }
    // What follows: a unit or a letter glued on makes it something else ("8-bit", "16 bytes", "7b").
    size_t k = j;
    while (k < text.size() && (text[k] == ' ' || text[k] == '-')) ++k;
    std::string after;
    for (; k < text.size() && std::isalpha(static_cast<unsigned char>(text[k])); ++k)
      after += static_cast<char>(std::tolower(static_cast<unsigned char>(text[k])));
    bool glued = j < text.size() && (std::isalpha(static_cast<unsigned char>(text[j])) || text[j] == '%');
    bool unit = after.compare(0, 3, "bit") == 0 || after.compare(0, 4, "byte") == 0 || after == "gb" ||
                after == "gib" || after == "mb" || after == "kb" || after == "tb" || after == "billion" ||
                after == "million" || after == "x" || after == "times";
    bool bits = v.find_first_not_of("01") == std::string::npos;
    if (!glued && !unit && digits <= 30) {
      if (point || exponent) return v;
      if (digits >= 4 && !bits && whole.empty()) whole = v;
    }
    i = j;
  }
  return whole;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] scores

struct Score {
  const char* section;
  int points = 0;
  std::vector<std::string> reasons;
  void Add(int p, const std::string& why) {
    if (p <= 0) return;
    points += p;
    if (reasons.size() < 3) reasons.push_back(why);
  }
};

int Clamp(int n, int most) { return std::min(n, most); }

}  // namespace

std::optional<LiveSuggestion> SuggestLive(const cards::Card& card) {
  std::string text =
      card.title + "\n" + card.background + "\n" + card.question + "\n" + card.answer + "\n" + card.explanation;
  Words w = ToWords(text);
  std::vector<std::string> formats = FormatsNamed(w);
  std::string scheme = SchemeNamed(w);
  std::string params = ParameterCount(w);
  std::string preset = PresetNamed(w);
  std::string value;
  for (const std::string* part : {&card.question, &card.title, &card.answer, &card.background, &card.explanation})
    if (value.empty()) value = ValueToStore(*part);

  const int quantiz = CountStem(w, "quantiz");
  const bool per_param = Has(w, "bytes per parameter") || Has(w, "byte per parameter") || Has(w, "bytes per param") ||
                         Has(w, "bytes each") || Has(w, "per parameter");
  const bool kv_cache = Has(w, "kv cache") || Has(w, "key value cache");
  const bool checkpointing =
      Has(w, "gradient checkpointing") || Has(w, "activation checkpointing") || Has(w, "activation recomputation");
  const bool adam = Has(w, "adam") || Has(w, "adamw");
  const bool mixed = Has(w, "mixed precision");
  const bool training = CountStem(w, "train") + CountStem(w, "finetun") + CountStem(w, "fine tun") > 0;
  const bool inference = CountStem(w, "inferenc") > 0 || Has(w, "serving") || Has(w, "generation");

  Score fm{"formats", 0, {}}, qz{"quantize", 0, {}}, mem{"memory", 0, {}}, tr{"train", 0, {}};
  // Number formats: a format named, its anatomy, a value stored in it.
  fm.Add(Clamp(static_cast<int>(formats.size()), 2) * 2, "the format " + (formats.empty() ? "" : formats[0]));
  fm.Add(Clamp(Count(w, "exponent") + Count(w, "mantissa") + Count(w, "significand") + Count(w, "subnormal") +
                   Count(w, "subnormals") + Count(w, "epsilon") + Count(w, "ulp"),
               3),
         "its exponent and mantissa");
  fm.Add(Clamp(CountStem(w, "round") + Count(w, "stored as") + Count(w, "stores") + Count(w, "representable") +
                   Count(w, "overflow") + Count(w, "overflows") + Count(w, "underflow"),
               2),
         "how a value is stored or rounded");
  if (!value.empty() && !formats.empty()) fm.Add(2, "the value " + value);
  // Quantization: the word itself, a scheme, scales and blocks.
  qz.Add(Clamp(quantiz, 2) * 2, "quantization");
  if (!scheme.empty()) qz.Add(2, "the scheme " + scheme);
  qz.Add(Clamp(Count(w, "block") + Count(w, "blocks") + Count(w, "scale") + Count(w, "scales") +
                   Count(w, "zero point") + Count(w, "absmax") + Count(w, "outlier") + Count(w, "outliers") +
                   Count(w, "per channel") + Count(w, "per tensor") + Count(w, "codebook"),
               3),
         "block scales");
  // Memory of a real model.
  if (!params.empty()) mem.Add(3, "a parameter count (" + params + ")");
  if (!preset.empty()) mem.Add(3, "the model " + preset);
  if (per_param) mem.Add(2, "bytes per parameter");
  mem.Add(Clamp(Count(w, "gb") + Count(w, "gib") + Count(w, "vram") + Count(w, "gpu") + Count(w, "gpus"), 2),
          "gigabytes");
  if (kv_cache) mem.Add(3, "the KV cache");
  if (Has(w, "optimizer states") || Has(w, "optimizer state")) mem.Add(1, "optimizer states");
  if (checkpointing) mem.Add(2, "gradient checkpointing");
  mem.Add(Clamp(Count(w, "memory"), 2), "memory");
  if (Has(w, "lora") || Has(w, "qlora") || Has(w, "zero")) mem.Add(1, "LoRA or ZeRO");
  // The small network: backprop and what an optimizer step does.
  tr.Add(Clamp(CountStem(w, "backprop") * 2 + Count(w, "backward pass") * 2 + Count(w, "chain rule") * 2 +
                   Count(w, "learning rate") + Count(w, "loss scaling") * 2 + Count(w, "loss scale") +
                   Count(w, "bias correction") * 2 + Count(w, "frozen layer") + Count(w, "frozen layers") +
                   Count(w, "sgd") + Count(w, "momentum") + Count(w, "gradient descent"),
               6),
         "backprop and optimizer steps");
  tr.Add(Clamp(Count(w, "master") * 2 + Count(w, "gradient") + Count(w, "gradients") + Count(w, "optimizer"), 3),
         "gradients and the master weights");
  const bool model_named = !preset.empty() || !params.empty();
  const bool bytes = Has(w, "bytes") || Has(w, "byte");
  if (checkpointing) tr.points -= 3;  // activation checkpointing: what it saves is a model's memory
  if (bytes && (training || inference)) mem.Add(2, "bytes of training or inference");
  int counted_bytes = 0;  // "16 bytes", "2 bytes": a per-parameter bill
  for (size_t i = 1; i < w.list.size(); ++i)
    counted_bytes += (w.list[i] == "bytes" || w.list[i] == "byte") && IsNumber(w.list[i - 1]);
  mem.Add(Clamp(counted_bytes, 2), "byte counts");
  if (mixed) fm.points -= 3;  // mixed precision: a training recipe, its formats are its parts
  if (mixed && !model_named && !bytes) tr.Add(4, "mixed precision");
  if (model_named) tr.points -= 3;  // a real model's training is its memory, not the small network
  // A block scheme (NF4, NVFP4, MX) names its element and scale formats: the scheme is the topic.
  if (scheme == "nf4" || scheme == "nvfp4" || scheme.compare(0, 2, "mx") == 0) {
    qz.Add(4, "the block format " + scheme);
    fm.points -= 2;
  }

  std::array<Score*, 4> all = {&fm, &qz, &mem, &tr};
  std::stable_sort(all.begin(), all.end(), [](const Score* a, const Score* b) { return a->points > b->points; });
  const Score& best = *all[0];
  // A clear winner: enough of its own words, and well ahead of the next section.
  if (best.points < 4 || best.points < all[1]->points + 2) return std::nullopt;

  LiveLink link{best.section, {}};
  std::string section = best.section;
  if (section == "formats") {
    if (formats.empty()) return std::nullopt;
    if (!value.empty()) link.Set("value", value);
    link.Set("format", formats[0]);
    if (formats.size() > 1) link.Set("compare", formats[1]);
  } else if (section == "quantize") {
    if (scheme.empty()) return std::nullopt;
    link.Set("dist", Has(w, "outlier") || Has(w, "outliers") ? "outliers" : "normal");
    link.Set("scheme", scheme);
  } else if (section == "memory") {
    if (!preset.empty())
      link.Set("preset", preset);
    else if (!params.empty())
      link.Set("params", params);
    else
      return std::nullopt;  // memory of which model?
    bool train_mode = training && !(inference && !adam && !checkpointing);
    link.Set("mode", train_mode ? "train" : "inference");
    if (train_mode) {
      if (adam) link.Set("optimizer", Has(w, "adamw") ? "adamw" : "adam");
      if (mixed) link.Set("precision", "mixed");
      if (checkpointing) link.Set("checkpointing", "full");
    } else {
      if (kv_cache) {
        std::string seq = NumberBefore(w, "tokens");
        if (!seq.empty()) link.Set("seq", seq);
      }
      for (const std::string& f : formats)
        if (f == "bf16" || f == "fp16" || f == "fp32") {
          link.Set("dtype", f);
          break;
        }
      if (formats.empty() && Has(w, "int8")) link.Set("dtype", "int8");
    }
  } else {
    link.Set("dataset", "spiral");
    link.Set("layers", "2,8,8,1");
    if (Has(w, "sgd") && !adam) link.Set("optimizer", "sgd");
    if (Has(w, "momentum") && !adam) link.Set("optimizer", "momentum");
    if (adam) link.Set("optimizer", "adam");
    if (Has(w, "loss scaling") || (mixed && Has(w, "fp16"))) link.Set("precision", "mixed-fp16");
    if (Has(w, "frozen layer") || Has(w, "frozen layers")) link.Set("freeze", "1");
  }
  if (!Check(link).empty()) return std::nullopt;  // only links the section takes as written
  LiveSuggestion s;
  s.live = FormatLiveLink(link);
  s.why = "the card is about ";
  for (size_t i = 0; i < best.reasons.size(); ++i) s.why += (i ? ", " : "") + best.reasons[i];
  return s;
}

}  // namespace bw::links
