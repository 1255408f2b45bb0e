// The vocabulary's shared half: value checks, the section list, Check (deck lint) and small printers.
#include "core/links/links.h"

#include <cmath>
#include <cstdlib>

#include "core/links/table.h"
#include "core/util/count.h"
#include "core/util/json.h"
#include "core/util/text.h"

namespace bw::links {
namespace detail {

std::string FormatReal(double v) { return json::FormatNumber(v); }

namespace {

// A whole number (util's ParseWhole: plain digits exactly, other count forms through ParseCount).
std::string ParseInt(const Key& k, const std::string& text, int64_t* out) {
  std::string error;
  std::optional<uint64_t> n = ParseWhole(text, &error);
  if (!n) return error;
  const double v = static_cast<double>(*n);
  if (v < k.min || v > k.max) return OutOfRange(text, k.min, k.max);
  *out = *n > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(*n);
  return "";
}

}  // namespace

std::string ParseValue(const Key& k, const std::string& text, Value* out) {
  out->text = text;
  switch (k.type) {
    case Type::kText: return "";
    case Type::kInt: {
      std::string e = ParseInt(k, text, &out->integer);
      out->number = static_cast<double>(out->integer);
      return e;
    }
    case Type::kReal: {
      std::string error;
      std::optional<double> d = ParseReal(text, &error);
      if (!d) return error;
      if (*d < k.min || *d > k.max) return OutOfRange(text, k.min, k.max);
      out->number = *d;
      return "";
    }
    case Type::kBool:
      if (text == "1" || text == "true" || text == "yes" || text == "on" || text.empty())
        out->flag = true;
      else if (text == "0" || text == "false" || text == "no" || text == "off")
        out->flag = false;
      else
        return "'" + text + "' is not true/false (1/0)";
      return "";
    case Type::kEnum:
      for (const std::string& n : k.names)
        if (n == text) return "";
      return "'" + text + "' is not one of " + Join(k.names);
    case Type::kList: {
      size_t pos = 0;
      while (true) {
        size_t comma = text.find(',', pos);
        std::string part = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        int64_t v = 0;
        std::string e = ParseInt(k, part, &v);
        if (!e.empty()) return (part.empty() ? "an empty entry in '" + text + "'" : e) + " (a list such as 2,8,8,1)";
        out->ints.push_back(static_cast<int>(v));
        if (comma == std::string::npos) return "";
        pos = comma + 1;
      }
    }
  }
  return "";
}

std::string UnknownKey(const std::string& panel, const std::string& key, const std::vector<Key>& keys) {
  std::vector<std::string> names;
  names.reserve(keys.size());
  for (const Key& k : keys) names.emplace_back(k.key);
  return "unknown key '" + key + "' for panel '" + panel + "' (expected one of " + Join(names) + ")";
}

}  // namespace detail

const char* TypeName(Type t) {
  switch (t) {
    case Type::kText: return "text";
    case Type::kInt: return "int";
    case Type::kReal: return "real";
    case Type::kBool: return "bool";
    case Type::kEnum: return "enum";
    case Type::kList: return "list";
  }
  return "?";
}

const std::vector<Section>& Sections() {
  using namespace detail;
  static const std::vector<Section> sections = {
      {"study", "Flashcards: the next due card, its live panel beside it", Specs(StudyFields()),
       [](const LiveLink& l) { return ApplyStudy(l).errors; }},
      {"formats", "Number formats: what storing a value really does to it", Specs(FormatsFields()),
       [](const LiveLink& l) { return ApplyFormats(l).errors; }},
      {"quantize", "Tensor quantization and the error it costs", Specs(QuantizeFields()),
       [](const LiveLink& l) { return ApplyQuantize(l).errors; }},
      {"train", "A small network trained live: losses, gradients, memory", Specs(TrainFields()),
       [](const LiveLink& l) { return ApplyTrain(l).errors; }},
      {"memory", "Memory of a real model for inference or training", Specs(MemoryFields()),
       [](const LiveLink& l) { return ApplyMemory(l).errors; }},
      {"decks", "The card library: decks, search, progress", Specs(DecksFields()),
       [](const LiveLink& l) { return ApplyDecks(l).errors; }},
  };
  return sections;
}

const Section* FindSection(std::string_view name) {
  for (const Section& s : Sections())
    if (name == s.name) return &s;
  return nullptr;
}

const Key* FindKey(const Section& section, std::string_view key) {
  for (const Key& k : section.keys)
    if (key == k.key) return &k;
  return nullptr;
}

std::string SectionNames() {
  std::string out;
  for (const Section& s : Sections()) out += (out.empty() ? "" : ", ") + std::string(s.name);
  return out;
}

const std::vector<std::string>& EnumNames(std::string_view section, std::string_view key) {
  static const std::vector<std::string> kNone;
  const Section* s = FindSection(section);
  const Key* k = s ? FindKey(*s, key) : nullptr;
  return k && k->type == Type::kEnum ? k->names : kNone;
}

std::vector<std::string> Check(const LiveLink& link) {
  if (const Section* s = FindSection(link.panel)) return s->check(link);
  return {"unknown panel '" + link.panel + "' (expected one of " + SectionNames() + ")"};
}

std::vector<std::string> Check(std::string_view link_text) {
  LinkParse parsed = ParseLiveLink(link_text);
  if (!parsed.ok) return {parsed.error};
  return Check(parsed.link);
}

std::string JoinInts(const std::vector<int>& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + std::to_string(values[i]);
  return out;
}

std::string HiddenWidths(const std::vector<int>& layers) {
  if (layers.size() < 2) return "";
  return JoinInts(std::vector<int>(layers.begin() + 1, layers.end() - 1));
}

}  // namespace bw::links
