// bw::memory architectures — transformer shapes, exact parameter counts, presets and config.json import.
//
//   const Preset* p = FindPreset("llama-2-7b");               // nullptr if unknown; Presets() lists all
//   ParamCount c = CountParams(p->arch);                      // c.total == 6'738'415'616
//   ArchitectureParse r = ParseHfConfig(text);                // Hugging Face config.json (llama, mistral,
//   if (!r.ok) show(r.error);                                 //   qwen2, gpt2, bert field names)
//
// Counting rules (sources: the models' modeling_*.py in Hugging Face transformers; EleutherAI
// "Transformer Math 101"; GPT-2 `V·h + P·h + L·(12h² + 13h) + 2h`):
//   decoder (Llama, Mistral, Qwen2): token embedding V·h, per layer q (h·n_h·d), k and v
//   (h·n_kv·d each), o (n_h·d·h), MLP 3·h·ff (gated: gate, up, down) or 2·h·ff (plain), two norms;
//   a final norm; an LM head V·h unless tied. RMSNorm has a weight only, LayerNorm weight and bias.
//   GPT-2 adds learned positions P·h and biases on every linear layer.
//   encoder (BERT): word V·h + positions P·h + token types T·h + embedding LayerNorm, layers as GPT-2
//   (with intermediate size ff), a pooler h² + h, no final norm and no LM head (BertModel).
// All counts are int64; sizes are validated so no product can overflow (see kMax* below).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bw::memory {

enum class ArchKind { kDecoder, kEncoder };    // decoder-only LM (GPT/Llama) or BERT-like encoder
enum class MlpKind { kGated, kPlain };         // SwiGLU (3 matrices) or up/down with GELU (2)
enum class NormKind { kRmsNorm, kLayerNorm };  // RMSNorm: weight only; LayerNorm: weight + bias

struct Architecture {
  std::string name;  // "llama-2-7b" or the config's model_type
  ArchKind kind = ArchKind::kDecoder;
  int64_t layers = 0;        // L
  int64_t hidden = 0;        // h
  int64_t heads = 0;         // n_h (query heads)
  int64_t kv_heads = 0;      // n_kv (= heads for MHA, 1 for MQA, between for GQA)
  int64_t head_dim = 0;      // d (usually h / n_h)
  int64_t intermediate = 0;  // ff
  int64_t vocab = 0;         // V
  MlpKind mlp = MlpKind::kGated;
  NormKind norm = NormKind::kRmsNorm;
  bool tied_embeddings = false;  // LM head shares the token embedding matrix
  bool qkv_bias = false;         // biases on q, k, v (Qwen2, GPT-2, BERT)
  bool out_bias = false;         // bias on the attention output projection (GPT-2, BERT)
  bool mlp_bias = false;         // biases on the MLP matrices (GPT-2, BERT)
  int64_t max_positions = 0;     // learned position embeddings (GPT-2 1024, BERT 512); 0 = rotary
  int64_t type_vocab = 0;        // BERT token-type embeddings (2)
  bool pooler = false;           // BERT pooler (h² + h)
  int64_t sliding_window = 0;    // attention window in tokens (Mistral-7B-v0.1: 4096); 0 = none
  int64_t max_context = 0;       // trained context length (informational; 0 = unknown)
  int64_t sliding_layers = -1;   // layers that use the window (gpt-oss: every other one); -1 = all
  bool attention_sinks = false;  // gpt-oss: one learned sink logit per head and layer
  // Mixture of experts (0 experts = dense). config.json names: Mixtral/gpt-oss num_local_experts,
  // Qwen-MoE num_experts, DeepSeek n_routed_experts; num_experts_per_tok (gpt-oss also
  // experts_per_token); Qwen shared_expert_intermediate_size, DeepSeek n_shared_experts;
  // Qwen/DeepSeek moe_intermediate_size (Mixtral/gpt-oss: intermediate_size); DeepSeek first_k_dense_replace.
  int64_t experts = 0;              // routed experts per MoE layer
  int64_t experts_per_token = 0;    // routed experts each token uses (top-k)
  int64_t shared_experts = 0;       // experts every token uses (DeepSeek n_shared_experts; Qwen: 1)
  int64_t expert_intermediate = 0;  // FFN width of one routed expert
  int64_t shared_intermediate = 0;  // FFN width of one shared expert
  int64_t dense_layers = 0;         // leading layers with a dense MLP of width `intermediate`
  bool router_bias = false;         // gpt-oss: the router Linear has a bias
  bool expert_bias = false;         // gpt-oss: biases on every expert's matrices
  bool shared_expert_gate = false;  // Qwen2-MoE: a Linear(h, 1) gating the shared expert
  std::string expert_dtype;  // how the checkpoint stores the routed experts ("mxfp4" for gpt-oss); "" = as the rest
};

