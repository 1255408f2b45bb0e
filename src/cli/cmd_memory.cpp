// `bytewise memory`: the memory breakdown of a model for inference or training (bw::memory).
#include <cmath>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "cli/cli.h"
#include "cli/link_flags.h"
#include "core/links/links.h"
#include "core/memory/estimate.h"
#include "core/util/count.h"
#include "core/util/json.h"

namespace bw::cli {
namespace {

constexpr const char* kName = "memory";
// The scenario's flags are the Memory link's keys (core/links); the model's shape flags are the CLI's own.
const std::string& Usage() {
  static const std::string usage =
      "memory (--preset NAME | --params N | --config FILE | --layers L --hidden H --heads A [--kv-heads K] "
      "[--head-dim D] [--intermediate F] [--vocab V] [--mlp gated|plain] [--tied]) " +
      FlagUsage("memory", {"preset", "params"}) + " [--json]";
  return usage;
}

struct Failure {
  std::string message;
};

// Reads an optional integer option with a count parser ("4k", "1e3"), throwing Failure on bad text.
bool IntOption(Args& args, const char* flag, int64_t min, int64_t max, int64_t& out) {
  std::optional<std::string> v = args.TakeValue(flag);
  if (!v) return false;
  std::string error;
  std::optional<long long> n = ParseIntCount(*v, flag, min, max, &error);
  if (!n) throw Failure{error};
  out = *n;
  return true;
}

// The model: a preset or a parameter count (link keys, already checked by links::ApplyMemory), a
// config.json, or a shape given flag by flag.
memory::Model ReadModel(Args& args, const LiveLink& link, const links::Memory& applied) {
  const bool preset = link.Get("preset") != nullptr;
  const bool params = link.Get("params") != nullptr;
  std::optional<std::string> config = args.TakeValue("--config");
  memory::Architecture a;
  bool manual = IntOption(args, "--layers", 1, memory::kMaxLayers, a.layers);
  manual |= IntOption(args, "--hidden", 1, memory::kMaxDim, a.hidden);
  manual |= IntOption(args, "--heads", 1, memory::kMaxDim, a.heads);
  bool kv = IntOption(args, "--kv-heads", 1, memory::kMaxDim, a.kv_heads);
  bool hd = IntOption(args, "--head-dim", 1, memory::kMaxDim, a.head_dim);
  bool ff = IntOption(args, "--intermediate", 1, memory::kMaxDim, a.intermediate);
  bool vocab = IntOption(args, "--vocab", 1, memory::kMaxVocab, a.vocab);
  std::optional<std::string> mlp = args.TakeValue("--mlp");
  bool tied = args.TakeFlag("--tied");
  bool shape_options = kv || hd || ff || vocab || mlp || tied;
  int sources = (preset ? 1 : 0) + (params ? 1 : 0) + (config ? 1 : 0) + (manual ? 1 : 0);
  if (sources == 0)
    throw Failure{"choose a model: --preset NAME, --params N, --config FILE or --layers/--hidden/--heads"};
  if (sources > 1) throw Failure{"give only one of --preset, --params, --config and --layers/--hidden/--heads"};
  if (shape_options && !manual)
    throw Failure{
        "--kv-heads, --head-dim, --intermediate, --vocab, --mlp and --tied describe a model given by "
        "--layers/--hidden/--heads"};
  if (preset) {
    std::string error;
    std::optional<memory::Model> m = memory::ModelFromPreset(applied.preset, &error);
    if (!m) throw Failure{error};
    return *m;
  }
  if (params) {
    std::string error;
    std::optional<double> n = ParseCount(applied.params, &error);
    if (!n) throw Failure{"--params: " + error};
    return memory::ModelFromParams(*n);
  }
  if (config) {
    std::ifstream in(*config, std::ios::binary);
    if (!in) throw Failure{"--config: cannot read '" + *config + "'"};
    std::stringstream ss;
    ss << in.rdbuf();
    memory::ArchitectureParse r = memory::ParseHfConfig(ss.str());
    if (!r.ok) throw Failure{*config + ": " + r.error};
    return memory::ModelFromArch(r.arch, "config.json (" + r.arch.name + ")");
  }
  if (!a.layers || !a.hidden || !a.heads)
    throw Failure{"a model given by shape needs all of --layers, --hidden and --heads"};
  a.name = "custom";
  if (!kv) a.kv_heads = a.heads;
  if (!hd) {
    if (a.hidden % a.heads != 0) throw Failure{"--hidden must be divisible by --heads, or give --head-dim"};
    a.head_dim = a.hidden / a.heads;
  }
  if (!ff) a.intermediate = 4 * a.hidden;
  if (!vocab) a.vocab = 32000;
  if (mlp) {
    if (*mlp == "gated")
      a.mlp = memory::MlpKind::kGated;
    else if (*mlp == "plain")
      a.mlp = memory::MlpKind::kPlain;
    else
      throw Failure{"--mlp: '" + *mlp + "' is not one of gated, plain"};
  }
  a.tied_embeddings = tied;
  std::string invalid = memory::ValidateArchitecture(a);
  if (!invalid.empty()) throw Failure{invalid};
  return memory::ModelFromArch(
      a, "custom (" + std::to_string(a.layers) + " layers, hidden " + std::to_string(a.hidden) + ")");
}

json::Value ToJson(const memory::Estimate& e, const memory::Scenario& s) {
  json::Array items;
  for (const memory::Item& it : e.items)
    items.push_back(
        json::Object{{"name", it.name}, {"bytes", std::round(it.bytes)}, {"formula", it.formula}, {"note", it.note}});
  json::Array notes, warnings, fits;
  for (const std::string& n : e.notes) notes.push_back(n);
  for (const std::string& w : e.warnings) warnings.push_back(w);
  for (const memory::GpuFit& f : e.fits)
    fits.push_back(json::Object{{"gpu_gb", f.gpu_gb}, {"fits", f.fits}, {"used_fraction", f.used_fraction}});
  json::Object o{{"params", e.params},
                 {"active_params", e.active_params},
                 {"trainable_params", e.trainable_params},
                 {"items", std::move(items)},
                 {"total_bytes", std::round(e.total_bytes)},
                 {"rule_of_thumb_bytes", std::round(e.rule_of_thumb_bytes)},
                 {"model", e.model_label},
                 {"mode", memory::ModeName(s.mode)},
                 {"gpus", s.gpus},
                 {"per_gpu", s.gpus > 1},
                 {"unit", s.gib ? "GiB" : "GB"},
                 {"params_formula", e.params_formula},
                 {"rule_of_thumb_formula", e.rule_of_thumb_formula},
                 {"rule_of_thumb_note", e.rule_of_thumb_note},
                 {"fits", std::move(fits)},
                 {"notes", std::move(notes)},
                 {"warnings", std::move(warnings)}};
  // Which per-layer formula the activations line used: "korthikanti" (GPT-style) or "gated_mlp" (Llama-style).
  if (!e.activation_formula.empty()) o.Set("activation_formula", e.activation_formula);
  return o;
}

void PrintTable(std::ostream& out, const memory::Estimate& e, const memory::Scenario& s) {
  out << e.model_label << " — " << memory::ModeName(s.mode);
  if (s.mode == memory::Mode::kInference)
    out << ", weights " << s.dtype;
  else
    out << ", " << memory::PrecisionName(s.precision) << ", " << memory::OptimizerName(s.optimizer);
  out << ", seq " << s.seq_len << ", batch " << s.batch;
  if (s.gpus > 1) out << ", per GPU of " << s.gpus;
  out << "\n";
  out << "parameters: " << json::FormatNumber(e.params);
  if (s.mode == memory::Mode::kTrain) out << " (trainable " << json::FormatNumber(e.trainable_params) << ")";
  out << "\n  " << e.params_formula << "\n\n";
  for (const memory::Item& it : e.items) {
    out << "  " << std::left << std::setw(20) << it.label << std::right << std::setw(10)
        << memory::FormatBytes(it.bytes, s.gib) << "   " << it.formula << "\n";
  }
  out << "  " << std::left << std::setw(20) << "TOTAL" << std::right << std::setw(10)
      << memory::FormatBytes(e.total_bytes, s.gib) << "\n\n";
  out << "rule of thumb: " << e.rule_of_thumb_formula << "\n  " << e.rule_of_thumb_note << "\n";
  out << "fits on:";
  for (const memory::GpuFit& f : e.fits)
    out << "  " << json::FormatNumber(f.gpu_gb) << " GB " << (f.fits ? "yes" : "no");
  out << "\n";
  for (const std::string& n : e.notes) out << "note: " << n << "\n";
  for (const std::string& w : e.warnings) out << "warning: " << w << "\n";
}

int RunMemory(Args& args, std::ostream& out, std::ostream& err) {
  bool as_json = args.TakeFlag("--json");
  // Every scenario flag is a key of the Memory link: the same table, ranges and checks as the panel.
  const LiveLink link = TakeLinkFlags(args, kName);
  links::Applied<links::Memory> applied = links::ApplyMemory(link);
  memory::Model model;
  try {
    model = ReadModel(args, link, applied.config);
  } catch (const Failure& f) {
    args.Finish();
    return UsageError(err, kName, f.message);
  }
  if (ReportArgErrors(args, err, kName)) return 2;
  if (ReportFlagErrors(err, kName, kName, applied.errors)) return 2;
  const memory::Scenario& scenario = applied.config.scenario;
  memory::Estimate e = memory::EstimateMemory(model, scenario);
  if (!e.ok) return UsageError(err, kName, e.error);
  for (const std::string& w : e.warnings) err << "bytewise memory: warning: " << w << "\n";
  if (as_json)
    out << json::Write(ToJson(e, scenario)) << "\n";
  else
    PrintTable(out, e, scenario);
  return 0;
}

}  // namespace

BW_CLI_COMMAND(kName, Usage().c_str(), "Memory of a model for inference or training, every line with its formula.",
               RunMemory);

}  // namespace bw::cli
