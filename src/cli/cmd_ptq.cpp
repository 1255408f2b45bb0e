// `bytewise ptq`: train the Train panel's network as `train` does, then quantize its weights with every
// scheme the Quantize panel offers and measure the test accuracy again (bw::quant::StudyPostTraining).
#include <cmath>
#include <cstdio>
#include <ostream>

#include "cli/cli.h"
#include "cli/train_run.h"
#include "core/quant/ptq.h"
#include "core/util/json.h"

namespace bw::cli {
namespace {

constexpr const char* kName = "ptq";

int RunPtq(Args& args, std::ostream& out, std::ostream& err) {
  const bool as_json = args.TakeFlag("--json");
  quant::Granularity granularity = quant::Granularity::kChannel;
  if (std::optional<std::string> g = args.TakeValue("--granularity")) {
    if (*g != "channel" && *g != "tensor") {
      args.Finish();
      return UsageError(err, kName, "--granularity: '" + *g + "' is not one of channel, tensor");
    }
    granularity = *quant::ParseGranularity(*g);
  }
  std::optional<TrainRun> run = ReadTrainRun(args, err, kName);
  if (!run) return 2;
  nn::Trainer t(run->config);
  t.Step(static_cast<int>(run->steps));
  const quant::PtqStudy study = quant::StudyPostTraining(t, granularity);
  if (as_json) {
    json::Array schemes;
    for (const quant::PtqScheme& r : study.schemes) {
      json::Object o{{"scheme", r.scheme}};
      if (r.ok) {
        o.Set("bits_per_param", r.bits_per_param);
        o.Set("accuracy_before", json::Value(r.accuracy_before));
        o.Set("accuracy_after", json::Value(r.accuracy_after));
        o.Set("sqnr_db", json::Value(r.sqnr_db));
      } else {
        o.Set("error", r.error);
      }
      schemes.push_back(json::Value(std::move(o)));
    }
    json::Object o{{"accuracy_before", json::Value(study.accuracy_before)},
                   {"schemes", json::Value(std::move(schemes))}};
    out << json::Write(json::Value(std::move(o))) << "\n";
    return 0;
  }
  out << "trained " << t.Status().steps << " steps; test accuracy with fp32 weights "
      << json::FormatNumber(study.accuracy_before) << "\n";
  char line[160];
  std::snprintf(line, sizeof line, "%-14s %10s %15s %20s\n", "scheme", "bits/param", "accuracy after",
                "worst layer SQNR dB");
  out << line;
  for (const quant::PtqScheme& r : study.schemes) {
    if (r.ok)
      std::snprintf(line, sizeof line, "%-14s %10.3f %15.3f %20.1f\n", r.scheme.c_str(), r.bits_per_param,
                    r.accuracy_after, r.sqnr_db);
    else
      std::snprintf(line, sizeof line, "%-14s cannot quantize: %.100s\n", r.scheme.c_str(), r.error.c_str());
    out << line;
  }
  return 0;
}

const std::string& Usage() {
  static const std::string usage =
      std::string(kName) + " " + TrainRunUsage() + " [--granularity channel|tensor] [--json]";
  return usage;
}

}  // namespace

BW_CLI_COMMAND(kName, Usage().c_str(),
               "Train the Train panel's network, quantize its weights with every scheme, print accuracy before/after.",
               RunPtq);

}  // namespace bw::cli
