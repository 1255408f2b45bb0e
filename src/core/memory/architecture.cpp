// Architectures: validation, exact parameter counts, presets, Hugging Face config.json import.
#include "core/memory/architecture.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/util/json.h"
#include "core/util/text.h"

namespace bw::memory {

// =============================================================================================
// [SECTION] Validation and counting

std::string ValidateArchitecture(const Architecture& a) {
  auto range = [](const char* field, int64_t v, int64_t lo, int64_t hi) -> std::string {
    if (v < lo)
      return std::string(field) + " must be at least " + std::to_string(lo) + " (got " + std::to_string(v) + ")";
    if (v > hi)
      return std::string(field) + " = " + std::to_string(v) + " is absurdly large (limit " + std::to_string(hi) + ")";
    return "";
  };
  std::string e;
  if (!(e = range("layers", a.layers, 1, kMaxLayers)).empty()) return e;
  if (!(e = range("hidden", a.hidden, 1, kMaxDim)).empty()) return e;
  if (!(e = range("heads", a.heads, 1, kMaxDim)).empty()) return e;
  if (!(e = range("kv_heads", a.kv_heads, 1, kMaxDim)).empty()) return e;
  if (!(e = range("head_dim", a.head_dim, 1, kMaxDim)).empty()) return e;
  if (!(e = range("intermediate", a.intermediate, 1, kMaxDim)).empty()) return e;
  if (!(e = range("vocab", a.vocab, 1, kMaxVocab)).empty()) return e;
  if (!(e = range("max_positions", a.max_positions, 0, kMaxDim)).empty()) return e;
  if (!(e = range("type_vocab", a.type_vocab, 0, kMaxVocab)).empty()) return e;
  if (!(e = range("sliding_window", a.sliding_window, 0, int64_t{1} << 40)).empty()) return e;
  if (a.experts > 0) {
    if (!(e = range("experts_per_token", a.experts_per_token, 1, a.experts)).empty()) return e;
    if (!(e = range("expert_intermediate", a.expert_intermediate, 1, kMaxDim)).empty()) return e;
    if (!(e = range("experts", a.experts, 1, 65536)).empty()) return e;
    if (!(e = range("shared_experts", a.shared_experts, 0, 1024)).empty()) return e;
    if (a.shared_experts > 0 && !(e = range("shared_intermediate", a.shared_intermediate, 1, kMaxDim)).empty())
      return e;
    if (!(e = range("dense_layers", a.dense_layers, 0, a.layers)).empty()) return e;
  }
  if (a.sliding_layers > a.layers)
    return "sliding_layers (" + std::to_string(a.sliding_layers) + ") cannot exceed layers";
  if (a.kv_heads > a.heads)
    return "kv_heads (" + std::to_string(a.kv_heads) + ") cannot exceed heads (" + std::to_string(a.heads) + ")";
  if (a.heads % a.kv_heads != 0)
    return "kv_heads (" + std::to_string(a.kv_heads) + ") must divide heads (" + std::to_string(a.heads) +
           "): each key/value head serves a whole group of query heads";
  if (a.heads * a.head_dim > kMaxDim)
    return "heads × head_dim = " + std::to_string(a.heads * a.head_dim) + " is absurdly large";
  // Rough total in double (cannot overflow) before the exact int64 count.
  double h = static_cast<double>(a.hidden), L = static_cast<double>(a.layers);
  double rough = 2 * static_cast<double>(a.vocab) * h +
                 L * (4 * h * static_cast<double>(a.heads * a.head_dim) + 3 * h * static_cast<double>(a.intermediate)) +
                 L * 3 * h *
                     (static_cast<double>(a.experts) * static_cast<double>(a.expert_intermediate) +
                      static_cast<double>(a.shared_experts) * static_cast<double>(a.shared_intermediate));
  if (rough > kMaxParams)
    return "this shape has about " + json::FormatNumber(std::round(rough / 1e12)) +
           " trillion parameters: beyond any trained model (limit 1e14); check layers/hidden/intermediate";
  return "";
}

ParamCount CountParams(const Architecture& a) {
  ParamCount c;
  if (!ValidateArchitecture(a).empty()) return c;
  const int64_t h = a.hidden, V = a.vocab, q_dim = a.heads * a.head_dim, kv_dim = a.kv_heads * a.head_dim;
  const int64_t norm = a.norm == NormKind::kLayerNorm ? 2 * h : h;
  c.embedding = V * h + a.max_positions * h + a.type_vocab * h;
  if (a.kind == ArchKind::kEncoder) c.embedding += norm;  // BERT's LayerNorm after the embeddings
  const int64_t attn_weights = h * q_dim + 2 * h * kv_dim + q_dim * h;
  c.attention_per_layer = attn_weights + (a.qkv_bias ? q_dim + 2 * kv_dim : 0) + (a.out_bias ? h : 0);
  const int64_t mlp_matrices = a.mlp == MlpKind::kGated ? 3 : 2;
  const int64_t mlp_weights = mlp_matrices * h * a.intermediate;
  const int64_t dense_mlp = mlp_weights + (a.mlp_bias ? (mlp_matrices - 1) * a.intermediate + h : 0);
  c.norms_per_layer = 2 * norm;
  if (a.attention_sinks) c.attention_per_layer += a.heads;
  int64_t layers_total = 0, active_layers = 0;
  if (a.experts == 0) {
    c.mlp_per_layer = dense_mlp;
    c.per_layer = c.attention_per_layer + c.mlp_per_layer + c.norms_per_layer;
    layers_total = active_layers = a.layers * c.per_layer;
    c.block_linear_weights = a.layers * (attn_weights + mlp_weights);
  } else {
    // An MoE layer: router h·E (+E), E routed experts of width ffe (each gate, up, down), S shared experts.
    const int64_t E = a.experts, ffe = a.expert_intermediate, ffs = a.shared_intermediate;
    const int64_t expert_w = mlp_matrices * h * ffe, expert_b = a.expert_bias ? (mlp_matrices - 1) * ffe + h : 0;
    const int64_t router = h * E + (a.router_bias ? E : 0);
    const int64_t shared = a.shared_experts * mlp_matrices * h * ffs + (a.shared_expert_gate ? h : 0);
    const int64_t moe_mlp = router + E * (expert_w + expert_b) + shared;
    const int64_t moe_active = router + a.experts_per_token * (expert_w + expert_b) + shared;
    c.moe_layers = a.layers - a.dense_layers;
    c.mlp_per_layer = moe_mlp;
    c.per_layer = c.attention_per_layer + moe_mlp + c.norms_per_layer;
    layers_total =
        c.moe_layers * c.per_layer + a.dense_layers * (c.attention_per_layer + dense_mlp + c.norms_per_layer);
    active_layers = c.moe_layers * (c.attention_per_layer + moe_active + c.norms_per_layer) +
                    a.dense_layers * (c.attention_per_layer + dense_mlp + c.norms_per_layer);
    c.expert_weights = c.moe_layers * E * expert_w;
    c.expert_biases = c.moe_layers * E * expert_b;
    c.block_linear_weights = a.layers * attn_weights + a.dense_layers * mlp_weights +
                             c.moe_layers * (h * E + E * expert_w + a.shared_experts * mlp_matrices * h * ffs);
  }
  c.layers_total = layers_total;
  c.final_norm = a.kind == ArchKind::kDecoder ? norm : 0;
  c.lm_head = (a.kind == ArchKind::kDecoder && !a.tied_embeddings) ? V * h : 0;
  c.pooler = a.pooler ? h * h + h : 0;
  c.total = c.embedding + c.layers_total + c.final_norm + c.lm_head + c.pooler;
  c.active = c.embedding + active_layers + c.final_norm + c.lm_head + c.pooler;
  c.matrix_weights =
      c.block_linear_weights + V * h + a.max_positions * h + a.type_vocab * h + c.lm_head + (a.pooler ? h * h : 0);
  c.matrix_count = a.layers * 4 + a.dense_layers * mlp_matrices + 1 + (a.max_positions > 0) + (a.type_vocab > 0) +
                   (c.lm_head > 0) + a.pooler;
  if (a.experts == 0)
    c.matrix_count += a.layers * mlp_matrices;
  else
    c.matrix_count += c.moe_layers * (1 + (a.experts + a.shared_experts) * mlp_matrices);
  return c;
}

const char* AttentionKindShort(const Architecture& a) {
  if (a.kv_heads == a.heads) return "MHA";
  if (a.kv_heads == 1) return "MQA";
  return "GQA";
}

std::string AttentionKindText(const Architecture& a) {
  const std::string nh = std::to_string(a.heads), nkv = std::to_string(a.kv_heads);
  if (a.kv_heads == a.heads)
    return "multi-head attention (MHA): " + nh + " query heads, each with its own key/value head";
  if (a.kv_heads == 1) return "multi-query attention (MQA): one key/value head shared by all " + nh + " query heads";
  return "grouped-query attention (GQA): " + nkv + " key/value heads, each shared by a group of " +
         std::to_string(a.heads / std::max<int64_t>(a.kv_heads, 1)) + " of the " + nh + " query heads";
}

std::string ParamFormula(const Architecture& a, const ParamCount& c) {
  auto n = [](int64_t v) { return std::to_string(v); };
  std::string s = "embeddings " + n(c.embedding) + " + L·(attention " + n(c.attention_per_layer) + " + " +
                  (a.experts > 0 ? "MoE " + n(a.experts) + " experts + router" : std::string("MLP")) + " " +
                  n(c.mlp_per_layer) + " + norms " + n(c.norms_per_layer) + ") = " + n(a.layers - a.dense_layers) +
                  "×" + n(c.per_layer);
  if (a.dense_layers > 0) s += " + " + n(a.dense_layers) + " dense layers";
  if (c.final_norm) s += " + final norm " + n(c.final_norm);
  if (c.lm_head) s += " + LM head V·h " + n(a.vocab) + "×" + n(a.hidden);
  if (a.kind == ArchKind::kDecoder && a.tied_embeddings) s += " (LM head tied to the embedding)";
  if (c.pooler) s += " + pooler " + n(c.pooler);
  s += " = " + n(c.total);
  if (a.experts > 0)
    s += "; active per token (" + n(a.experts_per_token) + " of " + n(a.experts) + " experts) " + n(c.active);
  return s;
}

// =============================================================================================
// [SECTION] Presets (values from each model's config.json on the Hugging Face Hub)

namespace {

Architecture Llama(const char* name, int64_t L, int64_t h, int64_t heads, int64_t kv, int64_t ff, int64_t V,
                   int64_t context) {
  Architecture a;
  a.name = name;
  a.layers = L;
  a.hidden = h;
  a.heads = heads;
  a.kv_heads = kv;
  a.head_dim = h / heads;
  a.intermediate = ff;
  a.vocab = V;
  a.max_context = context;
  return a;
}

Architecture Gpt2() {
  Architecture a = Llama("gpt2", 12, 768, 12, 12, 3072, 50257, 1024);
  a.mlp = MlpKind::kPlain;
  a.norm = NormKind::kLayerNorm;
  a.tied_embeddings = true;
  a.qkv_bias = a.out_bias = a.mlp_bias = true;
  a.max_positions = 1024;
  return a;
}

Architecture Bert() {
  Architecture a = Gpt2();
  a.name = "bert-base-uncased";
  a.kind = ArchKind::kEncoder;
  a.vocab = 30522;
  a.max_positions = 512;
  a.max_context = 512;
  a.type_vocab = 2;
  a.pooler = true;
  a.tied_embeddings = false;
  return a;
}

std::vector<Preset> MakePresets() {
  std::vector<Preset> p;
  p.push_back({"gpt2", "GPT-2 (124M)", "openai-community/gpt2 config.json", Gpt2()});
  p.push_back({"bert-base-uncased", "BERT-base (uncased)", "google-bert/bert-base-uncased config.json", Bert()});
  p.push_back({"llama-2-7b", "Llama-2-7B", "meta-llama/Llama-2-7b-hf config.json",
               Llama("llama-2-7b", 32, 4096, 32, 32, 11008, 32000, 4096)});
  p.push_back({"llama-2-13b", "Llama-2-13B", "meta-llama/Llama-2-13b-hf config.json",
               Llama("llama-2-13b", 40, 5120, 40, 40, 13824, 32000, 4096)});
  p.push_back({"llama-2-70b", "Llama-2-70B", "meta-llama/Llama-2-70b-hf config.json",
               Llama("llama-2-70b", 80, 8192, 64, 8, 28672, 32000, 4096)});
  p.push_back({"llama-3-8b", "Llama-3-8B", "meta-llama/Meta-Llama-3-8B config.json",
               Llama("llama-3-8b", 32, 4096, 32, 8, 14336, 128256, 8192)});
  p.push_back({"llama-3-70b", "Llama-3-70B", "meta-llama/Meta-Llama-3-70B config.json",
               Llama("llama-3-70b", 80, 8192, 64, 8, 28672, 128256, 8192)});
  Architecture mistral = Llama("mistral-7b", 32, 4096, 32, 8, 14336, 32000, 32768);
  mistral.sliding_window = 4096;
  p.push_back({"mistral-7b", "Mistral-7B-v0.1", "mistralai/Mistral-7B-v0.1 config.json", mistral});
  Architecture qwen = Llama("qwen2.5-7b", 28, 3584, 28, 4, 18944, 152064, 131072);
  qwen.qkv_bias = true;  // Qwen2 attention: q/k/v projections with bias, o without
  p.push_back({"qwen2.5-7b", "Qwen2.5-7B", "Qwen/Qwen2.5-7B config.json", qwen});
  // mistralai/Mixtral-8x7B-v0.1 config.json: 32 layers, hidden 4096, 32 heads, 8 KV heads,
  // intermediate_size 14336 per expert, num_local_experts 8, num_experts_per_tok 2, vocab 32000,
  // max_position_embeddings 32768, untied (also Lightning-AI/litgpt config.py "Mixtral-8x7B-{}v0.1").
  Architecture mixtral = Llama("mixtral-8x7b", 32, 4096, 32, 8, 14336, 32000, 32768);
  mixtral.experts = 8;
  mixtral.experts_per_token = 2;
  mixtral.expert_intermediate = 14336;
  p.push_back({"mixtral-8x7b", "Mixtral-8x7B", "mistralai/Mixtral-8x7B-v0.1 config.json", mixtral});
  // openai/gpt-oss-20b config.json: 24 layers, hidden 2880, 64 heads of 64, 8 KV heads, 32 local
  // experts of width 2880, 4 per token, vocab 201088, attention_bias, sliding_window 128 on every
  // other layer (layer_types), quantization_config quant_method mxfp4 for the experts; HF
  // modeling_gpt_oss.py adds router and expert biases and one attention sink per head.
  Architecture oss = Llama("gpt-oss-20b", 24, 2880, 64, 8, 2880, 201088, 131072);
  oss.head_dim = 64;
  oss.qkv_bias = oss.out_bias = true;
  oss.sliding_window = 128;
  oss.sliding_layers = 12;
  oss.attention_sinks = true;
  oss.experts = 32;
  oss.experts_per_token = 4;
  oss.expert_intermediate = 2880;
  oss.router_bias = oss.expert_bias = true;
  oss.expert_dtype = "mxfp4";
  p.push_back({"gpt-oss-20b", "gpt-oss-20b", "openai/gpt-oss-20b config.json", oss});
  return p;
}

}  // namespace

const std::vector<Preset>& Presets() {
  static const std::vector<Preset> presets = MakePresets();
  return presets;
}

const Preset* FindPreset(std::string_view name) {
  std::string key = Lower(name);
  for (const Preset& p : Presets())
    if (key == p.name) return &p;
  return nullptr;
}

std::string PresetNames() {
  std::string s;
  for (const Preset& p : Presets()) s += (s.empty() ? "" : ", ") + std::string(p.name);
  return s;
}

// =============================================================================================
// [SECTION] Hugging Face config.json import

namespace {

// Reads fields of one JSON object, recording the first problem with the field's name.
class FieldReader {
 public:
  FieldReader(const json::Object& o, std::string family, ArchitectureParse& out)
      : o_(o), family_(std::move(family)), out_(out) {}

