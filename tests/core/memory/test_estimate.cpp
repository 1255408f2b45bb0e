// Memory breakdown against published figures: ZeRO, Korthikanti et al., NVIDIA's KV-cache example,
// Transformer Math 101, PEFT/LoRA trainable counts, llama.cpp file sizes.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/memory/estimate.h"

using namespace bw::memory;

namespace {
const Item* Find(const Estimate& e, const std::string& name) {
  for (const Item& it : e.items)
    if (it.name == name) return &it;
  return nullptr;
}
double Bytes(const Estimate& e, const std::string& name) {
  const Item* it = Find(e, name);
  return it ? it->bytes : -1;
}
Model PresetModel(const char* name) { return *ModelFromPreset(name); }
}  // namespace

TEST_CASE("course example: 13B parameters at 2 bytes = 26 GB of weights, ×1.2 = 31.2 GB") {
  Scenario s;
  s.dtype = "fp16";
  Estimate e = EstimateMemory(ModelFromParams(13e9), s);
  REQUIRE_MESSAGE(e.ok, e.error);
  CHECK(Bytes(e, "weights") == 26e9);
  CHECK(e.rule_of_thumb_bytes == doctest::Approx(31.2e9).epsilon(1e-12));
  CHECK(Find(e, "weights")->formula == "13.0e9 params × 2 B = 26.0 GB");
  CHECK(e.rule_of_thumb_formula == "weights 26.0 GB × 1.2 = 31.2 GB");
  CHECK(e.items.size() == 1);  // a bare count has no shapes: no KV cache or activations
}

TEST_CASE("NVIDIA: Llama-2-7B KV cache at 4096 tokens, batch 1, FP16 = 2,147,483,648 bytes") {
  // NVIDIA Technical Blog, "Mastering LLM Techniques: Inference Optimization" (2023):
  // 2 × 32 layers × 4096 hidden × 4096 tokens × 2 bytes ≈ 2 GB.
  Scenario s;
  s.seq_len = 4096;
  s.kv_dtype = "fp16";
  Estimate e = EstimateMemory(PresetModel("llama-2-7b"), s);
  REQUIRE_MESSAGE(e.ok, e.error);
  CHECK(Bytes(e, "kv_cache") == 2147483648.0);
  CHECK(Find(e, "kv_cache")->formula.find("2 × 32 layers × 32 kv_heads × 128 head_dim × 4096 tokens × 1 batch × 2 B") ==
        0);
}

TEST_CASE("KV cache counts KV heads (GQA) and stops at the sliding window") {
  Scenario s;
  s.seq_len = 4096;
  // Llama-3-8B: 8 KV heads instead of 32 → a quarter of Llama-2-7B's cache: 512 MiB at 4096 tokens
  // (2 × 32 × 8 × 128 × 4096 × 2 B, the config.json's num_key_value_heads = 8).
  CHECK(Bytes(EstimateMemory(PresetModel("llama-3-8b"), s), "kv_cache") == 536870912.0);
  // Mistral-7B-v0.1 config.json "sliding_window": 4096 — at 32768 tokens only 4096 are cached.
  s.seq_len = 32768;
  Estimate m = EstimateMemory(PresetModel("mistral-7b"), s);
  REQUIRE(m.ok);
  CHECK(m.kv_tokens == 4096);
  CHECK(Bytes(m, "kv_cache") == 536870912.0);
  // An encoder has no KV cache.
  CHECK(Find(EstimateMemory(PresetModel("bert-base-uncased"), s = Scenario()), "kv_cache") == nullptr);
}

