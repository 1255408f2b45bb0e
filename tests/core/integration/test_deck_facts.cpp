// The bundled deck (assets/decks/model-memory.md) against the engines.
//
// 1. The deck parses with zero errors and warnings, has at least 30 cards, every live: line is a LiveLink
//    to an existing panel whose keys are those the panels read (src/app/panel_*.cpp Apply*Link) and whose
//    values the engines accept, and every quiz: line makes a question.
// 2. Every numeric claim of the deck is in the table kClaims below: card title → the exact words of the
//    card → the number they state → the engine call that must give it, within the rounding the card uses.
// 3. Completeness: every number written in a card (title, background, question, answer, explanation)
//    must lie inside one of that card's claim quotes, or in kNotClaims with the reason it is no claim.
//    So a number added to the deck without a check here fails this test.
// Independent references (papers, specs) are named in the claim's `source` where the figure is published.
//
// [SECTION] Engine helpers
// [SECTION] Claims
// [SECTION] Tests
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "core/cards/deck.h"
#include "core/formats/formats.h"
#include "core/links/links.h"
#include "core/memory/architecture.h"
#include "core/memory/estimate.h"
#include "core/nn/dataset.h"
#include "core/nn/trainer.h"
#include "core/quant/quant.h"
#include "core/quiz/quiz.h"
#include "core/util/count.h"
#include "core/util/livelink.h"

using namespace bw;

