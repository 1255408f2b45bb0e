// Parameter counts of the presets against published totals, and config.json import.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/memory/architecture.h"

using namespace bw::memory;

namespace {
std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(BW_SOURCE_DIR) + "/tests/data/memory/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

// Published totals (the oracle is the publisher, not our formula):
//   gpt2               124,439,808   GPT2LMHeadModel, tied head; Bytewise issue 5 / HF model page "124M params"
//   bert-base-uncased  109,482,240   BertModel incl. pooler, the figure printed by model.num_parameters()
//                                    in the HF course and many tutorials ("110M" in the BERT paper)
//   llama-2-7b       6,738,415,616   HF safetensors metadata of meta-llama/Llama-2-7b-hf ("6.74B")
//   llama-2-13b     13,015,864,320   HF safetensors metadata of meta-llama/Llama-2-13b-hf ("13B")
//   llama-2-70b     68,976,648,192   HF safetensors metadata of meta-llama/Llama-2-70b-hf ("69B")
//   llama-3-8b       8,030,261,248   HF safetensors metadata of meta-llama/Meta-Llama-3-8B ("8.03B")
//   llama-3-70b     70,553,706,496   HF safetensors metadata of meta-llama/Meta-Llama-3-70B ("70.6B")
//   mistral-7b       7,241,732,096   HF safetensors metadata of mistralai/Mistral-7B-v0.1 ("7.24B")
//   qwen2.5-7b       7,615,616,512   HF safetensors metadata of Qwen/Qwen2.5-7B ("7.62B"; model card:
//                                    "Number of Parameters: 7.61B, Non-Embedding: 6.53B")
TEST_CASE("every preset has its published parameter count, to the parameter") {
  struct Row {
    const char* preset;
    int64_t published;
  };
  const Row rows[] = {
      {"gpt2", 124439808},
      {"bert-base-uncased", 109482240},
      {"llama-2-7b", 6738415616},
      {"llama-2-13b", 13015864320},
      {"llama-2-70b", 68976648192},
      {"llama-3-8b", 8030261248},
      {"llama-3-70b", 70553706496},
      {"mistral-7b", 7241732096},
      {"qwen2.5-7b", 7615616512},
      // Mistral AI, "Mixtral of experts" (2023): 46.7 B total (HF safetensors metadata of
      // mistralai/Mixtral-8x7B-v0.1: 46,702,792,704); OpenAI gpt-oss model card (arXiv:2508.10925
      // Table 1): gpt-oss-20b 20.91 B, counted tensor by tensor from HF modeling_gpt_oss.py shapes.
      {"mixtral-8x7b", 46702792704},
      {"gpt-oss-20b", 20914757184},
  };
  CHECK(Presets().size() == sizeof rows / sizeof rows[0]);
  for (const Row& row : rows) {
    CAPTURE(row.preset);
    const Preset* p = FindPreset(row.preset);
    REQUIRE(p != nullptr);
    CHECK(ValidateArchitecture(p->arch).empty());
    CHECK(CountParams(p->arch).total == row.published);
  }
}

TEST_CASE("GPT-2 matches the closed form V·h + 1024·h + L·(12h² + 13h) + 2h (Transformer Math 101)") {
  const int64_t V = 50257, h = 768, L = 12;
  ParamCount c = CountParams(FindPreset("gpt2")->arch);
  CHECK(c.total == V * h + 1024 * h + L * (12 * h * h + 13 * h) + 2 * h);
  CHECK(c.lm_head == 0);  // tied to wte
}

TEST_CASE("Qwen2.5-7B: q/k/v biases, untied head, and the model card's non-embedding count") {
  ParamCount c = CountParams(FindPreset("qwen2.5-7b")->arch);
  // Model card (huggingface.co/Qwen/Qwen2.5-7B): "Number of Parameters (Non-Embedding): 6.53B".
  double non_embedding = static_cast<double>(c.total - c.embedding - c.lm_head);
  CHECK(non_embedding / 1e9 == doctest::Approx(6.53).epsilon(0.001));
  // Per-layer shapes printed by transformers for Qwen2-7B (q_proj 3584→3584 bias=True, k/v 3584→512
  // bias=True, o_proj bias=False, gate/up 3584→18944, down 18944→3584): weights only, then biases.
  CHECK(c.mlp_per_layer == 3 * 3584 * 18944);
  CHECK(c.attention_per_layer == (3584 * 3584 + 2 * 3584 * 512 + 3584 * 3584) + (3584 + 2 * 512));
  CHECK(c.lm_head == 152064 * 3584);
}

TEST_CASE("config.json files of the Hub give the same architecture and count as the presets") {
  struct Row {
    const char* file;
    const char* preset;
  };
  const Row rows[] = {
      {"llama-2-7b.config.json", "llama-2-7b"},
      {"llama-3-8b.config.json", "llama-3-8b"},
      {"mistral-7b.config.json", "mistral-7b"},
      {"qwen2.5-7b.config.json", "qwen2.5-7b"},
      {"gpt2.config.json", "gpt2"},
      {"bert-base-uncased.config.json", "bert-base-uncased"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.file);
    std::string text = ReadFixture(row.file);
    REQUIRE(!text.empty());
    ArchitectureParse r = ParseHfConfig(text);
    REQUIRE_MESSAGE(r.ok, r.error);
    const Architecture& want = FindPreset(row.preset)->arch;
    CHECK(r.arch.layers == want.layers);
    CHECK(r.arch.hidden == want.hidden);
    CHECK(r.arch.heads == want.heads);
    CHECK(r.arch.kv_heads == want.kv_heads);
    CHECK(r.arch.head_dim == want.head_dim);
    CHECK(r.arch.intermediate == want.intermediate);
    CHECK(r.arch.vocab == want.vocab);
    CHECK(r.arch.tied_embeddings == want.tied_embeddings);
    CHECK(r.arch.qkv_bias == want.qkv_bias);
    CHECK(r.arch.sliding_window == want.sliding_window);
    CHECK(CountParams(r.arch).total == CountParams(want).total);
  }
}

TEST_CASE("config.json: Mistral keeps its sliding window, Qwen2's unused window is ignored") {
  ArchitectureParse m = ParseHfConfig(ReadFixture("mistral-7b.config.json"));
  REQUIRE(m.ok);
  CHECK(m.arch.sliding_window == 4096);  // config.json "sliding_window": 4096
  ArchitectureParse q = ParseHfConfig(ReadFixture("qwen2.5-7b.config.json"));
  REQUIRE(q.ok);
  CHECK(q.arch.sliding_window == 0);  // "use_sliding_window": false
}

TEST_CASE("config.json defaults are applied with a note") {
  ArchitectureParse r = ParseHfConfig(
      R"({"model_type":"llama","hidden_size":64,"num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":128,"vocab_size":100})");
  REQUIRE(r.ok);
  CHECK(r.arch.kv_heads == 4);
  CHECK(r.arch.head_dim == 16);
  bool noted = false;
  for (const std::string& n : r.notes) noted = noted || n.find("num_key_value_heads") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("config.json: missing, wrong-typed and impossible fields are named") {
  struct Row {
    const char* text;
    const char* says;
  };
  const Row rows[] = {
      {"{", "line 1"},
      {"[1,2]", "must be a JSON object"},
      {R"({"model_type": 7})", "'model_type' must be a string"},
      {R"({"foo": 1})", "missing field 'model_type'"},
      {R"({"model_type":"llama","hidden_size":4096})", "missing field 'num_hidden_layers'"},
      {R"({"model_type":"llama","hidden_size":"4096","num_hidden_layers":32,"num_attention_heads":32,"intermediate_size":11008,"vocab_size":32000})",
       "'hidden_size' must be a number, got string \"4096\""},
      {R"({"model_type":"llama","hidden_size":4096.5,"num_hidden_layers":32,"num_attention_heads":32,"intermediate_size":11008,"vocab_size":32000})",
       "'hidden_size' must be a whole number"},
      {R"({"model_type":"llama","hidden_size":4096,"num_hidden_layers":-3,"num_attention_heads":32,"intermediate_size":11008,"vocab_size":32000})",
       "'num_hidden_layers' must be at least 1"},
      {R"({"model_type":"mistral","hidden_size":4096,"num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":5,"intermediate_size":14336,"vocab_size":32000})",
       "kv_heads (5) must divide heads (32)"},
      {R"({"model_type":"llama","hidden_size":4000,"num_hidden_layers":32,"num_attention_heads":48,"intermediate_size":11008,"vocab_size":32000})",
       "no 'head_dim' field"},
      {R"({"model_type":"llama","hidden_size":4096,"num_hidden_layers":32,"num_attention_heads":32,"intermediate_size":11008,"vocab_size":32000,"tie_word_embeddings":"no"})",
       "'tie_word_embeddings' must be true or false"},
      {R"({"model_type":"gpt2","n_embd":768,"n_layer":12,"vocab_size":50257})",
       "missing field 'n_head' (needed for gpt2 configs)"},
      {R"({"model_type":"llama","hidden_size":1000000,"num_hidden_layers":9000,"num_attention_heads":1000,"intermediate_size":1000000,"vocab_size":32000})",
       "trillion parameters"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    ArchitectureParse r = ParseHfConfig(row.text);
    CHECK_FALSE(r.ok);
    CAPTURE(r.error);
    CHECK(r.error.find(row.says) != std::string::npos);
  }
}

TEST_CASE("architecture validation names the field and keeps counts inside int64") {
  Architecture a = FindPreset("llama-2-7b")->arch;
  a.hidden = 0;
  CHECK(ValidateArchitecture(a).find("hidden must be at least 1") != std::string::npos);
  CHECK(CountParams(a).total == 0);
  a = FindPreset("llama-2-7b")->arch;
  a.layers = 1000000;
  CHECK(ValidateArchitecture(a).find("layers") != std::string::npos);
  a = FindPreset("llama-2-7b")->arch;
  a.kv_heads = 64;
  CHECK(ValidateArchitecture(a).find("cannot exceed") != std::string::npos);
}

TEST_CASE("limit: a config.json over kMaxConfigBytes is refused with a message; one at the limit is read") {
  std::string real = ReadFixture("mistral-7b.config.json");
  REQUIRE(!real.empty());
  REQUIRE(real.back() != ' ');
  std::string padded = real + std::string(kMaxConfigBytes - real.size(), ' ');  // JSON allows trailing space
  CHECK(ParseHfConfig(padded).error.empty());
  ArchitectureParse over = ParseHfConfig(padded + " ");
  CHECK(over.error.find("limited to 1048576 bytes") != std::string::npos);
}