TEST_CASE("ZeRO paper: 7.5B parameters, mixed-precision Adam, 64 GPUs (Rajbhandari et al., Figure 1)") {
  // arXiv:1910.02054 Figure 1: Ψ = 7.5B, K = 12, N_d = 64. Baseline (2 + 2 + K)Ψ = 120 GB;
  // P_os 31.4 GB; P_os+g 16.6 GB; P_os+g+p 1.9 GB per GPU (figures printed to 0.1 GB).
  Scenario s;
  s.mode = Mode::kTrain;
  s.optimizer = Optimizer::kAdam;
  s.precision = Precision::kMixed;
  Model m = ModelFromParams(7.5e9);
  Estimate base = EstimateMemory(m, s);
  REQUIRE_MESSAGE(base.ok, base.error);
  CHECK(base.model_state_bytes == 120e9);
  s.gpus = 64;
  const double paper_gb[] = {120, 31.4, 16.6, 1.9};
  for (int stage = 0; stage <= 3; ++stage) {
    CAPTURE(stage);
    s.zero_stage = stage;
    Estimate e = EstimateMemory(m, s);
    REQUIRE(e.ok);
    CHECK(e.model_state_bytes / 1e9 == doctest::Approx(paper_gb[stage]).epsilon(0.05 / paper_gb[stage]));
  }
}

TEST_CASE("bytes per parameter of the training conventions (Transformer Math 101, ZeRO, HF)") {
  struct Row {
    Precision precision;
    Optimizer optimizer;
    MixedBytes mixed;
    double bytes_per_param;  // source's figure
  };
  const Row rows[] = {
      {Precision::kMixed, Optimizer::kAdamW, MixedBytes::k16, 16},     // ZeRO: 2 + 2 + 12
      {Precision::kMixed, Optimizer::kAdamW, MixedBytes::k18, 18},     // HF "Model training anatomy": 6 + 4 + 8
      {Precision::kMixed, Optimizer::kAdamW, MixedBytes::k20, 20},     // FP16 + FP32 gradients
      {Precision::kFp32, Optimizer::kAdamW, MixedBytes::k16, 16},      // TM101: 4 weights + 4 grads + 8 Adam
      {Precision::kMixed, Optimizer::kAdam8bit, MixedBytes::k16, 10},  // TM101: 8-bit AdamW 6 (2 + 4 master) + 2 + 2
      {Precision::kMixed, Optimizer::kMomentum, MixedBytes::k16, 12},  // TM101: SGD+momentum 8 (4 + 4 master) + 2 + 2
      {Precision::kMixed, Optimizer::kSgd, MixedBytes::k16, 8},        // master 4 + 2 + 2, no state
  };
  for (const Row& row : rows) {
    CAPTURE(PrecisionName(row.precision));
    CAPTURE(OptimizerName(row.optimizer));
    Scenario s;
    s.mode = Mode::kTrain;
    s.precision = row.precision;
    s.optimizer = row.optimizer;
    s.mixed_bytes = row.mixed;
    Estimate e = EstimateMemory(ModelFromParams(1e9), s);
    REQUIRE(e.ok);
    CHECK(e.model_state_bytes / 1e9 == doctest::Approx(row.bytes_per_param));
  }
}

TEST_CASE("Korthikanti et al.: activations per layer and GPT-3's selective-recomputation saving") {
  // arXiv:2205.05198 §4: per layer sbh(34 + 5as/h); GPT-3 175B: a = 96, s = 2048, h = 12288,
  // so 5as/h = 80 and selective recomputation saves 80 / (34 + 80) = 70% of the activations.
  // The byte counts below are the paper's formula worked by hand (sbh = 2048 × 12288 = 25,165,824):
  // 114 sbh = 2,868,903,936 B, 34 sbh = 855,638,016 B, and full recomputation's 2sbh = 50,331,648 B.
  const double s = 2048, b = 1, h = 12288, a = 96;
  const double none = KorthikantiLayerBytes(s, b, h, a, Checkpointing::kNone, false);
  const double selective = KorthikantiLayerBytes(s, b, h, a, Checkpointing::kSelective, false);
  const double full = KorthikantiLayerBytes(s, b, h, a, Checkpointing::kFull, false);
  CHECK(none == 2868903936.0);
  CHECK(selective == 855638016.0);
  CHECK(full == 50331648.0);                     // full recomputation stores only the layer input: 2sbh
  CHECK((none - selective) / 25165824.0 == 80);  // the paper's 5as/h for GPT-3, from the engine's two lines
  CHECK(1 - selective / none == doctest::Approx(0.70).epsilon(0.01));
  // FlashAttention never stores the as²b score terms.
  CHECK(KorthikantiLayerBytes(s, b, h, a, Checkpointing::kNone, true) == selective);
}

