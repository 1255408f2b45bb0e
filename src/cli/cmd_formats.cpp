// `bytewise formats [--json] [--format F]... [--table F]`: the facts of every number format, or the
// full decode table (every code → value) of one format of at most 16 bits.
#include <cstdio>
#include <ostream>
#include <string>

#include "cli/cli.h"
#include "core/formats/formats.h"
#include "core/util/json.h"

namespace bw::cli {
namespace {

json::Value FactsJson(const formats::FormatSpec& f) {
  formats::FormatFacts x = formats::Facts(f);
  const char* kind = f.kind == formats::Kind::kInt ? "int" : f.kind == formats::Kind::kE8M0 ? "e8m0" : "float";
  json::Object o{{"name", f.name},
                 {"bits", f.bits},
                 {"max", x.max},
                 {"min_normal", x.min_normal},
                 {"min_subnormal", x.min_subnormal},
                 {"epsilon", x.epsilon},
                 {"decimal_digits", x.decimal_digits},
                 {"dynamic_range_decades", x.dynamic_range_decades},
                 {"kind", kind},
                 {"container_bits", f.container_bits},
                 {"exponent_bits", f.exponent_bits},
                 {"mantissa_bits", f.mantissa_bits},
                 {"bias", f.bias},
                 {"signed", f.is_signed},
                 {"has_inf", x.has_inf},
                 {"has_nan", x.has_nan},
                 {"has_subnormals", x.has_subnormals},
                 {"overflow_default", x.overflow_default},
                 {"description", f.description}};
  return json::Value(std::move(o));
}

int PrintTable(const formats::FormatSpec& f, bool as_json, std::ostream& out, std::ostream& err) {
  if (f.bits > 16)
    return UsageError(
        err, "formats",
        "--table: " + f.name + " has " + std::to_string(f.bits) + " bits; tables are for formats of at most 16 bits");
  json::Array codes;
  for (uint64_t code = 0; code < formats::CodeCount(f); ++code) {
    formats::Conversion c = formats::Inspect(formats::CodeToBits(code, f), f);
    if (as_json) {
      codes.push_back(json::Object{{"bits", c.bits_hex}, {"value", c.value}, {"exact", c.exact}});
    } else {
      out << c.bits_hex << "  " << c.fields.bit_string << "  " << c.exact << "\n";
    }
  }
  if (as_json) out << json::Write(json::Object{{"format", f.name}, {"codes", std::move(codes)}}) << "\n";
  return 0;
}

int RunFormats(Args& args, std::ostream& out, std::ostream& err) {
  bool as_json = args.TakeFlag("--json");
  std::vector<std::string> names = args.TakeValues("--format");
  std::optional<std::string> table = args.TakeValue("--table");
  if (ReportArgErrors(args, err, "formats")) return 2;
  if (!args.Positionals().empty())
    return UsageError(err, "formats", "unexpected argument (did you mean --format NAME?)");
  if (table) {
    formats::FormatParse p = formats::ParseFormat(*table);
    if (!p.ok) return UsageError(err, "formats", "--table: " + p.error);
    return PrintTable(p.spec, as_json, out, err);
  }
  std::vector<formats::FormatSpec> specs;
  if (names.empty()) specs = formats::AllFormats();
  for (const std::string& n : names) {
    formats::FormatParse p = formats::ParseFormat(n);
    if (!p.ok) return UsageError(err, "formats", "--format: " + p.error);
    specs.push_back(p.spec);
  }
  if (as_json) {
    json::Array arr;
    for (const formats::FormatSpec& f : specs) arr.push_back(FactsJson(f));
    out << json::Write(json::Value(std::move(arr))) << "\n";
    return 0;
  }
  char line[200];
  std::snprintf(line, sizeof line, "%-9s %4s %13s %13s %13s %11s %7s %8s  %s\n", "format", "bits", "max", "min normal",
                "min subnorm", "epsilon", "digits", "decades", "overflow");
  out << line;
  for (const formats::FormatSpec& f : specs) {
    formats::FormatFacts x = formats::Facts(f);
    std::snprintf(line, sizeof line, "%-9s %4d %13.6g %13.6g %13.6g %11.4g %7.2f %8.1f  %s\n", f.name.c_str(), f.bits,
                  x.max, x.min_normal, x.min_subnormal, x.epsilon, x.decimal_digits, x.dynamic_range_decades,
                  x.overflow_default.c_str());
    out << line;
  }
  return 0;
}

}  // namespace

BW_CLI_COMMAND("formats", "formats [--json] [--format F]... [--table F]",
               "List the number formats with their range and precision, or print one format's full decode table.",
               RunFormats);

}  // namespace bw::cli
