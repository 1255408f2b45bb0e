// bw::memory estimate — how many bytes a model needs for inference or training, line by line,
// each line with its formula and the numbers substituted.
//
//   Model m = ModelFromPreset("llama-2-13b");                 // or ModelFromParams(13e9), ModelFromArch(a)
//   Scenario s;                                               // defaults: inference, bf16, seq 2048, batch 1
//   s.mode = Mode::kTrain; s.optimizer = Optimizer::kAdamW; s.precision = Precision::kMixed;
//   Estimate e = EstimateMemory(m, s);                        // e.ok / e.error
//   for (const Item& it : e.items) print(it.name, it.bytes, it.formula);   // "weights" "26.0e9 B" "13.0e9 params × 2 B = 26.0 GB"
//   e.total_bytes; e.rule_of_thumb_bytes;                     // per GPU when s.gpus > 1
//
// Sources of the formulas (cited again where they are applied in estimate.cpp):
//   - bytes per parameter, rule of thumb ×1.2: EleutherAI "Transformer Math 101" (2023);
//   - mixed-precision Adam = 2 + 2 + 12 = 16 B/param and ZeRO stages: Rajbhandari et al., arXiv:1910.02054;
//     18 B/param (FP32 gradients): Hugging Face "Model training anatomy"; 20 B/param: FP16 and FP32 gradients both held;
//   - activations: Korthikanti et al., arXiv:2205.05198, per layer sbh(34 + 5as/h) bytes;
//   - KV cache: 2 × layers × kv_heads × head_dim × tokens × batch × bytes (GQA-aware; NVIDIA's
//     "Mastering LLM Techniques: Inference Optimization");
//   - LoRA: Hu et al., arXiv:2106.09685 (r·(in + out) per adapted matrix); QLoRA: Dettmers et al.,
//     arXiv:2305.14314 (NF4 base + double quantization; bits per parameter from bw::quant).
// Item names (also JSON keys of the CLI): weights, kv_cache, activations, gradients, optimizer,
// master_weights, overhead. All byte counts are doubles (exact below 2^53, never overflowing);
// sizes are validated first and absurd inputs give an error instead of a number.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/memory/architecture.h"