TEST_CASE("training activations: gated-MLP blocks by what they save, GPT blocks by Korthikanti, plus FP32 logits") {
  Scenario s;
  s.mode = Mode::kTrain;
  s.seq_len = 2048;
  s.batch = 1;
  // Llama-2-7B (h 4096, 32 heads, f 11008, V 32000): per layer 24sbh + 8sbf + 6as²b + 8sb with 16-bit
  // activations (activations.h; equal to PyTorch's saved tensors in test_activations.cpp).
  Estimate e = EstimateMemory(PresetModel("llama-2-7b"), s);
  REQUIRE(e.ok);
  const double sb = 2048.0 * 1, sbh = sb * 4096;
  CHECK(e.activation_formula == "gated_mlp");
  CHECK(Bytes(e, "activations") == 32 * (24 * sbh + 8 * sb * 11008 + 6 * 32 * 2048 * sb + 8 * sb) + 4.0 * 2048 * 32000);
  s.checkpointing = Checkpointing::kFull;  // full recomputation keeps each layer's input: 2sbh
  CHECK(Bytes(EstimateMemory(PresetModel("llama-2-7b"), s), "activations") == 32 * 2 * sbh + 4.0 * 2048 * 32000);
  // GPT-2 (12 layers, h 768, 12 heads, 4h GELU MLP, dropout): Korthikanti's sbh(34 + 5as/h).
  s.checkpointing = Checkpointing::kNone;
  s.seq_len = 1024;
  Estimate g = EstimateMemory(PresetModel("gpt2"), s);
  REQUIRE(g.ok);
  const double gsbh = 1024.0 * 768;
  CHECK(g.activation_formula == "korthikanti");
  CHECK(Bytes(g, "activations") == 12 * gsbh * (34 + 5.0 * 12 * 1024 / 768) + 4.0 * 1024 * 50257);
}

TEST_CASE("LoRA trainable parameters match PEFT and the LoRA paper") {
  Scenario s;
  s.mode = Mode::kTrain;
  s.lora_rank = 8;  // default targets q, v
  // PEFT print_trainable_parameters() for meta-llama/Llama-2-7b-hf, LoraConfig(r=8,
  // target_modules=["q_proj","v_proj"]): "trainable params: 4,194,304 || all params: 6,742,609,920".
  Estimate e = EstimateMemory(PresetModel("llama-2-7b"), s);
  REQUIRE_MESSAGE(e.ok, e.error);
  CHECK(e.trainable_params == 4194304);
  CHECK(e.params + e.trainable_params == 6742609920.0);
  // Gradients and optimizer states only for the adapters.
  CHECK(Bytes(e, "gradients") == 4194304.0 * 2);
  CHECK(Bytes(e, "optimizer") == 4194304.0 * 8);
  // Hu et al., arXiv:2106.09685 Table 4: GPT-3 175B (96 layers, h = 12288) with LoRA on W_q, W_v:
  // 4.7M trainable parameters at r = 1 and 37.7M at r = 8.
  Architecture gpt3;
  gpt3.name = "gpt-3";
  gpt3.layers = 96, gpt3.hidden = 12288, gpt3.heads = 96, gpt3.kv_heads = 96, gpt3.head_dim = 128;
  gpt3.intermediate = 49152, gpt3.vocab = 50257, gpt3.mlp = MlpKind::kPlain, gpt3.norm = NormKind::kLayerNorm;
  s.lora_rank = 1;
  CHECK(EstimateMemory(ModelFromArch(gpt3), s).trainable_params / 1e6 == doctest::Approx(4.7).epsilon(0.01));
  s.lora_rank = 8;
  CHECK(EstimateMemory(ModelFromArch(gpt3), s).trainable_params / 1e6 == doctest::Approx(37.7).epsilon(0.002));
}

