// `bytewise quantize`: quantize a seeded synthetic tensor with one scheme and print the error
// metrics and the real bits per parameter (including scales). --scheme all compares every scheme
// at its reference configuration on the same tensor.
#include <algorithm>
#include <cstdio>
#include <ostream>

#include "cli/cli.h"
#include "cli/link_flags.h"
#include "core/links/links.h"
#include "core/quant/quant.h"
#include "core/util/count.h"
#include "core/util/json.h"
#include "core/util/text.h"

namespace bw::cli {
namespace {

constexpr const char* kName = "quantize";

json::Object MetricsJson(const quant::QuantConfig& c, int64_t n, const quant::Metrics& m) {
  return json::Object{{"scheme", c.scheme},
                      {"n", n},
                      {"bits_per_param", m.bits_per_param},
                      {"mse", m.mse},
                      {"rmse", m.rmse},
                      {"max_abs_error", m.max_abs_error},
                      {"sqnr_db", m.sqnr_db},
                      {"cosine", m.cosine},
                      {"clipped_fraction", m.clipped_fraction},
                      {"zero_fraction", m.zero_fraction},
                      {"granularity", quant::GranularityName(c.granularity)},
                      {"block", c.block},
                      {"scale_format", c.scale_format},
                      {"double_quant", c.double_quant},
                      {"signal_power", m.signal_power},
                      {"nan_count", m.nan_count},
                      {"inf_count", m.inf_count}};
}

std::string Fixed(double v, const char* fmt) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

int RunQuantize(Args& args, std::ostream& out, std::ostream& err) {
  const bool as_json = args.TakeFlag("--json");
  auto row_s = args.TakeValue("--row-length");
  // The CLI's tensor may be larger than the panel's (the link's n stops at links::kMaxQuantizeElements):
  // --n is read here with the engine's own limit.
  auto n_s = args.TakeValue("--n");
  // Every other flag is a key of the Quantize link: the same table, names and ranges as the panel.
  LiveLink link = TakeLinkFlags(args, kName);
  const std::string* scheme_s = link.Get("scheme");
  const bool all = scheme_s && *scheme_s == "all";
  const bool has_scheme = scheme_s != nullptr;
  if (all)
    link.params.erase(
        std::find_if(link.params.begin(), link.params.end(), [](const auto& kv) { return kv.first == "scheme"; }));
  if (!args.Positionals().empty()) return UsageError(err, kName, "takes no positional arguments");
  if (ReportArgErrors(args, err, kName)) return 2;
  if (!link.Get("dist") || !n_s || !has_scheme) return UsageError(err, kName, "--dist, --n and --scheme are required");
  links::Applied<links::Quantize> applied = links::ApplyQuantize(link);
  for (std::string& e : applied.errors)
    if (e.rfind("scheme: '", 0) == 0) e += " (or all)";  // the CLI's extra name, not a link value
  if (ReportFlagErrors(err, kName, kName, applied.errors)) return 2;
  const links::Quantize& q = applied.config;

  quant::TensorSpec spec;
  spec.dist = *quant::ParseDistribution(q.dist);  // one of the table's names
  std::string error;
  auto n = ParseIntCount(*n_s, "--n", 1, quant::kMaxElements, &error);
  if (!n) return UsageError(err, kName, error);
  spec.n = *n;
  spec.seed = static_cast<uint64_t>(q.seed);
  spec.outlier_fraction = q.outlier_fraction;
  spec.outlier_magnitude = q.outlier_magnitude;
  spec.stddev = q.sigma;
  std::vector<float> x = quant::MakeTensor(spec, &error);
  if (x.empty()) return UsageError(err, kName, error);

  int64_t row_length = quant::DefaultRowLength(spec.n);
  if (row_s) {
    auto r = ParseIntCount(*row_s, "--row-length", 1, spec.n, &error);
    if (!r) return UsageError(err, kName, error);
    row_length = *r;
  }

  std::vector<quant::QuantConfig> configs;
  if (all) {
    for (const std::string& name : quant::SchemeNames()) configs.push_back(quant::DefaultConfig(name));
  } else {
    // The scheme's reference configuration, then what the flags override.
    quant::QuantConfig c = quant::DefaultConfig(q.scheme);
    if (link.Get("granularity") && q.granularity != "default") {
      const quant::Granularity g = *quant::ParseGranularity(q.granularity);
      // A different granularity changes the default scale format (per-tensor/channel scales are FP32).
      if (g != c.granularity && !quant::IsMxScheme(c.scheme)) c.scale_format.clear();
      c.granularity = g;
    }
    if (link.Get("block")) c.block = q.block;
    if (link.Get("scale")) c.scale_format = q.scale_format;
    c.double_quant = q.double_quant;
    c.tensor_scale = q.tensor_scale;  // Quantize refuses the switch for any scheme but nvfp4
    configs.push_back(c);
  }

  json::Array rows;
  int status = 0;
  for (const quant::QuantConfig& c : configs) {
    quant::QuantResult r = quant::Quantize(x, row_length, c);
    if (!r.ok) {
      err << "bytewise quantize: " << c.scheme << ": " << r.error << "\n";
      if (configs.size() == 1) return 2;
      status = 1;
      continue;
    }
    if (!r.warning.empty()) err << "bytewise quantize: warning: " << r.warning << "\n";
    const quant::Metrics& m = r.metrics;
    if (as_json) {
      json::Object o = MetricsJson(r.config, r.n, m);
      o.Set("dist", quant::DistributionName(spec.dist));
      o.Set("seed", static_cast<long long>(spec.seed));
      o.Set("row_length", r.row_length);
      o.Set("group_size", r.group_size);
      rows.emplace_back(std::move(o));
    } else if (configs.size() > 1) {
      if (&c == &configs.front()) {
        out << quant::DistributionName(spec.dist) << " tensor, n = " << r.n << ", seed " << spec.seed << ", rows of "
            << r.row_length << "\n"
            << "scheme       configuration        bits/param  SQNR dB      RMSE  clipped %  to zero %\n";
      }
      char line[160];
      std::string config =
          std::string(quant::GranularityName(r.config.granularity)) +
          (r.config.granularity == quant::Granularity::kBlock ? " " + std::to_string(r.config.block) : "") + ", " +
          r.config.scale_format;
      std::snprintf(line, sizeof line, "%-12s %-20s %10.4f %8.2f %9.4g %10.3f %10.3f\n", r.config.scheme.c_str(),
                    config.c_str(), m.bits_per_param, m.sqnr_db, m.rmse, 100 * m.clipped_fraction,
                    100 * m.zero_fraction);
      out << line;
    } else {
      out << r.config.scheme << " (" << quant::GranularityName(r.config.granularity);
      if (r.config.granularity == quant::Granularity::kBlock) out << " " << r.config.block;
      out << ", " << r.config.scale_format << " scale" << (r.config.double_quant ? ", double-quantized" : "") << ") on "
          << r.n << " " << quant::DistributionName(spec.dist) << " values (seed " << spec.seed << ", rows of "
          << r.row_length << ")\n"
          << "  bits/param     " << Fixed(m.bits_per_param, "%.4f") << "\n"
          << "  SQNR           " << Fixed(m.sqnr_db, "%.2f") << " dB\n"
          << "  MSE            " << Fixed(m.mse, "%.4g") << "   RMSE " << Fixed(m.rmse, "%.4g") << "\n"
          << "  max |error|    " << Fixed(m.max_abs_error, "%.4g") << "\n"
          << "  cosine         " << Fixed(m.cosine, "%.6f") << "\n"
          << "  clipped        " << Fixed(100 * m.clipped_fraction, "%.3f") << " %\n"
          << "  flushed to 0   " << Fixed(100 * m.zero_fraction, "%.3f") << " %\n";
    }
  }
  if (as_json) {
    if (all) {
      out << json::Write(json::Value(std::move(rows))) << "\n";
    } else {
      out << json::Write(rows[0]) << "\n";
    }
  }
  return status;
}

const std::string& Usage() {
  static const std::string usage = "quantize --dist " + Join(links::EnumNames(kName, "dist"), "|") +
                                   " --n N --scheme NAME|all " + FlagUsage(kName, {"dist", "n", "scheme"}) +
                                   " [--row-length R] [--json]";
  return usage;
}

}  // namespace

BW_CLI_COMMAND(kName, Usage().c_str(),
               "Quantize a seeded synthetic tensor; print error metrics and bits per parameter.", RunQuantize);

}  // namespace bw::cli