namespace bw::memory {

enum class Mode { kInference, kTrain };
enum class Optimizer { kSgd, kMomentum, kAdam, kAdamW, kAdam8bit };
enum class Precision { kFp32, kBf16, kFp16, kMixed };
enum class Checkpointing { kNone, kSelective, kFull };
// Bytes per parameter of mixed-precision Adam (the sources disagree; each is a real setup):
//   16 = FP16/BF16 weights 2 + FP16/BF16 gradients 2 + FP32 master 4 + Adam m, v 8 (ZeRO paper)
//   18 = gradients kept in FP32 (4 instead of 2) (Hugging Face "Model training anatomy")
//   20 = FP16 gradients 2 plus an FP32 gradient accumulation copy 4
enum class MixedBytes { k16, k18, k20 };

const char* ModeName(Mode m);                    // "inference" "train"
const char* OptimizerName(Optimizer o);          // "sgd" "momentum" "adam" "adamw" "adam8bit"
const char* PrecisionName(Precision p);          // "fp32" "bf16" "fp16" "mixed"
const char* CheckpointingName(Checkpointing c);  // "none" "selective" "full"
int MixedBytesValue(MixedBytes b);               // 16, 18, 20
std::optional<Mode> ParseMode(std::string_view s);
std::optional<Optimizer> ParseOptimizer(std::string_view s);
std::optional<Precision> ParsePrecision(std::string_view s);
std::optional<Checkpointing> ParseCheckpointing(std::string_view s);
std::optional<MixedBytes> ParseMixedBytes(std::string_view s);  // "16" "18" "20"

// Which matrices of each block get LoRA adapters (Hu et al. adapt q and v by default).
struct LoraTargets {
  bool q = true, k = false, v = true, o = false, gate = false, up = false, down = false;
};
// "q,v", "all" (every linear matrix), "attn" (q,k,v,o), "mlp" (gate,up,down). Empty optional + error on unknown names.
std::optional<LoraTargets> ParseLoraTargets(std::string_view s, std::string* error = nullptr);
std::string LoraTargetsName(const LoraTargets& t);  // "q,v"

// The model: an architecture, or a bare parameter count for simple questions (no KV cache,
// activations or LoRA then, since those need shapes).
struct Model {
  bool has_arch = false;
  Architecture arch;
  double params = 0;  // used when !has_arch
  std::string label;  // "Llama-2-13B", "13.0e9 parameters", "config.json (llama)"
};
std::optional<Model> ModelFromPreset(std::string_view name, std::string* error = nullptr);
Model ModelFromArch(const Architecture& a, std::string label = "");
Model ModelFromParams(double params);

// Weight storage types. Plain: fp32 (4 B), fp16, bf16 (2 B), fp8 (1 B), int8 (1 B), int4 (0.5 B),
// with no scales. Quantization schemes (bits per parameter including their scales come from
// bw::quant): int8_sym (llama.cpp Q8_0), int4_sym (Q4_0), nf4, nf4_dq (NF4 with double
// quantization, QLoRA), fp8_e4m3, fp8_e5m2, mxfp4, mxfp6_e3m2, mxfp6_e2m3, mxfp8_e4m3, mxfp8_e5m2,
// mxint8, uint8_asym, uint4_asym, nvfp4 (4.5 bits + one FP32 scale per tensor); aliases q8_0 and q4_0;
// fp8_e4m3_block / fp8_e5m2_block: FP8 with one FP32 scale per 128 values (per-block, DeepSeek-V3 style).
// fp8_e4m3 and fp8_e5m2 are per-tensor scaled: 1 byte per element plus one FP32 scale per tensor
// (KV cache: one for K and one for V per layer).
struct DtypeInfo {
  std::string name;            // as given (lower case)
  double bits_per_param = 0;   // elements + block scales (per-tensor scales are per_tensor_bits, counted per tensor)
  double per_tensor_bits = 0;  // FP32 scale per tensor: fp8_e4m3/fp8_e5m2 (per-tensor scaling) and nvfp4's second level
  bool quantized = false;      // has scales: applied to weight matrices only (norms and biases stay 16-bit)
  std::string description;
};
// `row_length` is the input width of the matrices (for per-channel scales). nullopt + *error if unknown.
std::optional<DtypeInfo> LookupDtype(std::string_view name, int64_t row_length = 4096, std::string* error = nullptr);
std::string DtypeNames();  // list for messages and menus

struct Scenario {
  Mode mode = Mode::kInference;
  std::string dtype = "bf16";  // inference: weight storage; training: ignored (precision decides)
  Precision precision = Precision::kMixed;
  Optimizer optimizer = Optimizer::kAdamW;
  MixedBytes mixed_bytes = MixedBytes::k16;
  int64_t seq_len = 2048;     // tokens per sequence (s)
  int64_t batch = 1;          // sequences per GPU (b; the micro-batch in training)
  std::string kv_dtype = "";  // KV cache storage; "" = 16-bit (bf16)
  Checkpointing checkpointing = Checkpointing::kNone;
  bool flash_attention = false;  // drops the attention-score terms (as²b)
  int64_t lora_rank = 0;         // 0 = full finetune
  LoraTargets lora_targets;
  bool qlora = false;         // 4-bit NF4 (double-quantized) frozen base; needs lora_rank > 0
  int zero_stage = 0;         // 0..3 (training)
  int64_t gpus = 1;           // data-parallel GPUs (training) or GPUs sharing the model (inference)
  bool count_lm_head = true;  // some calculators leave the (untied) LM head out of the count
  double overhead_bytes = 0;  // framework/CUDA context overhead, added as its own line when > 0
  bool gib = false;           // formulas and labels in GiB (2^30) instead of GB (10^9)
};

inline constexpr int64_t kMaxSeqLen = int64_t{1} << 24;  // 16.7 M tokens
inline constexpr int64_t kMaxBatch = int64_t{1} << 20;
inline constexpr int64_t kMaxGpus = int64_t{1} << 20;
inline constexpr int64_t kMaxLoraRank = 65536;
inline constexpr double kMaxBytes = 1e18;  // one exabyte: anything above is an input mistake

// The lines of a breakdown, in the order they appear (a scenario leaves out the lines it does not have).
enum class ItemKind { kWeights, kKvCache, kActivations, kGradients, kOptimizer, kMasterWeights, kOverhead };
const std::vector<ItemKind>& ItemKinds();  // every kind, in that order
const char* ItemName(ItemKind k);          // "weights", "kv_cache", "activations", ... (the CLI's JSON names)
const char* ItemLabel(ItemKind k);         // "Weights", "KV cache", "Activations", ...
const char* ItemCard(ItemKind k);          // the learning card that explains the line ("memory-kv-cache")
bool IsModelState(ItemKind k);             // weights, gradients, optimizer, master_weights (ZeRO's model states)

inline constexpr double kGB = 1e9;            // decimal gigabyte
inline constexpr double kGiB = 1073741824.0;  // 2^30 bytes

struct Item {
  ItemKind kind = ItemKind::kWeights;
  std::string name;     // ItemName(kind)
  std::string label;    // ItemLabel(kind) ("Activations (peak)" for the small MLP)
  double bytes = 0;     // per GPU
  std::string formula;  // "13.0e9 params × 2 B = 26.0 GB"
  std::string note;     // why / which convention
  std::string card;     // ItemCard(kind)
};
// An item of that kind with its name, label and card filled in.
Item MakeItem(ItemKind kind, double bytes, std::string formula, std::string note);

struct GpuFit {
  double gpu_gb = 0;     // marketed size (8, 16, 24, 40, 48, 80, 141)
  double gpu_bytes = 0;  // gpu_gb × kGiB (NVIDIA's "80 GB" A100 reports 81920 MiB)
  bool fits = false;     // total_bytes <= gpu_bytes
  double used_fraction = 0;
};

struct Estimate {
  bool ok = false;
  std::string error;
  std::vector<std::string> warnings;
  std::vector<std::string> notes;  // conventions in effect, one sentence each
  std::string model_label;
  double params = 0;            // parameters counted (without the LM head if !count_lm_head): all resident
  double active_params = 0;     // MoE: parameters one token uses (= params when dense)
  double trainable_params = 0;  // 0 in inference
  double frozen_params = 0;
  ParamCount count;  // exact breakdown (zeros without an architecture)
  std::string params_formula;
  double weight_bits_per_param = 0;  // average over all weights (incl. 16-bit norms with quantized matrices)
  std::vector<Item> items;           // in the order of the names above; absent lines are left out
  double total_bytes = 0;            // per GPU
  double model_state_bytes = 0;      // weights + gradients + optimizer + master_weights (ZeRO's "model states")
  double rule_of_thumb_bytes = 0;    // weights × 1.2 (Transformer Math 101)
  std::string rule_of_thumb_formula;
  std::string rule_of_thumb_note;  // how and why the detailed total differs
  double difference_bytes = 0;     // total − rule of thumb
  std::vector<GpuFit> fits;        // 8, 16, 24, 40, 48, 80, 141 GB
  int64_t kv_tokens = 0;           // tokens the KV cache holds per sequence (sliding-window cap applied)
  double kv_bytes_per_token = 0;   // 2 × L × n_kv × d × bytes, for one sequence
  double activation_bytes_per_layer = 0;
  std::string activation_formula;  // "korthikanti" (GPT-style blocks) or "gated_mlp" (Llama-style); "" = none
};

// The breakdown for model m in scenario s. Errors (never crashes): invalid architecture, sizes out
// of range, LoRA without an architecture or without training, QLoRA without a LoRA rank, an
// unknown dtype, ZeRO stage outside 0..3, a total above kMaxBytes.
Estimate EstimateMemory(const Model& m, const Scenario& s);
const Item* FindItem(const Estimate& e, ItemKind kind);  // nullptr if the estimate has no such line

// Korthikanti et al. (arXiv:2205.05198) activation bytes of ONE transformer layer:
// none: sbh(34 + 5as/h); selective: 34sbh; full: 2sbh (the layer input). With FlashAttention the
// 5as/h term is 0. `value_bytes` 2 (16-bit activations, as in the paper) or 4 (FP32: sbh(66 + 9as/h)).
double KorthikantiLayerBytes(double s, double b, double h, double a, Checkpointing c, bool flash,
                             double value_bytes = 2);

// "26.0 GB" / "24.2 GiB" (3 significant digits; B, kB/KiB, MB/MiB, GB/GiB, TB/TiB).
std::string FormatBytes(double bytes, bool gib = false);
// "13.0e9", "124e6", "4096" (3 significant digits, engineering exponent; exact below 10000).
std::string FormatCount(double n);

// Memory against a varying sequence length or batch: the total and each item per point.
struct SweepPoint {
  double x = 0;  // seq_len or batch
  bool ok = false;
  double total_bytes = 0;
  std::vector<double> item_bytes;  // aligned with `item_names`
};
struct Sweep {
  std::string axis;  // "seq_len" or "batch"
  std::vector<std::string> item_names;
  std::vector<SweepPoint> points;
};
// Doubling steps from 128 tokens (or batch 1) up to `max_x`, at most 24 points.
Sweep SweepMemory(const Model& m, const Scenario& s, bool over_batch, int64_t max_x);

// The GPU sizes of the "fits on" table.
const std::vector<double>& GpuSizesGb();

}  // namespace bw::memory
