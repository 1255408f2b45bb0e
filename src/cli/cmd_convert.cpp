// `bytewise convert VALUE [--format F]... [--rounding rne|rtz|stochastic] [--seed S] [--saturate]
//  [--via fp32] [--json]`: what storing VALUE (a decimal string, rounded exactly) in each format does.
#include <cstdio>
#include <ostream>
#include <string>

#include "cli/cli.h"
#include "cli/link_flags.h"
#include "core/formats/formats.h"
#include "core/links/links.h"
#include "core/util/count.h"
#include "core/util/json.h"
#include "core/util/text.h"

namespace bw::cli {
namespace {

json::Value ConversionJson(const formats::Conversion& c, const formats::FormatSpec& f) {
  json::Array flags;
  for (const std::string& n : formats::FlagNames(c.flags)) flags.emplace_back(n);
  json::Object fields{{"sign", static_cast<unsigned long long>(c.fields.sign)},
                      {"exponent", static_cast<unsigned long long>(c.fields.exponent)},
                      {"mantissa", static_cast<unsigned long long>(c.fields.mantissa)},
                      {"unbiased_exponent", c.fields.unbiased_exponent},
                      {"bit_string", c.fields.bit_string}};
  auto neighbor = [](const formats::Neighbor& n) { return n.exists ? json::Value(n.exact) : json::Value(nullptr); };
  json::Object o{{"format", c.format},
                 {"bits", c.bits_hex},
                 {"exact", c.exact},
                 {"value", json::Value(c.value)},
                 {"abs_error", json::Value(c.abs_error)},
                 {"rel_error", json::Value(c.rel_error)},
                 {"flags", std::move(flags)},
                 {"fields", std::move(fields)},
                 {"next_up", neighbor(c.next_up)},
                 {"next_down", neighbor(c.next_down)},
                 {"ulp", json::Value(c.ulp)},
                 {"other_path_bits", formats::BitsHex(c.other_path_bits, f)},
                 {"paths_differ", c.paths_differ}};
  return json::Value(std::move(o));
}

int RunConvert(Args& args, std::ostream& out, std::ostream& err) {
  const char* cmd = "convert";
  bool as_json = args.TakeFlag("--json");
  std::vector<std::string> format_names = args.TakeValues("--format");  // a list here, one format in the panel
  // --rounding, --seed, --saturate and --via are keys of the Formats link (the same table as the panel).
  const LiveLink link = TakeLinkFlags(args, "formats");
  std::vector<std::string> values = args.Positionals();
  if (ReportArgErrors(args, err, cmd)) return 2;
  if (values.size() != 1)
    return UsageError(err, cmd,
                      values.empty() ? "missing VALUE (e.g. bytewise convert 0.1 --format bf16)"
                                     : "expected one VALUE, got " + std::to_string(values.size()));
  links::Applied<links::Formats> applied = links::ApplyFormats(link);
  if (ReportFlagErrors(err, cmd, "formats", applied.errors)) return 2;
  const links::Formats& keys = applied.config;
  formats::ConvertOptions opt;
  opt.round.rounding = *formats::ParseRounding(keys.rounding);  // one of the table's names
  opt.round.seed = keys.seed;
  const bool saturate = keys.saturate;
  if (saturate) opt.round.overflow = formats::Overflow::kSaturate;
  opt.via_fp32 = keys.via_fp32;
  std::vector<const formats::FormatSpec*> specs;
  if (format_names.empty()) {
    for (const formats::FormatSpec& f : formats::AllFormats()) specs.push_back(&f);
  } else {
    for (const std::string& name : format_names) {
      formats::FormatParse p = formats::ParseFormat(name);
      if (!p.ok) return UsageError(err, cmd, "--format: " + p.error);
      specs.push_back(formats::FindFormat(name));
    }
  }
  formats::ParsedNumber x = formats::ParseNumber(values[0]);
  if (!x.ok) return UsageError(err, cmd, "VALUE: " + x.error);

  std::vector<formats::Conversion> results;
  results.reserve(specs.size());
  for (const formats::FormatSpec* f : specs) results.push_back(formats::Convert(x, *f, opt));

  if (as_json) {
    json::Array arr;
    for (size_t i = 0; i < results.size(); ++i) arr.push_back(ConversionJson(results[i], *specs[i]));
    json::Object o{{"input", values[0]},
                   {"rounding", formats::RoundingName(opt.round.rounding)},
                   {"overflow", saturate ? "saturate" : "standard"},
                   {"via", opt.via_fp32 ? "fp32" : "direct"},
                   {"results", std::move(arr)}};
    out << json::Write(json::Value(std::move(o))) << "\n";
    return 0;
  }
  out << "input " << values[0] << "  (rounding " << formats::RoundingName(opt.round.rounding)
      << (saturate ? ", saturating" : "") << (opt.via_fp32 ? ", via fp32" : "") << ")\n";
  for (size_t i = 0; i < results.size(); ++i) {
    const formats::Conversion& c = results[i];
    char line[160];
    std::snprintf(line, sizeof line, "%-9s %-20s rel.err %-10.3g ", c.format.c_str(), c.bits_hex.c_str(), c.rel_error);
    out << line << c.exact;
    std::vector<std::string> fl = formats::FlagNames(c.flags);
    if (!fl.empty()) out << "  [" << Join(fl, ", ") << "]";
    if (c.paths_differ && (opt.via_fp32 || c.format != "fp64"))
      out << "  (" << (opt.via_fp32 ? "direct" : "via fp32") << ": " << formats::BitsHex(c.other_path_bits, *specs[i])
          << ")";
    out << "\n";
  }
  return 0;
}

}  // namespace

const std::string& Usage() {
  static const std::string usage = "convert VALUE [--format F]... " + FlagUsage("formats", {"format"}) + " [--json]";
  return usage;
}

BW_CLI_COMMAND("convert", Usage().c_str(),
               "Store a decimal number in every format (or those given): bits, exact stored value, error, flags.",
               RunConvert);

}  // namespace bw::cli
