// Mixture-of-experts counts against the published figures and config.json files.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/memory/architecture.h"
#include "core/memory/estimate.h"

using namespace bw::memory;

namespace {
std::string Read(const char* name) {
  std::ifstream f(std::string(BW_SOURCE_DIR) + "/tests/data/memory/" + name);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
}  // namespace

TEST_CASE("Mixtral-8x7B: 46.7 B resident, 12.9 B active (Mistral's figures), exact from config.json") {
  // By hand from mistralai/Mixtral-8x7B-v0.1 config.json: per layer attention 4096·4096·2 + 4096·1024·2
  // = 41,943,040; router 4096·8 = 32,768; experts 8·3·4096·14336 = 1,409,286,144; norms 8192.
  // Total 32·1,451,270,144 + 2·32000·4096 + 4096 = 46,702,792,704.
  // Active: 2 experts → 32·(41,943,040 + 32,768 + 352,321,536 + 8192) + 262,148,096 = 12,879,925,248.
  ArchitectureParse r = ParseHfConfig(Read("mixtral-8x7b.config.json"));
  REQUIRE_MESSAGE(r.ok, r.error);
  ParamCount c = CountParams(r.arch);
  CHECK(c.total == 46702792704);
  CHECK(c.active == 12879925248);
  CHECK(CountParams(FindPreset("mixtral-8x7b")->arch).total == c.total);
  Scenario s;
  Estimate e = EstimateMemory(ModelFromArch(r.arch), s);
  REQUIRE(e.ok);
  CHECK(e.params == 46702792704.0);
  CHECK(e.active_params == 12879925248.0);
  CHECK(e.items[0].bytes == 2 * 46702792704.0);  // every expert is resident in BF16: 93.4 GB, not 14.5 GB
}

TEST_CASE("gpt-oss-20b: 20.91 B total, 3.61 B active without the embedding (model card), experts in MXFP4") {
  // OpenAI gpt-oss model card (arXiv:2508.10925, Table 1): 20.91 B total, 3.61 B active.
  // HF modeling_gpt_oss: q/k/v/o with biases, 64 sinks, router Linear(2880, 32) + bias, experts
  // gate_up [32, 2880, 5760] + bias [32, 5760], down [32, 2880, 2880] + bias [32, 2880].
  ArchitectureParse r = ParseHfConfig(Read("gpt-oss-20b.config.json"));
  REQUIRE_MESSAGE(r.ok, r.error);
  ParamCount c = CountParams(r.arch);
  CHECK(c.total == 20914757184);
  const int64_t embedding = 201088LL * 2880;
  CHECK(c.active - embedding == 3608307264);  // the card's 3.61 B leaves the embedding lookup out
  CHECK(r.arch.expert_dtype == "mxfp4");
  CHECK(r.arch.sliding_layers == 12);
  CHECK(CountParams(FindPreset("gpt-oss-20b")->arch).total == c.total);
  Scenario s;
  Estimate e = EstimateMemory(ModelFromArch(r.arch), s);
  REQUIRE(e.ok);
  // Experts 24·32·(2880·5760 + 2880·2880) = 19,110,297,600 × 4.25 bits (OCP MX: 32 FP4 + E8M0) + the rest in BF16.
  const double experts = 19110297600.0;
  CHECK(e.items[0].bytes == doctest::Approx(experts * 4.25 / 8 + (20914757184.0 - experts) * 2));
  // The model card's checkpoint size: 12.8 GiB.
  CHECK(e.items[0].bytes / 1073741824.0 == doctest::Approx(12.8).epsilon(0.01));
  // KV cache: 12 full layers keep every token, 12 sliding layers 128: 2·8·64·2 B·(12·4096 + 12·128).
  s.seq_len = 4096;
  e = EstimateMemory(ModelFromArch(r.arch), s);
  double kv = 0;
  for (const Item& it : e.items)
    if (it.name == "kv_cache") kv = it.bytes;
  CHECK(kv == 2.0 * 8 * 64 * 2 * (12 * 4096 + 12 * 128));
}

TEST_CASE("configs with keys the engine does not model are refused, naming the key") {
  struct Case {
    const char* json;
    const char* key;
  } cases[] = {
      {R"({"model_type":"deepseek_v3","hidden_size":7168,"num_hidden_layers":61,"num_attention_heads":128,"intermediate_size":18432,
           "vocab_size":129280,"n_routed_experts":256,"num_experts_per_tok":8,"moe_intermediate_size":2048,"n_shared_experts":1,
           "first_k_dense_replace":3,"kv_lora_rank":512,"q_lora_rank":1536,"qk_rope_head_dim":64})",
       "kv_lora_rank"},
      {R"({"model_type":"llava","vision_config":{"hidden_size":1024},"text_config":{"model_type":"llama","hidden_size":4096,
           "num_hidden_layers":32,"num_attention_heads":32,"intermediate_size":11008,"vocab_size":32064}})",
       "vision_config"},
      {R"({"model_type":"qwen2_moe","hidden_size":2048,"num_hidden_layers":24,"num_attention_heads":16,"intermediate_size":5632,
           "vocab_size":151936,"num_experts":60,"num_experts_per_tok":4,"moe_intermediate_size":1408,"decoder_sparse_step":2})",
       "decoder_sparse_step"},
  };
  for (const Case& k : cases) {
    ArchitectureParse r = ParseHfConfig(k.json);
    CAPTURE(k.key);
    CHECK_FALSE(r.ok);
    CHECK(r.error.find(k.key) != std::string::npos);
  }
}

TEST_CASE("Qwen1.5-MoE-A2.7B: routed, shared and gated experts from config.json names") {
  // Qwen/Qwen1.5-MoE-A2.7B config.json; published as 14.3 B total, 2.7 B activated (model card).
  ArchitectureParse r = ParseHfConfig(
      R"({"model_type":"qwen2_moe","hidden_size":2048,"num_hidden_layers":24,"num_attention_heads":16,"num_key_value_heads":16,
          "intermediate_size":5632,"vocab_size":151936,"num_experts":60,"num_experts_per_tok":4,"moe_intermediate_size":1408,
          "shared_expert_intermediate_size":5632,"decoder_sparse_step":1,"tie_word_embeddings":false})");
  REQUIRE_MESSAGE(r.ok, r.error);
  ParamCount c = CountParams(r.arch);
  CHECK(c.total / 1e9 == doctest::Approx(14.3).epsilon(0.01));
  CHECK((c.active - 151936LL * 2048 * 2) / 1e9 ==
        doctest::Approx(2.0).epsilon(0.05));  // 2.0 B non-embedding (model card)
}
