// The Memory section's table: a model (preset or bare parameter count) and a memory::Scenario.
#include "core/links/table.h"
#include "core/memory/architecture.h"
#include "core/util/count.h"

namespace bw::links {
namespace detail {
namespace {

template <class E, class Parse>
std::string SetEnum(E& out, const Value& v, Parse parse) {
  auto parsed = parse(v.text);
  if (!parsed) return "'" + v.text + "' is not known to the engine";
  out = *parsed;
  return "";
}

bool Training(const Memory& c) { return c.scenario.mode == memory::Mode::kTrain; }

}  // namespace

const std::vector<Field<Memory>>& MemoryFields() {
  static const std::vector<Field<Memory>> fields = {
      {{"preset", Type::kText, 0, 0, {}, "", "a known model by name (llama-2-7b, gpt2, ...)", "--preset"},
       [](Memory& c, const Value& v) {
         std::string error;
         if (!memory::ModelFromPreset(v.text, &error)) return error;  // "unknown preset 'x' (known: ...)"
         c.preset = v.text;
         c.source = MemorySource::kPreset;
         return std::string();
       },
       [](const Memory& c) { return c.preset; },
       [](const Memory& c, const Memory&) { return c.source == MemorySource::kPreset; }},
      {{"params", Type::kText, 0, 0, {}, "", "a bare parameter count instead of a model (7B, 13e9, 125M)", "--params"},
       [](Memory& c, const Value& v) {
         std::string error;
         if (!ParseCount(v.text, &error)) return error;
         c.params = v.text;
         c.source = MemorySource::kParams;
         return std::string();
       },
       [](const Memory& c) { return c.params; },
       [](const Memory& c, const Memory&) { return c.source == MemorySource::kParams; }},
      {{"mode", Type::kEnum, 0, 0, {"inference", "train"}, "", "inference (weights + KV cache) or training", "--mode"},
       [](Memory& c, const Value& v) { return SetEnum(c.scenario.mode, v, memory::ParseMode); },
       [](const Memory& c) { return std::string(memory::ModeName(c.scenario.mode)); },
       [](const Memory&, const Memory&) { return true; }},
      {{"optimizer",
        Type::kEnum,
        0,
        0,
        {"sgd", "momentum", "adam", "adamw", "adam8bit"},
        "",
        "training: the optimizer whose states are held",
        "--optimizer"},
       [](Memory& c, const Value& v) { return SetEnum(c.scenario.optimizer, v, memory::ParseOptimizer); },
       [](const Memory& c) { return std::string(memory::OptimizerName(c.scenario.optimizer)); },
       [](const Memory& c, const Memory&) { return Training(c); }},
      {{"precision",
        Type::kEnum,
        0,
        0,
        {"fp32", "bf16", "fp16", "mixed"},
        "",
        "training: number format of weights and gradients (mixed: 16-bit with an fp32 master copy)",
        "--precision"},
       [](Memory& c, const Value& v) { return SetEnum(c.scenario.precision, v, memory::ParsePrecision); },
       [](const Memory& c) { return std::string(memory::PrecisionName(c.scenario.precision)); },
       [](const Memory& c, const Memory&) { return Training(c); }},
      {{"checkpointing",
        Type::kEnum,
        0,
        0,
        {"none", "selective", "full"},
        "",
        "training: activation checkpointing (Korthikanti et al.)",
        "--checkpointing"},
       [](Memory& c, const Value& v) { return SetEnum(c.scenario.checkpointing, v, memory::ParseCheckpointing); },
       [](const Memory& c) { return std::string(memory::CheckpointingName(c.scenario.checkpointing)); },
       [](const Memory& c, const Memory& d) {
         return Training(c) && c.scenario.checkpointing != d.scenario.checkpointing;
       }},
      {{"mixed_bytes",
        Type::kEnum,
        0,
        0,
        {"16", "18", "20"},
        "",
        "training, mixed precision: bytes per parameter of the 16/18/20-byte accountings",
        "--mixed-bytes"},
       [](Memory& c, const Value& v) { return SetEnum(c.scenario.mixed_bytes, v, memory::ParseMixedBytes); },
       [](const Memory& c) { return std::to_string(memory::MixedBytesValue(c.scenario.mixed_bytes)); },
       [](const Memory& c, const Memory& d) {
         return Training(c) && c.scenario.mixed_bytes != d.scenario.mixed_bytes;
       }},
      {{"dtype", Type::kText, 0, 0, {}, "", "inference: weight storage (bf16, int8, nf4, mxfp4, ...)", "--dtype"},
       [](Memory& c, const Value& v) {
         std::string error;
         if (!memory::LookupDtype(v.text, 4096, &error)) return error;
         c.scenario.dtype = v.text;
         return std::string();
       },
       [](const Memory& c) { return c.scenario.dtype; },
       [](const Memory& c, const Memory& d) { return !Training(c) && c.scenario.dtype != d.scenario.dtype; }},
      {{"kv_dtype", Type::kText, 0, 0, {}, "", "inference: KV cache storage (default 16-bit)", "--kv-dtype"},
       [](Memory& c, const Value& v) {
         std::string error;
         if (!memory::LookupDtype(v.text, 128, &error)) return error;
         c.scenario.kv_dtype = v.text;
         return std::string();
       },
       [](const Memory& c) { return c.scenario.kv_dtype; },
       [](const Memory& c, const Memory&) { return !Training(c) && !c.scenario.kv_dtype.empty(); }},
      {{"lora_targets",
        Type::kText,
        0,
        0,
        {},
        "",
        "training with LoRA: adapted matrices (q,v; attn; mlp; all)",
        "--lora-targets"},
       [](Memory& c, const Value& v) {
         std::string error;
         std::optional<memory::LoraTargets> t = memory::ParseLoraTargets(v.text, &error);
         if (!t) return error;
         c.scenario.lora_targets = *t;
         return std::string();
       },
       [](const Memory& c) { return memory::LoraTargetsName(c.scenario.lora_targets); },
       [](const Memory& c, const Memory&) { return Training(c) && c.scenario.lora_rank > 0; }},
      {{"seq", Type::kInt, 1, static_cast<double>(memory::kMaxSeqLen), {}, "", "tokens per sequence", "--seq"},
       [](Memory& c, const Value& v) { return c.scenario.seq_len = v.integer, std::string(); },
       [](const Memory& c) { return std::to_string(c.scenario.seq_len); }},
      {{"batch", Type::kInt, 1, static_cast<double>(memory::kMaxBatch), {}, "", "sequences per GPU", "--batch"},
       [](Memory& c, const Value& v) { return c.scenario.batch = v.integer, std::string(); },
       [](const Memory& c) { return std::to_string(c.scenario.batch); }},
      {{"gpus",
        Type::kInt,
        1,
        static_cast<double>(memory::kMaxGpus),
        {},
        "",
        "GPUs: data-parallel (training) or sharing the model (inference)",
        "--gpus"},
       [](Memory& c, const Value& v) { return c.scenario.gpus = v.integer, std::string(); },
       [](const Memory& c) { return std::to_string(c.scenario.gpus); }},
      {{"lora_rank",
        Type::kInt,
        0,
        static_cast<double>(memory::kMaxLoraRank),
        {},
        "",
        "training: LoRA rank (0 = full finetune)",
        "--lora-rank"},
       [](Memory& c, const Value& v) { return c.scenario.lora_rank = v.integer, std::string(); },
       [](const Memory& c) { return std::to_string(c.scenario.lora_rank); },
       [](const Memory& c, const Memory&) { return Training(c) && c.scenario.lora_rank > 0; }},
      {{"zero", Type::kInt, 0, 3, {}, "", "training: ZeRO stage (0 = none, 3 = everything sharded)", "--zero"},
       [](Memory& c, const Value& v) { return c.scenario.zero_stage = static_cast<int>(v.integer), std::string(); },
       [](const Memory& c) { return std::to_string(c.scenario.zero_stage); },
       [](const Memory& c, const Memory&) { return Training(c) && c.scenario.zero_stage > 0; }},
      {{"flash", Type::kBool, 0, 0, {}, "", "FlashAttention: no attention-score activations", "--flash-attention"},
       [](Memory& c, const Value& v) { return c.scenario.flash_attention = v.flag, std::string(); },
       [](const Memory& c) { return std::string(c.scenario.flash_attention ? "1" : "0"); }},
      {{"qlora", Type::kBool, 0, 0, {}, "", "training: QLoRA (frozen base in NF4 with double quantization)", "--qlora"},
       [](Memory& c, const Value& v) { return c.scenario.qlora = v.flag, std::string(); },
       [](const Memory& c) { return std::string(c.scenario.qlora ? "1" : "0"); },
       [](const Memory& c, const Memory&) { return Training(c) && c.scenario.qlora; }},
      {{"gib", Type::kBool, 0, 0, {}, "", "show GiB (2^30 bytes) instead of GB (10^9)", "--gib"},
       [](Memory& c, const Value& v) { return c.scenario.gib = v.flag, std::string(); },
       [](const Memory& c) { return std::string(c.scenario.gib ? "1" : "0"); }},
      {{"lm_head", Type::kBool, 0, 0, {}, "", "count the (untied) LM head", "--no-lm-head"},
       [](Memory& c, const Value& v) { return c.scenario.count_lm_head = v.flag, std::string(); },
       [](const Memory& c) { return std::string(c.scenario.count_lm_head ? "1" : "0"); }},
      {{"overhead_gb", Type::kReal, 0, 1000, {}, "", "framework/CUDA context overhead per GPU, in GB", "--overhead-gb"},
       [](Memory& c, const Value& v) { return c.scenario.overhead_bytes = v.number * 1e9, std::string(); },
       [](const Memory& c) { return FormatReal(c.scenario.overhead_bytes / 1e9); }},
      {{"sweep", Type::kEnum, 0, 0, {"seq", "batch"}, "", "the plot's x axis", nullptr},
       [](Memory& c, const Value& v) { return c.sweep_batch = v.text == "batch", std::string(); },
       [](const Memory& c) { return std::string(c.sweep_batch ? "batch" : "seq"); }},
  };
  return fields;
}

}  // namespace detail

Applied<Memory> ApplyMemory(const LiveLink& link, Memory base) {
  Applied<Memory> a{std::move(base), {}};
  a.errors = detail::ApplyFields(detail::MemoryFields(), link, a.config);
  return a;
}

LiveLink MakeMemory(const Memory& c) { return detail::MakeFields("memory", detail::MemoryFields(), c); }

}  // namespace bw::links
