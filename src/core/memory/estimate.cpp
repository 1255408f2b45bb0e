// Memory estimate: each line of the breakdown with its formula. Index:
//   [SECTION] Names and parsing   [SECTION] Formatting   [SECTION] Dtypes   [SECTION] Models
//   [SECTION] Activations (Korthikanti)   [SECTION] EstimateMemory   [SECTION] Sweep
#include "core/memory/estimate.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "core/memory/activations.h"
#include "core/quant/quant.h"
#include "core/util/json.h"
#include "core/util/text.h"

namespace bw::memory {

// =============================================================================================
// [SECTION] Names and parsing

const char* ModeName(Mode m) { return m == Mode::kInference ? "inference" : "train"; }
const char* OptimizerName(Optimizer o) {
  switch (o) {
    case Optimizer::kSgd: return "sgd";
    case Optimizer::kMomentum: return "momentum";
    case Optimizer::kAdam: return "adam";
    case Optimizer::kAdamW: return "adamw";
    case Optimizer::kAdam8bit: return "adam8bit";
  }
  return "?";
}
const char* PrecisionName(Precision p) {
  switch (p) {
    case Precision::kFp32: return "fp32";
    case Precision::kBf16: return "bf16";
    case Precision::kFp16: return "fp16";
    case Precision::kMixed: return "mixed";
  }
  return "?";
}
const char* CheckpointingName(Checkpointing c) {
  switch (c) {
    case Checkpointing::kNone: return "none";
    case Checkpointing::kSelective: return "selective";
    case Checkpointing::kFull: return "full";
  }
  return "?";
}
int MixedBytesValue(MixedBytes b) { return b == MixedBytes::k16 ? 16 : b == MixedBytes::k18 ? 18 : 20; }

std::optional<Mode> ParseMode(std::string_view s) {
  std::string l = Lower(s);
  if (l == "inference" || l == "infer") return Mode::kInference;
  if (l == "train" || l == "training" || l == "finetune") return Mode::kTrain;
  return std::nullopt;
}
std::optional<Optimizer> ParseOptimizer(std::string_view s) {
  std::string l = Lower(s);
  for (Optimizer o : {Optimizer::kSgd, Optimizer::kMomentum, Optimizer::kAdam, Optimizer::kAdamW, Optimizer::kAdam8bit})
    if (l == OptimizerName(o)) return o;
  if (l == "adamw8bit" || l == "adam-8bit") return Optimizer::kAdam8bit;
  return std::nullopt;
}
std::optional<Precision> ParsePrecision(std::string_view s) {
  std::string l = Lower(s);
  for (Precision p : {Precision::kFp32, Precision::kBf16, Precision::kFp16, Precision::kMixed})
    if (l == PrecisionName(p)) return p;
  return std::nullopt;
}
std::optional<Checkpointing> ParseCheckpointing(std::string_view s) {
  std::string l = Lower(s);
  for (Checkpointing c : {Checkpointing::kNone, Checkpointing::kSelective, Checkpointing::kFull})
    if (l == CheckpointingName(c)) return c;
  return std::nullopt;
}
std::optional<MixedBytes> ParseMixedBytes(std::string_view s) {
  if (s == "16") return MixedBytes::k16;
  if (s == "18") return MixedBytes::k18;
  if (s == "20") return MixedBytes::k20;
  return std::nullopt;
}

std::optional<LoraTargets> ParseLoraTargets(std::string_view s, std::string* error) {
  LoraTargets t;
  t.q = t.v = false;
  std::string l = Lower(s);
  size_t start = 0;
  bool any = false;
  while (start <= l.size()) {
    size_t comma = l.find(',', start);
    std::string name = l.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? l.size() + 1 : comma + 1;
    if (name.empty()) continue;
    any = true;
    if (name == "q" || name == "q_proj")
      t.q = true;
    else if (name == "k" || name == "k_proj")
      t.k = true;
    else if (name == "v" || name == "v_proj")
      t.v = true;
    else if (name == "o" || name == "o_proj")
      t.o = true;
    else if (name == "gate" || name == "gate_proj")
      t.gate = true;
    else if (name == "up" || name == "up_proj")
      t.up = true;
    else if (name == "down" || name == "down_proj")
      t.down = true;
    else if (name == "attn")
      t.q = t.k = t.v = t.o = true;
    else if (name == "mlp")
      t.gate = t.up = t.down = true;
    else if (name == "all")
      t.q = t.k = t.v = t.o = t.gate = t.up = t.down = true;
    else {
      if (error) *error = "unknown LoRA target '" + name + "' (use q, k, v, o, gate, up, down, attn, mlp or all)";
      return std::nullopt;
    }
  }
  if (!any) {
    if (error) *error = "no LoRA target given (use e.g. q,v or all)";
    return std::nullopt;
  }
  return t;
}

std::string LoraTargetsName(const LoraTargets& t) {
  std::string s;
  auto add = [&](bool on, const char* n) {
    if (on) s += (s.empty() ? "" : ",") + std::string(n);
  };
  add(t.q, "q"), add(t.k, "k"), add(t.v, "v"), add(t.o, "o"), add(t.gate, "gate"), add(t.up, "up"), add(t.down, "down");
  return s;
}

// =============================================================================================
// [SECTION] Formatting

namespace {
std::string Fixed3(double v) {  // 3 significant digits for 1 <= v < 1000
  char buf[32];
  std::snprintf(buf, sizeof buf, v >= 99.95 ? "%.0f" : v >= 9.995 ? "%.1f" : "%.2f", v);
  return buf;
}
}  // namespace

std::string FormatBytes(double bytes, bool gib) {
  if (!std::isfinite(bytes)) return "?";
  static const char* kDec[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  static const char* kBin[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  const double base = gib ? 1024.0 : 1000.0;
  double v = std::fabs(bytes);
  int unit = 0;
  while (v >= base * 0.9995 && unit < 6) {  // 999.6 MB prints as 1.00 GB, not 1000 MB
    v /= base;
    ++unit;
  }
  if (unit == 0) return json::FormatNumber(std::round(bytes)) + " B";
  return (bytes < 0 ? "-" : "") + Fixed3(v) + " " + (gib ? kBin[unit] : kDec[unit]);
}

std::string FormatCount(double n) {
  if (!std::isfinite(n)) return "?";
  if (std::fabs(n) < 10000 && n == std::floor(n)) return json::FormatNumber(n);
  int exp3 = 0;
  double v = std::fabs(n);
  while (v >= 999.95 && exp3 < 30) {
    v /= 1000;
    exp3 += 3;
  }
  return (n < 0 ? "-" : "") + Fixed3(v) + "e" + std::to_string(exp3);
}

// =============================================================================================
// [SECTION] Dtypes

std::string DtypeNames() {
  return "fp32, fp16, bf16, fp8, int8, int4, q8_0, q4_0, nf4, nf4_dq, int8_sym, int4_sym, uint8_asym, uint4_asym, "
         "fp8_e4m3, fp8_e5m2, fp8_e4m3_block, fp8_e5m2_block, mxfp8_e4m3, mxfp8_e5m2, mxfp6_e3m2, mxfp6_e2m3, mxfp4, "
         "mxint8, nvfp4";
}

std::optional<DtypeInfo> LookupDtype(std::string_view name, int64_t row_length, std::string* error) {
  DtypeInfo d;
  d.name = Lower(name);
  struct Plain {
    const char* name;
    double bits;
    const char* description;
  };
  static const Plain kPlain[] = {
      {"fp32", 32, "IEEE single precision, 4 bytes"},
      {"fp16", 16, "IEEE half precision, 2 bytes"},
      {"bf16", 16, "bfloat16, 2 bytes"},
      {"fp8", 8, "8-bit float without scales, 1 byte"},
      {"int8", 8, "8-bit integer without scales (e.g. LLM.int8 storage), 1 byte"},
      {"int4", 4, "4-bit integer without scales, half a byte"},
  };
  for (const Plain& p : kPlain)
    if (d.name == p.name) {
      d.bits_per_param = p.bits;
      d.description = p.description;
      return d;
    }
  std::string scheme = d.name;
  bool double_quant = false;
  if (scheme == "q8_0") scheme = "int8_sym";
  if (scheme == "q4_0") scheme = "int4_sym";
  if (scheme == "nf4_dq") scheme = "nf4", double_quant = true;
  bool fp8_block = false;
  if (scheme == "fp8_e4m3_block" || scheme == "fp8_e5m2_block") scheme = scheme.substr(0, 8), fp8_block = true;
  if (!quant::IsScheme(scheme)) {
    if (error) *error = "unknown dtype '" + std::string(name) + "' (known: " + DtypeNames() + ")";
    return std::nullopt;
  }
  quant::QuantConfig c = quant::DefaultConfig(scheme);
  c.double_quant = double_quant;
  if (fp8_block) c.granularity = quant::Granularity::kBlock;  // block 128, FP32 scale
  std::string qerror;
  d.quantized = true;
  d.description = std::string(quant::SchemeDescription(scheme)) + (double_quant ? " (double-quantized scales)" : "");
  if (c.granularity == quant::Granularity::kTensor || scheme == "nvfp4") {
    // Per-tensor scaling: the elements (and NVFP4's block scales) per element, one FP32 per tensor.
    if (scheme == "nvfp4")
      c.tensor_scale = false;
    else
      c.granularity = quant::Granularity::kTensor;
    std::optional<double> bits = quant::BitsPerParam(c, row_length, &qerror, 1);
    if (!bits) {
      if (error) *error = "dtype '" + std::string(name) + "': " + qerror;
      return std::nullopt;
    }
    d.bits_per_param = scheme == "nvfp4" ? *bits : quant::CodeBits(scheme);
    d.per_tensor_bits = 32;
    return d;
  }
  std::optional<double> bits = quant::BitsPerParam(c, row_length, &qerror);
  if (!bits) {
    if (error) *error = "dtype '" + std::string(name) + "': " + qerror;
    return std::nullopt;
  }
  d.bits_per_param = *bits;
  if (fp8_block)
    d.description = "FP8 " + scheme.substr(4) + " with one FP32 scale per block of 128 values (per-block scaling)";
  return d;
}

// =============================================================================================
// [SECTION] Models

std::optional<Model> ModelFromPreset(std::string_view name, std::string* error) {
  const Preset* p = FindPreset(name);
  if (!p) {
    if (error) *error = "unknown preset '" + std::string(name) + "' (known: " + PresetNames() + ")";
    return std::nullopt;
  }
  return ModelFromArch(p->arch, p->label);
}

Model ModelFromArch(const Architecture& a, std::string label) {
  Model m;
  m.has_arch = true;
  m.arch = a;
  if (label.empty())
    m.label = a.name;
  else
    m.label = std::move(label);
  return m;
}

Model ModelFromParams(double params) {
  Model m;
  m.params = params;
  m.label = FormatCount(params) + " parameters";
  return m;
}

const std::vector<double>& GpuSizesGb() {
  static const std::vector<double> sizes = {8, 16, 24, 40, 48, 80, 141};
  return sizes;
}

// =============================================================================================
// [SECTION] Activations (Korthikanti et al., arXiv:2205.05198, §4.1–4.2)

// Per layer with 16-bit values (2 B) and 1-byte dropout masks: attention 11sbh + 5as²b, MLP 19sbh,
// two LayerNorm inputs 4sbh → sbh(34 + 5as/h). Of the 34: 32 are 2-byte tensors (16 values) and 2 are
// the two 1-byte dropout masks; of the 5as²b: softmax output 2 + dropout output 2 + mask 1.
// General value size e: sbh(16e + 2) + as²b(2e + 1). Selective recomputation keeps the sbh part
// and recomputes the as²b part; full recomputation keeps only the layer input (e·sbh, "2sbh").
double KorthikantiLayerBytes(double s, double b, double h, double a, Checkpointing c, bool flash, double e) {
  double sbh = s * b * h;
  double linear = sbh * (16 * e + 2);
  double scores = flash ? 0.0 : a * s * s * b * (2 * e + 1);
  switch (c) {
    case Checkpointing::kNone: return linear + scores;
    case Checkpointing::kSelective: return linear;
    case Checkpointing::kFull: return e * sbh;
  }
  return 0;
}

// =============================================================================================
// [SECTION] EstimateMemory
//
// One function per item kind, each appending its line (and the notes and warnings that belong to it)
// to the estimate, in the order of ItemKind; EstimateMemory validates, counts, calls them and totals.

namespace {

struct ItemInfo {
  const char* name;
  const char* label;
  const char* card;
};
// One row per ItemKind, in its order.
constexpr ItemInfo kItemInfo[] = {
    {"weights", "Weights", "memory-weights"},
    {"kv_cache", "KV cache", "memory-kv-cache"},
    {"activations", "Activations", "memory-activations"},
    {"gradients", "Gradients", "memory-gradients"},
    {"optimizer", "Optimizer states", "memory-optimizer"},
    {"master_weights", "FP32 master weights", "memory-mixed-precision"},
    {"overhead", "Framework overhead", "memory-overhead"},
};
const ItemInfo& Info(ItemKind k) { return kItemInfo[static_cast<size_t>(k)]; }

}  // namespace

const char* ItemName(ItemKind k) { return Info(k).name; }
const char* ItemLabel(ItemKind k) { return Info(k).label; }
const char* ItemCard(ItemKind k) { return Info(k).card; }

const std::vector<ItemKind>& ItemKinds() {
  static const std::vector<ItemKind> kinds = {ItemKind::kWeights,   ItemKind::kKvCache,   ItemKind::kActivations,
                                              ItemKind::kGradients, ItemKind::kOptimizer, ItemKind::kMasterWeights,
                                              ItemKind::kOverhead};
  return kinds;
}

bool IsModelState(ItemKind k) {
  return k == ItemKind::kWeights || k == ItemKind::kGradients || k == ItemKind::kOptimizer ||
         k == ItemKind::kMasterWeights;
}

Item MakeItem(ItemKind kind, double bytes, std::string formula, std::string note) {
  Item it;
  it.kind = kind;
  it.name = ItemName(kind);
  it.label = ItemLabel(kind);
  it.bytes = bytes;
  it.formula = std::move(formula);
  it.note = std::move(note);
  it.card = ItemCard(kind);
  return it;
}

const Item* FindItem(const Estimate& e, ItemKind kind) {
  for (const Item& it : e.items)
    if (it.kind == kind) return &it;
  return nullptr;
}

namespace {

struct PrecisionBytes {
  double weight = 2, grad = 2, state = 4, master = 0;
};

PrecisionBytes BytesFor(Precision p, MixedBytes mb) {
  PrecisionBytes b;
  switch (p) {
    case Precision::kFp32: b = {4, 4, 4, 0}; break;
    case Precision::kBf16:
    case Precision::kFp16: b = {2, 2, 2, 0}; break;  // pure 16-bit: states kept in the parameter dtype
    case Precision::kMixed:
      b = {2, 2, 4, 4};
      if (mb == MixedBytes::k18) b.grad = 4;
      if (mb == MixedBytes::k20) b.grad = 6;
      break;
  }
  return b;
}

std::string N(double v) { return FormatCount(v); }
std::string B(double bytes_per) { return json::FormatNumber(bytes_per) + " B"; }

int64_t LoraParams(const Architecture& a, int64_t r, const LoraTargets& t) {
  const int64_t h = a.hidden, qd = a.heads * a.head_dim, kvd = a.kv_heads * a.head_dim, ff = a.intermediate;
  int64_t per_layer = 0;
  if (t.q) per_layer += r * (h + qd);
  if (t.k) per_layer += r * (h + kvd);
  if (t.v) per_layer += r * (h + kvd);
  if (t.o) per_layer += r * (qd + h);
  if (a.mlp == MlpKind::kGated) {
    if (t.gate) per_layer += r * (h + ff);
    if (t.up) per_layer += r * (h + ff);
  } else if (t.up || t.gate) {
    per_layer += r * (h + ff);
  }
  if (t.down) per_layer += r * (ff + h);
  return a.layers * per_layer;
}

// What every item reads: the model, the scenario, and how the lines are split over GPUs.
struct Context {
  const Model& m;
  const Scenario& s;
  const Architecture& a;  // m.arch (meaningful when m.has_arch)
  int64_t row_length;     // input width of the matrices (per-channel scales)
  double lm_head;         // untied LM head parameters (0 without an architecture)
  double gpus;
  bool gib;

  // " / 4 GPUs" when the line is divided over several GPUs.
  std::string PerGpu(bool divided) const {
    return divided && s.gpus > 1 ? " / " + std::to_string(s.gpus) + " GPUs" : std::string();
  }
  // How ZeRO treats a training line over several GPUs ("" on one GPU).
  std::string ZeroNote(bool split) const {
    if (s.gpus <= 1) return std::string();
    return split ? "partitioned over " + std::to_string(s.gpus) + " GPUs by ZeRO-" + std::to_string(s.zero_stage)
                 : "replicated on each of " + std::to_string(s.gpus) + " GPUs";
  }
  std::string ZeroSuffix(bool split) const {
    std::string z = ZeroNote(split);
    return z.empty() ? z : "; " + z;
  }
};

void Add(Estimate& e, ItemKind kind, double bytes, std::string formula, std::string note) {
  e.items.push_back(MakeItem(kind, bytes, std::move(formula), std::move(note)));
}

// ---- validation and the parameter count ("" or the error)

std::string ValidateScenario(const Scenario& s, Estimate& e) {
  const bool train = s.mode == Mode::kTrain;
  if (s.seq_len < 1) return "seq_len must be at least 1 token (got " + std::to_string(s.seq_len) + ")";
  if (s.seq_len > kMaxSeqLen)
    return "seq_len " + std::to_string(s.seq_len) + " tokens is beyond any context window (limit " +
           std::to_string(kMaxSeqLen) + ")";
  if (s.batch < 1) return "batch must be at least 1 (got " + std::to_string(s.batch) + ")";
  if (s.batch > kMaxBatch)
    return "batch " + std::to_string(s.batch) + " is absurd (limit " + std::to_string(kMaxBatch) + ")";
  if (s.gpus < 1) return "gpus must be at least 1 (got " + std::to_string(s.gpus) + ")";
  if (s.gpus > kMaxGpus)
    return "gpus " + std::to_string(s.gpus) + " is absurd (limit " + std::to_string(kMaxGpus) + ")";
  if (s.zero_stage < 0 || s.zero_stage > 3)
    return "ZeRO stage must be 0, 1, 2 or 3 (got " + std::to_string(s.zero_stage) + ")";
  if (s.lora_rank < 0 || s.lora_rank > kMaxLoraRank)
    return "lora_rank must be between 0 and " + std::to_string(kMaxLoraRank) + " (got " + std::to_string(s.lora_rank) +
           ")";
  if (!std::isfinite(s.overhead_bytes) || s.overhead_bytes < 0 || s.overhead_bytes > kMaxBytes)
    return "overhead must be a finite number of bytes between 0 and 1e18";
  if (s.qlora && s.lora_rank == 0) return "QLoRA trains LoRA adapters on a 4-bit base: set a LoRA rank (e.g. 16)";
  if (!train && (s.lora_rank > 0 || s.qlora))
    e.warnings.push_back(
        "LoRA/QLoRA settings apply to training; inference ignores them (merge the adapters or count them as weights)");
  if (!train && s.zero_stage > 0) e.warnings.push_back("ZeRO partitions training states; inference ignores the stage");
  if (train && s.zero_stage > 0 && s.gpus == 1)
    e.warnings.push_back("ZeRO over 1 GPU partitions nothing: set gpus > 1");
  return "";
}

std::string CountModel(const Model& m, const Scenario& s, Estimate& e) {
  if (m.has_arch) {
    std::string invalid = ValidateArchitecture(m.arch);
    if (!invalid.empty()) return invalid;
    e.count = CountParams(m.arch);
    e.params_formula = ParamFormula(m.arch, e.count);
    e.params = static_cast<double>(e.count.total);
    e.active_params = static_cast<double>(e.count.active);
    if (m.arch.experts > 0)
      e.notes.push_back("Mixture of experts: all " + std::to_string(m.arch.experts) +
                        " experts of every MoE layer are resident (" + FormatCount(e.params) +
                        " parameters), but a token uses only " + std::to_string(m.arch.experts_per_token) +
                        " of them (" + FormatCount(e.active_params) +
                        " active). Memory follows the total; compute the active count.");
  } else {
    if (!std::isfinite(m.params) || m.params <= 0) return "the parameter count must be a positive number";
    if (m.params > kMaxParams)
      return FormatCount(m.params) + " parameters is absurd (limit 1e14; the largest published models have about 2e12)";
    e.params = m.params;
    e.active_params = m.params;
    e.params_formula = FormatCount(m.params) + " parameters (given)";
    if (s.lora_rank > 0 && s.mode == Mode::kTrain)
      return "LoRA needs the matrix shapes: choose a preset, a config.json or --layers/--hidden";
  }
  double lm_head = static_cast<double>(e.count.lm_head);
  if (!s.count_lm_head && lm_head > 0) {
    e.params -= lm_head;
    e.active_params -= lm_head;
    e.notes.push_back("The untied LM head (" + FormatCount(lm_head) +
                      " params) is left out of the count, as some calculators do; "
                      "it is real memory in every framework.");
  }
  return "";
}

// ---- inference

// Weights stored in dtype `dt` (quantized matrices keep 16-bit norms; MoE experts may ship in their own format).
std::string InferenceWeights(const Context& c, const DtypeInfo& dt, Estimate& e) {
  const Model& m = c.m;
  const Scenario& s = c.s;
  const Architecture& a = c.a;
  std::string dtype_error;
  double weight_bytes = 0;
  std::string formula;
  // MoE checkpoints that ship their experts in their own format (gpt-oss: MXFP4) keep them so
  // when the rest is stored in a 16-bit dtype.
  std::optional<DtypeInfo> ex;
  if (m.has_arch && !a.expert_dtype.empty() && dt.bits_per_param >= 16) {
    ex = LookupDtype(a.expert_dtype, a.hidden, &dtype_error);
    if (!ex) return dtype_error;
  }
  if (ex) {
    double experts = static_cast<double>(e.count.expert_weights);
    double rest = e.params - experts;
    weight_bytes = experts * ex->bits_per_param / 8 + rest * dt.bits_per_param / 8;
    formula = N(experts) + " expert matrix params × " + json::FormatNumber(ex->bits_per_param) + " bits / 8 (" +
              ex->name + ", as the checkpoint ships them) + " + N(rest) + " other params × " + B(dt.bits_per_param / 8);
  } else if (dt.quantized && m.has_arch) {
    double matrices = static_cast<double>(e.count.matrix_weights) - (s.count_lm_head ? 0 : c.lm_head);
    double other = e.params - matrices;
    double tensors = static_cast<double>(e.count.matrix_count) - (s.count_lm_head || c.lm_head == 0 ? 0 : 1);
    weight_bytes = matrices * dt.bits_per_param / 8 + other * 2 + tensors * dt.per_tensor_bits / 8;
    formula = N(matrices) + " matrix params × " + json::FormatNumber(std::round(dt.bits_per_param * 1000) / 1000) +
              " bits / 8 + " + N(other) + " norm/bias params × 2 B";
    if (dt.per_tensor_bits > 0)
      formula += " + " + json::FormatNumber(tensors) + " matrices × " + json::FormatNumber(dt.per_tensor_bits / 8) +
                 " B FP32 tensor scale";
  } else {
    weight_bytes = e.params * dt.bits_per_param / 8;
    formula = N(e.params) + " params × " + B(dt.bits_per_param / 8);
    if (dt.per_tensor_bits > 0)
      e.notes.push_back(dt.name +
                        ": plus one FP32 scale per weight tensor, not counted without the model's shapes (a few kB).");
  }
  e.weight_bits_per_param = weight_bytes * 8 / e.params;
  weight_bytes /= c.gpus;
  Add(e, ItemKind::kWeights, weight_bytes, formula + c.PerGpu(true) + " = " + FormatBytes(weight_bytes, c.gib),
      dt.name + ": " + dt.description +
          (dt.quantized ? " (bits include the scales, from the quantization engine); "
                          "norms and biases stay 16-bit"
                        : ""));
  return "";
}

// Keys and values of every layer for the tokens held (decoders only; GQA-aware, sliding windows capped).
std::string KvCache(const Context& c, Estimate& e) {
  const Scenario& s = c.s;
  const Architecture& a = c.a;
  if (!c.m.has_arch || a.kind != ArchKind::kDecoder) return "";
  std::string dtype_error;
  std::string kv_name = s.kv_dtype.empty() ? "bf16" : s.kv_dtype;
  std::optional<DtypeInfo> kv = LookupDtype(kv_name, a.head_dim, &dtype_error);
  if (!kv) return "kv dtype: " + dtype_error;
  int64_t tokens = s.seq_len;
  std::string note = AttentionKindText(a);
  note[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(note[0])));
  if (a.sliding_window > 0 && tokens > a.sliding_window) {
    tokens = a.sliding_window;
    note += "; sliding window: only the last " + std::to_string(a.sliding_window) + " tokens are kept";
  }
  e.kv_tokens = tokens;
  double kv_bytes = kv->bits_per_param / 8;
  e.kv_bytes_per_token = 2.0 * a.layers * a.kv_heads * a.head_dim * kv_bytes;
  // Per-tensor scaled caches (fp8_e4m3): one FP32 scale for K and one for V in every layer.
  double scale_bytes = kv->per_tensor_bits > 0 ? 2.0 * a.layers * kv->per_tensor_bits / 8 : 0.0;
  const bool mixed_layers = a.sliding_window > 0 && a.sliding_layers >= 0 && a.sliding_layers < a.layers;
  if (mixed_layers) {
    // Only some layers use the window (gpt-oss: 12 of 24): the others keep every token.
    const int64_t full = a.layers - a.sliding_layers;
    const int64_t win = std::min<int64_t>(s.seq_len, a.sliding_window);
    double per = 2.0 * a.kv_heads * a.head_dim * kv_bytes * static_cast<double>(s.batch);
    double bytes = (per * (static_cast<double>(full) * static_cast<double>(s.seq_len) +
                           static_cast<double>(a.sliding_layers) * static_cast<double>(win)) +
                    scale_bytes) /
                   c.gpus;
    e.kv_tokens = s.seq_len;
    Add(e, ItemKind::kKvCache, bytes,
        "2 × " + std::to_string(a.kv_heads) + " kv_heads × " + std::to_string(a.head_dim) + " head_dim × " +
            std::to_string(s.batch) + " batch × " + B(kv_bytes) + " × (" + std::to_string(full) + " full layers × " +
            std::to_string(s.seq_len) + " tokens + " + std::to_string(a.sliding_layers) + " sliding layers × " +
            std::to_string(win) + " tokens)" + c.PerGpu(true) + " = " + FormatBytes(bytes, c.gib),
        AttentionKindText(a) + "; sliding window of " + std::to_string(a.sliding_window) + " tokens on " +
            std::to_string(a.sliding_layers) + " of the " + std::to_string(a.layers) + " layers (" + kv_name + ")");
    return "";
  }
  double bytes =
      (e.kv_bytes_per_token * static_cast<double>(tokens) * static_cast<double>(s.batch) + scale_bytes) / c.gpus;
  std::string scale_text = scale_bytes > 0 ? " + 2 × " + std::to_string(a.layers) + " layers × " +
                                                 json::FormatNumber(kv->per_tensor_bits / 8) + " B per-tensor scales"
                                           : std::string();
  std::string kv_note = kv_name;
  if (scale_bytes > 0)
    kv_note += ": 1 byte per element plus one FP32 scale per tensor (K and V of each layer)";
  else if (kv->quantized)
    kv_note += ": " + kv->description;
  Add(e, ItemKind::kKvCache, bytes,
      "2 × " + std::to_string(a.layers) + " layers × " + std::to_string(a.kv_heads) + " kv_heads × " +
          std::to_string(a.head_dim) + " head_dim × " + std::to_string(tokens) + " tokens × " +
          std::to_string(s.batch) + " batch × " + B(kv_bytes) + scale_text + c.PerGpu(true) + " = " +
          FormatBytes(bytes, c.gib),
      note + " (" + kv_note + ")");
  return "";
}

// The workspace of the prefill: an estimate of the largest live tensors of one layer.
void InferenceActivations(const Context& c, const DtypeInfo& dt, Estimate& e) {
  const Scenario& s = c.s;
  const Architecture& a = c.a;
  if (!c.m.has_arch) return;
  double ev = dt.bits_per_param >= 32 ? 4 : 2;
  double sb = static_cast<double>(s.seq_len) * static_cast<double>(s.batch);
  // MoE: the experts a token is routed to (and the shared ones) are the live MLP tensors.
  double ff =
      a.experts > 0
          ? static_cast<double>(a.experts_per_token * a.expert_intermediate + a.shared_experts * a.shared_intermediate)
          : static_cast<double>(a.intermediate);
  double mlp_width = (a.mlp == MlpKind::kGated ? 2.0 : 1.0) * ff;
  double hidden_part = sb * (static_cast<double>(a.hidden) + mlp_width) * ev;
  double scores = s.flash_attention ? 0 : static_cast<double>(a.heads) * sb * static_cast<double>(s.seq_len) * ev;
  double logits = a.kind == ArchKind::kDecoder ? static_cast<double>(s.batch) * a.vocab * 4.0 : 0;
  double bytes = hidden_part + scores + logits;
  std::string f = "s·b·(h + " + std::string(a.mlp == MlpKind::kGated ? "2·ff" : "ff") + ")·" + B(ev) + " " +
                  std::to_string(s.seq_len) + "·" + std::to_string(s.batch) + "·(" + std::to_string(a.hidden) + " + " +
                  json::FormatNumber(mlp_width) + ")·" + json::FormatNumber(ev);
  if (!s.flash_attention)
    f += " + a·s²·b·" + B(ev) + " scores " + std::to_string(a.heads) + "·" + std::to_string(s.seq_len) + "²·" +
         std::to_string(s.batch) + "·" + json::FormatNumber(ev);
  if (logits > 0) f += " + b·V·4 B last-token logits " + std::to_string(s.batch) + "·" + std::to_string(a.vocab) + "·4";
  Add(e, ItemKind::kActivations, bytes, f + " = " + FormatBytes(bytes, c.gib),
      std::string("Estimate of the largest live tensors of one layer during the prefill") +
          (s.flash_attention ? " (FlashAttention: no s×s score matrix)" : "") + "; not divided across GPUs");
}

// ---- training

// The weights held in training (frozen base and LoRA adapters, or every parameter); sets the trainable
// and frozen counts the other training lines use.
std::string TrainWeights(const Context& c, const PrecisionBytes& pb, Estimate& e) {
  const Scenario& s = c.s;
  double trainable = e.params;
  double frozen = 0;
  std::string base_formula;
  double weight_bytes = 0;
  if (s.lora_rank > 0) {
    trainable = static_cast<double>(LoraParams(c.a, s.lora_rank, s.lora_targets));
    if (trainable <= 0) return "no LoRA target matrices chosen";
    frozen = e.params;
    if (s.qlora) {
      std::string dtype_error;
      std::optional<DtypeInfo> nf4 = LookupDtype("nf4_dq", c.row_length, &dtype_error);
      if (!nf4) return dtype_error;
      double linear = static_cast<double>(e.count.block_linear_weights);
      double other = e.params - linear;
      weight_bytes = linear * nf4->bits_per_param / 8 + other * 2 + trainable * pb.weight;
      base_formula = N(linear) + " block matrix params × " +
                     json::FormatNumber(std::round(nf4->bits_per_param * 1000) / 1000) +
                     " bits / 8 (NF4, double-quantized) + " + N(other) + " embedding/norm params × 2 B + " +
                     N(trainable) + " LoRA params × " + B(pb.weight);
      e.notes.push_back(
          "QLoRA: the frozen base's block matrices are stored in NF4 with double-quantized scales (QLoRA §3); "
          "embeddings, LM head and norms stay in BF16; adapters train in the chosen precision.");
    } else {
      weight_bytes = frozen * pb.weight + trainable * pb.weight;
      base_formula = "(" + N(frozen) + " frozen + " + N(trainable) + " LoRA params) × " + B(pb.weight);
    }
    e.notes.push_back(
        "LoRA rank " + std::to_string(s.lora_rank) + " on " + LoraTargetsName(s.lora_targets) +
        ": r·(in + out) parameters per adapted matrix (Hu et al.); only these get gradients and optimizer states.");
  } else {
    weight_bytes = e.params * pb.weight;
    base_formula = N(e.params) + " params × " + B(pb.weight);
  }
  e.trainable_params = trainable;
  e.frozen_params = frozen;
  e.weight_bits_per_param = weight_bytes * 8 / (e.params + (s.lora_rank > 0 ? trainable : 0));
  const bool split = s.zero_stage >= 3;
  double w = weight_bytes / (split ? c.gpus : 1);
  Add(e, ItemKind::kWeights, w, base_formula + c.PerGpu(split) + " = " + FormatBytes(w, c.gib),
      std::string(s.precision == Precision::kMixed ? "16-bit working copy used by forward and backward"
                                                   : std::string(PrecisionName(s.precision)) + " parameters") +
          c.ZeroSuffix(split));
  return "";
}

// Per layer by block family (activations.h: Korthikanti et al. for GPT-style blocks, the gated-MLP
// derivation for Llama-style ones, both measured against PyTorch) plus the FP32 logits; not partitioned
// by ZeRO (each GPU runs its own micro-batch).
void TrainActivations(const Context& c, Estimate& e) {
  const Scenario& s = c.s;
  const Architecture& a = c.a;
  if (!c.m.has_arch) return;
  double ev = s.precision == Precision::kFp32 ? 4 : 2;
  double sv = static_cast<double>(s.seq_len), bv = static_cast<double>(s.batch), hv = static_cast<double>(a.hidden),
         av = static_cast<double>(a.heads);
  double logits = a.kind == ArchKind::kDecoder ? 4.0 * sv * bv * a.vocab : 0;
  const std::string logits_text = logits > 0 ? " + 4sbv FP32 logits 4·" + std::to_string(s.seq_len) + "·" +
                                                   std::to_string(s.batch) + "·" + std::to_string(a.vocab)
                                             : "";
  if (a.mlp == MlpKind::kGated) {  // Llama, Mistral, Qwen, Mixtral, gpt-oss: no dropout, SwiGLU of width f
    const LayerActivation la = LayerActivationFor(a, sv, bv, s.checkpointing, s.flash_attention, ev);
    e.activation_bytes_per_layer = la.bytes;
    e.activation_formula = ActivationFormulaName(la.formula);
    const double bytes = a.layers * la.bytes + logits;
    const std::string f = std::to_string(a.layers) + " layers × (" + la.summary + ") = " + std::to_string(a.layers) +
                          " × " + FormatBytes(la.bytes, c.gib) + logits_text;
    Add(e, ItemKind::kActivations, bytes, f + " = " + FormatBytes(bytes, c.gib),
        "Gated-MLP block (what a Llama-style layer saves for backward, checked against PyTorch): " + la.note +
            "; per GPU micro-batch");
    return;
  }
  double layer = KorthikantiLayerBytes(sv, bv, hv, av, s.checkpointing, s.flash_attention, ev);
  e.activation_bytes_per_layer = layer;
  e.activation_formula = ActivationFormulaName(ActivationFormula::kKorthikanti);
  double bytes = a.layers * layer + logits;
  std::string c16 = json::FormatNumber(16 * ev + 2), c5 = json::FormatNumber(2 * ev + 1);
  std::string sbh = std::to_string(s.seq_len) + "·" + std::to_string(s.batch) + "·" + std::to_string(a.hidden);
  std::string per;
  switch (s.checkpointing) {
    case Checkpointing::kNone:
      per = s.flash_attention
                ? "sbh·" + c16 + " = " + sbh + "·" + c16
                : "sbh(" + c16 + " + " + c5 + "as/h) = " + sbh + "·(" + c16 + " + " + c5 + "·" +
                      std::to_string(a.heads) + "·" + std::to_string(s.seq_len) + "/" + std::to_string(a.hidden) + ")";
      break;
    case Checkpointing::kSelective: per = "sbh·" + c16 + " = " + sbh + "·" + c16; break;
    case Checkpointing::kFull: per = json::FormatNumber(ev) + "sbh = " + json::FormatNumber(ev) + "·" + sbh; break;
  }
  const std::string f = std::to_string(a.layers) + " layers × " + per + logits_text;
  std::string note =
      "Korthikanti et al.: per layer sbh(34 + 5as/h) bytes with 16-bit activations and 1-byte dropout masks; ";
  note += s.checkpointing == Checkpointing::kNone ? "no recomputation"
          : s.checkpointing == Checkpointing::kSelective
              ? "selective recomputation re-computes the attention scores (5as/h term)"
              : "full recomputation keeps only each layer's input";
  if (s.flash_attention) note += "; FlashAttention never stores the s×s scores";
  note += "; derived for a GPT block (4h MLP, dropout), measured against PyTorch for GPT-2; per GPU micro-batch";
  Add(e, ItemKind::kActivations, bytes, f + " = " + FormatBytes(bytes, c.gib), note);
}

void Gradients(const Context& c, const PrecisionBytes& pb, Estimate& e) {
  const Scenario& s = c.s;
  const bool split = s.zero_stage >= 2;
  double g = e.trainable_params * pb.grad / (split ? c.gpus : 1);
  std::string note = s.precision == Precision::kMixed
                         ? (s.mixed_bytes == MixedBytes::k16   ? "16-bit gradients (ZeRO's 2 B)"
                            : s.mixed_bytes == MixedBytes::k18 ? "FP32 gradients (Hugging Face convention, 4 B)"
                                                               : "16-bit gradients + FP32 accumulation copy (2 + 4 B)")
                         : std::string("gradients in ") + PrecisionName(s.precision);
  Add(e, ItemKind::kGradients, g,
      N(e.trainable_params) + " trainable × " + B(pb.grad) + c.PerGpu(split) + " = " + FormatBytes(g, c.gib),
      note + c.ZeroSuffix(split));
}

void OptimizerStates(const Context& c, const PrecisionBytes& pb, Estimate& e) {
  const Scenario& s = c.s;
  const bool split = s.zero_stage >= 1;
  double states = 0, state_bytes = pb.state;
  switch (s.optimizer) {
    case Optimizer::kSgd: states = 0; break;
    case Optimizer::kMomentum: states = 1; break;
    case Optimizer::kAdam:
    case Optimizer::kAdamW: states = 2; break;
    case Optimizer::kAdam8bit: states = 2, state_bytes = 1; break;
  }
  double o = e.trainable_params * states * state_bytes / (split ? c.gpus : 1);
  std::string note = s.optimizer == Optimizer::kSgd        ? "plain SGD keeps no state"
                     : s.optimizer == Optimizer::kMomentum ? "one momentum buffer per parameter"
                     : s.optimizer == Optimizer::kAdam8bit
                         ? "Adam m and v quantized to 8 bits (Dettmers et al.; block-wise scales, < 0.2%, not counted)"
                         : "Adam keeps m (momentum) and v (variance) per parameter";
  Add(e, ItemKind::kOptimizer, o,
      N(e.trainable_params) + " trainable × " + json::FormatNumber(states) + " states × " + B(state_bytes) +
          c.PerGpu(split) + " = " + FormatBytes(o, c.gib),
      note + c.ZeroSuffix(split));
}

// The FP32 master copy of mixed precision (none otherwise); a pure-FP16 run gets a warning instead.
void MasterWeights(const Context& c, const PrecisionBytes& pb, Estimate& e) {
  const Scenario& s = c.s;
  const bool split = s.zero_stage >= 1;
  if (pb.master > 0) {
    double mw = e.trainable_params * pb.master / (split ? c.gpus : 1);
    Add(e, ItemKind::kMasterWeights, mw,
        N(e.trainable_params) + " trainable × " + B(pb.master) + c.PerGpu(split) + " = " + FormatBytes(mw, c.gib),
        "Mixed precision updates an FP32 copy so small updates are not lost in 16-bit rounding (counted in ZeRO's K "
        "= 12)" +
            c.ZeroSuffix(split));
    e.notes.push_back("Mixed-precision Adam convention: " + std::to_string(MixedBytesValue(s.mixed_bytes)) +
                      " B/param (16 = ZeRO paper: 2 weights + 2 gradients + 4 master + 8 Adam; 18 = FP32 gradients, "
                      "Hugging Face; 20 = both 16-bit and FP32 gradients).");
  }
  if (s.precision == Precision::kFp16)
    e.warnings.push_back(
        "Pure FP16 training without an FP32 master copy tends to lose small updates and overflow; use mixed "
        "precision");
}

void Overhead(const Context& c, Estimate& e) {
  const Scenario& s = c.s;
  if (s.overhead_bytes <= 0) return;
  Add(e, ItemKind::kOverhead, s.overhead_bytes, "given: " + FormatBytes(s.overhead_bytes, c.gib),
      "CUDA context, allocator fragmentation and library workspaces (typically 0.6–1.3 GB in real runs)");
}

// ---- totals, the rule of thumb and the GPU table

void RuleOfThumb(const Context& c, Estimate& e) {
  const bool gib = c.gib;
  const double weights = e.items.front().bytes;
  e.rule_of_thumb_bytes = 1.2 * weights;
  e.rule_of_thumb_formula =
      "weights " + FormatBytes(weights, gib) + " × 1.2 = " + FormatBytes(e.rule_of_thumb_bytes, gib);
  e.difference_bytes = e.total_bytes - e.rule_of_thumb_bytes;
  std::string others;
  for (const Item& it : e.items)
    if (it.kind != ItemKind::kWeights)
      others += (others.empty() ? "" : ", ") + it.label + " " + FormatBytes(it.bytes, gib);
  double beyond = e.total_bytes - weights;
  e.rule_of_thumb_note =
      "The rule of thumb (Transformer Math 101, for inference) allows 20% (" + FormatBytes(0.2 * weights, gib) +
      ") beyond the weights; this scenario needs " + FormatBytes(beyond, gib) + " beyond them" +
      (others.empty() ? "" : " (" + others + ")") + ", so the detailed total is " +
      FormatBytes(std::fabs(e.difference_bytes), gib) + (e.difference_bytes >= 0 ? " above" : " below") + " the rule" +
      (c.s.mode == Mode::kTrain ? ". In training the rule does not apply: gradients and optimizer states dominate."
                                : ".");
}

void GpuFits(Estimate& e) {
  for (double gb : GpuSizesGb()) {
    GpuFit f;
    f.gpu_gb = gb;
    f.gpu_bytes = gb * kGiB;
    f.fits = e.total_bytes <= f.gpu_bytes;
    f.used_fraction = e.total_bytes / f.gpu_bytes;
    e.fits.push_back(f);
  }
}

void ConventionNotes(const Context& c, Estimate& e) {
  const Scenario& s = c.s;
  e.notes.push_back(c.gib ? "Sizes in GiB (2^30 bytes)." : "Sizes in GB (10^9 bytes); GiB (2^30) on the toggle.");
  e.notes.push_back(
      "GPU sizes in the fits table are the marketed numbers taken as GiB, as the cards report them "
      "(an \"80 GB\" A100 shows 81920 MiB).");
  if (s.gpus > 1) e.notes.push_back("All figures are per GPU (" + std::to_string(s.gpus) + " GPUs).");
  if (s.mode != Mode::kTrain && s.gpus > 1)
    e.notes.push_back(
        "Inference over several GPUs is modelled as ideal tensor parallelism: weights and KV cache split evenly.");
}

Estimate& Fail(Estimate& e, std::string message) {
  e.ok = false;
  e.error = std::move(message);
  e.items.clear();
  return e;
}

}  // namespace

Estimate EstimateMemory(const Model& m, const Scenario& s) {
  Estimate e;
  e.model_label = m.label;
  std::string error = ValidateScenario(s, e);
  if (error.empty()) error = CountModel(m, s, e);
  if (!error.empty()) return Fail(e, error);
  const Context c{m,
                  s,
                  m.arch,
                  m.has_arch ? m.arch.hidden : 4096,
                  static_cast<double>(e.count.lm_head),
                  static_cast<double>(s.gpus),
                  s.gib};

  if (s.mode != Mode::kTrain) {
    std::optional<DtypeInfo> dt = LookupDtype(s.dtype, c.row_length, &error);
    if (!dt) return Fail(e, error);
    error = InferenceWeights(c, *dt, e);
    if (error.empty()) error = KvCache(c, e);
    if (!error.empty()) return Fail(e, error);
    InferenceActivations(c, *dt, e);
  } else {
    const PrecisionBytes pb = BytesFor(s.precision, s.mixed_bytes);
    error = TrainWeights(c, pb, e);
    if (!error.empty()) return Fail(e, error);
    TrainActivations(c, e);
    Gradients(c, pb, e);
    OptimizerStates(c, pb, e);
    MasterWeights(c, pb, e);
  }
  Overhead(c, e);

  for (const Item& it : e.items) {
    e.total_bytes += it.bytes;
    if (IsModelState(it.kind)) e.model_state_bytes += it.bytes;
  }
  if (!(e.total_bytes <= kMaxBytes))
    return Fail(e, "the estimate is " + FormatBytes(e.total_bytes, c.gib) +
                       " per GPU: beyond any machine (limit 1 EB); check the sizes");
  RuleOfThumb(c, e);
  GpuFits(e);
  ConventionNotes(c, e);
  e.ok = true;
  return e;
}

// =============================================================================================
// [SECTION] Sweep

Sweep SweepMemory(const Model& m, const Scenario& s, bool over_batch, int64_t max_x) {
  Sweep out;
  out.axis = over_batch ? "batch" : "seq_len";
  const std::vector<ItemKind>& kinds = ItemKinds();
  std::vector<int64_t> xs;
  for (int64_t x = over_batch ? 1 : 128; x <= max_x && xs.size() < 23; x *= 2) xs.push_back(x);
  if (xs.empty() || xs.back() != max_x) xs.push_back(max_x);
  std::vector<bool> used(kinds.size(), false);
  for (int64_t x : xs) {
    Scenario t = s;
    (over_batch ? t.batch : t.seq_len) = x;
    Estimate e = EstimateMemory(m, t);
    SweepPoint p;
    p.x = static_cast<double>(x);
    p.ok = e.ok;
    p.total_bytes = e.total_bytes;
    p.item_bytes.assign(kinds.size(), 0);
    for (const Item& it : e.items) {
      const size_t i = static_cast<size_t>(it.kind);
      p.item_bytes[i] = it.bytes;
      used[i] = true;
    }
    out.points.push_back(std::move(p));
  }
  for (size_t i = 0; i < kinds.size(); ++i)
    if (used[i]) out.item_names.push_back(ItemName(kinds[i]));
  for (SweepPoint& p : out.points) {
    std::vector<double> kept;
    for (size_t i = 0; i < kinds.size(); ++i)
      if (used[i]) kept.push_back(p.item_bytes[i]);
    p.item_bytes = std::move(kept);
  }
  return out;
}

}  // namespace bw::memory
