// The Formats section's table: a value, the formats it is stored in, rounding, the bit editor.
#include <cstdlib>
#include <cstring>

#include "core/formats/formats.h"
#include "core/links/table.h"
#include "core/util/count.h"

namespace bw::links {
namespace detail {
namespace {

std::string SetFormat(std::string& out, const Value& v) {
  formats::FormatParse p = formats::ParseFormat(v.text);
  if (!p.ok) return p.error;
  out = p.spec.name;
  return "";
}

}  // namespace

const std::vector<Field<Formats>>& FormatsFields() {
  auto always = [](const Formats&, const Formats&) { return true; };
  static const std::vector<Field<Formats>> fields = {
      {{"value", Type::kText, 0, 0, {}, "", "the decimal number to store (any length, e.g. 0.1 or 1e-8)", nullptr},
       [](Formats& c, const Value& v) {
         formats::ParsedNumber p = formats::ParseNumber(v.text);
         if (!p.ok) return p.error;
         c.value = v.text;
         c.has_bits = false;
         return std::string();
       },
       [](const Formats& c) { return c.value; },
       always},
      {{"format",
        Type::kText,
        0,
        0,
        {},
        "",
        "the bit editor's format and the first of the range picture (bf16, e4m3, e3m4b5_fn...)",
        "--format"},
       [](Formats& c, const Value& v) { return SetFormat(c.format, v); },
       [](const Formats& c) { return c.format; },
       always},
      {{"compare", Type::kText, 0, 0, {}, "", "the second format of the range picture", nullptr},
       [](Formats& c, const Value& v) { return SetFormat(c.compare, v); },
       [](const Formats& c) { return c.compare; },
       always},
      {{"rounding",
        Type::kEnum,
        0,
        0,
        {"rne", "rtz", "stochastic"},
        "",
        "round to nearest even, toward zero, or stochastically (seeded)",
        "--rounding"},
       [](Formats& c, const Value& v) { return c.rounding = v.text, std::string(); },
       [](const Formats& c) { return c.rounding; }},
      {{"seed", Type::kInt, 0, 18446744073709551615.0, {}, "", "seed of stochastic rounding (all 64 bits)", "--seed"},
       [](Formats& c, const Value& v) {  // read again in full: Value::integer stops at 2^63 - 1
         return c.seed = ParseWhole(v.text, nullptr).value_or(0), std::string();
       },
       [](const Formats& c) { return std::to_string(c.seed); },
       [](const Formats& c, const Formats&) { return c.rounding == "stochastic" && c.seed != 0; }},
      {{"saturate",
        Type::kBool,
        0,
        0,
        {},
        "",
        "clamp overflow to the largest finite value instead of inf/NaN",
        "--saturate"},
       [](Formats& c, const Value& v) { return c.saturate = v.flag, std::string(); },
       [](const Formats& c) { return std::string(c.saturate ? "1" : "0"); }},
      {{"via",
        Type::kEnum,
        0,
        0,
        {"direct", "fp32"},
        "",
        "round the decimal directly, or first to fp32 (as a float would)",
        "--via"},
       [](Formats& c, const Value& v) { return c.via_fp32 = v.text == "fp32", std::string(); },
       [](const Formats& c) { return std::string(c.via_fp32 ? "fp32" : "direct"); }},
      {{"bits",
        Type::kText,
        0,
        0,
        {},
        "",
        "the code shown in the bit editor, hexadecimal (0x3dcd); default: the value's encoding",
        nullptr},
       [](Formats& c, const Value& v) {
         const char* b = v.text.c_str();
         if (v.text.size() > 2 && b[0] == '0' && (b[1] == 'x' || b[1] == 'X')) b += 2;
         char* end = nullptr;
         unsigned long long n = std::strtoull(b, &end, 16);
         if (!*b || !end || *end != '\0' || std::strlen(b) > 16 || *b == '-' || *b == '+')
           return "'" + v.text + "' is not a hexadecimal code such as 0x3dcd";
         c.bits = n;
         c.has_bits = true;
         return std::string();
       },
       [](const Formats& c) {
         const formats::FormatSpec* f = formats::FindFormat(c.format);
         return c.has_bits && f ? formats::BitsHex(c.bits, *f) : std::string();
       },
       [](const Formats& c, const Formats&) { return c.has_bits && formats::FindFormat(c.format) != nullptr; }},
  };
  return fields;
}

}  // namespace detail

Applied<Formats> ApplyFormats(const LiveLink& link, Formats base) {
  Applied<Formats> a{std::move(base), {}};
  a.errors = detail::ApplyFields(detail::FormatsFields(), link, a.config);
  return a;
}

LiveLink MakeFormats(const Formats& c) { return detail::MakeFields("formats", detail::FormatsFields(), c); }

}  // namespace bw::links