TEST_CASE("quantized weights take their bits from the quantization engine") {
  // TheBloke/Llama-2-13B-chat-GGML file table: llama-2-13b-chat.ggmlv3.q4_0.bin = 7.32 GB
  // (Q4_0: 32 4-bit codes + one FP16 scale = 4.5 bits per weight; every matrix quantized).
  Scenario s;
  s.dtype = "q4_0";
  Estimate e = EstimateMemory(PresetModel("llama-2-13b"), s);
  REQUIRE_MESSAGE(e.ok, e.error);
  CHECK(Bytes(e, "weights") / 1e9 == doctest::Approx(7.32).epsilon(0.005 / 7.32));
  // Q8_0 (8.5 bits): the same table lists llama-2-13b-chat.ggmlv3.q8_0.bin at 13.83 GB.
  s.dtype = "q8_0";
  CHECK(Bytes(EstimateMemory(PresetModel("llama-2-13b"), s), "weights") / 1e9 ==
        doctest::Approx(13.83).epsilon(0.005 / 13.83));
}

TEST_CASE("QLoRA stores the base in NF4 with double quantization, embeddings in BF16") {
  Scenario s;
  s.mode = Mode::kTrain;
  s.lora_rank = 16;
  s.qlora = true;
  Estimate e = EstimateMemory(PresetModel("llama-2-7b"), s);
  REQUIRE_MESSAGE(e.ok, e.error);
  // QLoRA §3 (arXiv:2305.14314): double quantization brings the scale cost of NF4 with block 64 from
  // 32/64 = 0.5 to 8/64 + 32/(64·256) = 0.127 bits per parameter, so ~4.127 bits.
  const double linear = 32.0 * (4 * 4096.0 * 4096 + 3 * 4096.0 * 11008);
  const double other = 6738415616.0 - linear;
  const double adapters = 32.0 * 2 * 16 * (4096 + 4096);
  CHECK(Bytes(e, "weights") == doctest::Approx(linear * 4.127 / 8 + other * 2 + adapters * 2).epsilon(1e-4));
}

TEST_CASE("GiB toggle changes the unit of every formula") {
  Scenario s;
  s.gib = true;
  s.dtype = "fp16";
  Estimate e = EstimateMemory(ModelFromParams(13e9), s);
  REQUIRE(e.ok);
  CHECK(Find(e, "weights")->formula == "13.0e9 params × 2 B = 24.2 GiB");  // 26e9 / 2^30 = 24.21
  CHECK(FormatBytes(2147483648.0, true) == "2.00 GiB");
  CHECK(FormatBytes(2147483648.0) == "2.15 GB");
  CHECK(FormatBytes(999.6e6) == "1.00 GB");
  CHECK(FormatCount(6738415616.0) == "6.74e9");
  CHECK(FormatCount(4096) == "4096");
}

TEST_CASE("fits table: a 13B model in BF16 fits on 40 GB but not on 24 GB") {
  Scenario s;
  Estimate e = EstimateMemory(PresetModel("llama-2-13b"), s);
  REQUIRE(e.ok);
  REQUIRE(e.fits.size() == 7);
  CHECK(e.fits[2].gpu_gb == 24);
  CHECK_FALSE(e.fits[2].fits);  // 26.0 GB of weights alone > 24 GiB = 25.8e9 B
  CHECK(e.fits[3].fits);
}

