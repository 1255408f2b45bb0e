// `bytewise quantize`: quantize a seeded synthetic tensor with one scheme and print the error
// metrics and the real bits per parameter (including scales). --scheme all compares every scheme
// at its reference configuration on the same tensor.
#include <cstdio>
#include <ostream>

#include "cli/cli.h"
#include "core/quant/quant.h"
#include "core/util/count.h"
#include "core/util/json.h"

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
  const bool double_quant = args.TakeFlag("--double-quant");
  const bool no_tensor_scale = args.TakeFlag("--no-tensor-scale");
  auto dist_s = args.TakeValue("--dist");
  auto n_s = args.TakeValue("--n");
  auto seed_s = args.TakeValue("--seed");
  auto scheme_s = args.TakeValue("--scheme");
  auto gran_s = args.TakeValue("--granularity");
  auto block_s = args.TakeValue("--block");
  auto scale_s = args.TakeValue("--scale-format");
  auto row_s = args.TakeValue("--row-length");
  auto ofrac_s = args.TakeValue("--outlier-fraction");
  auto omag_s = args.TakeValue("--outlier-magnitude");
  auto sigma_s = args.TakeValue("--sigma");
  if (!args.Positionals().empty()) return UsageError(err, kName, "takes no positional arguments");
  if (ReportArgErrors(args, err, kName)) return 2;
  if (!dist_s || !n_s || !scheme_s) return UsageError(err, kName, "--dist, --n and --scheme are required");

  quant::TensorSpec spec;
  auto dist = quant::ParseDistribution(*dist_s);
  if (!dist)
    return UsageError(err, kName, "--dist: '" + *dist_s + "' is not one of normal, laplace, uniform, outliers");
  spec.dist = *dist;
  std::string error;
  auto n = ParseIntCount(*n_s, "--n", 1, quant::kMaxElements, &error);
  if (!n) return UsageError(err, kName, error);
  spec.n = *n;
  if (seed_s) {
    auto seed = ParseIntCount(*seed_s, "--seed", 0, (1LL << 53), &error);
    if (!seed) return UsageError(err, kName, error);
    spec.seed = static_cast<uint64_t>(*seed);
  }
  auto parse_real = [&](const std::optional<std::string>& s, const char* what, double& outv) {
    if (!s) return true;
    auto v = ParseCount(*s, &error);
    if (!v) {
      error = std::string(what) + ": " + error;
      return false;
    }
    outv = *v;
    return true;
  };
  if (!parse_real(ofrac_s, "--outlier-fraction", spec.outlier_fraction)) return UsageError(err, kName, error);
  if (!parse_real(omag_s, "--outlier-magnitude", spec.outlier_magnitude)) return UsageError(err, kName, error);
  if (!parse_real(sigma_s, "--sigma", spec.stddev)) return UsageError(err, kName, error);
  std::vector<float> x = quant::MakeTensor(spec, &error);
  if (x.empty()) return UsageError(err, kName, error);

  int64_t row_length = quant::DefaultRowLength(spec.n);
  if (row_s) {
    auto r = ParseIntCount(*row_s, "--row-length", 1, spec.n, &error);
    if (!r) return UsageError(err, kName, error);
    row_length = *r;
  }

  std::vector<quant::QuantConfig> configs;
  if (*scheme_s == "all") {
    for (const std::string& s : quant::SchemeNames()) configs.push_back(quant::DefaultConfig(s));
  } else {
    if (!quant::IsScheme(*scheme_s)) {
      std::string names;
      for (const std::string& s : quant::SchemeNames()) names += (names.empty() ? "" : ", ") + s;
      return UsageError(err, kName, "--scheme: '" + *scheme_s + "' is not one of " + names + " (or all)");
    }
    quant::QuantConfig c = quant::DefaultConfig(*scheme_s);
    if (gran_s) {
      auto g = quant::ParseGranularity(*gran_s);
      if (!g || *g == quant::Granularity::kDefault) {
        return UsageError(err, kName, "--granularity: '" + *gran_s + "' is not one of tensor, channel, block");
      }
      // A different granularity changes the default scale format (per-tensor/channel scales are FP32).
      if (*g != c.granularity && !quant::IsMxScheme(c.scheme)) c.scale_format.clear();
      c.granularity = *g;
    }
    if (block_s) {
      auto b = ParseIntCount(*block_s, "--block", quant::kMinBlock, quant::kMaxBlock, &error);
      if (!b) return UsageError(err, kName, error);
      c.block = static_cast<int>(*b);
    }
    if (scale_s) c.scale_format = *scale_s;
    c.double_quant = double_quant;
    c.tensor_scale = !no_tensor_scale;  // Quantize refuses the switch for any scheme but nvfp4
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
    if (*scheme_s == "all") {
      out << json::Write(json::Value(std::move(rows))) << "\n";
    } else {
      out << json::Write(rows[0]) << "\n";
    }
  }
  return status;
}

}  // namespace

BW_CLI_COMMAND(kName,
               "quantize --dist normal|laplace|uniform|outliers --n N [--seed S] --scheme NAME|all "
               "[--granularity tensor|channel|block] [--block B] [--scale-format fp32|fp16|bf16|e8m0] "
               "[--double-quant] [--no-tensor-scale] [--row-length R] [--outlier-fraction F] [--outlier-magnitude M] "
               "[--sigma S] [--json]",
               "Quantize a seeded synthetic tensor; print error metrics and bits per parameter.", RunQuantize);

}  // namespace bw::cli