namespace {

// =============================================================================================
// [SECTION] Engine helpers (each returns NaN on a failed engine call, which fails the claim)

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kGB = 1e9;
constexpr double kGiB = 1073741824.0;

const formats::FormatSpec* Fmt(const char* name) { return formats::FindFormat(name); }

double Stored(const char* decimal, const char* format) {
  const formats::FormatSpec* f = Fmt(format);
  formats::ParsedNumber x = formats::ParseNumber(decimal);
  if (!f || !x.ok) return kNaN;
  return formats::Convert(x, *f).value;
}

// Signed relative error (stored − exact) / exact of storing `decimal` in `format`.
double SignedRelError(const char* decimal, const char* format) {
  const formats::FormatSpec* f = Fmt(format);
  formats::ParsedNumber x = formats::ParseNumber(decimal);
  if (!f || !x.ok) return kNaN;
  formats::Conversion c = formats::Convert(x, *f);
  return c.value < x.approx ? -c.rel_error : c.rel_error;
}

formats::FormatFacts Facts(const char* format) {
  const formats::FormatSpec* f = Fmt(format);
  return f ? formats::Facts(*f) : formats::FormatFacts{};
}

double SpecField(const char* format, int formats::FormatSpec::*field) {
  const formats::FormatSpec* f = Fmt(format);
  return f ? static_cast<double>(f->*field) : kNaN;
}

const memory::Architecture& Arch(const char* preset) {
  static const memory::Architecture kNone;
  const memory::Preset* p = memory::FindPreset(preset);
  return p ? p->arch : kNone;
}

double Params(const char* preset) { return static_cast<double>(memory::CountParams(Arch(preset)).total); }

memory::Model Model(const char* preset) {
  std::optional<memory::Model> m = memory::ModelFromPreset(preset);
  return m ? *m : memory::ModelFromParams(0);
}

double Item(const memory::Estimate& e, const char* name) {
  if (!e.ok) return kNaN;
  for (const memory::Item& it : e.items)
    if (it.name == name) return it.bytes;
  return 0;  // a line the scenario does not have holds nothing
}

memory::Estimate Inference(const memory::Model& m, const char* dtype, int64_t seq_len = 2048,
                           const char* kv_dtype = "") {
  memory::Scenario s;
  s.mode = memory::Mode::kInference;
  s.dtype = dtype;
  s.seq_len = seq_len;
  s.kv_dtype = kv_dtype;
  return memory::EstimateMemory(m, s);
}

memory::Scenario TrainScenario(memory::Optimizer o = memory::Optimizer::kAdamW,
                               memory::Precision p = memory::Precision::kMixed) {
  memory::Scenario s;
  s.mode = memory::Mode::kTrain;
  s.optimizer = o;
  s.precision = p;
  return s;
}

double ModelStatesPerParam(const memory::Model& m, const memory::Scenario& s) {
  memory::Estimate e = memory::EstimateMemory(m, s);
  return e.ok ? e.model_state_bytes / e.params : kNaN;
}

double ItemPerParam(const memory::Scenario& s, const char* item) {
  memory::Estimate e = memory::EstimateMemory(memory::ModelFromParams(1e9), s);
  return Item(e, item) / 1e9;
}

double KvBytes(const char* preset, int64_t seq_len, const char* dtype) {
  return Item(Inference(Model(preset), "bf16", seq_len, dtype), "kv_cache");
}

memory::Estimate Lora(const char* preset, int64_t rank) {
  memory::Scenario s = TrainScenario();
  s.lora_rank = rank;  // default targets: q and v (Hu et al.)
  return memory::EstimateMemory(Model(preset), s);
}

double ZeroPerGpu(double params, int stage, int64_t gpus) {
  memory::Scenario s = TrainScenario(memory::Optimizer::kAdam);
  s.zero_stage = stage;
  s.gpus = gpus;
  memory::Estimate e = memory::EstimateMemory(memory::ModelFromParams(params), s);
  return e.ok ? e.model_state_bytes : kNaN;
}

double Bpp(const char* scheme, int block = 0, bool double_quant = false) {
  quant::QuantConfig c;
  c.scheme = scheme;
  c.granularity = quant::Granularity::kBlock;
  c.block = block;
  c.double_quant = double_quant;
  std::optional<double> b = quant::BitsPerParam(c);
  return b ? *b : kNaN;
}

quant::QuantResult QuantizeValues(std::vector<float> x, const char* scheme, quant::Granularity g, int block = 0) {
  quant::QuantConfig c;
  c.scheme = scheme;
  c.granularity = g;
  c.block = block;
  if (g == quant::Granularity::kTensor) c.scale_format = "fp32";
  return quant::Quantize(x, 0, c);
}

// The card's absmax example and the zero-point example, quantized by the quant engine.
const quant::QuantResult& AbsmaxExample() {
  static const quant::QuantResult r =
      QuantizeValues({2.54f, -1.0f, 0.3f, 0.011f}, "int8_sym", quant::Granularity::kTensor);
  return r;
}
const quant::QuantResult& ZeroPointExample() {
  static const quant::QuantResult r =
      QuantizeValues({-1.0f, 2.5f, 0.0f, 1.0f}, "uint8_asym", quant::Granularity::kTensor);
  return r;
}
// One NF4 block of 64 with absmax 2.0 holding the weight 0.5.
const quant::QuantResult& Nf4Example() {
  static const quant::QuantResult r = [] {
    std::vector<float> x(64, 0.0f);
    x[0] = 2.0f;
    x[1] = 0.5f;
    return QuantizeValues(x, "nf4", quant::Granularity::kBlock, 64);
  }();
  return r;
}
// One MXFP4 block of 32 whose absmax is 1.9.
const quant::QuantResult& MxExample() {
  static const quant::QuantResult r = [] {
    std::vector<float> x(32, 0.25f);
    x[0] = 1.9f;
    return QuantizeValues(x, "mxfp4", quant::Granularity::kBlock, 32);
  }();
  return r;
}
double Code(const quant::QuantResult& r, size_t i) { return r.ok && i < r.codes.size() ? r.codes[i] : kNaN; }
double Deq(const quant::QuantResult& r, size_t i) { return r.ok && i < r.dequantized.size() ? r.dequantized[i] : kNaN; }
double Scale(const quant::QuantResult& r) { return r.ok && !r.scales.empty() ? r.scales[0] : kNaN; }
double Level(size_t i) {
  const quant::QuantResult& r = Nf4Example();
  return r.ok && i < r.grid.size() ? r.grid[i] : kNaN;
}
double CountLevels(int sign) {
  const quant::QuantResult& r = Nf4Example();
  int n = 0;
  for (double v : r.grid) n += sign < 0 ? v < 0 : sign > 0 ? v > 0 : v == 0;
  return r.ok ? n : kNaN;
}

double QuizAnswer(const char* spec) {
  cards::QuizMake m = cards::MakeQuiz(spec, 1);
  return m.ok ? m.question.answer : kNaN;
}

// Distinct values of a format (±0 counted once), from its encodings.
double DistinctValues(const char* format) {
  const formats::FormatSpec* f = Fmt(format);
  if (!f) return kNaN;
  std::vector<double> v;
  for (uint64_t code = 0; code < formats::CodeCount(*f); ++code) {
    double x = formats::DecodeBits(formats::CodeToBits(code, *f), *f);
    if (std::isnan(x)) continue;
    bool seen = false;
    for (double y : v) seen = seen || y == x;
    if (!seen) v.push_back(x);
  }
  return static_cast<double>(v.size());
}

double Pow2(int e) { return std::ldexp(1.0, e); }

// Korthikanti et al.'s GPT-3 175B layer: a = 96 heads, s = 2048, h = 12288, micro-batch b = 1.
double GptLayer(memory::Checkpointing c, bool flash = false) {
  return memory::KorthikantiLayerBytes(2048, 1, 12288, 96, c, flash, 2);
}
double GptSbh() { return 2048.0 * 1 * 12288; }

// A seeded synthetic tensor of the Quantize panel's defaults (4096 values, seed 1) with spread sigma,
// quantized with a scheme's reference configuration (NVFP4: with or without its FP32 tensor scale).
std::vector<float> PanelTensor(quant::Distribution dist, double sigma) {
  quant::TensorSpec t;
  t.dist = dist;
  t.n = links::Quantize{}.n;
  t.seed = static_cast<uint64_t>(links::Quantize{}.seed);
  t.stddev = sigma;
  return quant::MakeTensor(t);
}
quant::Metrics PanelMetrics(const char* scheme, quant::Distribution dist, double sigma = 1, bool tensor_scale = true) {
  std::vector<float> x = PanelTensor(dist, sigma);
  quant::QuantConfig c = quant::DefaultConfig(scheme);
  c.tensor_scale = tensor_scale;
  quant::QuantResult r = quant::Quantize(x, quant::DefaultRowLength(static_cast<int64_t>(x.size())), c);
  if (!r.ok) {
    quant::Metrics bad;
    bad.sqnr_db = bad.zero_fraction = kNaN;
    return bad;
  }
  return r.metrics;
}
double SqnrGain(quant::Distribution dist) {
  return PanelMetrics("nvfp4", dist).sqnr_db - PanelMetrics("mxfp4", dist).sqnr_db;
}
double NvBppWithoutTensorScale() {
  quant::QuantConfig c = quant::DefaultConfig("nvfp4");
  c.tensor_scale = false;
  std::optional<double> b = quant::BitsPerParam(c);
  return b ? *b : kNaN;
}
double TensorAmax(double sigma) {
  double m = 0;
  for (float v : PanelTensor(quant::Distribution::kNormal, sigma)) m = std::max(m, std::fabs(static_cast<double>(v)));
  return m;
}
double ArchField(const char* preset, int64_t memory::Architecture::*field) {
  return static_cast<double>(Arch(preset).*field);
}
double ActiveParams(const char* preset) { return static_cast<double>(memory::CountParams(Arch(preset)).active); }

// 1 if 0.1 is inexact in every binary format: its nearest double is not 0.1 (exact decimal of the double,
// as Python's Decimal(0.1) prints it) and FP32, BF16 and FP16 all flag the conversion as rounded.
double TenthIsRounded() {
  bool all = formats::ExactDecimal(0.1) == "0.1000000000000000055511151231257827021181583404541015625";
  for (const char* f : {"fp32", "bf16", "fp16"})
    all = all && (formats::Convert(formats::ParseNumber("0.1"), *Fmt(f)).flags & formats::kFlagRounded) != 0;
  return all ? 1.0 : 0.0;
}

// The nn engine's first Adam step (β1 = 0.9, β2 = 0.999, zero moments): |Δw| / lr of every weight whose
// gradient is not tiny, the one farthest from 1 (bias correction makes m̂ = g and v̂ = g², so each
// weight moves by lr whatever its gradient). lr = 2^-4 keeps w − lr nearly exact in fp32; ε = 1e-12.
double AdamFirstStepRatio() {
  nn::TrainConfig c;
  c.optimizer = nn::Optimizer::kAdam;
  c.learning_rate = 0.0625;
  c.epsilon = 1e-12;
  c.layers = {2, 8, 1};
  if (!nn::ValidateConfig(c).empty()) return kNaN;
  nn::Trainer t(c);
  const std::vector<nn::LayerParams> before = t.GetParams();
  t.Step(1);
  const std::vector<nn::LayerParams> after = t.GetParams(), grads = t.GetGradients();
  double worst = kNaN;
  for (size_t l = 0; l < grads.size(); ++l)
    for (size_t i = 0; i < grads[l].weight.size(); ++i) {
      if (std::fabs(grads[l].weight[i]) < 1e-4) continue;
      double r = std::fabs(static_cast<double>(after[l].weight[i]) - before[l].weight[i]) / c.learning_rate;
      if (std::isnan(worst) || std::fabs(r - 1) > std::fabs(worst - 1)) worst = r;
    }
  return worst;
}

// The bytes a quiz grader reads from a typed memory answer ("1 GiB" → 2^30): the units of the quiz engine.
double TypedBytes(const char* typed) {
  cards::QuizMake m = cards::MakeQuiz("weight_memory?params=13e9&dtype=bf16", 1);
  if (!m.ok) return kNaN;
  cards::GradeResult g = cards::Grade(m.question, typed);
  return g.parsed ? g.typed_value : kNaN;
}

// =============================================================================================
// [SECTION] Claims

struct Claim {
  const char* card;    // card title, exact
  const char* quote;   // words of the card (whitespace-normalized) that state the number
  double stated;       // the number as the card states it, in the unit of `engine`
  double tolerance;    // absolute: what the card's rounding allows (0 = exact)
  double (*engine)();  // the engine's figure
  const char* source;  // independent publication of the figure, if any
};

#define CLAIM(card, quote, stated, tol, expr, source)                   \
  Claim {                                                               \
    card, quote, stated, tol, []() -> double { return (expr); }, source \
  }

const char* const kWhy = "Why finetuning runs out of memory";
const char* const kBytes = "Bytes of the weights";
const char* const kGiB_ = "GB or GiB?";
const char* const kRule = "Inference memory: the 1.2 rule of thumb";
const char* const kKv = "The KV cache";
const char* const kGqa = "KV cache with grouped-query attention";
const char* const kBackprop = "Backpropagation in one sentence";
const char* const kFrozen = "Trainable versus frozen parameters";
const char* const kLora = "LoRA";
const char* const kQlora = "QLoRA";
const char* const kAbsmax = "Absmax (symmetric) INT8 quantization";
const char* const kZp = "Zero-point (asymmetric) quantization";
const char* const kOutliers = "Outliers and per-block scales";
const char* const kNf4 = "NF4";
const char* const kBpp = "Bits per parameter include the scales";
const char* const kMx = "MX (microscaling) formats";
const char* const kSem = "Sign, exponent, mantissa";
const char* const kRange = "Range versus precision";
const char* const kBf16 = "BF16";
const char* const kFp16 = "FP16";
const char* const kFp8 = "FP8: E4M3 and E5M2";
const char* const kFp4 = "FP4 E2M1";
const char* const kInt = "Integer formats";
const char* const kTenth = "0.1 is not exact in binary";
const char* const kSmall = "Conversion error of a small number";
const char* const kLarge = "Conversion error of a large number";
const char* const kMixed = "Mixed-precision training";
const char* const kLoss = "Loss scaling";
const char* const kOpt = "Optimizer states";
const char* const kAdam = "Adam's bias correction";
const char* const kTrain = "Training memory: 16 bytes per parameter";
const char* const k1618 = "16, 18 or 20 bytes per parameter?";
const char* const kZero = "ZeRO: sharding the training state";
const char* const kAct = "Activation memory of a transformer layer";
const char* const kCkpt = "Gradient checkpointing";
const char* const kSub = "Subnormal numbers";
const char* const kTf32 = "TF32";
const char* const kNv = "NVFP4: two levels of scales";
const char* const kNvBare = "NVFP4 without its tensor scale";
const char* const kMoe = "Mixture of experts: total versus active parameters";

const std::vector<Claim>& Claims() {
  using formats::FormatSpec;
  static const std::vector<Claim> kClaims = {
      // --- Why finetuning runs out of memory
      CLAIM(kWhy, "the per-parameter items alone come to 16 bytes per parameter, about 208.25 GB", 16, 0,
            ModelStatesPerParam(Model("llama-2-13b"), TrainScenario()), "ZeRO (arXiv:1910.02054) §3.1: 16Ψ"),
      CLAIM(kWhy, "the per-parameter items alone come to 16 bytes per parameter, about 208.25 GB", 208.25, 0.005,
            memory::EstimateMemory(Model("llama-2-13b"), TrainScenario()).model_state_bytes / kGB, nullptr),
      CLAIM(kWhy, "the 16-bit weights are only 2 of the 16 bytes kept per parameter", 16, 0,
            ModelStatesPerParam(Model("llama-2-13b"), TrainScenario()), "ZeRO (arXiv:1910.02054) §3.1: 16Ψ"),
      CLAIM(kWhy, "the 16-bit weights are only 2 of the 16 bytes kept per parameter", 2, 0,
            ItemPerParam(TrainScenario(), "weights"), "ZeRO §3.1: 2Ψ for the fp16 parameters"),
      CLAIM(kWhy, "against 26.03 GB for the BF16 weights", 26.03, 0.005, Item(Inference(Model("llama-2-13b"), "bf16"), "weights") / kGB, nullptr),

      // --- Bytes of the weights
      CLAIM(kBytes, "FP32 4 bytes, FP16 and BF16 2 bytes, INT8 and FP8 1 byte, 4-bit formats half a byte", 4, 0, SpecField("fp32", &FormatSpec::bits) / 8, "IEEE 754 binary32"),
      CLAIM(kBytes, "FP32 4 bytes, FP16 and BF16 2 bytes, INT8 and FP8 1 byte, 4-bit formats half a byte", 2, 0, SpecField("fp16", &FormatSpec::bits) / 8, "IEEE 754 binary16"),
      CLAIM(kBytes, "FP32 4 bytes, FP16 and BF16 2 bytes, INT8 and FP8 1 byte, 4-bit formats half a byte", 2, 0, SpecField("bf16", &FormatSpec::bits) / 8, nullptr),
      CLAIM(kBytes, "FP32 4 bytes, FP16 and BF16 2 bytes, INT8 and FP8 1 byte, 4-bit formats half a byte", 1, 0, SpecField("int8", &FormatSpec::bits) / 8, nullptr),
      CLAIM(kBytes, "FP32 4 bytes, FP16 and BF16 2 bytes, INT8 and FP8 1 byte, 4-bit formats half a byte", 1, 0, SpecField("fp8_e4m3", &FormatSpec::bits) / 8, "OCP OFP8"),
      CLAIM(kBytes, "FP32 4 bytes, FP16 and BF16 2 bytes, INT8 and FP8 1 byte, 4-bit formats half a byte", 0.5, 0, SpecField("int4", &FormatSpec::bits) / 8, nullptr),
      CLAIM(kBytes, "\\(13 \\times 10^9 \\times 2\\) bytes \\(= 26 \\times 10^9\\) bytes, i.e. 26 GB", 26e9, 0,
            QuizAnswer("weight_memory?params=13e9&dtype=bf16"), "EleutherAI, Transformer Math 101 (weights = params x bytes)"),
      CLAIM(kBytes, "How much memory do the weights of a 13-billion-parameter model take in BF16?", 26e9, 0,
            Item(Inference(memory::ModelFromParams(13e9), "bf16"), "weights"), nullptr),
      CLAIM(kBytes, "That is 24.21 GiB, not 26 GiB", 24.21, 0.005, QuizAnswer("weight_memory?params=13e9&dtype=bf16") / kGiB, nullptr),
      CLAIM(kBytes, "Llama-2-13B has in fact 13,015,864,320 parameters", 13015864320.0, 0, Params("llama-2-13b"), "meta-llama/Llama-2-13b-hf config.json shapes"),
      CLAIM(kBytes, "its BF16 weights take 26,031,728,640 bytes", 26031728640.0, 0, Item(Inference(Model("llama-2-13b"), "bf16"), "weights"), nullptr),

      // --- GB or GiB?
      CLAIM(kGiB_, "A gigabyte (GB) is \\(10^9\\) bytes; a gibibyte (GiB) is \\(2^{30} = 1{,}073{,}741{,}824\\) bytes, 7.4% more", 7.4, 0.05,
            (TypedBytes("1 GiB") / TypedBytes("1 GB") - 1) * 100, "IEC 80000-13 binary prefixes"),
      CLAIM(kGiB_, "A gigabyte (GB) is \\(10^9\\) bytes; a gibibyte (GiB) is \\(2^{30} = 1{,}073{,}741{,}824\\) bytes, 7.4% more", 1073741824.0, 0,
            TypedBytes("1 GiB"), "IEC 80000-13"),
      CLAIM(kGiB_, "26 GB of weights: how many GiB is that?", 26e9, 0, QuizAnswer("weight_memory?params=13e9&dtype=bf16"), nullptr),
      CLAIM(kGiB_, "About 24.21 GiB (\\(26 \\times 10^9 / 2^{30}\\))", 24.21, 0.005, QuizAnswer("weight_memory?params=13e9&dtype=bf16") / kGiB, nullptr),
      CLAIM(kGiB_, "a KV cache of exactly \\(2^{31}\\) bytes is 2 GiB but 2.15 GB", 2, 0, KvBytes("llama-2-7b", 4096, "fp16") / kGiB, nullptr),
      CLAIM(kGiB_, "a KV cache of exactly \\(2^{31}\\) bytes is 2 GiB but 2.15 GB", 2.15, 0.005, KvBytes("llama-2-7b", 4096, "fp16") / kGB, nullptr),

      CLAIM(kGiB_, "Many tools print \"GB\" while they divide by \\(2^{30}\\)", Pow2(30), 0,
            [] { memory::Estimate e = Inference(Model("llama-2-7b"), "bf16"); return e.ok && !e.fits.empty() ? e.fits[0].gpu_bytes / e.fits[0].gpu_gb : kNaN; }(),
            "nvidia-smi reports the A100 80GB as 81920 MiB"),

      // --- Inference memory: the 1.2 rule of thumb
      CLAIM(kRule, "Inference memory: the 1.2 rule of thumb", 1.2, 1e-12,
            [] { memory::Estimate e = Inference(memory::ModelFromParams(7e9), "fp16"); return e.rule_of_thumb_bytes / Item(e, "weights"); }(),
            "EleutherAI, Transformer Math 101: total ~ 1.2 x weights"),
      CLAIM(kRule, "\\[ M_\\text{inference} \\approx 1.2 \\times M_\\text{weights} \\]", 1.2, 1e-12,
            [] { memory::Estimate e = Inference(Model("llama-2-7b"), "fp16"); return e.rule_of_thumb_bytes / Item(e, "weights"); }(), nullptr),
      CLAIM(kRule, "Estimate the inference memory of a 7B model in FP16 with the 1.2 rule.", 16.8e9, 1,
            Inference(memory::ModelFromParams(7e9), "fp16").rule_of_thumb_bytes, nullptr),
      CLAIM(kRule, "\\(7 \\times 10^9 \\times 2 \\times 1.2 = 16.8 \\times 10^9\\) bytes, about 16.8 GB", 16.8e9, 1,
            Inference(memory::ModelFromParams(7e9), "fp16").rule_of_thumb_bytes, nullptr),
      CLAIM(kRule, "For Llama-2-7B (6,738,415,616 parameters) the same rule gives about 16.17 GB", 6738415616.0, 0, Params("llama-2-7b"),
            "meta-llama/Llama-2-7b-hf config.json shapes"),
      CLAIM(kRule, "For Llama-2-7B (6,738,415,616 parameters) the same rule gives about 16.17 GB", 16.17, 0.005,
            Inference(Model("llama-2-7b"), "fp16").rule_of_thumb_bytes / kGB, nullptr),

      // --- The KV cache
      CLAIM(kKv, "(the 2 counts keys and values;", 2, 0,
            [] { const auto& a = Arch("llama-2-7b"); return KvBytes("llama-2-7b", 4096, "fp16") / (a.layers * a.kv_heads * a.head_dim * 4096.0 * 2); }(), nullptr),
      CLAIM(kKv, "for one sequence of 4096 tokens?", 2147483648.0, 0, QuizAnswer("kv_cache?preset=llama-2-7b&seq_len=4096&dtype=fp16"), nullptr),
      CLAIM(kKv, "\\(2 \\times 32 \\times 32 \\times 128 \\times 4096 \\times 1 \\times 2 = 2{,}147{,}483{,}648\\) bytes, exactly 2 GiB", 2147483648.0, 0,
            KvBytes("llama-2-7b", 4096, "fp16"), "NVIDIA, Mastering LLM Techniques: Inference Optimization (2 GB at 4096 tokens)"),
      CLAIM(kKv, "\\(2 \\times 32 \\times 32 \\times 128 \\times 4096 \\times 1 \\times 2 = 2{,}147{,}483{,}648\\) bytes, exactly 2 GiB", 2, 0,
            KvBytes("llama-2-7b", 4096, "fp16") / kGiB, nullptr),
      CLAIM(kKv, "Llama-2-7B has 32 layers and 32 key/value heads of dimension 128", 32, 0, static_cast<double>(Arch("llama-2-7b").layers), "config.json num_hidden_layers"),
      CLAIM(kKv, "Llama-2-7B has 32 layers and 32 key/value heads of dimension 128", 32, 0, static_cast<double>(Arch("llama-2-7b").kv_heads), "config.json num_key_value_heads"),
      CLAIM(kKv, "Llama-2-7B has 32 layers and 32 key/value heads of dimension 128", 128, 0, static_cast<double>(Arch("llama-2-7b").head_dim), "4096 / 32 heads"),
      CLAIM(kKv, "about 16% of the 13.48 GB of FP16 weights", 16, 0.5,
            100 * KvBytes("llama-2-7b", 4096, "fp16") / Item(Inference(Model("llama-2-7b"), "fp16"), "weights"), nullptr),
      CLAIM(kKv, "about 16% of the 13.48 GB of FP16 weights", 13.48, 0.005, Item(Inference(Model("llama-2-7b"), "fp16"), "weights") / kGB, nullptr),

      // --- KV cache with grouped-query attention
      CLAIM(kGqa, "Llama-2-70B has 80 layers, 64 query heads but only 8 KV heads of dimension 128", 80, 0, static_cast<double>(Arch("llama-2-70b").layers), "meta-llama/Llama-2-70b-hf config.json"),
      CLAIM(kGqa, "Llama-2-70B has 80 layers, 64 query heads but only 8 KV heads of dimension 128", 64, 0, static_cast<double>(Arch("llama-2-70b").heads), "config.json"),
      CLAIM(kGqa, "Llama-2-70B has 80 layers, 64 query heads but only 8 KV heads of dimension 128", 8, 0, static_cast<double>(Arch("llama-2-70b").kv_heads), "config.json"),
      CLAIM(kGqa, "Llama-2-70B has 80 layers, 64 query heads but only 8 KV heads of dimension 128", 128, 0, static_cast<double>(Arch("llama-2-70b").head_dim), "8192 / 64"),
      CLAIM(kGqa, "its FP16 KV cache for one 4096-token sequence?", 1342177280.0, 0, QuizAnswer("kv_cache?preset=llama-2-70b&seq_len=4096&dtype=fp16"), nullptr),
      CLAIM(kGqa, "\\(2 \\times 80 \\times 8 \\times 128 \\times 4096 \\times 2 = 1{,}342{,}177{,}280\\) bytes (1.25 GiB)", 1342177280.0, 0,
            KvBytes("llama-2-70b", 4096, "fp16"), nullptr),
      CLAIM(kGqa, "\\(2 \\times 80 \\times 8 \\times 128 \\times 4096 \\times 2 = 1{,}342{,}177{,}280\\) bytes (1.25 GiB)", 1.25, 0,
            KvBytes("llama-2-70b", 4096, "fp16") / kGiB, nullptr),
      CLAIM(kGqa, "Using the 64 query heads instead would give 10,737,418,240 bytes (10 GiB)", 10737418240.0, 0,
            [] { memory::Architecture a = Arch("llama-2-70b"); a.kv_heads = a.heads; return Item(Inference(memory::ModelFromArch(a), "bf16", 4096, "fp16"), "kv_cache"); }(), nullptr),
      CLAIM(kGqa, "Using the 64 query heads instead would give 10,737,418,240 bytes (10 GiB)", 10, 0,
            [] { memory::Architecture a = Arch("llama-2-70b"); a.kv_heads = a.heads; return Item(Inference(memory::ModelFromArch(a), "bf16", 4096, "fp16"), "kv_cache") / kGiB; }(), nullptr),

      // --- Backpropagation: L = (wx − t)², dL/dw by central differences (independent of any engine).
      CLAIM(kBackprop, "For \\(L = (wx - t)^2\\) with \\(w = 2\\), \\(x = 3\\), \\(t = 5\\): what is \\(\\partial L / \\partial w\\)?", 6, 1e-6,
            [] { auto L = [](double w) { return (w * 3 - 5) * (w * 3 - 5); }; return (L(2 + 1e-4) - L(2 - 1e-4)) / 2e-4; }(), nullptr),
      CLAIM(kBackprop, "\\(2(wx - t)\\,x = 2 \\times 1 \\times 3 = 6\\)", 6, 1e-6,
            [] { auto L = [](double w) { return (w * 3 - 5) * (w * 3 - 5); }; return (L(2 + 1e-4) - L(2 - 1e-4)) / 2e-4; }(), nullptr),

      // --- Trainable versus frozen parameters
      CLAIM(kFrozen, "A trainable parameter in mixed-precision Adam costs 16 bytes; a frozen one in BF16 costs 2.", 16, 0,
            ModelStatesPerParam(Model("llama-2-7b"), TrainScenario()), nullptr),
      CLAIM(kFrozen, "A trainable parameter in mixed-precision Adam costs 16 bytes; a frozen one in BF16 costs 2.", 2, 0,
            [] { memory::Estimate e = Lora("llama-2-7b", 8); return e.ok ? (e.model_state_bytes - 16 * e.trainable_params) / e.frozen_params : kNaN; }(), nullptr),
      CLAIM(kFrozen, "their weight bytes (2 in BF16 instead of 16)", 2, 0,
            [] { memory::Estimate e = Lora("llama-2-7b", 8); return e.ok ? (e.model_state_bytes - 16 * e.trainable_params) / e.frozen_params : kNaN; }(), nullptr),
      CLAIM(kFrozen, "their weight bytes (2 in BF16 instead of 16)", 16, 0, ModelStatesPerParam(Model("llama-2-7b"), TrainScenario()), nullptr),

      // --- LoRA (Hu et al. arXiv:2106.09685: r(d + k) per matrix; q and v by default)
      CLAIM(kLora, "How many trainable parameters does rank-8 LoRA add to one 4096 × 4096 matrix", 65536, 0,
            Lora("llama-2-7b", 8).trainable_params / (2.0 * Arch("llama-2-7b").layers), nullptr),
      CLAIM(kLora, "\\(8 \\times (4096 + 4096) = 65{,}536\\) parameters, 0.390625% of the 16,777,216 entries", 65536, 0,
            Lora("llama-2-7b", 8).trainable_params / (2.0 * Arch("llama-2-7b").layers), nullptr),
      CLAIM(kLora, "\\(8 \\times (4096 + 4096) = 65{,}536\\) parameters, 0.390625% of the 16,777,216 entries", 16777216, 0,
            static_cast<double>(Arch("llama-2-7b").hidden * Arch("llama-2-7b").hidden), nullptr),
      CLAIM(kLora, "\\(8 \\times (4096 + 4096) = 65{,}536\\) parameters, 0.390625% of the 16,777,216 entries", 0.390625, 0,
            100 * Lora("llama-2-7b", 8).trainable_params / (2.0 * Arch("llama-2-7b").layers) / (4096.0 * 4096.0), nullptr),
      CLAIM(kLora, "Applied to the query and value projections of all 32 layers of Llama-2-7B this gives 4,194,304 trainable parameters", 4194304, 0,
            Lora("llama-2-7b", 8).trainable_params, "Hugging Face PEFT print_trainable_parameters: trainable params 4,194,304"),
      CLAIM(kLora, "Applied to the query and value projections of all 32 layers of Llama-2-7B this gives 4,194,304 trainable parameters", 32, 0,
            static_cast<double>(Arch("llama-2-7b").layers), nullptr),
      CLAIM(kLora, "0.0622% of the 6,742,609,920 parameters of the adapted model", 6742609920.0, 0,
            Params("llama-2-7b") + Lora("llama-2-7b", 8).trainable_params, "Hugging Face PEFT: all params 6,742,609,920"),
      CLAIM(kLora, "0.0622% of the 6,742,609,920 parameters of the adapted model", 0.0622, 0.00005,
            100 * Lora("llama-2-7b", 8).trainable_params / (Params("llama-2-7b") + Lora("llama-2-7b", 8).trainable_params), "PEFT: trainable% 0.0622"),

      // --- QLoRA (Dettmers et al. arXiv:2305.14314)
      CLAIM(kQlora, "stored in 4-bit NF4", 4, 0, static_cast<double>(quant::CodeBits("nf4")), nullptr),
      CLAIM(kQlora, "the weights of a 65B model take in NF4 with double quantization?", 33.5e9, 0.05e9,
            QuizAnswer("weight_memory?params=65e9&dtype=nf4_dq"), nullptr),
      CLAIM(kQlora, "\\(65 \\times 10^9 \\times 4.127 / 8 \\approx 33.5 \\times 10^9\\) bytes, about 33.5 GB", 33.5e9, 0.05e9,
            65e9 * Bpp("nf4", 64, true) / 8, nullptr),
      CLAIM(kQlora, "\\(65 \\times 10^9 \\times 4.127 / 8 \\approx 33.5 \\times 10^9\\) bytes, about 33.5 GB", 4.127, 0.0005, Bpp("nf4", 64, true), nullptr),
      CLAIM(kQlora, "4.127 bits per parameter = 4 bits per weight + 8/64 for the 8-bit block scales + 32/(64·256)", 4.127, 0.0005,
            Bpp("nf4", 64, true), "QLoRA §3: 8/64 + 32/(64·256) = 0.127"),
      CLAIM(kQlora, "4.127 bits per parameter = 4 bits per weight + 8/64 for the 8-bit block scales + 32/(64·256)", 256, 0,
            static_cast<double>(quant::kDoubleQuantBlock), "QLoRA §3"),
      CLAIM(kQlora, "finetunes a 65B model on a single 48 GB GPU", 48, 0,
            QuizAnswer("weight_memory?params=65e9&dtype=nf4_dq") < 48 * kGB ? 48.0 : kNaN, "QLoRA abstract: 65B on a single 48GB GPU"),
      CLAIM(kQlora, "LoRA adapters (trained in 16 bits)", 2, 0,
            [] { memory::Scenario s = TrainScenario(); s.lora_rank = 8; s.qlora = true;
                 memory::Estimate e = memory::EstimateMemory(Model("llama-2-7b"), s);
                 return e.ok ? Item(e, "gradients") / e.trainable_params : kNaN; }(), "QLoRA §3: BF16 adapters (2 bytes = 16 bits)"),

      // --- Absmax INT8 (int8_sym, per tensor, FP32 scale)
      CLAIM(kAbsmax, "maps the largest magnitude in a tensor (or block) to 127", 127, 0, Code(AbsmaxExample(), 0), "Wu et al. arXiv:2004.09602"),
      CLAIM(kAbsmax, "\\[ s = \\frac{127}{\\max |x|}", 127, 0, Code(AbsmaxExample(), 0), nullptr),
      CLAIM(kAbsmax, "Quantize \\(x = [2.54, -1.0, 0.3, 0.011]\\) with absmax INT8. What are \\(q\\) and the dequantized value of 0.011?", 0.02, 1e-6,
            Deq(AbsmaxExample(), 3), nullptr),
      CLAIM(kAbsmax, "\\(s = 127/2.54 = 50\\), \\(q = [127, -50, 15, 1]\\); 0.011 comes back as \\(1/50 = 0.02\\)", 50, 1e-4, 1 / Scale(AbsmaxExample()), nullptr),
      CLAIM(kAbsmax, "\\(s = 127/2.54 = 50\\), \\(q = [127, -50, 15, 1]\\); 0.011 comes back as \\(1/50 = 0.02\\)", -50, 0, Code(AbsmaxExample(), 1), nullptr),
      CLAIM(kAbsmax, "\\(s = 127/2.54 = 50\\), \\(q = [127, -50, 15, 1]\\); 0.011 comes back as \\(1/50 = 0.02\\)", 15, 0, Code(AbsmaxExample(), 2), nullptr),
      CLAIM(kAbsmax, "\\(s = 127/2.54 = 50\\), \\(q = [127, -50, 15, 1]\\); 0.011 comes back as \\(1/50 = 0.02\\)", 1, 0, Code(AbsmaxExample(), 3), nullptr),
      CLAIM(kAbsmax, "\\(s = 127/2.54 = 50\\), \\(q = [127, -50, 15, 1]\\); 0.011 comes back as \\(1/50 = 0.02\\)", 0.02, 1e-6, Deq(AbsmaxExample(), 3), nullptr),
      CLAIM(kAbsmax, "The small value has an error of 0.009, 82% of itself", 0.009, 1e-6, Deq(AbsmaxExample(), 3) - 0.011f, nullptr),
      CLAIM(kAbsmax, "The small value has an error of 0.009, 82% of itself", 82, 0.5, 100 * (Deq(AbsmaxExample(), 3) - 0.011f) / 0.011f, nullptr),

      // --- Zero-point (uint8_asym, per tensor, FP32 scale; PyTorch's min-max rule)
      CLAIM(kZp, "all 256 codes of UINT8", 256, 0, static_cast<double>(formats::CodeCount(*Fmt("uint8"))), nullptr),
      CLAIM(kZp, "all 256 codes of UINT8 for \\([\\min, \\max]\\) and stores a zero point: the code that stands for 0.0.", 0, 0, Deq(ZeroPointExample(), 2), nullptr),
      CLAIM(kZp, "\\[ s = \\frac{\\max - \\min}{255}", 255, 1e-3, 3.5 / Scale(ZeroPointExample()), "PyTorch MinMaxObserver: (max - min) / (quant_max - quant_min)"),
      CLAIM(kZp, "For a tensor in \\([-1.0, 2.5]\\), what are the scale and the zero point?", 73, 0,
            ZeroPointExample().ok && !ZeroPointExample().zero_points.empty() ? ZeroPointExample().zero_points[0] : kNaN, nullptr),
      CLAIM(kZp, "\\(s = 3.5/255 \\approx 0.013725\\)", 0.013725, 5e-7, Scale(ZeroPointExample()), nullptr),
      CLAIM(kZp, "\\(z = \\operatorname{round}(1.0/0.013725) = \\operatorname{round}(72.857) = 73\\)", 72.857, 0.0005, 1.0 / Scale(ZeroPointExample()), nullptr),
      CLAIM(kZp, "\\(z = \\operatorname{round}(1.0/0.013725) = \\operatorname{round}(72.857) = 73\\)", 73, 0,
            ZeroPointExample().ok && !ZeroPointExample().zero_points.empty() ? ZeroPointExample().zero_points[0] : kNaN, nullptr),
      CLAIM(kZp, "0.0 is stored as 73 and comes back as exactly 0.0", 73, 0, Code(ZeroPointExample(), 2), nullptr),
      CLAIM(kZp, "0.0 is stored as 73 and comes back as exactly 0.0", 0, 0, Deq(ZeroPointExample(), 2), nullptr),

      // --- Outliers and per-block scales
      CLAIM(kOutliers, "blocks (for example 64 values)", 64, 0, static_cast<double>(quant::DefaultConfig("nf4").block), "bitsandbytes default blocksize 64"),
      CLAIM(kOutliers, "an outlier only coarsens the 63 other values of its block", 63, 0, static_cast<double>(quant::DefaultConfig("nf4").block - 1), nullptr),
      CLAIM(kOutliers, "with an FP32 scale per 64 values that is 32/64 = 0.5 extra bits per parameter", 0.5, 0, Bpp("nf4", 64) - quant::CodeBits("nf4"), nullptr),

      // --- NF4 (levels: bitsandbytes get_4bit_type("nf4"))
      CLAIM(kNf4, "NF4 (\"4-bit NormalFloat\", from QLoRA) has 16 levels", 16, 0, static_cast<double>(Nf4Example().grid.size()), "bitsandbytes NF4 table"),
      CLAIM(kNf4, "NF4 (\"4-bit NormalFloat\", from QLoRA) has 16 levels", 4, 0, static_cast<double>(quant::CodeBits("nf4")), nullptr),
      CLAIM(kNf4, "scaled to \\([-1, 1]\\)", -1, 0, Level(0), "bitsandbytes NF4 table"),
      CLAIM(kNf4, "scaled to \\([-1, 1]\\)", 1, 0, Level(15), "bitsandbytes NF4 table"),
      CLAIM(kNf4, "7 negative levels, an exact 0, and 8 positive levels", 7, 0, CountLevels(-1), nullptr),
      CLAIM(kNf4, "7 negative levels, an exact 0, and 8 positive levels", 1, 0, CountLevels(0), nullptr),
      CLAIM(kNf4, "7 negative levels, an exact 0, and 8 positive levels", 8, 0, CountLevels(1), nullptr),
      CLAIM(kNf4, "In a block with absmax 2.0, which NF4 level does the weight 0.5 use", 10, 0, Code(Nf4Example(), 1), nullptr),
      CLAIM(kNf4, "0.5 / 2.0 = 0.25, nearest level 0.2461123 (code 10), so it comes back as about 0.4922", 0.2461123, 5e-8, Level(10), "bitsandbytes: 0.24611230194568634"),
      CLAIM(kNf4, "0.5 / 2.0 = 0.25, nearest level 0.2461123 (code 10), so it comes back as about 0.4922", 10, 0, Code(Nf4Example(), 1), nullptr),
      CLAIM(kNf4, "0.5 / 2.0 = 0.25, nearest level 0.2461123 (code 10), so it comes back as about 0.4922", 0.4922, 0.00005, Deq(Nf4Example(), 1), nullptr),
      CLAIM(kNf4, "The smallest positive NF4 level is 0.0795803", 0.0795803, 5e-8, Level(8), "bitsandbytes: 0.07958029955625534"),
      CLAIM(kNf4, "the largest negative one below zero is −0.0910500; the ends are exactly −1 and 1.", -0.0910500, 5e-8, Level(6), "bitsandbytes: -0.09105003625154495"),
      CLAIM(kNf4, "the largest negative one below zero is −0.0910500; the ends are exactly −1 and 1.", -1, 0, Level(0), nullptr),
      CLAIM(kNf4, "the largest negative one below zero is −0.0910500; the ends are exactly −1 and 1.", 1, 0, Level(15), nullptr),

      // --- Bits per parameter include the scales
      CLAIM(kBpp, "A \"4-bit\" format is never exactly 4 bits per parameter once its scales are counted.", 4, 0, static_cast<double>(quant::CodeBits("nf4")), nullptr),
      CLAIM(kBpp, "What does NF4 with block size 64 and an FP32 absmax per block cost in bits per parameter?", 4.5, 0, QuizAnswer("bits_per_param?scheme=nf4&block=64"), "QLoRA §3"),
      CLAIM(kBpp, "\\(4 + 32/64 = 4.5\\) bits per parameter.", 4.5, 0, Bpp("nf4", 64), "QLoRA §3"),
      CLAIM(kBpp, "With block 128 it is 4.25", 4.25, 0, Bpp("nf4", 128), nullptr),
      CLAIM(kBpp, "with double quantization (8-bit scales, an FP32 scale per 256 blocks) it is \\(4 + 8/64 + 32/(64 \\cdot 256) = 4.127\\)", 4.127, 0.0005,
            Bpp("nf4", 64, true), "QLoRA §3"),
      CLAIM(kBpp, "with double quantization (8-bit scales, an FP32 scale per 256 blocks) it is \\(4 + 8/64 + 32/(64 \\cdot 256) = 4.127\\)", 256, 0,
            static_cast<double>(quant::kDoubleQuantBlock), nullptr),
      CLAIM(kBpp, "llama.cpp's Q4_0 (32 weights with an FP16 scale) also comes to 4.5, and Q8_0 to 8.5.", 4.5, 0, Bpp("int4_sym"), "llama.cpp ggml-common.h block_q4_0"),
      CLAIM(kBpp, "llama.cpp's Q4_0 (32 weights with an FP16 scale) also comes to 4.5, and Q8_0 to 8.5.", 8.5, 0, Bpp("int8_sym"), "llama.cpp ggml-common.h block_q8_0"),
      CLAIM(kBpp, "llama.cpp's Q4_0 (32 weights with an FP16 scale) also comes to 4.5, and Q8_0 to 8.5.", 32, 0, static_cast<double>(quant::DefaultConfig("int4_sym").block), "QK4_0 = 32"),

      // --- MX (OCP MX v1.0)
      CLAIM(kMx, "share one 8-bit power-of-two scale (E8M0) across a block of 32 elements", 8, 0, SpecField("e8m0", &FormatSpec::bits), "OCP MX v1.0 §5.4"),
      CLAIM(kMx, "share one 8-bit power-of-two scale (E8M0) across a block of 32 elements", 32, 0, static_cast<double>(quant::DefaultConfig("mxfp4").block), "OCP MX v1.0"),
      CLAIM(kMx, "The elements are small floats (FP8, FP6, FP4) or INT8.", 8, 0, static_cast<double>(quant::CodeBits("mxfp8_e4m3")), nullptr),
      CLAIM(kMx, "The elements are small floats (FP8, FP6, FP4) or INT8.", 6, 0, static_cast<double>(quant::CodeBits("mxfp6_e3m2")), nullptr),
      CLAIM(kMx, "The elements are small floats (FP8, FP6, FP4) or INT8.", 4, 0, static_cast<double>(quant::CodeBits("mxfp4")), nullptr),
      CLAIM(kMx, "\\(4 + 8/32 = 4.25\\) bits.", 4.25, 0, Bpp("mxfp4"), "OCP MX v1.0"),
      CLAIM(kMx, "exceed FP4's maximum of 6", 6, 0, Facts("fp4_e2m1").max, "OCP MX v1.0 Table"),
      CLAIM(kMx, "Example: a block with absmax 1.9 gets scale \\(2^{0-2} = 0.25\\); 1.9/0.25 = 7.6 saturates to 6 and comes back as 1.5, about 21% low.", 0.25, 0, Scale(MxExample()), nullptr),
      CLAIM(kMx, "Example: a block with absmax 1.9 gets scale \\(2^{0-2} = 0.25\\); 1.9/0.25 = 7.6 saturates to 6 and comes back as 1.5, about 21% low.", 1.5, 0, Deq(MxExample(), 0), nullptr),
      CLAIM(kMx, "Example: a block with absmax 1.9 gets scale \\(2^{0-2} = 0.25\\); 1.9/0.25 = 7.6 saturates to 6 and comes back as 1.5, about 21% low.", 7.6, 1e-6, 1.9f / Scale(MxExample()), nullptr),
      CLAIM(kMx, "Example: a block with absmax 1.9 gets scale \\(2^{0-2} = 0.25\\); 1.9/0.25 = 7.6 saturates to 6 and comes back as 1.5, about 21% low.", 21, 0.5,
            100 * (1.9f - Deq(MxExample(), 0)) / 1.9f, "REFERENCES: MXFP4 amax 1.9 → 1.5 (−21%)"),
      CLAIM(kMx, "MXFP8 (E4M3 elements) takes 8.25 bits.", 8.25, 0, Bpp("mxfp8_e4m3"), "OCP MX v1.0"),

      // --- Sign, exponent, mantissa
      CLAIM(kSem, "For a normal number the stored exponent \\(e\\) is offset by a bias \\(2^{E-1} - 1\\) and the mantissa gets a hidden leading 1.", 15, 0,
            Pow2(static_cast<int>(SpecField("fp16", &FormatSpec::exponent_bits)) - 1) - 1, "IEEE 754 bias"),
      CLAIM(kSem, "\\[ x = (-1)^s \\times 2^{e - \\text{bias}} \\times \\left(1 + \\frac{m}{2^M}\\right) \\]", -2.5, 0, formats::DecodeBits(0xC100, *Fmt("fp16")), nullptr),
      CLAIM(kSem, "Decode the FP16 bit pattern 0xC100 (1 10000 0100000000).", -2.5, 0, formats::DecodeBits(0xC100, *Fmt("fp16")), "IEEE 754 binary16"),
      CLAIM(kSem, "Sign 1, exponent 16 − 15 = 1, mantissa 1 + 256/1024 = 1.25, so \\(-1.25 \\times 2 = -2.5\\).", 1, 0,
            static_cast<double>(formats::Inspect(0xC100, *Fmt("fp16")).fields.unbiased_exponent), nullptr),
      CLAIM(kSem, "Sign 1, exponent 16 − 15 = 1, mantissa 1 + 256/1024 = 1.25, so \\(-1.25 \\times 2 = -2.5\\).", 256, 0,
            static_cast<double>(formats::Inspect(0xC100, *Fmt("fp16")).fields.mantissa), nullptr),
      CLAIM(kSem, "Sign 1, exponent 16 − 15 = 1, mantissa 1 + 256/1024 = 1.25, so \\(-1.25 \\times 2 = -2.5\\).", 16, 0,
            static_cast<double>(formats::Inspect(0xC100, *Fmt("fp16")).fields.exponent), nullptr),
      CLAIM(kSem, "Sign 1, exponent 16 − 15 = 1, mantissa 1 + 256/1024 = 1.25, so \\(-1.25 \\times 2 = -2.5\\).", -2.5, 0, formats::DecodeBits(0xC100, *Fmt("fp16")), nullptr),
      CLAIM(kSem, "FP16 has 1 sign, 5 exponent and 10 mantissa bits with bias 15; FP32 has 1/8/23 with bias 127.", 5, 0, SpecField("fp16", &FormatSpec::exponent_bits), "IEEE 754"),
      CLAIM(kSem, "FP16 has 1 sign, 5 exponent and 10 mantissa bits with bias 15; FP32 has 1/8/23 with bias 127.", 10, 0, SpecField("fp16", &FormatSpec::mantissa_bits), "IEEE 754"),
      CLAIM(kSem, "FP16 has 1 sign, 5 exponent and 10 mantissa bits with bias 15; FP32 has 1/8/23 with bias 127.", 15, 0, SpecField("fp16", &FormatSpec::bias), "IEEE 754"),
      CLAIM(kSem, "FP16 has 1 sign, 5 exponent and 10 mantissa bits with bias 15; FP32 has 1/8/23 with bias 127.", 8, 0, SpecField("fp32", &FormatSpec::exponent_bits), "IEEE 754"),
      CLAIM(kSem, "FP16 has 1 sign, 5 exponent and 10 mantissa bits with bias 15; FP32 has 1/8/23 with bias 127.", 23, 0, SpecField("fp32", &FormatSpec::mantissa_bits), "IEEE 754"),
      CLAIM(kSem, "FP16 has 1 sign, 5 exponent and 10 mantissa bits with bias 15; FP32 has 1/8/23 with bias 127.", 127, 0, SpecField("fp32", &FormatSpec::bias), "IEEE 754"),
      CLAIM(kSem, "FP16 has 1 sign, 5 exponent and 10 mantissa bits with bias 15; FP32 has 1/8/23 with bias 127.", 1, 0,
            SpecField("fp16", &FormatSpec::bits) - SpecField("fp16", &FormatSpec::exponent_bits) - SpecField("fp16", &FormatSpec::mantissa_bits), nullptr),

      // --- Range versus precision
      CLAIM(kRange, "FP16 and BF16 both use 16 bits.", 16, 0, SpecField("bf16", &FormatSpec::bits), nullptr),
      CLAIM(kRange, "BF16 has the range (8 exponent bits, max about \\(3.39 \\times 10^{38}\\)); FP16 has the precision (10 mantissa bits against 7).", 3.39e38, 0.005e38,
            Facts("bf16").max, nullptr),
      CLAIM(kRange, "BF16 has the range (8 exponent bits, max about \\(3.39 \\times 10^{38}\\)); FP16 has the precision (10 mantissa bits against 7).", 8, 0,
            SpecField("bf16", &FormatSpec::exponent_bits), nullptr),
      CLAIM(kRange, "BF16 has the range (8 exponent bits, max about \\(3.39 \\times 10^{38}\\)); FP16 has the precision (10 mantissa bits against 7).", 7, 0,
            SpecField("bf16", &FormatSpec::mantissa_bits), nullptr),
      CLAIM(kRange, "Relative spacing near 1: FP16 \\(2^{-10} \\approx 0.000977\\), BF16 \\(2^{-7} = 0.0078125\\).", 0.000977, 5e-7, Facts("fp16").epsilon, nullptr),
      CLAIM(kRange, "Relative spacing near 1: FP16 \\(2^{-10} \\approx 0.000977\\), BF16 \\(2^{-7} = 0.0078125\\).", 0.0078125, 0, Facts("bf16").epsilon, nullptr),
      CLAIM(kRange, "FP16's largest finite value is only 65504.", 65504, 0, Facts("fp16").max, "IEEE 754 binary16"),

      // --- BF16
      CLAIM(kBf16, "BF16 keeps FP32's sign and 8-bit exponent and cuts the mantissa from 23 bits to 7", 7, 0, SpecField("bf16", &FormatSpec::mantissa_bits), nullptr),
      CLAIM(kBf16, "BF16 keeps FP32's sign and 8-bit exponent and cuts the mantissa from 23 bits to 7", 8, 0, SpecField("bf16", &FormatSpec::exponent_bits), nullptr),
      CLAIM(kBf16, "BF16 keeps FP32's sign and 8-bit exponent and cuts the mantissa from 23 bits to 7", 23, 0, SpecField("fp32", &FormatSpec::mantissa_bits), nullptr),
      CLAIM(kBf16, "No. BF16's epsilon is \\(2^{-7} = 0.0078125\\); FP32's is \\(2^{-23} \\approx 1.19 \\times 10^{-7}\\), 65,536 times smaller.", 0.0078125, 0, Facts("bf16").epsilon, nullptr),
      CLAIM(kBf16, "No. BF16's epsilon is \\(2^{-7} = 0.0078125\\); FP32's is \\(2^{-23} \\approx 1.19 \\times 10^{-7}\\), 65,536 times smaller.", 1.19e-7, 0.005e-7, Facts("fp32").epsilon, nullptr),
      CLAIM(kBf16, "No. BF16's epsilon is \\(2^{-7} = 0.0078125\\); FP32's is \\(2^{-23} \\approx 1.19 \\times 10^{-7}\\), 65,536 times smaller.", 65536, 0,
            Facts("bf16").epsilon / Facts("fp32").epsilon, nullptr),
      CLAIM(kBf16, "BF16 carries about 2.4 significant decimal digits (\\(\\log_{10} 2^8\\)); FP32 about 7.2 (\\(\\log_{10} 2^{24}\\)).", 2.4, 0.05, Facts("bf16").decimal_digits, nullptr),
      CLAIM(kBf16, "BF16 carries about 2.4 significant decimal digits (\\(\\log_{10} 2^8\\)); FP32 about 7.2 (\\(\\log_{10} 2^{24}\\)).", 7.2, 0.05, Facts("fp32").decimal_digits, nullptr),
      CLAIM(kBf16, "BF16's largest finite value is about \\(3.39 \\times 10^{38}\\), FP32's about \\(3.40 \\times 10^{38}\\).", 3.39e38, 0.005e38, Facts("bf16").max, "ml_dtypes finfo(bfloat16).max"),
      CLAIM(kBf16, "BF16's largest finite value is about \\(3.39 \\times 10^{38}\\), FP32's about \\(3.40 \\times 10^{38}\\).", 3.40e38, 0.005e38, Facts("fp32").max, "IEEE 754"),

      // --- FP16
      CLAIM(kFp16, "FP16 (IEEE binary16) has 1 sign, 5 exponent and 10 mantissa bits.", 16, 0, SpecField("fp16", &FormatSpec::bits), "IEEE 754"),
      CLAIM(kFp16, "FP16 (IEEE binary16) has 1 sign, 5 exponent and 10 mantissa bits.", 5, 0, SpecField("fp16", &FormatSpec::exponent_bits), "IEEE 754"),
      CLAIM(kFp16, "FP16 (IEEE binary16) has 1 sign, 5 exponent and 10 mantissa bits.", 10, 0, SpecField("fp16", &FormatSpec::mantissa_bits), "IEEE 754"),
      CLAIM(kFp16, "FP16 (IEEE binary16) has 1 sign, 5 exponent and 10 mantissa bits.", 1, 0,
            SpecField("fp16", &FormatSpec::bits) - SpecField("fp16", &FormatSpec::exponent_bits) - SpecField("fp16", &FormatSpec::mantissa_bits), nullptr),
      CLAIM(kFp16, "from 65520 upwards numbers round to infinity", 65520, 0,
            [] { double below = std::nextafter(65520.0, 0.0); return std::isinf(Stored("65520", "fp16")) && Stored(formats::ExactDecimal(below).c_str(), "fp16") == 65504 ? 65520.0 : kNaN; }(), "IEEE 754 round to nearest"),
      CLAIM(kFp16, "numbers smaller than half of \\(2^{-24}\\) round to zero", 0, 0,
            Stored(formats::ExactDecimal(std::nextafter(Pow2(-25), 0.0)).c_str(), "fp16"), nullptr),
      CLAIM(kFp16, "numbers smaller than half of \\(2^{-24}\\) round to zero", Pow2(-24), 0, Facts("fp16").min_subnormal, nullptr),
      CLAIM(kFp16, "65504, \\(2^{-14} \\approx 6.10 \\times 10^{-5}\\) and \\(2^{-24} \\approx 5.96 \\times 10^{-8}\\).", 65504, 0, Facts("fp16").max, "IEEE 754 binary16"),
      CLAIM(kFp16, "65504, \\(2^{-14} \\approx 6.10 \\times 10^{-5}\\) and \\(2^{-24} \\approx 5.96 \\times 10^{-8}\\).", 6.10e-5, 0.005e-5, Facts("fp16").min_normal, nullptr),
      CLAIM(kFp16, "65504, \\(2^{-14} \\approx 6.10 \\times 10^{-5}\\) and \\(2^{-24} \\approx 5.96 \\times 10^{-8}\\).", Pow2(-14), 0, Facts("fp16").min_normal, nullptr),
      CLAIM(kFp16, "65504, \\(2^{-14} \\approx 6.10 \\times 10^{-5}\\) and \\(2^{-24} \\approx 5.96 \\times 10^{-8}\\).", 5.96e-8, 0.005e-8, Facts("fp16").min_subnormal, nullptr),
      CLAIM(kFp16, "70000 becomes \\(+\\infty\\) in FP16 (round to nearest), while in BF16 it is an ordinary number (70144).", 1, 0,
            std::isinf(Stored("70000", "fp16")) ? 1.0 : 0.0, nullptr),
      CLAIM(kFp16, "70000 becomes \\(+\\infty\\) in FP16 (round to nearest), while in BF16 it is an ordinary number (70144).", 70144, 0, Stored("70000", "bf16"), nullptr),

      // --- FP8 (Micikevicius et al. arXiv:2209.05433 Table 1)
      CLAIM(kFp8, "The two 8-bit float formats of the OCP FP8 specification split 7 bits differently.", 8, 0, SpecField("fp8_e5m2", &FormatSpec::bits), nullptr),
      CLAIM(kFp8, "The two 8-bit float formats of the OCP FP8 specification split 7 bits differently.", 7, 0,
            SpecField("fp8_e4m3", &FormatSpec::exponent_bits) + SpecField("fp8_e4m3", &FormatSpec::mantissa_bits), nullptr),
      CLAIM(kFp8, "E4M3 (bias 7)", 7, 0, SpecField("fp8_e4m3", &FormatSpec::bias), "arXiv:2209.05433 Table 1"),
      CLAIM(kFp8, "E5M2 (bias 15)", 15, 0, SpecField("fp8_e5m2", &FormatSpec::bias), "arXiv:2209.05433 Table 1"),
      CLAIM(kFp8, "E4M3: 448. E5M2: 57344.", 448, 0, Facts("fp8_e4m3").max, "arXiv:2209.05433 Table 1"),
      CLAIM(kFp8, "E4M3: 448. E5M2: 57344.", 57344, 0, Facts("fp8_e5m2").max, "arXiv:2209.05433 Table 1"),
      CLAIM(kFp8, "Smallest subnormals: E4M3 \\(2^{-9} \\approx 0.00195\\), E5M2 \\(2^{-16} \\approx 1.53 \\times 10^{-5}\\).", Pow2(-9), 0, Facts("fp8_e4m3").min_subnormal, "arXiv:2209.05433 Table 1"),
      CLAIM(kFp8, "Smallest subnormals: E4M3 \\(2^{-9} \\approx 0.00195\\), E5M2 \\(2^{-16} \\approx 1.53 \\times 10^{-5}\\).", 0.00195, 0.000005, Facts("fp8_e4m3").min_subnormal, nullptr),
      CLAIM(kFp8, "Smallest subnormals: E4M3 \\(2^{-9} \\approx 0.00195\\), E5M2 \\(2^{-16} \\approx 1.53 \\times 10^{-5}\\).", Pow2(-16), 0, Facts("fp8_e5m2").min_subnormal, "arXiv:2209.05433 Table 1"),
      CLAIM(kFp8, "Smallest subnormals: E4M3 \\(2^{-9} \\approx 0.00195\\), E5M2 \\(2^{-16} \\approx 1.53 \\times 10^{-5}\\).", 1.53e-5, 0.005e-5, Facts("fp8_e5m2").min_subnormal, nullptr),

      // --- FP4 E2M1 (OCP MX v1.0)
      CLAIM(kFp4, "The 4-bit float of the MX specification has 1 sign, 2 exponent and 1 mantissa bit", 4, 0, SpecField("fp4_e2m1", &FormatSpec::bits), "OCP MX v1.0"),
      CLAIM(kFp4, "The 4-bit float of the MX specification has 1 sign, 2 exponent and 1 mantissa bit", 2, 0, SpecField("fp4_e2m1", &FormatSpec::exponent_bits), "OCP MX v1.0"),
      CLAIM(kFp4, "The 4-bit float of the MX specification has 1 sign, 2 exponent and 1 mantissa bit", 1, 0, SpecField("fp4_e2m1", &FormatSpec::mantissa_bits), "OCP MX v1.0"),
      CLAIM(kFp4, "It can represent only 15 distinct values.", 15, 0, DistinctValues("fp4_e2m1"), nullptr),
      CLAIM(kFp4, "0, 0.5, 1, 1.5, 2, 3, 4, 6.", 0.5, 0, formats::DecodeBits(1, *Fmt("fp4_e2m1")), "OCP MX v1.0: E2M1 values"),
      CLAIM(kFp4, "0, 0.5, 1, 1.5, 2, 3, 4, 6.", 1.5, 0, formats::DecodeBits(3, *Fmt("fp4_e2m1")), nullptr),
      CLAIM(kFp4, "0, 0.5, 1, 1.5, 2, 3, 4, 6.", 3, 0, formats::DecodeBits(5, *Fmt("fp4_e2m1")), nullptr),
      CLAIM(kFp4, "0, 0.5, 1, 1.5, 2, 3, 4, 6.", 6, 0, formats::DecodeBits(7, *Fmt("fp4_e2m1")), nullptr),
      CLAIM(kFp4, "0, 0.5, 1, 1.5, 2, 3, 4, 6.", 8, 0, DistinctValues("fp4_e2m1") - 7, nullptr),  // 15 values = 7 negative + 0 + 7 positive
      CLAIM(kFp4, "With its sign, that is 16 codes and 15 values (+0 and −0 are equal). 0.5 is a subnormal.", 16, 0,
            static_cast<double>(formats::CodeCount(*Fmt("fp4_e2m1"))), nullptr),
      CLAIM(kFp4, "With its sign, that is 16 codes and 15 values (+0 and −0 are equal). 0.5 is a subnormal.", 15, 0, DistinctValues("fp4_e2m1"), nullptr),
      CLAIM(kFp4, "With its sign, that is 16 codes and 15 values (+0 and −0 are equal). 0.5 is a subnormal.", 0.5, 0, Facts("fp4_e2m1").min_subnormal, nullptr),

      // --- Integer formats
      CLAIM(kInt, "Signed integers use two's complement: \\(n\\) bits cover \\(-2^{n-1}\\) to \\(2^{n-1} - 1\\).", 127, 0, Facts("int8").max, nullptr),
      CLAIM(kInt, "Unsigned ones cover 0 to \\(2^n - 1\\).", 255, 0, Facts("uint8").max, nullptr),
      CLAIM(kInt, "INT8: −128 to 127; UINT8: 0 to 255; INT4: −8 to 7.", -128, 0, Stored("-1000", "int8"), nullptr),
      CLAIM(kInt, "INT8: −128 to 127; UINT8: 0 to 255; INT4: −8 to 7.", 127, 0, Facts("int8").max, nullptr),
      CLAIM(kInt, "INT8: −128 to 127; UINT8: 0 to 255; INT4: −8 to 7.", 0, 0, Stored("-5", "uint8"), nullptr),
      CLAIM(kInt, "INT8: −128 to 127; UINT8: 0 to 255; INT4: −8 to 7.", 255, 0, Facts("uint8").max, nullptr),
      CLAIM(kInt, "INT8: −128 to 127; UINT8: 0 to 255; INT4: −8 to 7.", -8, 0, Stored("-1000", "int4"), nullptr),
      CLAIM(kInt, "INT8: −128 to 127; UINT8: 0 to 255; INT4: −8 to 7.", 7, 0, Facts("int4").max, nullptr),
      CLAIM(kInt, "why does symmetric INT8 quantization use only −127 to 127?", -127, 0,
            [] { const quant::QuantResult& r = AbsmaxExample(); return r.ok && !r.grid.empty() ? r.grid.front() : kNaN; }(), "Wu et al. arXiv:2004.09602"),
      CLAIM(kInt, "Dropping −128 makes the range symmetric so that \\(+\\max\\) and \\(-\\max\\) map to 127 and −127 with the same scale.", -127, 0,
            Code(QuantizeValues({-2.54f, 2.54f, 1.0f, 0.5f}, "int8_sym", quant::Granularity::kTensor), 0), nullptr),
      CLAIM(kInt, "Dropping −128 makes the range symmetric so that \\(+\\max\\) and \\(-\\max\\) map to 127 and −127 with the same scale.", 127, 0,
            Code(QuantizeValues({-2.54f, 2.54f, 1.0f, 0.5f}, "int8_sym", quant::Granularity::kTensor), 1), nullptr),
      CLAIM(kInt, "The step between neighbouring integers is always 1", 1, 0, Facts("int8").epsilon, nullptr),
      CLAIM(kInt, "is at most half a step: \\(\\max|x| / 254\\).", 254, 0.5,
            [] { quant::TensorSpec t; t.n = 4096; std::vector<float> x = quant::MakeTensor(t);
                 quant::QuantResult r = QuantizeValues(x, "int8_sym", quant::Granularity::kTensor);
                 float amax = 0; for (float v : x) amax = std::max(amax, std::fabs(v));
                 return r.ok && r.metrics.max_abs_error <= amax / 254 * (1 + 1e-6) ? 254.0 : kNaN; }(), nullptr),

      // --- 0.1 is not exact in binary
      CLAIM(kTenth, "0.1 = 1/10 has a factor 5 in its denominator, so no binary fraction equals it", 1, 0,
            TenthIsRounded(), "Python: Decimal(0.1) = 0.1000000000000000055511151231257827021181583404541015625"),
      CLAIM(kTenth, "Notes that call 0.1 \"exactly representable\" are wrong.", 1, 0,
            [] { formats::Conversion c = formats::Convert(formats::ParseNumber("0.1"), *Fmt("fp32")); return (c.flags & formats::kFlagRounded) ? 1.0 : 0.0; }(), nullptr),
      CLAIM(kTenth, "What does 0.1 become in FP32, BF16 and FP16?", 0.10009765625, 0, QuizAnswer("bf16_value?value=0.1&format=bf16"), nullptr),
      CLAIM(kTenth, "FP32: 0.100000001490116… ; BF16: 0.10009765625; FP16: 0.0999755859375.", 0.100000001490116, 5e-16, Stored("0.1", "fp32"), "IEEE 754 binary32 0x3dcccccd"),
      CLAIM(kTenth, "FP32: 0.100000001490116… ; BF16: 0.10009765625; FP16: 0.0999755859375.", 0.10009765625, 0, Stored("0.1", "bf16"), "bfloat16 0x3dcd"),
      CLAIM(kTenth, "FP32: 0.100000001490116… ; BF16: 0.10009765625; FP16: 0.0999755859375.", 0.0999755859375, 0, Stored("0.1", "fp16"), "@petamoriken/float16 3.9.3"),
      CLAIM(kTenth, "The relative errors are about \\(1.5 \\times 10^{-8}\\) (FP32), \\(9.8 \\times 10^{-4}\\) (BF16) and \\(2.4 \\times 10^{-4}\\) (FP16).", 1.5e-8, 0.05e-8,
            SignedRelError("0.1", "fp32"), nullptr),
      CLAIM(kTenth, "The relative errors are about \\(1.5 \\times 10^{-8}\\) (FP32), \\(9.8 \\times 10^{-4}\\) (BF16) and \\(2.4 \\times 10^{-4}\\) (FP16).", 9.8e-4, 0.05e-4,
            SignedRelError("0.1", "bf16"), nullptr),
      CLAIM(kTenth, "The relative errors are about \\(1.5 \\times 10^{-8}\\) (FP32), \\(9.8 \\times 10^{-4}\\) (BF16) and \\(2.4 \\times 10^{-4}\\) (FP16).", 2.4e-4, 0.05e-4,
            -SignedRelError("0.1", "fp16"), nullptr),
      CLAIM(kTenth, "Powers of two and small sums of them (0.5, 0.25, 0.75) are exact.", 0.5, 0, Stored("0.5", "bf16"), nullptr),
      CLAIM(kTenth, "Powers of two and small sums of them (0.5, 0.25, 0.75) are exact.", 0.25, 0, Stored("0.25", "fp8_e4m3"), nullptr),
      CLAIM(kTenth, "Powers of two and small sums of them (0.5, 0.25, 0.75) are exact.", 0.75, 0, Stored("0.75", "bf16") == 0.75 ? Stored("0.75", "fp8_e5m2") : kNaN, nullptr),

      CLAIM(kTenth, "0.1 is not exact in binary", 1, 0,
            TenthIsRounded(), nullptr),

      // --- Conversion error of a small number
      CLAIM(kSmall, "The relative error is at most half the spacing: \\(2^{-8}\\) for BF16, \\(2^{-11}\\) for FP16 (for normal numbers).", Pow2(-8), 0, Facts("bf16").epsilon / 2, nullptr),
      CLAIM(kSmall, "The relative error is at most half the spacing: \\(2^{-8}\\) for BF16, \\(2^{-11}\\) for FP16 (for normal numbers).", Pow2(-11), 0, Facts("fp16").epsilon / 2, nullptr),
      CLAIM(kSmall, "What does 0.0123456789 become in BF16 and in FP16?", 0.0123291015625, 0, QuizAnswer("bf16_value?value=0.0123456789&format=bf16"), nullptr),
      CLAIM(kSmall, "BF16: 0.0123291015625 (relative error about −0.13%). FP16: 0.0123443603515625 (about −0.011%).", 0.0123291015625, 0, Stored("0.0123456789", "bf16"),
            "exact rational RNE (Python fractions)"),
      CLAIM(kSmall, "BF16: 0.0123291015625 (relative error about −0.13%). FP16: 0.0123443603515625 (about −0.011%).", -0.13, 0.005, 100 * SignedRelError("0.0123456789", "bf16"), nullptr),
      CLAIM(kSmall, "BF16: 0.0123291015625 (relative error about −0.13%). FP16: 0.0123443603515625 (about −0.011%).", 0.0123443603515625, 0, Stored("0.0123456789", "fp16"),
            "@petamoriken/float16 3.9.3"),
      CLAIM(kSmall, "BF16: 0.0123291015625 (relative error about −0.13%). FP16: 0.0123443603515625 (about −0.011%).", -0.011, 0.0005, 100 * SignedRelError("0.0123456789", "fp16"), nullptr),
      CLAIM(kSmall, "the difference is only the number of mantissa bits (7 against 10).", 7, 0, SpecField("bf16", &FormatSpec::mantissa_bits), nullptr),
      CLAIM(kSmall, "the difference is only the number of mantissa bits (7 against 10).", 10, 0, SpecField("fp16", &FormatSpec::mantissa_bits), nullptr),
      CLAIM(kSmall, "In FP32 it becomes 0.0123456791043…", 0.0123456791043, 1e-13, Stored("0.0123456789", "fp32"), "JavaScript Math.fround(0.0123456789)"),

      // --- Conversion error of a large number
      CLAIM(kLarge, "between 1024 and 2048, BF16 numbers are 8 apart and FP16 numbers are 1 apart.", 8, 0,
            formats::Convert(formats::ParseNumber("1024"), *Fmt("bf16")).ulp, nullptr),
      CLAIM(kLarge, "between 1024 and 2048, BF16 numbers are 8 apart and FP16 numbers are 1 apart.", 1, 0,
            formats::Convert(formats::ParseNumber("2047"), *Fmt("fp16")).ulp, nullptr),
      CLAIM(kLarge, "What does 1234.56789 become in BF16 and in FP16?", 1235, 0, QuizAnswer("bf16_value?value=1234.56789&format=fp16"), nullptr),
      CLAIM(kLarge, "BF16: 1232 (error −2.568). FP16: 1235 (error +0.432).", 1232, 0, Stored("1234.56789", "bf16"), "exact rational RNE (Python fractions)"),
      CLAIM(kLarge, "BF16: 1232 (error −2.568). FP16: 1235 (error +0.432).", -2.568, 0.0005, Stored("1234.56789", "bf16") - 1234.56789, nullptr),
      CLAIM(kLarge, "BF16: 1232 (error −2.568). FP16: 1235 (error +0.432).", 1235, 0, Stored("1234.56789", "fp16"), "@petamoriken/float16 3.9.3"),
      CLAIM(kLarge, "BF16: 1232 (error −2.568). FP16: 1235 (error +0.432).", 0.432, 0.0005, Stored("1234.56789", "fp16") - 1234.56789, nullptr),
      CLAIM(kLarge, "Relative errors: about −0.21% and +0.035%.", -0.21, 0.005, 100 * SignedRelError("1234.56789", "bf16"), nullptr),
      CLAIM(kLarge, "Relative errors: about −0.21% and +0.035%.", 0.035, 0.0005, 100 * SignedRelError("1234.56789", "fp16"), nullptr),

      // --- Mixed-precision training
      CLAIM(kMixed, "runs the forward and backward passes in 16 bits but keeps an FP32 master copy", 16, 0,
            8 * static_cast<double>(nn::DTypeBytes(nn::ComputeDType(nn::Precision::kMixedFp16))), nullptr),
      CLAIM(kMixed, "Use a weight of 1.0 and an update of 0.0001.", 1.0, 0, Stored("1.0001", "fp16"), nullptr),
      CLAIM(kMixed, "In FP16 the next number after 1.0 is \\(1 + 2^{-10} \\approx 1.000977\\), so 1.0 + 0.0001 rounds back to 1.0: the update is lost.", 1.000977, 5e-7,
            formats::Convert(formats::ParseNumber("1"), *Fmt("fp16")).next_up.value, nullptr),
      CLAIM(kMixed, "In FP16 the next number after 1.0 is \\(1 + 2^{-10} \\approx 1.000977\\), so 1.0 + 0.0001 rounds back to 1.0: the update is lost.", 1.0, 0, Stored("1.0001", "fp16"), nullptr),
      CLAIM(kMixed, "FP32 keeps it (1.0001000166…).", 1.0001000166, 1e-10, Stored("1.0001", "fp32"), nullptr),
      CLAIM(kMixed, "In BF16 it is worse: even 1.0 + 0.001 rounds back to 1.0.", 1.0, 0, Stored("1.001", "bf16"), nullptr),
      CLAIM(kMixed, "The master copy costs 4 extra bytes per parameter.", 4, 0, ItemPerParam(TrainScenario(), "master_weights"), "ZeRO §3.1"),

      CLAIM(kMixed, "small updates vanish when added to a 16-bit weight", 1.0, 0, Stored("1.0001", "bf16"), nullptr),

      // --- Loss scaling
      CLAIM(kLoss, "In FP16 anything smaller than about \\(2.98 \\times 10^{-8}\\) (half the smallest subnormal) rounds to zero.", 2.98e-8, 0.005e-8, Facts("fp16").min_subnormal / 2, nullptr),
      CLAIM(kLoss, "In FP16 anything smaller than about \\(2.98 \\times 10^{-8}\\) (half the smallest subnormal) rounds to zero.", 0, 0, Stored("2.9e-8", "fp16"), nullptr),
      CLAIM(kLoss, "multiplies the loss by a factor such as \\(2^{16}\\)", Pow2(16), 0, nn::TrainConfig{}.initial_loss_scale, "PyTorch GradScaler init_scale=2.0**16"),
      CLAIM(kLoss, "A gradient of \\(10^{-8}\\) in FP16: what happens without and with a loss scale of 65536?", 0, 0, Stored("1e-8", "fp16"), nullptr),
      CLAIM(kLoss, "A gradient of \\(10^{-8}\\) in FP16: what happens without and with a loss scale of 65536?", 65536, 0, nn::TrainConfig{}.initial_loss_scale, nullptr),
      CLAIM(kLoss, "Without: it rounds to 0. With: \\(10^{-8} \\times 65536 = 6.55 \\times 10^{-4}\\), a normal FP16 number (about 0.000655), which survives.", 0.000655, 5e-7,
            Stored("0.00065536", "fp16"), nullptr),
      CLAIM(kLoss, "Without: it rounds to 0. With: \\(10^{-8} \\times 65536 = 6.55 \\times 10^{-4}\\), a normal FP16 number (about 0.000655), which survives.", 0, 0, Stored("1e-8", "fp16"), nullptr),
      CLAIM(kLoss, "Without: it rounds to 0. With: \\(10^{-8} \\times 65536 = 6.55 \\times 10^{-4}\\), a normal FP16 number (about 0.000655), which survives.", 0, 0,
            static_cast<double>(formats::Convert(formats::ParseNumber("0.00065536"), *Fmt("fp16")).fields.subnormal), nullptr),
      CLAIM(kLoss, "PyTorch's GradScaler starts at a scale of 65536 by default.", 65536, 0, nn::TrainConfig{}.initial_loss_scale, "PyTorch torch.amp.GradScaler(init_scale=65536.0)"),

      // --- Optimizer states (FP32 training, per parameter)
      CLAIM(kOpt, "In FP32 each state is 4 bytes per parameter.", 4, 0, ItemPerParam(TrainScenario(memory::Optimizer::kMomentum, memory::Precision::kFp32), "optimizer"), nullptr),
      CLAIM(kOpt, "0, 4 and 8 bytes.", 0, 0, ItemPerParam(TrainScenario(memory::Optimizer::kSgd, memory::Precision::kFp32), "optimizer"), nullptr),
      CLAIM(kOpt, "0, 4 and 8 bytes.", 4, 0, ItemPerParam(TrainScenario(memory::Optimizer::kMomentum, memory::Precision::kFp32), "optimizer"), nullptr),
      CLAIM(kOpt, "0, 4 and 8 bytes.", 8, 0, ItemPerParam(TrainScenario(memory::Optimizer::kAdam, memory::Precision::kFp32), "optimizer"), nullptr),
      CLAIM(kOpt, "8-bit Adam stores \\(m\\) and \\(v\\) in one byte each: about 2 bytes per parameter (plus the 4-byte master copy in mixed precision).", 2, 0,
            ItemPerParam(TrainScenario(memory::Optimizer::kAdam8bit), "optimizer"), "Dettmers et al. arXiv:2110.02861"),
      CLAIM(kOpt, "8-bit Adam stores \\(m\\) and \\(v\\) in one byte each: about 2 bytes per parameter (plus the 4-byte master copy in mixed precision).", 4, 0,
            ItemPerParam(TrainScenario(memory::Optimizer::kAdam8bit), "master_weights"), nullptr),
      CLAIM(kOpt, "8-bit Adam stores \\(m\\) and \\(v\\) in one byte each: about 2 bytes per parameter (plus the 4-byte master copy in mixed precision).", 8, 0,
            8 * ItemPerParam(TrainScenario(memory::Optimizer::kAdam8bit), "optimizer") / 2, nullptr),

      // --- Adam's bias correction (Kingma & Ba, Algorithm 1)
      CLAIM(kAdam, "With \\(\\beta_1 = 0.9\\) and \\(\\beta_2 = 0.999\\), how large is Adam's very first step", 0.9, 0, nn::TrainConfig{}.beta1, "Kingma & Ba 2015 defaults"),
      CLAIM(kAdam, "With \\(\\beta_1 = 0.9\\) and \\(\\beta_2 = 0.999\\), how large is Adam's very first step", 0.999, 0, nn::TrainConfig{}.beta2, "Kingma & Ba 2015 defaults"),
      CLAIM(kAdam, "\\[ \\hat m = \\frac{m}{1-\\beta_1^t}, \\quad \\hat v = \\frac{v}{1-\\beta_2^t}", 1, 1e-5,
            AdamFirstStepRatio(), nullptr),
      CLAIM(kAdam, "After one step \\(\\hat m = g\\) and \\(\\hat v = g^2\\)", 1, 1e-5,
            AdamFirstStepRatio(), nullptr),
      CLAIM(kAdam, "Without bias correction the first step would be \\(\\eta \\times 0.1 g / (\\sqrt{0.001}|g|) \\approx 3.16\\,\\eta\\).", 3.16, 0.005, 0.1 / std::sqrt(0.001), nullptr),

      CLAIM(kAdam, "It divides them by \\(1 - \\beta^t\\)", 1, 1e-5, AdamFirstStepRatio(), nullptr),

      // --- Training memory: 16 bytes per parameter (ZeRO §3.1)
      CLAIM(kTrain, "Training memory: 16 bytes per parameter", 16, 0, ModelStatesPerParam(memory::ModelFromParams(7e9), TrainScenario(memory::Optimizer::kAdam)), "ZeRO §3.1"),
      CLAIM(kTrain, "2 bytes of 16-bit weights, 2 bytes of 16-bit gradients, and 12 bytes of FP32 optimizer data (4 master copy + 4 first moment + 4 second moment).", 2, 0,
            ItemPerParam(TrainScenario(), "weights"), "ZeRO §3.1"),
      CLAIM(kTrain, "2 bytes of 16-bit weights, 2 bytes of 16-bit gradients, and 12 bytes of FP32 optimizer data (4 master copy + 4 first moment + 4 second moment).", 2, 0,
            ItemPerParam(TrainScenario(), "gradients"), "ZeRO §3.1"),
      CLAIM(kTrain, "2 bytes of 16-bit weights, 2 bytes of 16-bit gradients, and 12 bytes of FP32 optimizer data (4 master copy + 4 first moment + 4 second moment).", 12, 0,
            ItemPerParam(TrainScenario(), "optimizer") + ItemPerParam(TrainScenario(), "master_weights"), "ZeRO §3.1: K = 12"),
      CLAIM(kTrain, "2 bytes of 16-bit weights, 2 bytes of 16-bit gradients, and 12 bytes of FP32 optimizer data (4 master copy + 4 first moment + 4 second moment).", 4, 0,
            ItemPerParam(TrainScenario(), "master_weights"), nullptr),
      CLAIM(kTrain, "2 bytes of 16-bit weights, 2 bytes of 16-bit gradients, and 12 bytes of FP32 optimizer data (4 master copy + 4 first moment + 4 second moment).", 8, 0,
            ItemPerParam(TrainScenario(), "optimizer"), nullptr),
      CLAIM(kTrain, "\\[ M_\\text{train} = (2 + 2 + 12) \\times N = 16N \\text{ bytes (+ activations)} \\]", 16, 0, ModelStatesPerParam(memory::ModelFromParams(7e9), TrainScenario()), nullptr),
      CLAIM(kTrain, "How much memory do weights, gradients and optimizer states take for a 7B model", 112e9, 0, QuizAnswer("train_memory_adam?params=7e9"), nullptr),
      CLAIM(kTrain, "\\(16 \\times 7 \\times 10^9 = 112 \\times 10^9\\) bytes, about 112 GB, before activations.", 112e9, 0, QuizAnswer("train_memory_adam?params=7e9"), nullptr),
      CLAIM(kTrain, "For Llama-2-7B's 6,738,415,616 parameters: 107,814,649,856 bytes (about 107.8 GB).", 6738415616.0, 0, Params("llama-2-7b"), nullptr),
      CLAIM(kTrain, "For Llama-2-7B's 6,738,415,616 parameters: 107,814,649,856 bytes (about 107.8 GB).", 107814649856.0, 0,
            memory::EstimateMemory(Model("llama-2-7b"), TrainScenario()).model_state_bytes, nullptr),
      CLAIM(kTrain, "For Llama-2-7B's 6,738,415,616 parameters: 107,814,649,856 bytes (about 107.8 GB).", 107.8, 0.05,
            memory::EstimateMemory(Model("llama-2-7b"), TrainScenario()).model_state_bytes / kGB, nullptr),

      // --- 16, 18 or 20
      CLAIM(k1618, "Different sources quote 16, 18 or 20 bytes per parameter for mixed-precision Adam.", 16, 0, ModelStatesPerParam(memory::ModelFromParams(1e9), TrainScenario()), "ZeRO"),
      CLAIM(k1618, "Different sources quote 16, 18 or 20 bytes per parameter for mixed-precision Adam.", 18, 0,
            [] { memory::Scenario s = TrainScenario(); s.mixed_bytes = memory::MixedBytes::k18; return ModelStatesPerParam(memory::ModelFromParams(1e9), s); }(), "HF Model training anatomy"),
      CLAIM(k1618, "Different sources quote 16, 18 or 20 bytes per parameter for mixed-precision Adam.", 20, 0,
            [] { memory::Scenario s = TrainScenario(); s.mixed_bytes = memory::MixedBytes::k20; return ModelStatesPerParam(memory::ModelFromParams(1e9), s); }(), nullptr),
      CLAIM(k1618, "16 (ZeRO) keeps 16-bit gradients; 18 keeps the gradients in FP32 (4 bytes instead of 2); 20 keeps both a 16-bit and an FP32 copy of the gradients.", 2, 0,
            ItemPerParam(TrainScenario(), "gradients"), nullptr),
      CLAIM(k1618, "16 (ZeRO) keeps 16-bit gradients; 18 keeps the gradients in FP32 (4 bytes instead of 2); 20 keeps both a 16-bit and an FP32 copy of the gradients.", 4, 0,
            [] { memory::Scenario s = TrainScenario(); s.mixed_bytes = memory::MixedBytes::k18; return ItemPerParam(s, "gradients"); }(), nullptr),
      CLAIM(k1618, "16 (ZeRO) keeps 16-bit gradients; 18 keeps the gradients in FP32 (4 bytes instead of 2); 20 keeps both a 16-bit and an FP32 copy of the gradients.", 6, 0,
            [] { memory::Scenario s = TrainScenario(); s.mixed_bytes = memory::MixedBytes::k20; return ItemPerParam(s, "gradients"); }(), nullptr),
      CLAIM(k1618, "A 13B model: how much do the per-parameter items take at 16 and at 18 bytes per parameter?", 208e9, 0, QuizAnswer("train_memory_adam?params=13e9"), nullptr),
      CLAIM(k1618, "\\(16 \\times 13 \\times 10^9 = 208\\) GB and \\(18 \\times 13 \\times 10^9 = 234\\) GB.", 208e9, 0, QuizAnswer("train_memory_adam?params=13e9"), nullptr),
      CLAIM(k1618, "\\(16 \\times 13 \\times 10^9 = 208\\) GB and \\(18 \\times 13 \\times 10^9 = 234\\) GB.", 234e9, 0, QuizAnswer("train_memory_adam?params=13e9&mixed_bytes=18"), nullptr),
      CLAIM(k1618, "Plain FP32 training with Adam also costs 16 bytes (4 weights + 4 gradients + 8 states), but without a 16-bit copy.", 16, 0,
            ModelStatesPerParam(memory::ModelFromParams(1e9), TrainScenario(memory::Optimizer::kAdam, memory::Precision::kFp32)), nullptr),
      CLAIM(k1618, "Plain FP32 training with Adam also costs 16 bytes (4 weights + 4 gradients + 8 states), but without a 16-bit copy.", 4, 0,
            ItemPerParam(TrainScenario(memory::Optimizer::kAdam, memory::Precision::kFp32), "weights"), nullptr),
      CLAIM(k1618, "Plain FP32 training with Adam also costs 16 bytes (4 weights + 4 gradients + 8 states), but without a 16-bit copy.", 4, 0,
            ItemPerParam(TrainScenario(memory::Optimizer::kAdam, memory::Precision::kFp32), "gradients"), nullptr),
      CLAIM(k1618, "Plain FP32 training with Adam also costs 16 bytes (4 weights + 4 gradients + 8 states), but without a 16-bit copy.", 8, 0,
            ItemPerParam(TrainScenario(memory::Optimizer::kAdam, memory::Precision::kFp32), "optimizer"), nullptr),
      CLAIM(k1618, "Plain FP32 training with Adam also costs 16 bytes (4 weights + 4 gradients + 8 states), but without a 16-bit copy.", 0, 0,
            ItemPerParam(TrainScenario(memory::Optimizer::kAdam, memory::Precision::kFp32), "master_weights"), nullptr),

      CLAIM(k1618, "16, 18 or 20 bytes per parameter?", 18, 0,
            [] { memory::Scenario s = TrainScenario(); s.mixed_bytes = memory::MixedBytes::k18; return ModelStatesPerParam(memory::ModelFromParams(1e9), s); }(), nullptr),
      CLAIM(k1618, "16, 18 or 20 bytes per parameter?", 20, 0,
            [] { memory::Scenario s = TrainScenario(); s.mixed_bytes = memory::MixedBytes::k20; return ModelStatesPerParam(memory::ModelFromParams(1e9), s); }(), nullptr),
      CLAIM(k1618, "16, 18 or 20 bytes per parameter?", 16, 0, ModelStatesPerParam(memory::ModelFromParams(1e9), TrainScenario()), nullptr),

      // --- ZeRO (Rajbhandari et al. arXiv:1910.02054, Figure 1: Ψ = 7.5B, N_d = 64, K = 12)
      CLAIM(kZero, "stage 1 shards the optimizer states, stage 2 also the gradients, stage 3 also the weights.", 1, 0,
            ZeroPerGpu(7.5e9, 1, 64) < ZeroPerGpu(7.5e9, 0, 64) && ZeroPerGpu(7.5e9, 2, 64) < ZeroPerGpu(7.5e9, 1, 64) && ZeroPerGpu(7.5e9, 3, 64) < ZeroPerGpu(7.5e9, 2, 64) ? 1.0 : kNaN, nullptr),
      CLAIM(kZero, "\\text{stage 1: } 4\\Psi + \\frac{12\\Psi}{N_d}", 4 * 7.5e9 + 12 * 7.5e9 / 64, 1, ZeroPerGpu(7.5e9, 1, 64), "ZeRO §5.1"),
      CLAIM(kZero, "\\text{stage 2: } 2\\Psi + \\frac{14\\Psi}{N_d}", 2 * 7.5e9 + 14 * 7.5e9 / 64, 1, ZeroPerGpu(7.5e9, 2, 64), "ZeRO §5.2"),
      CLAIM(kZero, "\\text{stage 3: } \\frac{16\\Psi}{N_d}", 16 * 7.5e9 / 64, 1, ZeroPerGpu(7.5e9, 3, 64), "ZeRO §5.3"),
      CLAIM(kZero, "A 7.5B model on 64 GPUs with mixed-precision Adam: per-GPU memory without ZeRO and with stages 1, 2 and 3?", 120e9, 0, ZeroPerGpu(7.5e9, 0, 64), "ZeRO Figure 1"),
      CLAIM(kZero, "120 GB, 31.4 GB, 16.6 GB and 1.9 GB.", 120, 0.05, ZeroPerGpu(7.5e9, 0, 64) / kGB, "ZeRO Figure 1: 120 GB"),
      CLAIM(kZero, "120 GB, 31.4 GB, 16.6 GB and 1.9 GB.", 31.4, 0.05, ZeroPerGpu(7.5e9, 1, 64) / kGB, "ZeRO Figure 1: 31.4 GB"),
      CLAIM(kZero, "120 GB, 31.4 GB, 16.6 GB and 1.9 GB.", 16.6, 0.05, ZeroPerGpu(7.5e9, 2, 64) / kGB, "ZeRO Figure 1: 16.6 GB"),
      CLAIM(kZero, "120 GB, 31.4 GB, 16.6 GB and 1.9 GB.", 1.9, 0.05, ZeroPerGpu(7.5e9, 3, 64) / kGB, "ZeRO Figure 1: 1.9 GB"),

      // --- Activation memory (Korthikanti et al. arXiv:2205.05198), GPT-3 shapes: a = 96, s = 2048, h = 12288, b = 1
      CLAIM(kAct, "16-bit activations: \\(sbh\\,(34 + 5as/h)\\)", 34, 0, GptLayer(memory::Checkpointing::kSelective) / GptSbh(), "Korthikanti et al. eq. (1)"),
      CLAIM(kAct, "16-bit activations: \\(sbh\\,(34 + 5as/h)\\)", 5, 0, (GptLayer(memory::Checkpointing::kNone) / GptSbh() - 34) / (96.0 * 2048 / 12288), "Korthikanti et al. eq. (1)"),
      CLAIM(kAct, "The \\(5as/h\\) part is the attention score matrices.", 80, 0,
            (GptLayer(memory::Checkpointing::kNone) - GptLayer(memory::Checkpointing::kNone, true)) / GptSbh(), nullptr),
      CLAIM(kAct, "For GPT-3 (a = 96, s = 2048, h = 12288), what is \\(5as/h\\)", 80, 0,
            GptLayer(memory::Checkpointing::kNone) / GptSbh() - GptLayer(memory::Checkpointing::kSelective) / GptSbh(), "Korthikanti et al. §4: 5as/h = 80 for GPT-3"),
      CLAIM(kAct, "\\(5 \\times 96 \\times 2048 / 12288 = 80\\); recomputing it saves 80/114, about 70%.", 80, 0,
            GptLayer(memory::Checkpointing::kNone) / GptSbh() - 34, nullptr),
      CLAIM(kAct, "\\(5 \\times 96 \\times 2048 / 12288 = 80\\); recomputing it saves 80/114, about 70%.", 114, 0, GptLayer(memory::Checkpointing::kNone) / GptSbh(), nullptr),
      CLAIM(kAct, "\\(5 \\times 96 \\times 2048 / 12288 = 80\\); recomputing it saves 80/114, about 70%.", 70, 0.5,
            100 * (1 - GptLayer(memory::Checkpointing::kSelective) / GptLayer(memory::Checkpointing::kNone)), "Korthikanti et al.: selective recomputation saves 70%"),

      // --- Gradient checkpointing
      CLAIM(kCkpt, "training goes from 1 + 2 to 1 + 2 + 1 forward-pass units, about 33% more.", 33, 0.5, 100 * ((1.0 + 2 + 1) / (1 + 2) - 1),
            "Chen et al. arXiv:1604.06174: one extra forward pass"),
      CLAIM(kCkpt, "Per layer only the input, \\(2sbh\\) bytes in 16 bits, is kept, instead of everything the layer saves (\\(sbh\\,(34 + 5as/h)\\) for a GPT-style layer).", 2, 0,
            GptLayer(memory::Checkpointing::kFull) / GptSbh(), "Korthikanti et al. §5: full recomputation keeps 2sbh"),
      CLAIM(kCkpt, "Per layer only the input, \\(2sbh\\) bytes in 16 bits, is kept, instead of everything the layer saves (\\(sbh\\,(34 + 5as/h)\\) for a GPT-style layer).", 34, 0,
            GptLayer(memory::Checkpointing::kSelective) / GptSbh(), nullptr),
      CLAIM(kCkpt, "Per layer only the input, \\(2sbh\\) bytes in 16 bits, is kept, instead of everything the layer saves (\\(sbh\\,(34 + 5as/h)\\) for a GPT-style layer).", 16, 0,
            8 * GptLayer(memory::Checkpointing::kFull) / GptSbh(), nullptr),
      CLAIM(kCkpt, "The backward pass costs about twice the forward pass, which is where the 1 + 2 comes from.", 2, 0, 4.0 / 2.0,
            "Kaplan et al. arXiv:2001.08361: 2N forward + 4N backward FLOPs per token"),

      // --- Subnormal numbers
      CLAIM(kSub, "When the stored exponent is 0, the hidden leading 1 becomes 0 and the exponent is fixed at \\(1 - \\text{bias}\\).", Pow2(1 - 15 - 10), 0,
            formats::DecodeBits(1, *Fmt("fp16")), "IEEE 754: subnormal 2^(1-bias) x m/2^M"),
      CLAIM(kSub, "FP32: \\(2^{-149} \\approx 1.4 \\times 10^{-45}\\). BF16: \\(2^{-133} \\approx 9.2 \\times 10^{-41}\\).", Pow2(-149), 0, Facts("fp32").min_subnormal, "IEEE 754"),
      CLAIM(kSub, "FP32: \\(2^{-149} \\approx 1.4 \\times 10^{-45}\\). BF16: \\(2^{-133} \\approx 9.2 \\times 10^{-41}\\).", 1.4e-45, 0.05e-45, Facts("fp32").min_subnormal, nullptr),
      CLAIM(kSub, "FP32: \\(2^{-149} \\approx 1.4 \\times 10^{-45}\\). BF16: \\(2^{-133} \\approx 9.2 \\times 10^{-41}\\).", Pow2(-133), 0, Facts("bf16").min_subnormal, nullptr),
      CLAIM(kSub, "FP32: \\(2^{-149} \\approx 1.4 \\times 10^{-45}\\). BF16: \\(2^{-133} \\approx 9.2 \\times 10^{-41}\\).", 9.2e-41, 0.05e-41, Facts("bf16").min_subnormal, nullptr),
      CLAIM(kSub, "Both share the smallest normal \\(2^{-126} \\approx 1.18 \\times 10^{-38}\\)", Pow2(-126), 0, Facts("bf16").min_normal, nullptr),
      CLAIM(kSub, "Both share the smallest normal \\(2^{-126} \\approx 1.18 \\times 10^{-38}\\)", 1.18e-38, 0.005e-38, Facts("fp32").min_normal, "IEEE 754 FLT_MIN"),

      // --- TF32
      CLAIM(kTf32, "1 sign, 8 exponent and 10 mantissa bits (19 bits) kept in a 32-bit container.", 19, 0, SpecField("tf32", &FormatSpec::bits), "NVIDIA A100 whitepaper"),
      CLAIM(kTf32, "1 sign, 8 exponent and 10 mantissa bits (19 bits) kept in a 32-bit container.", 32, 0, SpecField("tf32", &FormatSpec::container_bits), nullptr),
      CLAIM(kTf32, "1 sign, 8 exponent and 10 mantissa bits (19 bits) kept in a 32-bit container.", 8, 0, SpecField("tf32", &FormatSpec::exponent_bits), nullptr),
      CLAIM(kTf32, "1 sign, 8 exponent and 10 mantissa bits (19 bits) kept in a 32-bit container.", 10, 0, SpecField("tf32", &FormatSpec::mantissa_bits), nullptr),
      CLAIM(kTf32, "1 sign, 8 exponent and 10 mantissa bits (19 bits) kept in a 32-bit container.", 1, 0,
            SpecField("tf32", &FormatSpec::bits) - SpecField("tf32", &FormatSpec::exponent_bits) - SpecField("tf32", &FormatSpec::mantissa_bits), nullptr),
      CLAIM(kTf32, "\\(2^{-10} \\approx 0.000977\\), like FP16. It is stored in 32 bits", 0.000977, 5e-7, Facts("tf32").epsilon, nullptr),
      CLAIM(kTf32, "\\(2^{-10} \\approx 0.000977\\), like FP16. It is stored in 32 bits", Pow2(-10), 0, Facts("fp16").epsilon, nullptr),
      CLAIM(kTf32, "\\(2^{-10} \\approx 0.000977\\), like FP16. It is stored in 32 bits", 32, 0, SpecField("tf32", &FormatSpec::container_bits), nullptr),
      CLAIM(kTf32, "Its largest finite value is about \\(3.40 \\times 10^{38}\\), slightly below FP32's.", 3.40e38, 0.005e38, Facts("tf32").max, "ml_dtypes / REFERENCES: 3.40116213e38"),
      CLAIM(kTf32, "Its largest finite value is about \\(3.40 \\times 10^{38}\\), slightly below FP32's.", 1, 0, Facts("tf32").max < Facts("fp32").max ? 1.0 : 0.0, nullptr),

      // --- NVFP4 (NVIDIA Transformer Engine's definition; REFERENCES.md "NVFP4")
      CLAIM(kNv, "NVFP4 is NVIDIA's 4-bit format", 4, 0, static_cast<double>(quant::CodeBits("nvfp4")), "Transformer Engine: E2M1 elements"),
      CLAIM(kNv, "16 consecutive values share a block scale", 16, 0, static_cast<double>(quant::DefaultConfig("nvfp4").block), "Transformer Engine: 1x16 blocks"),
      CLAIM(kNv, "an 8-bit float with 3 mantissa bits", 8, 0, SpecField("ue4m3", &FormatSpec::bits), nullptr),
      CLAIM(kNv, "an 8-bit float with 3 mantissa bits", 3, 0, SpecField("ue4m3", &FormatSpec::mantissa_bits), nullptr),
      CLAIM(kNv, "\\[ \\text{bits per value} = 4 + \\frac{8}{16} + \\frac{32}{n} \\]", 4 + 8.0 / 16, 0, NvBppWithoutTensorScale(), nullptr),
      CLAIM(kNv, "\\[ \\text{bits per value} = 4 + \\frac{8}{16} + \\frac{32}{n} \\]", 4 + 8.0 / 16 + 32.0 / 4096, 1e-12,
            *quant::BitsPerParam(quant::DefaultConfig("nvfp4"), 4096), "32 bits of the FP32 tensor scale over n = 4096"),
      CLAIM(kNv, "NVFP4 costs 4.5 bits per value plus the tensor scale, MXFP4 4.25.", 4.5, 0, NvBppWithoutTensorScale(), nullptr),
      CLAIM(kNv, "NVFP4 costs 4.5 bits per value plus the tensor scale, MXFP4 4.25.", 4.25, 0, Bpp("mxfp4"), "OCP MX v1.0: 4 + 8/32"),
      CLAIM(kNv, "A scale per 16 values instead of per 32", 16, 0, static_cast<double>(quant::DefaultConfig("nvfp4").block), nullptr),
      CLAIM(kNv, "A scale per 16 values instead of per 32", 32, 0, static_cast<double>(quant::DefaultConfig("mxfp4").block), nullptr),
      CLAIM(kNv, "less of the 4-bit grid", 4, 0, static_cast<double>(quant::CodeBits("mxfp4")), nullptr),
      CLAIM(kNv, "E2M1's largest code 6", 6, 0, Facts("fp4_e2m1").max, "OCP MX v1.0 FP4 E2M1 max 6"),
      CLAIM(kNv, "On the 4096-value normal tensor of the live panel", 4096, 0, static_cast<double>(links::Quantize{}.n), nullptr),
      CLAIM(kNv, "NVFP4 is about 1.6 dB better than MXFP4", 1.6, 0.05, SqnrGain(quant::Distribution::kNormal), nullptr),
      CLAIM(kNv, "the gap grows to about 5.3 dB", 5.3, 0.05, SqnrGain(quant::Distribution::kOutliers), nullptr),

      // --- NVFP4 without its tensor scale
      CLAIM(kNvBare, "the block's largest magnitude divided by 6", 6, 0, Facts("fp4_e2m1").max, "Transformer Engine: s_block = amax/6"),
      CLAIM(kNvBare, "\\(2^{-9} \\approx 0.00195\\) up to 448", Pow2(-9), 0, Facts("ue4m3").min_subnormal, nullptr),
      CLAIM(kNvBare, "\\(2^{-9} \\approx 0.00195\\) up to 448", 0.00195, 5e-6, Facts("ue4m3").min_subnormal, nullptr),
      CLAIM(kNvBare, "\\(2^{-9} \\approx 0.00195\\) up to 448", 448, 0, Facts("ue4m3").max, "OCP FP8 E4M3 max 448"),
      CLAIM(kNvBare, "data far from magnitude 1 breaks it", 1, 0,
            std::fabs(PanelMetrics("nvfp4", quant::Distribution::kNormal, 1, false).sqnr_db -
                      PanelMetrics("nvfp4", quant::Distribution::kNormal, 1, true).sqnr_db) < 0.5 ? 1.0 : 0.0,
            "at σ = 1 the block scales alone do as well"),
      CLAIM(kNvBare, "the FP32 scale absorbs the magnitude and the error relative to the data is the same as at unit scale", 1, 0,
            std::fabs(PanelMetrics("nvfp4", quant::Distribution::kNormal, 0.001).sqnr_db -
                      PanelMetrics("nvfp4", quant::Distribution::kNormal, 1).sqnr_db) < 0.01 ? 1.0 : 0.0,
            nullptr),
      CLAIM(kNvBare, "every block scale rounds to zero in E4M3, so every value is stored as zero", 1, 0,
            PanelMetrics("nvfp4", quant::Distribution::kNormal, 0.001, false).zero_fraction, nullptr),
      CLAIM(kNvBare, "The tensor's largest magnitude is about 0.004", 0.004, 0.0005, TensorAmax(0.001), nullptr),
      CLAIM(kNvBare, "even its largest block scale, about 0.0007, is below half of \\(2^{-9}\\)", 0.0007, 0.00005,
            TensorAmax(0.001) / Facts("fp4_e2m1").max, nullptr),
      CLAIM(kNvBare, "even its largest block scale, about 0.0007, is below half of \\(2^{-9}\\)", 1, 0,
            TensorAmax(0.001) / Facts("fp4_e2m1").max < Pow2(-9) / 2 ? 1.0 : 0.0, nullptr),

      // --- Mixture of experts (mistralai/Mixtral-8x7B-v0.1 config.json; Mistral AI, "Mixtral of experts")
      CLAIM(kMoe, "Mixtral-8x7B has 8 experts in every layer and sends each token to 2", 8, 0,
            ArchField("mixtral-8x7b", &memory::Architecture::experts), "config.json num_local_experts"),
      CLAIM(kMoe, "Mixtral-8x7B has 8 experts in every layer and sends each token to 2", 2, 0,
            ArchField("mixtral-8x7b", &memory::Architecture::experts_per_token), "config.json num_experts_per_tok"),
      CLAIM(kMoe, "46.7 billion in total (46,702,792,704)", 46702792704.0, 0, Params("mixtral-8x7b"), "Mistral AI: 46.7B total"),
      CLAIM(kMoe, "46.7 billion in total (46,702,792,704)", 46.7, 0.05, Params("mixtral-8x7b") / 1e9, "Mistral AI: 46.7B total"),
      CLAIM(kMoe, "12.9 billion active per token (12,879,925,248)", 12879925248.0, 0, ActiveParams("mixtral-8x7b"),
            "Mistral AI: 12.9B per token"),
      CLAIM(kMoe, "12.9 billion active per token (12,879,925,248)", 12.9, 0.05, ActiveParams("mixtral-8x7b") / 1e9,
            "Mistral AI: 12.9B per token"),
      CLAIM(kMoe, "weights take about 93.4 GB", 93.4e9, 0.05e9, Item(Inference(Model("mixtral-8x7b"), "bf16"), "weights"), nullptr),
      CLAIM(kMoe, "Counting only the active parameters would give about 25.8 GB", 25.8e9, 0.05e9,
            ActiveParams("mixtral-8x7b") * SpecField("bf16", &FormatSpec::container_bits) / 8, nullptr),
      CLAIM(kMoe, "less than a third of what has to fit", 1, 0,
            ActiveParams("mixtral-8x7b") * 3 < Params("mixtral-8x7b") ? 1.0 : 0.0, nullptr),
  };
  return kClaims;
}

// Numbers in the cards that are not claims about a quantity, with the reason.
struct NotClaim {
  const char* card;
  const char* quote;
  const char* why;
};
const std::vector<NotClaim> kNotClaims = {
    {kRule, "EleutherAI's \"Transformer Math 101\"", "the title of a source"},
    {kKv,
     "\\[ M_\\text{KV} = 2 \\times L \\times n_\\text{kv} \\times d_\\text{head} \\times s \\times b \\times "
     "\\text{bytes} \\]",
     "the formula; its factor 2 and its value are checked by the KV claims of this card"},
    {kBackprop, "\\[ \\frac{\\partial L}{\\partial w}", "notation (no number)"},
    {kLora, "rank-8 LoRA", "the rank chosen for the example; the resulting counts are claims"},
    {kSem, "\\(2^{E-1} - 1\\)", "the bias formula; FP16's bias 15 from it is a claim"},
    {kSem, "\\[ x = (-1)^s \\times 2^{e - \\text{bias}} \\times \\left(1 + \\frac{m}{2^M}\\right) \\]",
     "the decoding formula; checked through the 0xC100 decode"},
    {kSem, "A binary floating-point number stores a sign bit", "no number"},
    {kAct, "16-bit activations", "the convention (2-byte activations) under which the formula is checked"},
    {kSub, "These subnormal numbers fill the gap", "no number"},
    {kNvBare, "a standard deviation of 0.001",
     "the input of the example (the live link's sigma); its results are claims"},
    {kMoe, "The name suggests 56 billion", "what the name 8x7B reads as (8 × 7), the misreading the card corrects"},
};

// =============================================================================================
// [SECTION] Tests

std::string ReadDeck() {
  std::ifstream f(std::string(BW_SOURCE_DIR) + "/assets/decks/model-memory.md", std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

const cards::Deck& TheDeck() {
  static const cards::Deck deck = cards::ParseDeck(ReadDeck(), "model-memory.md", cards::CheckQuizLine);
  return deck;
}

std::string Squeeze(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

std::string CardText(const cards::Card& c) {
  return Squeeze(c.title + "\n" + c.background + "\n" + c.question + "\n" + c.answer + "\n" + c.explanation);
}

const cards::Card* FindCard(const std::string& title) {
  for (const cards::Card& c : TheDeck().cards)
    if (c.title == title) return &c;
  return nullptr;
}

bool IsAlnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigitChar(char c) { return c >= '0' && c <= '9'; }

// The numbers written in a text: digit runs with inner '.', ',' or LaTeX "{,}" separators, not part of a
// name (E4M3, FP16, Llama-2-7B, Q4_0): a digit right after a letter, digit or '_', or after '-' that
// follows a letter or digit, starts no number. Returns [begin, end) offsets.
std::vector<std::pair<size_t, size_t>> Numbers(const std::string& t) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t i = 0;
  while (i < t.size()) {
    if (!IsDigitChar(t[i])) {
      ++i;
      continue;
    }
    char p = i > 0 ? t[i - 1] : ' ', pp = i > 1 ? t[i - 2] : ' ';
    if (IsAlnum(p) || p == '_' || (p == '-' && IsAlnum(pp))) {
      while (i < t.size() && IsAlnum(t[i])) ++i;
      continue;
    }
    size_t j = i;
    while (j < t.size()) {
      if (IsDigitChar(t[j]))
        ++j;
      else if ((t[j] == '.' || t[j] == ',') && j + 1 < t.size() && IsDigitChar(t[j + 1]))
        ++j;
      else if (t.compare(j, 3, "{,}") == 0 && j + 3 < t.size() && IsDigitChar(t[j + 3]))
        j += 3;
      else
        break;
    }
    out.emplace_back(i, j);
    i = j;
  }
  return out;
}

// Marks every occurrence of `quote` in `text` as covered; returns false if the quote is absent.
bool Cover(const std::string& text, const std::string& quote, std::vector<bool>& covered) {
  bool found = false;
  for (size_t at = text.find(quote); at != std::string::npos; at = text.find(quote, at + 1)) {
    found = true;
    for (size_t k = at; k < at + quote.size(); ++k) covered[k] = true;
  }
  return found;
}

}  // namespace

TEST_CASE("the bundled deck parses cleanly and has at least 30 cards") {
  const cards::Deck& deck = TheDeck();
  std::string diags;
  for (const auto& d : deck.diagnostics) diags += cards::FormatDiagnostic("model-memory.md", d) + "\n";
  INFO(diags);
  CHECK(deck.diagnostics.empty());
  CHECK(deck.cards.size() >= 30);
  CHECK(deck.title == "Model memory: number formats, quantization and training");
  cards::DeckStats stats = cards::ComputeDeckStats(deck);
  CHECK(stats.errors == 0);
  CHECK(stats.warnings == 0);
  CHECK(stats.with_live >= 30);
  CHECK(stats.with_quiz >= 10);
}

TEST_CASE("every live line is a LiveLink to a known panel with values the engines accept") {
  // core/links is what the app applies a live line with: no error there means the app shows it as written.
  int checked = 0;
  for (const cards::Card& c : TheDeck().cards) {
    if (c.live.empty()) continue;
    CAPTURE(c.title);
    CAPTURE(c.live);
    CHECK(links::Check(c.live).empty());
    ++checked;
  }
  CHECK(checked >= 30);
}

TEST_CASE("every quiz line names a generator and makes a question") {
  int quizzes = 0;
  for (const cards::Card& c : TheDeck().cards) {
    if (c.quiz.empty()) continue;
    CAPTURE(c.title);
    CAPTURE(c.quiz);
    ++quizzes;
    std::string name = c.quiz.substr(0, c.quiz.find('?'));
    CHECK(cards::FindGenerator(name) != nullptr);
    cards::QuizMake m = cards::MakeQuiz(c.quiz, 7);
    INFO(m.error);
    CHECK(m.ok);
  }
  CHECK(quizzes >= 10);
}

TEST_CASE("every numeric claim of the deck agrees with the engines") {
  int checked = 0;
  for (const Claim& claim : Claims()) {
    std::string card = claim.card, quote = claim.quote;
    CAPTURE(card);
    CAPTURE(quote);
    const cards::Card* c = FindCard(card);
    REQUIRE_MESSAGE(c != nullptr, "no card titled '" << card << "'");
    CHECK_MESSAGE(CardText(*c).find(Squeeze(quote)) != std::string::npos,
                  "the quote is not (or no longer) in the card");
    double engine = claim.engine();
    CAPTURE(engine);
    CHECK_MESSAGE(std::fabs(engine - claim.stated) <= claim.tolerance,
                  "card states " << claim.stated << ", engine gives " << engine);
    ++checked;
  }
  CHECK(checked >= 150);
}

TEST_CASE("every number written in the deck is covered by a checked claim") {
  for (const NotClaim& n : kNotClaims) {
    const cards::Card* c = FindCard(n.card);
    REQUIRE(c != nullptr);
    std::string quote = n.quote;
    CAPTURE(quote);
    CHECK(CardText(*c).find(Squeeze(quote)) != std::string::npos);
  }
  int numbers = 0;
  for (const cards::Card& c : TheDeck().cards) {
    std::string text = CardText(c);
    std::vector<bool> covered(text.size(), false);
    for (const Claim& claim : Claims())
      if (c.title == claim.card) Cover(text, Squeeze(claim.quote), covered);
    for (const NotClaim& n : kNotClaims)
      if (c.title == n.card) Cover(text, Squeeze(n.quote), covered);
    for (auto [b, e] : Numbers(text)) {
      ++numbers;
      std::string number = text.substr(b, e - b);
      std::string context = text.substr(b > 40 ? b - 40 : 0, 80);
      CAPTURE(c.title);
      CAPTURE(number);
      CAPTURE(context);
      CHECK_MESSAGE(covered[b], "a number in the deck that no claim checks");
    }
  }
  CHECK(numbers >= 400);
}