  const json::Value* Find(const char* key) const { return o_.Find(key); }

  bool Has(const char* key) const {
    const json::Value* v = o_.Find(key);
    return v && !v->IsNull();
  }

  // A positive whole number. Missing: `fallback` with a note if fallback > 0, else an error.
  int64_t Int(const char* key, int64_t fallback = -1, const char* why = nullptr, int64_t min = 1) {
    if (!error().empty()) return 0;
    const json::Value* v = o_.Find(key);
    if (!v || v->IsNull()) {
      if (fallback >= 0) {
        if (why)
          out_.notes.push_back(std::string(key) + " missing: using " + std::to_string(fallback) + " (" + why + ")");
        return fallback;
      }
      Fail("missing field '" + std::string(key) + "' (needed for " + family_ + " configs)");
      return 0;
    }
    if (!v->IsNumber()) {
      Fail("field '" + std::string(key) + "' must be a number, got " + json::TypeName(v->type()) +
           (v->IsString() ? " \"" + v->AsString() + "\"" : ""));
      return 0;
    }
    double d = v->AsNumber();
    if (d != std::floor(d) || !std::isfinite(d)) {
      Fail("field '" + std::string(key) + "' must be a whole number, got " + json::FormatNumber(d));
      return 0;
    }
    if (d < static_cast<double>(min)) {
      Fail("field '" + std::string(key) + "' must be at least " + std::to_string(min) + ", got " +
           json::FormatNumber(d));
      return 0;
    }
    if (d > 1e15) {
      Fail("field '" + std::string(key) + "' = " + json::FormatNumber(d) + " is absurdly large");
      return 0;
    }
    return static_cast<int64_t>(d);
  }