// Limits that keep every product inside int64 and flag absurd shapes.
inline constexpr int64_t kMaxDim = int64_t{1} << 20;  // hidden, intermediate, head_dim, heads
inline constexpr int64_t kMaxLayers = 10000;
inline constexpr int64_t kMaxVocab = int64_t{1} << 24;  // 16.7 M tokens
inline constexpr double kMaxParams = 1e14;              // 100 trillion: beyond anything trained

struct ParamCount {
  int64_t embedding = 0;            // token (+ position + token-type) embeddings (+ BERT embedding LayerNorm)
  int64_t attention_per_layer = 0;  // q, k, v, o weights and biases
  int64_t mlp_per_layer = 0;        // MLP weights and biases
  int64_t norms_per_layer = 0;      // the two norms of a block
  int64_t per_layer = 0;            // attention + mlp + norms
  int64_t layers_total = 0;         // L × per_layer
  int64_t final_norm = 0;
  int64_t lm_head = 0;  // 0 when tied (or an encoder)
  int64_t pooler = 0;
  int64_t total = 0;
  int64_t block_linear_weights = 0;  // weight matrices inside the blocks (what LoRA/QLoRA target), all layers
  int64_t matrix_weights = 0;        // every 2-D weight incl. embeddings and LM head (what GGUF files quantize)
  int64_t matrix_count = 0;          // how many 2-D weight tensors there are (per-tensor scales: one each)
  int64_t expert_weights = 0;        // routed experts' weight matrices, all layers (MoE; stored in expert_dtype)
  int64_t expert_biases = 0;         // routed experts' biases, all layers
  int64_t active = 0;                // parameters a token uses: all but the routed experts it is not sent to
                                     //   (embedding included, as Mistral counts Mixtral's 12.9 B; = total when dense)
  int64_t moe_layers = 0;
};

// The attention layout named from the head counts, for formulas and solutions:
// "multi-head attention (MHA): 32 query heads, each with its own key/value head",
// "grouped-query attention (GQA): 8 key/value heads, each shared by a group of 4 of the 32 query heads",
// "multi-query attention (MQA): one key/value head shared by all 71 query heads".
std::string AttentionKindText(const Architecture& a);
const char* AttentionKindShort(const Architecture& a);  // "MHA", "GQA", "MQA"

// Checks the shape (positive sizes within limits, head_dim × heads consistent with GQA grouping).
// Returns "" if fine, else one message naming the field ("kv_heads (5) must divide heads (32)").
std::string ValidateArchitecture(const Architecture& a);

// Exact parameter count of a valid architecture (call ValidateArchitecture first; invalid → zeros).
ParamCount CountParams(const Architecture& a);

// A formula string with the numbers substituted, e.g.
// "V·h 32000×4096 + L·(attn 67108864 + mlp 135266304 + norms 8192) 32×202383360 + ...".
std::string ParamFormula(const Architecture& a, const ParamCount& c);

struct Preset {
  const char* name;    // "llama-2-7b"
  const char* label;   // "Llama-2-7B"
  const char* source;  // where the numbers come from ("meta-llama/Llama-2-7b-hf config.json")
  Architecture arch;
};

// The built-in presets: gpt2, bert-base-uncased, llama-2-7b, llama-2-13b, llama-2-70b, llama-3-8b,
// llama-3-70b, mistral-7b, qwen2.5-7b.
const std::vector<Preset>& Presets();
const Preset* FindPreset(std::string_view name);  // case-insensitive; nullptr if unknown
std::string PresetNames();                        // "gpt2, bert-base-uncased, ..." for messages

struct ArchitectureParse {
  bool ok = false;
  Architecture arch;
  std::string error;               // what is missing or odd, naming the field
  std::vector<std::string> notes;  // defaults applied ("num_key_value_heads missing: using 32 (MHA)")
};

// Parses a Hugging Face config.json text. model_type selects the field names: llama, mistral,
// qwen2 (Llama-like), gpt2, bert; other model types with Llama-style fields are read as Llama-like
// with a note. JSON syntax errors give line and column; wrong types and impossible values name the field.
// Texts over kMaxConfigBytes are refused with a message (real config.json files are a few KB).
inline constexpr size_t kMaxConfigBytes = 1u << 20;
ArchitectureParse ParseHfConfig(std::string_view text);

}  // namespace bw::memory