TEST_CASE("bad input gives clear messages, never numbers") {
  Scenario s;
  CHECK(EstimateMemory(ModelFromParams(1e15), s).error.find("absurd") != std::string::npos);
  CHECK(EstimateMemory(ModelFromParams(-5), s).error.find("positive") != std::string::npos);
  s.seq_len = 1000000000;
  CHECK(EstimateMemory(PresetModel("llama-2-7b"), s).error.find("seq_len 1000000000") != std::string::npos);
  s = Scenario();
  s.batch = 0;
  CHECK(EstimateMemory(PresetModel("llama-2-7b"), s).error.find("batch") != std::string::npos);
  s = Scenario();
  s.dtype = "fp7";
  CHECK(EstimateMemory(PresetModel("llama-2-7b"), s).error.find("unknown dtype 'fp7'") != std::string::npos);
  s = Scenario();
  s.mode = Mode::kTrain;
  s.qlora = true;
  CHECK(EstimateMemory(PresetModel("llama-2-7b"), s).error.find("LoRA rank") != std::string::npos);
  s.lora_rank = 8;
  CHECK(EstimateMemory(ModelFromParams(7e9), s).error.find("matrix shapes") != std::string::npos);
  s = Scenario();
  s.zero_stage = 4;
  CHECK_FALSE(EstimateMemory(PresetModel("gpt2"), s).ok);
  // The largest allowed sizes still give finite numbers (no overflow), or a clear "beyond any machine".
  s = Scenario();
  s.seq_len = kMaxSeqLen;
  s.batch = kMaxBatch;
  Estimate big = EstimateMemory(PresetModel("llama-3-70b"), s);
  CHECK_FALSE(big.ok);
  CHECK(big.error.find("beyond any machine") != std::string::npos);
  std::string err;
  CHECK_FALSE(ModelFromPreset("llama-9", &err).has_value());
  CHECK(err.find("unknown preset 'llama-9'") != std::string::npos);
}

TEST_CASE("item kinds: one name, label and card each, in breakdown order; sweeps and FindItem use them") {
  // The names are the CLI's JSON contract (tests/cli/memory.test.mjs reads them): written out here.
  const char* names[] = {"weights", "kv_cache", "activations", "gradients", "optimizer", "master_weights", "overhead"};
  REQUIRE(ItemKinds().size() == 7);
  for (size_t i = 0; i < 7; ++i) CHECK(std::string(ItemName(ItemKinds()[i])) == names[i]);
  CHECK(std::string(ItemLabel(ItemKind::kKvCache)) == "KV cache");
  CHECK(std::string(ItemCard(ItemKind::kMasterWeights)) == "memory-mixed-precision");
  CHECK(IsModelState(ItemKind::kMasterWeights));
  CHECK_FALSE(IsModelState(ItemKind::kActivations));

  Scenario s;
  s.mode = Mode::kTrain;
  s.overhead_bytes = 1e9;
  Estimate e = EstimateMemory(PresetModel("gpt2"), s);
  REQUIRE(e.ok);
  std::vector<std::string> order;
  for (const Item& it : e.items) {
    CHECK(it.name == ItemName(it.kind));
    CHECK(it.label == ItemLabel(it.kind));
    CHECK(it.card == ItemCard(it.kind));
    order.push_back(it.name);
  }
  CHECK(order ==
        std::vector<std::string>{"weights", "activations", "gradients", "optimizer", "master_weights", "overhead"});
  REQUIRE(FindItem(e, ItemKind::kOverhead) != nullptr);
  CHECK(FindItem(e, ItemKind::kOverhead)->bytes == 1e9);
  CHECK(FindItem(e, ItemKind::kKvCache) == nullptr);  // training has no KV cache line
  Sweep sw = SweepMemory(PresetModel("gpt2"), s, false, 1024);
  CHECK(sw.item_names == order);
  REQUIRE_FALSE(sw.points.empty());
  CHECK(sw.points.back().item_bytes.size() == order.size());
}