  bool Bool(const char* key, bool fallback, const char* why = nullptr) {
    if (!error().empty()) return fallback;
    const json::Value* v = o_.Find(key);
    if (!v || v->IsNull()) {
      if (why)
        out_.notes.push_back(std::string(key) + " missing: using " + (fallback ? "true" : "false") + " (" + why + ")");
      return fallback;
    }
    if (!v->IsBool()) {
      Fail("field '" + std::string(key) + "' must be true or false, got " + json::TypeName(v->type()));
      return fallback;
    }
    return v->AsBool();
  }

  void Fail(const std::string& message) {
    if (out_.error.empty()) out_.error = message;
  }
  const std::string& error() const { return out_.error; }

 private:
  const json::Object& o_;
  std::string family_;
  ArchitectureParse& out_;
};

void ReadGpt2(FieldReader& f, Architecture& a) {
  a.name = "gpt2";
  a.hidden = f.Int("n_embd");
  a.layers = f.Int("n_layer");
  a.heads = f.Int("n_head");
  a.vocab = f.Int("vocab_size");
  a.max_positions = f.Int("n_positions", 1024, "GPT-2's default");
  a.intermediate = f.Has("n_inner") ? f.Int("n_inner") : 4 * a.hidden;  // null means 4h in GPT2Config
  a.kv_heads = a.heads;
  a.head_dim = a.heads > 0 ? a.hidden / a.heads : 0;
  a.mlp = MlpKind::kPlain;
  a.norm = NormKind::kLayerNorm;
  a.qkv_bias = a.out_bias = a.mlp_bias = true;
  a.tied_embeddings = f.Bool("tie_word_embeddings", true);
  a.max_context = a.max_positions;
  if (f.error().empty() && a.heads > 0 && a.hidden % a.heads != 0)
    f.Fail("n_embd (" + std::to_string(a.hidden) + ") must be divisible by n_head (" + std::to_string(a.heads) + ")");
}

void ReadBert(FieldReader& f, Architecture& a) {
  a.name = "bert";
  a.kind = ArchKind::kEncoder;
  a.hidden = f.Int("hidden_size");
  a.layers = f.Int("num_hidden_layers");
  a.heads = f.Int("num_attention_heads");
  a.intermediate = f.Int("intermediate_size");
  a.vocab = f.Int("vocab_size");
  a.max_positions = f.Int("max_position_embeddings", 512, "BERT's default");
  a.type_vocab = f.Int("type_vocab_size", 2, "BERT's default", 0);
  a.kv_heads = a.heads;
  a.head_dim = a.heads > 0 ? a.hidden / a.heads : 0;
  a.mlp = MlpKind::kPlain;
  a.norm = NormKind::kLayerNorm;
  a.qkv_bias = a.out_bias = a.mlp_bias = true;
  a.pooler = true;
  a.max_context = a.max_positions;
  if (f.error().empty() && a.heads > 0 && a.hidden % a.heads != 0)
    f.Fail("hidden_size (" + std::to_string(a.hidden) + ") must be divisible by num_attention_heads (" +
           std::to_string(a.heads) + ")");
}

void ReadLlamaLike(FieldReader& f, Architecture& a, const std::string& type) {
  a.name = type;
  a.hidden = f.Int("hidden_size");
  a.layers = f.Int("num_hidden_layers");
  a.heads = f.Int("num_attention_heads");
  a.intermediate = f.Int("intermediate_size");
  a.vocab = f.Int("vocab_size");
  if (!f.error().empty()) return;
  a.kv_heads = f.Int("num_key_value_heads", a.heads, "no GQA: one key/value head per query head");
  if (f.Has("head_dim")) {
    a.head_dim = f.Int("head_dim");
  } else {
    if (a.hidden % a.heads != 0) {
      f.Fail("hidden_size (" + std::to_string(a.hidden) + ") is not divisible by num_attention_heads (" +
             std::to_string(a.heads) + ") and there is no 'head_dim' field");
      return;
    }
    a.head_dim = a.hidden / a.heads;
  }
  a.tied_embeddings = f.Bool("tie_word_embeddings", false, "Llama-style configs default to an untied LM head");
  const bool qwen2 = type == "qwen2" || type == "qwen2_moe";
  a.qkv_bias = qwen2 ? true : f.Bool("attention_bias", false);
  a.out_bias = qwen2 ? false : a.qkv_bias;
  a.mlp_bias = f.Bool("mlp_bias", false);
  a.max_context = f.Has("max_position_embeddings") ? f.Int("max_position_embeddings") : 0;
  bool window_used =
      type == "qwen2" || type == "qwen2_moe" || type == "qwen3_moe" ? f.Bool("use_sliding_window", false) : true;
  if (window_used && f.Has("sliding_window")) a.sliding_window = f.Int("sliding_window");
  if (!f.error().empty()) return;
  // Mixture of experts, under each family's names.
  const char* experts_key = f.Has("num_local_experts")  ? "num_local_experts"
                            : f.Has("num_experts")      ? "num_experts"
                            : f.Has("n_routed_experts") ? "n_routed_experts"
                                                        : nullptr;
  if (experts_key) {
    a.experts = f.Int(experts_key);
    a.experts_per_token = f.Has("num_experts_per_tok") ? f.Int("num_experts_per_tok") : f.Int("experts_per_token");
    a.expert_intermediate = f.Has("moe_intermediate_size") ? f.Int("moe_intermediate_size") : a.intermediate;
    if (f.Has("shared_expert_intermediate_size")) {  // Qwen2-MoE: one shared expert of this width, gated
      a.shared_intermediate = f.Int("shared_expert_intermediate_size", -1, nullptr, 0);
      a.shared_experts = a.shared_intermediate > 0 ? 1 : 0;
      a.shared_expert_gate = a.shared_experts > 0;
    }
    if (f.Has("n_shared_experts")) {  // DeepSeek: n shared experts of the routed width
      a.shared_experts = f.Int("n_shared_experts", -1, nullptr, 0);
      a.shared_intermediate = a.expert_intermediate;
    }
    if (f.Has("first_k_dense_replace")) a.dense_layers = f.Int("first_k_dense_replace", -1, nullptr, 0);
    if (type == "gpt_oss") {
      a.router_bias = a.expert_bias = true;
      a.attention_sinks = true;
      a.qkv_bias = a.out_bias = f.Bool("attention_bias", true);
    }
  }
  // gpt-oss alternates sliding and full attention: count the sliding layers from layer_types.
  if (const json::Value* lt = f.Find("layer_types"); lt && lt->IsArray()) {
    int64_t sliding = 0;
    for (const json::Value& v : lt->AsArray()) sliding += v.IsString() && v.AsString() == "sliding_attention";
    if (a.sliding_window > 0) a.sliding_layers = sliding;
  }
  // The experts' storage format as shipped (gpt-oss: MXFP4).
  if (const json::Value* q = f.Find("quantization_config"); q && q->IsObject()) {
    const json::Value* m = q->AsObject().Find("quant_method");
    std::string method = m && m->IsString() ? Lower(m->AsString()) : "";
    if (method == "mxfp4" && a.experts > 0) a.expert_dtype = "mxfp4";
  }
}

// Keys that change the parameter count or the cache in ways this engine does not model: the
// import is refused with the key named rather than answered with a confident wrong number.
std::string UnmodeledKey(const json::Object& o) {
  struct Rule {
    const char* key;
    const char* why;
  };
  static const Rule kRules[] = {
      {"kv_lora_rank",
       "multi-head latent attention (DeepSeek MLA) compresses the KV cache and splits the attention matrices"},
      {"q_lora_rank", "low-rank query projections (DeepSeek MLA)"},
      {"vision_config", "a vision tower (its parameters are not counted)"},
      {"vision_tower", "a vision tower (its parameters are not counted)"},
      {"audio_config", "an audio encoder (its parameters are not counted)"},
      {"mm_vision_tower", "a vision tower (its parameters are not counted)"},
      {"num_nextn_predict_layers", "extra multi-token-prediction layers"},
      {"moe_layer_freq", "MoE layers interleaved with dense ones"},
      {"cross_attention_layers", "cross-attention layers"},
      {"conv_L_cache", "convolution/recurrent layers (hybrid model)"},
      {"ssm_cfg", "state-space layers (hybrid model)"},
      {"attn_layer_indices", "attention only in some layers (hybrid model)"},
  };
  for (const Rule& r : kRules) {
    const json::Value* v = o.Find(r.key);
    if (!v || v->IsNull()) continue;
    if (v->IsNumber() && v->AsNumber() == 0) continue;
    if (v->IsArray() && v->AsArray().empty()) continue;
    return std::string("config.json has '") + r.key + "': " + r.why +
           ", which this engine does not model; refusing rather than giving a wrong parameter count or cache size";
  }
  if (const json::Value* v = o.Find("mlp_only_layers"); v && v->IsArray() && !v->AsArray().empty())
    return "config.json has a non-empty 'mlp_only_layers' (dense layers among the MoE layers), which this engine does "
           "not model";
  if (const json::Value* v = o.Find("decoder_sparse_step"); v && v->IsNumber() && v->AsNumber() != 1)
    return "config.json has 'decoder_sparse_step' = " + json::FormatNumber(v->AsNumber()) +
           " (MoE only every few layers), which this engine does not model";
  return "";
}

}  // namespace

ArchitectureParse ParseHfConfig(std::string_view text) {
  ArchitectureParse out;
  if (text.size() > kMaxConfigBytes) {
    out.error = "config.json is " + std::to_string(text.size()) + " bytes; configs are limited to " +
                std::to_string(kMaxConfigBytes) + " bytes (1 MiB)";
    return out;
  }
  json::ParseResult parsed = json::Parse(text);
  if (!parsed.ok) {
    out.error = "config.json is not valid JSON: " + parsed.error;
    return out;
  }
  if (!parsed.value.IsObject()) {
    out.error = std::string("config.json must be a JSON object {...}, got ") + json::TypeName(parsed.value.type());
    return out;
  }
  const json::Object* root = &parsed.value.AsObject();
  if (std::string why = UnmodeledKey(*root); !why.empty()) {
    out.error = why;
    return out;
  }
  // Multimodal configs nest the language model under text_config.
  if (!root->Has("hidden_size") && !root->Has("n_embd")) {
    const json::Value* text_config = root->Find("text_config");
    if (text_config && text_config->IsObject()) {
      root = &text_config->AsObject();
      out.notes.push_back("read the language model from 'text_config'");
    }
  }
  std::string type;
  if (const json::Value* t = root->Find("model_type")) {
    if (!t->IsString()) {
      out.error = std::string("field 'model_type' must be a string, got ") + json::TypeName(t->type());
      return out;
    }
    type = Lower(t->AsString());
    if (std::string why = UnmodeledKey(*root); !why.empty()) {
      out.error = why;
      return out;
    }
  } else if (root->Has("n_embd")) {
    type = "gpt2";
    out.notes.push_back("model_type missing: 'n_embd' suggests GPT-2 field names");
  } else if (root->Has("hidden_size")) {
    type = "llama";
    out.notes.push_back("model_type missing: reading Llama-style field names");
  } else {
    out.error =
        "missing field 'model_type' (and neither 'hidden_size' nor 'n_embd' is present): is this a model's "
        "config.json?";
    return out;
  }
  if (type == "gpt2") {
    FieldReader f(*root, "gpt2", out);
    ReadGpt2(f, out.arch);
  } else if (type == "bert") {
    FieldReader f(*root, "bert", out);
    ReadBert(f, out.arch);
  } else {
    if (type != "llama" && type != "mistral" && type != "qwen2" && type != "mixtral" && type != "qwen2_moe" &&
        type != "qwen3_moe" && type != "gpt_oss" && type != "deepseek")
      out.notes.push_back("model_type '" + type +
                          "' is not one of llama, mistral, qwen2, mixtral, qwen2_moe, qwen3_moe, "
                          "gpt_oss, gpt2, bert: read as Llama-like");
    FieldReader f(*root, type, out);
    ReadLlamaLike(f, out.arch, type);
  }
  if (!out.error.empty()) return out;
  std::string invalid = ValidateArchitecture(out.arch);
  if (!invalid.empty()) {
    out.error = "config.json describes an impossible model: " + invalid;
    return out;
  }
  out.ok = true;
  return out;
}

}  // namespace bw::memory
