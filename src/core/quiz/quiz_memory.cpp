// Quiz generators over the memory engine: weight_memory, train_memory_adam, kv_cache.
// Answers are lines of memory::EstimateMemory; the worked solution is the engine's own formula text.
#include <cmath>

#include "core/memory/estimate.h"
#include "core/quiz/quiz_internal.h"

namespace bw::cards::quiz_detail {
namespace {

// A parameter count: given (validated) or drawn as a round model size.
bool ReadOrDrawParams(GenContext& ctx, double& n) {
  bool given = false;
  if (!ReadCount(ctx, "params", n, given)) return false;
  if (!given) {
    static const std::vector<double> kSizes = {125e6, 350e6, 1.3e9, 2.7e9, 3e9,  6.7e9, 7e9,
                                               8e9,   13e9,  30e9,  34e9,  65e9, 70e9,  175e9};
    n = ctx.rng.Pick(kSizes);
  }
  ctx.Resolved("params", Num(n));
  return true;
}

// The GB↔GiB mix-ups of a byte answer: the GB figure typed with GiB, and the GiB figure typed with GB.
void AddUnitTraps(QuizQuestion& q) {
  const double gb = q.answer / memory::kGB, gib = q.answer / memory::kGiB;
  q.traps.push_back({gb * memory::kGiB,
                     "That is the number of GB (10^9 bytes) written as GiB (2^30 bytes): " + Sig(gb, 4) +
                         " GB = " + Sig(gib, 4) + " GiB.",
                     "gb_as_gib"});
  q.traps.push_back({gib * memory::kGB,
                     "That is the number of GiB (2^30 bytes) written as GB (10^9 bytes): " + Sig(gib, 4) +
                         " GiB = " + Sig(gb, 4) + " GB.",
                     "gib_as_gb"});
}

std::string CountWords(double n) {
  if (n >= 1e9) return Sig(n / 1e9, 4) + "-billion-parameter";
  if (n >= 1e6) return Sig(n / 1e6, 4) + "-million-parameter";
  return Grouped(n) + "-parameter";
}

bool Run(GenContext& ctx, const memory::Model& m, const memory::Scenario& s, memory::Estimate& e) {
  e = memory::EstimateMemory(m, s);
  if (!e.ok) return ctx.Fail(e.error);
  return true;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// weight_memory: "How much memory do the weights of a 13-billion-parameter model take in BF16?"
bool GenerateWeightMemory(GenContext& ctx, QuizQuestion& q) {
  double n = 0;
  if (!ReadOrDrawParams(ctx, n)) return false;
  std::string dtype;
  if (!ctx.reader.Str("dtype", dtype))
    dtype = ctx.rng.Pick(std::vector<std::string>{"fp32", "bf16", "fp16", "fp8", "int8", "int4"});
  std::string error;
  std::optional<memory::DtypeInfo> info = memory::LookupDtype(dtype, 4096, &error);
  if (!info) return ctx.Fail("dtype: " + error);
  ctx.Resolved("dtype", info->name);

  memory::Scenario s;
  s.mode = memory::Mode::kInference;
  s.dtype = info->name;
  memory::Estimate e;
  if (!Run(ctx, memory::ModelFromParams(n), s, e)) return false;
  const memory::Item* w = memory::FindItem(e, memory::ItemKind::kWeights);
  if (!w) return ctx.Fail("memory engine gave no weights line");

  q.question = "How many bytes do the weights of a " + CountWords(n) + " model take in " + info->name + "?";
  q.answer = w->bytes;
  q.unit = "bytes";
  q.solution = w->formula + (w->note.empty() ? "" : "\n" + w->note) + "\n= " + BytesText(w->bytes) + ".";
  q.traps.push_back({w->bytes * 8, "That counts bits, not bytes: divide by 8.", "bits_not_bytes"});
  q.traps.push_back({n * 4,
                     "That is 4 bytes per parameter (FP32); " + info->name + " stores " +
                         Num(info->bits_per_param / 8) + " bytes per parameter.",
                     "fp32_bytes"});
  if (info->bits_per_param < 8)
    q.traps.push_back({n,
                       "That is one byte per parameter; " + info->name + " packs " + Num(8 / info->bits_per_param) +
                           " parameters into a byte.",
                       "one_byte"});
  if (info->bits_per_param == 16)
    q.traps.push_back({n * 1, "That is one byte per parameter; " + info->name + " takes two.", "one_byte"});
  AddUnitTraps(q);
  FitTolerance(q, {ToleranceKind::kRelative, 0.01});
  return true;
}

// ---------------------------------------------------------------------------------------------
// train_memory_adam: weights + gradients + optimizer states (+ FP32 master copy), no activations.
bool GenerateTrainMemoryAdam(GenContext& ctx, QuizQuestion& q) {
  double n = 0;
  if (!ReadOrDrawParams(ctx, n)) return false;
  memory::MixedBytes mb = memory::MixedBytes::k16;
  std::string mb_text;
  if (ctx.reader.Str("mixed_bytes", mb_text)) {
    std::optional<memory::MixedBytes> p = memory::ParseMixedBytes(mb_text);
    if (!p) return ctx.Fail("mixed_bytes: '" + mb_text + "' is not one of 16, 18, 20");
    mb = *p;
  }
  ctx.Resolved("mixed_bytes", std::to_string(memory::MixedBytesValue(mb)));

  auto estimate = [&](memory::MixedBytes bytes, memory::Estimate& e) {
    memory::Scenario s;
    s.mode = memory::Mode::kTrain;
    s.optimizer = memory::Optimizer::kAdam;
    s.precision = memory::Precision::kMixed;
    s.mixed_bytes = bytes;
    return Run(ctx, memory::ModelFromParams(n), s, e);
  };
  memory::Estimate e;
  if (!estimate(mb, e)) return false;

  q.question =
      "Training a " + CountWords(n) + " model with mixed-precision Adam" +
      (mb == memory::MixedBytes::k16
           ? std::string()
           : " (gradients counted as for " + std::to_string(memory::MixedBytesValue(mb)) + " bytes per parameter)") +
      ": how many bytes do the weights, gradients and optimizer states (with the FP32 master copy) take, without "
      "activations?";
  q.answer = e.model_state_bytes;
  q.unit = "bytes";
  std::string s;
  for (const memory::Item& it : e.items)
    if (memory::IsModelState(it.kind)) s += it.label + ": " + it.formula + "\n";
  s += "Sum = " + BytesText(e.model_state_bytes) + " (" + Num(e.model_state_bytes / n) + " bytes per parameter).";
  q.solution = s;
  for (memory::MixedBytes other : {memory::MixedBytes::k16, memory::MixedBytes::k18, memory::MixedBytes::k20}) {
    if (other == mb) continue;
    memory::Estimate o;
    if (estimate(other, o) && o.model_state_bytes != e.model_state_bytes)
      q.traps.push_back({o.model_state_bytes,
                         "That is the " + std::to_string(memory::MixedBytesValue(other)) +
                             "-bytes-per-parameter count, which keeps the gradients differently; this question uses " +
                             std::to_string(memory::MixedBytesValue(mb)) + ".",
                         "other_convention"});
  }
  q.traps.push_back(
      {2 * n, "That is only the 16-bit weights: training also keeps gradients and optimizer states.", "weights_only"});
  q.traps.push_back({e.model_state_bytes - 4 * n,
                     "That leaves out the FP32 master copy of the weights (4 bytes per parameter) "
                     "that mixed precision updates.",
                     "no_master"});
  q.traps.push_back({e.model_state_bytes - 8 * n,
                     "That leaves out Adam's two FP32 states m and v (8 bytes per parameter).", "no_adam_states"});
  q.traps.push_back({4 * n * 4,
                     "That is everything in FP32 with no master copy (4 + 4 + 8); mixed precision keeps 16-bit weights "
                     "and gradients plus an FP32 master copy.",
                     "all_fp32"});
  AddUnitTraps(q);
  FitTolerance(q, {ToleranceKind::kRelative, 0.01});
  return true;
}

// ---------------------------------------------------------------------------------------------
// kv_cache: "How big is the FP16 KV cache of Llama-2-7B for one sequence of 4096 tokens?"
bool GenerateKvCache(GenContext& ctx, QuizQuestion& q) {
  std::string preset;
  if (!ctx.reader.Str("preset", preset)) {
    std::vector<std::string> decoders;
    for (const memory::Preset& p : memory::Presets())
      if (p.arch.kind == memory::ArchKind::kDecoder) decoders.push_back(p.name);
    if (decoders.empty()) return ctx.Fail("preset: the memory engine has no decoder presets");
    preset = ctx.rng.Pick(decoders);
  }
  std::string error;
  std::optional<memory::Model> model = memory::ModelFromPreset(preset, &error);
  if (!model) return ctx.Fail("preset: " + error);
  if (model->arch.kind != memory::ArchKind::kDecoder)
    return ctx.Fail("preset: " + preset + " is an encoder: it has no KV cache");
  ctx.Resolved("preset", preset);

  int64_t seq_len = 0;
  if (!ctx.reader.Int("seq_len", seq_len, 1, int64_t{1} << 20)) {
    std::vector<int64_t> lengths;
    for (int64_t l : {512, 1024, 2048, 4096, 8192, 32768})
      if (model->arch.max_context == 0 || l <= model->arch.max_context) lengths.push_back(l);
    if (lengths.empty()) lengths.push_back(model->arch.max_context);
    seq_len = ctx.rng.Pick(lengths);
  }
  ctx.Resolved("seq_len", std::to_string(seq_len));
  int64_t batch = 1;
  ctx.reader.Int("batch", batch, 1, 4096);
  ctx.Resolved("batch", std::to_string(batch));
  std::string dtype;
  if (!ctx.reader.Str("dtype", dtype)) dtype = ctx.rng.Pick(std::vector<std::string>{"fp16", "bf16"});
  std::optional<memory::DtypeInfo> kv_info = memory::LookupDtype(dtype, 4096, &error);
  if (!kv_info) return ctx.Fail("dtype: " + error);
  ctx.Resolved("dtype", dtype);

  memory::Scenario s;
  s.mode = memory::Mode::kInference;
  s.seq_len = seq_len;
  s.batch = batch;
  s.kv_dtype = dtype;
  memory::Estimate e;
  if (!Run(ctx, *model, s, e)) return false;
  const memory::Item* kv = memory::FindItem(e, memory::ItemKind::kKvCache);
  if (!kv) return ctx.Fail("memory engine gave no kv_cache line for " + preset);

  q.question =
      "How many bytes does the " + dtype + " KV cache of " + model->label + " take for " +
      (batch == 1 ? "one sequence" : std::to_string(batch) + " sequences") + " of " +
      Grouped(static_cast<double>(seq_len)) + " tokens" +
      (kv_info->per_tensor_bits > 0 ? " (per-tensor scaling: one FP32 scale for K and one for V in each layer)" : "") +
      "?";
  q.answer = kv->bytes;
  q.unit = "bytes";
  q.solution = kv->formula + (kv->note.empty() ? "" : "\n" + kv->note) + "\n= " + BytesText(kv->bytes) + ".";

  // Engine-computed wrong answers: all attention heads cached (ignoring GQA), no factor 2 for K and
  // V, no sliding-window cap, a 16-bit dtype counted as 4 bytes, FP8 charged per block.
  const memory::Architecture& a = model->arch;
  q.traps.push_back(
      {kv->bytes / 2,
       "That counts only the keys (or only the values): the cache holds both K and V, hence the factor 2.",
       "no_factor_2"});
  q.traps.push_back({kv->bytes * 2,
                     "That counts 4 bytes per value; " + dtype + " stores " +
                         Num(memory::LookupDtype(dtype, a.head_dim)->bits_per_param / 8) + ".",
                     "double_bytes"});
  if (dtype == "fp8_e4m3" || dtype == "fp8_e5m2") {
    memory::Scenario b = s;
    b.kv_dtype = dtype + "_block";
    memory::Estimate w = memory::EstimateMemory(*model, b);
    if (const memory::Item* it = w.ok ? memory::FindItem(w, memory::ItemKind::kKvCache) : nullptr)
      q.traps.push_back({it->bytes,
                         "That charges one FP32 scale per 128 values (per-block scaling); per-tensor FP8 is 1 byte per "
                         "element plus one scale per tensor.",
                         "per_block_scales"});
  }
  if (a.kv_heads != a.heads) {
    memory::Architecture wrong = a;
    wrong.kv_heads = wrong.heads;
    memory::Estimate w = memory::EstimateMemory(memory::ModelFromArch(wrong, model->label), s);
    if (const memory::Item* it = w.ok ? memory::FindItem(w, memory::ItemKind::kKvCache) : nullptr)
      q.traps.push_back({it->bytes,
                         "That counts all " + std::to_string(a.heads) + " query heads; with " +
                             memory::AttentionKindShort(a) + " only the " + std::to_string(a.kv_heads) +
                             " key/value heads are cached.",
                         "query_heads"});
  }
  if (a.sliding_window > 0 && seq_len > a.sliding_window) {
    memory::Architecture wrong = a;
    wrong.sliding_window = 0;
    memory::Estimate w = memory::EstimateMemory(memory::ModelFromArch(wrong, model->label), s);
    if (const memory::Item* it = w.ok ? memory::FindItem(w, memory::ItemKind::kKvCache) : nullptr)
      q.traps.push_back({it->bytes,
                         "That caches every token; this model attends to a window of " +
                             Grouped(static_cast<double>(a.sliding_window)) +
                             " tokens, so the cache stops growing there.",
                         "no_window"});
  }
  AddUnitTraps(q);
  FitTolerance(q, {ToleranceKind::kRelative, 0.01});
  return true;
}

}  // namespace bw::cards::quiz_detail
