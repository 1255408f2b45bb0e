// Trainer (see trainer.h).
//
// [SECTION] Names and validation
// [SECTION] Construction: buffers through the ledger, weight init
// [SECTION] One step: forward, backward (with checkpoint recomputation), update
// [SECTION] Evaluation, parameters, traces, heatmap
#include "core/nn/trainer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/formats/formats.h"

namespace bw::nn {

// =============================================================================================
// [SECTION] Names and validation
namespace {

const char* const kOptimizerNames[] = {"sgd", "momentum", "adam", "adamw"};
const char* const kPrecisionNames[] = {"fp32", "bf16", "fp16", "mixed-bf16", "mixed-fp16"};
const char* const kActivationNames[] = {"tanh", "relu", "sigmoid", "gelu"};
const char* const kLossNames[] = {"mse", "bce", "ce"};

template <class E, size_t N>
bool ParseName(const std::string& name, const char* const (&names)[N], E* out) {
  for (size_t i = 0; i < N; ++i)
    if (name == names[i]) {
      *out = static_cast<E>(i);
      return true;
    }
  return false;
}

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

const char* ActivationName(Activation a) { return kActivationNames[static_cast<int>(a)]; }
const char* LossName(Loss l) { return kLossNames[static_cast<int>(l)]; }
bool ParseActivation(const char* name, Activation* out) { return ParseName(name, kActivationNames, out); }
bool ParseLoss(const char* name, Loss* out) { return ParseName(name, kLossNames, out); }
const char* OptimizerName(Optimizer o) { return kOptimizerNames[static_cast<int>(o)]; }
bool ParseOptimizer(const std::string& name, Optimizer* out) { return ParseName(name, kOptimizerNames, out); }
const char* PrecisionName(Precision p) { return kPrecisionNames[static_cast<int>(p)]; }
bool ParsePrecision(const std::string& name, Precision* out) { return ParseName(name, kPrecisionNames, out); }

DType ComputeDType(Precision p) {
  switch (p) {
    case Precision::kFp32: return DType::kF32;
    case Precision::kBf16:
    case Precision::kMixedBf16: return DType::kBF16;
    case Precision::kFp16:
    case Precision::kMixedFp16: return DType::kF16;
  }
  return DType::kF32;
}
bool HasMasterCopy(Precision p) { return p == Precision::kMixedBf16 || p == Precision::kMixedFp16; }
bool UsesLossScaling(Precision p) { return p == Precision::kMixedFp16; }

std::vector<std::string> ValidateConfig(const TrainConfig& c) {
  std::vector<std::string> e = ValidateDataset(c.data);
  const size_t n = c.layers.size();
  if (n < 2) {
    e.push_back("layers: need at least an input and an output width (e.g. 2,8,8,1), got " + std::to_string(n) +
                (n == 1 ? " width" : " widths"));
  } else if (n - 1 > static_cast<size_t>(kMaxLinearLayers)) {
    e.push_back("layers: at most " + std::to_string(kMaxLinearLayers) + " Linear layers, got " + std::to_string(n - 1));
  } else {
    for (size_t i = 0; i < n; ++i)
      if (c.layers[i] < 1 || c.layers[i] > kMaxWidth)
        e.push_back("layers: width " + std::to_string(c.layers[i]) + " at position " + std::to_string(i) +
                    " is out of range 1.." + std::to_string(kMaxWidth));
    int64_t params = 0, widths = 0;
    for (size_t i = 0; i < n; ++i) widths += std::max(c.layers[i], 0);
    params = ParameterCount(c.layers);
    if (params > kMaxParameters)
      e.push_back("layers: the network has " + std::to_string(params) + " parameters, more than this trainer's " +
                  std::to_string(kMaxParameters));
    if (int64_t{std::max(c.batch_size, 1)} * widths * 2 > kMaxActivationValues)
      e.push_back("batch: batch × layer widths is too large for the activation buffers (at most " +
                  std::to_string(kMaxActivationValues / 2) + " values per pass)");
    if (c.layers[0] != static_cast<int>(c.features.size()))
      e.push_back("layers: the input width " + std::to_string(c.layers[0]) +
                  " must equal the number of input features (" + std::to_string(c.features.size()) + ")");
    int out = c.layers[n - 1];
    if ((c.loss == Loss::kMse || c.loss == Loss::kBce) && out != 1)
      e.push_back(std::string("layers: loss ") + LossName(c.loss) + " needs 1 output, got " + std::to_string(out));
    if (c.loss == Loss::kCrossEntropy && out != 2)
      e.push_back("layers: loss ce needs 2 outputs (one per class), got " + std::to_string(out));
    for (int f : c.frozen_layers)
      if (f < 0 || f >= static_cast<int>(n) - 1)
        e.push_back("freeze: layer " + std::to_string(f) + " does not exist (Linear layers are 0.." +
                    std::to_string(static_cast<int>(n) - 2) + ")");
    if (c.checkpoint_every < 0 || c.checkpoint_every > static_cast<int>(n) - 1)
      e.push_back("checkpoint: every-K needs K in 0.." + std::to_string(static_cast<int>(n) - 1) + ", got " +
                  std::to_string(c.checkpoint_every));
  }
  if (c.features.empty()) e.push_back("features: need at least one input feature");
  if (IsRegression(c.data.kind) && c.loss != Loss::kMse)
    e.push_back(std::string("loss: the plane dataset is regression and needs loss mse, got ") + LossName(c.loss));
  if (!std::isfinite(c.learning_rate) || c.learning_rate <= 0 || c.learning_rate > 10)
    e.push_back("lr: the learning rate must be a number in (0, 10], got " + Num(c.learning_rate));
  int train_size = static_cast<int>(std::floor(c.data.samples * c.data.train_fraction));
  if (c.batch_size < 1 || c.batch_size > train_size)
    e.push_back("batch: the batch size must be 1.." + std::to_string(std::max(train_size, 1)) +
                " (the training set has " + std::to_string(train_size) + " samples), got " +
                std::to_string(c.batch_size));
  if (!std::isfinite(c.l2) || c.l2 < 0 || c.l2 > 1) e.push_back("l2: must be in [0, 1], got " + Num(c.l2));
  if (!std::isfinite(c.weight_decay) || c.weight_decay < 0 || c.weight_decay > 1)
    e.push_back("weight decay: must be in [0, 1], got " + Num(c.weight_decay));
  if (!(c.momentum >= 0 && c.momentum < 1)) e.push_back("momentum: must be in [0, 1), got " + Num(c.momentum));
  if (!(c.beta1 >= 0 && c.beta1 < 1) || !(c.beta2 >= 0 && c.beta2 < 1))
    e.push_back("adam: beta1 and beta2 must be in [0, 1)");
  if (!(c.epsilon > 0 && c.epsilon < 1)) e.push_back("adam: epsilon must be in (0, 1), got " + Num(c.epsilon));
  if (!std::isfinite(c.loss_multiplier) || c.loss_multiplier <= 0)
    e.push_back("loss multiplier: must be a positive number, got " + Num(c.loss_multiplier));
  if (!(c.initial_loss_scale >= 1 && c.initial_loss_scale <= 16777216.0))
    e.push_back("loss scale: the initial loss scale must be in [1, 2^24], got " + Num(c.initial_loss_scale));
  if (c.growth_interval < 1) e.push_back("loss scale: growth interval must be ≥ 1");
  if (!(c.growth_factor >= 1 && c.growth_factor <= 16) || !(c.backoff_factor > 0 && c.backoff_factor < 1))
    e.push_back("loss scale: growth factor must be in [1, 16] and backoff in (0, 1)");
  if (c.history_every < 0) e.push_back("history: must be ≥ 0");
  return e;
}

// =============================================================================================
// [SECTION] Construction: buffers through the ledger, weight init

Trainer::Trainer(const TrainConfig& config) : config_(config), rng_(config.seed) {
  data_ = MakeDataset(config_.data);
  // Measure one step's activation peak before training (no update; counters and batch order restored).
  // With checkpointing, first measure the same step without it: the difference is the bytes it saves.
  int64_t peak_without = -1;
  if (config_.checkpoint_every >= 2) {
    const int k = config_.checkpoint_every;
    config_.checkpoint_every = 0;
    Build();
    InitWeights();
    RunStep(false);
    peak_without = ledger_.Totals().activation_bytes_peak;
    config_.checkpoint_every = k;
    rng_ = Rng(config_.seed);
    order_pos_ = order_.size();
  }
  Build();
  InitWeights();
  RunStep(false);
  TrainStatus fresh;
  fresh.recompute_per_step = status_.recompute_per_step;
  if (peak_without >= 0) fresh.checkpoint_bytes_saved = peak_without - ledger_.Totals().activation_bytes_peak;
  fresh.loss_scale =
      UsesLossScaling(config_.precision) && config_.dynamic_loss_scaling ? config_.initial_loss_scale : 1.0;
  status_ = fresh;
  rng_ = Rng(config_.seed);
  order_pos_ = order_.size();  // the next batch reshuffles from the fresh generator
  InitWeights();
  RecordHistory();
}

void Trainer::Build() {
  ledger_ = MemoryLedger();
  const int L = LayerCount();
  const int B = config_.batch_size;
  const DType d = ComputeDType(config_.precision);
  const bool master = HasMasterCopy(config_.precision);
  const DType state_dtype = master || d == DType::kF32 ? DType::kF32 : d;
  frozen_.assign(static_cast<size_t>(L), false);
  for (int f : config_.frozen_layers) frozen_[static_cast<size_t>(f)] = true;
  lowest_trainable_ = -1;
  for (int l = 0; l < L; ++l)
    if (!frozen_[static_cast<size_t>(l)]) {
      lowest_trainable_ = l;
      break;
    }

  layers_.assign(static_cast<size_t>(L), LayerBuffers{});
  input_ = ledger_.Allocate("input", {B, config_.layers[0]}, d, Category::kActivations, -1);
  for (int l = 0; l < L; ++l) {
    LayerBuffers& lb = layers_[static_cast<size_t>(l)];
    lb.inputs = config_.layers[static_cast<size_t>(l)];
    lb.outputs = config_.layers[static_cast<size_t>(l) + 1];
    const int I = lb.inputs, O = lb.outputs;
    const std::string p = "layer" + std::to_string(l) + ".";
    lb.weight = ledger_.Allocate(p + "weight", {O, I}, d, Category::kWeights, l);
    lb.bias = ledger_.Allocate(p + "bias", {O}, d, Category::kWeights, l);
    if (!frozen_[static_cast<size_t>(l)]) {
      lb.dweight = ledger_.Allocate(p + "dweight", {O, I}, d, Category::kGradients, l);
      lb.dbias = ledger_.Allocate(p + "dbias", {O}, d, Category::kGradients, l);
      if (master) {
        lb.master_weight = ledger_.Allocate(p + "master.weight", {O, I}, DType::kF32, Category::kMaster, l);
        lb.master_bias = ledger_.Allocate(p + "master.bias", {O}, DType::kF32, Category::kMaster, l);
      }
      if (config_.optimizer == Optimizer::kMomentum) {
        lb.state1_weight = ledger_.Allocate(p + "velocity.weight", {O, I}, state_dtype, Category::kOptimizer, l);
        lb.state1_bias = ledger_.Allocate(p + "velocity.bias", {O}, state_dtype, Category::kOptimizer, l);
      } else if (config_.optimizer == Optimizer::kAdam || config_.optimizer == Optimizer::kAdamW) {
        lb.state1_weight = ledger_.Allocate(p + "m.weight", {O, I}, state_dtype, Category::kOptimizer, l);
        lb.state1_bias = ledger_.Allocate(p + "m.bias", {O}, state_dtype, Category::kOptimizer, l);
        lb.state2_weight = ledger_.Allocate(p + "v.weight", {O, I}, state_dtype, Category::kOptimizer, l);
        lb.state2_bias = ledger_.Allocate(p + "v.bias", {O}, state_dtype, Category::kOptimizer, l);
      }
    }
    if (l < L - 1) {
      if (ActivationBackwardNeedsInput(config_.activation))
        lb.pre = ledger_.Allocate(p + "pre", {B, O}, d, Category::kActivations, l);
      lb.out = ledger_.Allocate(p + "out", {B, O}, d, Category::kActivations, l);
      lb.dout = ledger_.Allocate(p + "dout", {B, O}, d, Category::kActivations, l);
    }
  }
  logits_ = ledger_.Allocate("logits", {B, config_.layers.back()}, d, Category::kActivations, L - 1);
  dlogits_ = ledger_.Allocate("dlogits", {B, config_.layers.back()}, d, Category::kActivations, L - 1);

  // Which hidden outputs backward needs, and which forward keeps (see the schedule in trainer.h).
  const int K = config_.checkpoint_every;
  need_.assign(static_cast<size_t>(std::max(L - 1, 0)), false);
  keep_.assign(need_.size(), false);
  for (int l = 0; l < L - 1; ++l)
    need_[static_cast<size_t>(l)] =
        lowest_trainable_ >= 0 && (!frozen_[static_cast<size_t>(l) + 1] || l >= lowest_trainable_);
  auto needed_by_next_segment = [&](int l) {  // the recomputed layers of the segment after checkpoint l
    int top = std::min(l + K - 1, L - 2);
    return l + 1 <= top && need_[static_cast<size_t>(top)];
  };
  for (int l = 0; l < L - 1; ++l) {
    bool need = need_[static_cast<size_t>(l)];
    if (K < 2) {
      keep_[static_cast<size_t>(l)] = need;
    } else {
      bool checkpoint = (l + 1) % K == 0;
      keep_[static_cast<size_t>(l)] = checkpoint && (need || needed_by_next_segment(l));
    }
  }
  bool input_needed = lowest_trainable_ == 0;
  keep_input_ = input_needed || (K >= 2 && needed_by_next_segment(-1));

  targets_.assign(static_cast<size_t>(B) * static_cast<size_t>(TargetStride(config_.layers.back(), config_.loss)),
                  0.0f);
  batch_.assign(static_cast<size_t>(B), 0);
}

void Trainer::InitWeights() {
  // Glorot/Xavier uniform for tanh and sigmoid, He uniform for relu and gelu (bounds √(6/(I+O)), √(6/I)); bias 0.
  Rng init(config_.seed * 0x9E3779B97F4A7C15ull + 0x5EED);
  const bool he = config_.activation == Activation::kRelu || config_.activation == Activation::kGelu;
  for (size_t l = 0; l < layers_.size(); ++l) {
    LayerBuffers& lb = layers_[l];
    double bound = std::sqrt(6.0 / (he ? lb.inputs : lb.inputs + lb.outputs));
    std::vector<float> w(static_cast<size_t>(lb.inputs) * static_cast<size_t>(lb.outputs));
    for (float& v : w) v = static_cast<float>(init.Uniform(-bound, bound));
    float* dst = ledger_.Data(lb.weight);
    std::copy(w.begin(), w.end(), dst);
    Round(dst, static_cast<int64_t>(w.size()), nullptr);
    std::fill(ledger_.Data(lb.bias), ledger_.Data(lb.bias) + lb.outputs, 0.0f);
    if (lb.master_weight >= 0) {
      std::copy(w.begin(), w.end(), ledger_.Data(lb.master_weight));
      std::fill(ledger_.Data(lb.master_bias), ledger_.Data(lb.master_bias) + lb.outputs, 0.0f);
    }
  }
}

std::vector<std::string> Trainer::Reconfigure(const TrainConfig& config) {
  std::vector<std::string> errors = ValidateConfig(config);
  if (config.layers != config_.layers) errors.push_back("layers: a new network shape needs a new trainer");
  if (!errors.empty()) return errors;
  std::vector<LayerParams> params = GetParams();
  TrainStatus old = status_;
  std::vector<HistoryPoint> history = history_;
  const int64_t history_scale = history_scale_;
  Dataset data = data_;
  bool same_data = config.data.kind == config_.data.kind && config.data.samples == config_.data.samples &&
                   config.data.noise == config_.data.noise &&
                   config.data.train_fraction == config_.data.train_fraction && config.data.seed == config_.data.seed &&
                   config.features == config_.features;
  *this = Trainer(config);
  SetParams(params);
  status_.steps = old.steps;
  if (same_data) history_ = history, history_scale_ = history_scale;
  (void)data;
  return {};
}

// =============================================================================================
// [SECTION] One step: forward, backward (with checkpoint recomputation), update

void Trainer::Round(float* p, int64_t n, Counters* c) const {
  const DType d = ComputeDType(config_.precision);
  if (d == DType::kF32) return;
  for (int64_t i = 0; i < n; ++i) {
    float x = p[i];
    float r = d == DType::kBF16 ? formats::RoundFloatToBF16(x) : formats::RoundFloatToFP16(x);
    if (c) {
      if (x != 0 && r == 0) ++c->underflows;
      if (std::isfinite(x) && !std::isfinite(r)) ++c->overflows;
    }
    p[i] = r;
  }
  if (c) c->elements += n;
}

void Trainer::LayerForward(int l, const float* in, float* pre, float* out, int rows, const float* w,
                           const float* b) const {
  const LayerBuffers& lb = layers_[static_cast<size_t>(l)];
  const int64_t n = static_cast<int64_t>(rows) * lb.outputs;
  const bool last = l == LayerCount() - 1;
  float* z = (pre && !last) ? pre : out;
  LinearForward(z, in, w, b, rows, lb.inputs, lb.outputs);
  Round(z, n, nullptr);
  if (last) return;
  ActivationForward(out, z, static_cast<int>(n), config_.activation);
  Round(out, n, nullptr);
}

void Trainer::ReleaseOutput(int l) {
  if (l < 0) {
    ledger_.Release(input_);
    return;
  }
  const LayerBuffers& lb = layers_[static_cast<size_t>(l)];
  if (lb.pre >= 0) ledger_.Release(lb.pre);
  ledger_.Release(lb.out);
}

void Trainer::FillTargets(const DataPoint& p, float* t) const {
  switch (config_.loss) {
    case Loss::kMse: t[0] = static_cast<float>(p.target); break;
    case Loss::kBce:
    case Loss::kCrossEntropy: t[0] = static_cast<float>(p.label); break;  // 0/1 label, class index
  }
}

void Trainer::NextBatch(std::vector<int>& batch) {
  const size_t n = data_.train.size();
  const size_t B = batch.size();
  if (order_.size() != n) {
    order_.resize(n);
    order_pos_ = n;
  }
  if (order_pos_ + B > n) {  // new epoch: reshuffle (a partial tail is dropped)
    for (size_t i = 0; i < n; ++i) order_[i] = static_cast<int>(i);
    for (size_t i = n; i > 1; --i) std::swap(order_[i - 1], order_[rng_.Below(i)]);
    order_pos_ = 0;
  }
  for (size_t i = 0; i < B; ++i) batch[i] = order_[order_pos_ + i];
  order_pos_ += B;
}

void Trainer::Forward(const std::vector<int>& batch) {
  const int L = LayerCount();
  const int B = config_.batch_size;
  const int I0 = config_.layers[0];
  const int ts = TargetStride(config_.layers.back(), config_.loss);
  ledger_.Acquire(input_);
  float* x = ledger_.Data(input_);
  for (int b = 0; b < B; ++b) {
    const DataPoint& p = data_.train[static_cast<size_t>(batch[static_cast<size_t>(b)])];
    FeatureRow(p.x1, p.x2, config_.features, x + b * I0);
    FillTargets(p, targets_.data() + b * ts);
  }
  Round(x, static_cast<int64_t>(B) * I0, nullptr);
  for (int l = 0; l < L; ++l) {
    const LayerBuffers& lb = layers_[static_cast<size_t>(l)];
    const float* in = l == 0 ? x : ledger_.Data(layers_[static_cast<size_t>(l) - 1].out);
    float* pre = nullptr;
    float* out = nullptr;
    if (l == L - 1) {
      ledger_.Acquire(logits_);
      out = ledger_.Data(logits_);
    } else {
      if (lb.pre >= 0) {
        ledger_.Acquire(lb.pre);
        pre = ledger_.Data(lb.pre);
      }
      ledger_.Acquire(lb.out);
      out = ledger_.Data(lb.out);
    }
    LayerForward(l, in, pre, out, B, ledger_.Data(lb.weight), ledger_.Data(lb.bias));
    if (l == 0 && !keep_input_) ReleaseOutput(-1);
    if (l >= 1 && !keep_[static_cast<size_t>(l) - 1]) ReleaseOutput(l - 1);
  }
  // Loss (fp32 from the D logits), then its gradient scaled by loss scale × loss multiplier, rounded to D.
  const int O = config_.layers.back();
  const float* logits = ledger_.Data(logits_);
  batch_loss_ = LossForward(logits, targets_.data(), B, O, config_.loss);
  ledger_.Acquire(dlogits_);
  grad_scale_ = status_.loss_scale * config_.loss_multiplier;
  LossBackward(ledger_.Data(dlogits_), logits, targets_.data(), B, O, config_.loss, grad_scale_);
  Round(ledger_.Data(dlogits_), static_cast<int64_t>(B) * O, &step_counters_);
  ledger_.Release(logits_);
}

void Trainer::Backward() {
  const int L = LayerCount();
  const int B = config_.batch_size;
  const int K = config_.checkpoint_every;
  const int lt = lowest_trainable_;
  if (lt < 0) {
    ledger_.ReleaseAllActivations();
    return;
  }
  // Segments [s, e] from the last down; without checkpointing, one segment with nothing to recompute.
  std::vector<std::pair<int, int>> segments;
  if (K >= 2) {
    for (int s = 0; s < L; s += K) segments.push_back({s, std::min(s + K - 1, L - 1)});
  } else {
    segments.push_back({0, L - 1});
  }
  int64_t recomputed = 0;
  for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
    const int s = it->first, e = it->second;
    if (e < lt) break;
    // Recompute layers s..e−1 from the checkpoint a_{s−1} when their outputs were not kept.
    if (K >= 2 && e - 1 >= s && need_[static_cast<size_t>(e) - 1] && !keep_[static_cast<size_t>(e) - 1]) {
      for (int l = s; l <= e - 1; ++l) {
        const LayerBuffers& lb = layers_[static_cast<size_t>(l)];
        const float* in = l == 0 ? ledger_.Data(input_) : ledger_.Data(layers_[static_cast<size_t>(l) - 1].out);
        if (lb.pre >= 0) ledger_.Acquire(lb.pre);
        ledger_.Acquire(lb.out);
        LayerForward(l, in, lb.pre >= 0 ? ledger_.Data(lb.pre) : nullptr, ledger_.Data(lb.out), B,
                     ledger_.Data(lb.weight), ledger_.Data(lb.bias));
        ++recomputed;
        if (l - 1 >= s && !need_[static_cast<size_t>(l) - 1]) ReleaseOutput(l - 1);
      }
    }
    for (int l = e; l >= std::max(s, lt); --l) {
      const LayerBuffers& lb = layers_[static_cast<size_t>(l)];
      const int g_id = l == L - 1 ? dlogits_ : lb.dout;
      const float* g = ledger_.Data(g_id);
      const float* in = l == 0 ? ledger_.Data(input_) : ledger_.Data(layers_[static_cast<size_t>(l) - 1].out);
      float* dinp = nullptr;
      const bool propagate = l > lt;
      if (propagate) {
        const int did = layers_[static_cast<size_t>(l) - 1].dout;
        ledger_.Acquire(did);
        dinp = ledger_.Data(did);
        std::fill(dinp, dinp + static_cast<int64_t>(B) * lb.inputs, 0.0f);
      }
      float* dw = lb.dweight >= 0 ? ledger_.Data(lb.dweight) : nullptr;
      float* db = lb.dbias >= 0 ? ledger_.Data(lb.dbias) : nullptr;
      LinearBackward(dinp, dw, db, g, in, ledger_.Data(lb.weight), B, lb.inputs, lb.outputs);
      if (dw) Round(dw, static_cast<int64_t>(lb.inputs) * lb.outputs, &step_counters_);
      if (db) Round(db, lb.outputs, &step_counters_);
      ledger_.Release(g_id);
      if (propagate) {
        const int64_t n = static_cast<int64_t>(B) * lb.inputs;
        Round(dinp, n, &step_counters_);
        const LayerBuffers& below = layers_[static_cast<size_t>(l) - 1];
        ActivationBackward(dinp, below.pre >= 0 ? ledger_.Data(below.pre) : nullptr, ledger_.Data(below.out), dinp,
                           static_cast<int>(n), config_.activation);
        Round(dinp, n, &step_counters_);
      }
      ReleaseOutput(l - 1);
    }
  }
  status_.recompute_per_step = recomputed;
  status_.recomputed_layer_forwards += recomputed;
  ledger_.ReleaseAllActivations();
}

bool Trainer::ApplyUpdate() {
  const bool scaling = UsesLossScaling(config_.precision) && config_.dynamic_loss_scaling;
  const DType d = ComputeDType(config_.precision);
  const bool pure16 = d != DType::kF32 && !HasMasterCopy(config_.precision);
  if (scaling) {
    bool finite = true;
    for (const LayerBuffers& lb : layers_) {
      for (int id : {lb.dweight, lb.dbias}) {
        if (id < 0) continue;
        const float* g = ledger_.Data(id);
        for (int64_t i = 0, n = ledger_.Elements(id); i < n && finite; ++i) finite = std::isfinite(g[i]);
      }
    }
    if (!finite) {
      status_.loss_scale = std::max(1.0, status_.loss_scale * config_.backoff_factor);
      good_steps_ = 0;
      ++status_.skipped_steps;
      return false;
    }
  }
  const double unscale = 1.0 / grad_scale_;
  ++status_.optimizer_steps;
  beta1_pow_ *= config_.beta1;
  beta2_pow_ *= config_.beta2;
  const double lr = config_.learning_rate;
  auto round16 = [&](double v) -> float {
    float f = static_cast<float>(v);
    if (d == DType::kBF16) return formats::RoundFloatToBF16(f);
    if (d == DType::kF16) return formats::RoundFloatToFP16(f);
    return f;
  };
  for (LayerBuffers& lb : layers_) {
    if (lb.dweight < 0) continue;
    const int pairs[2][5] = {{lb.weight, lb.dweight, lb.master_weight, lb.state1_weight, lb.state2_weight},
                             {lb.bias, lb.dbias, lb.master_bias, lb.state1_bias, lb.state2_bias}};
    for (const auto& ids : pairs) {
      float* w = ledger_.Data(ids[0]);
      const float* g = ledger_.Data(ids[1]);
      float* p = ids[2] >= 0 ? ledger_.Data(ids[2]) : w;  // the master copy receives the update if present
      float* s1 = ids[3] >= 0 ? ledger_.Data(ids[3]) : nullptr;
      float* s2 = ids[4] >= 0 ? ledger_.Data(ids[4]) : nullptr;
      const int64_t n = ledger_.Elements(ids[0]);
      for (int64_t i = 0; i < n; ++i) {
        double pi = p[i];
        double gi = static_cast<double>(g[i]) * unscale + config_.l2 * pi;
        double step = 0;
        switch (config_.optimizer) {
          case Optimizer::kSgd: step = lr * gi; break;
          case Optimizer::kMomentum: {
            float v = static_cast<float>(config_.momentum * s1[i] + gi);
            s1[i] = pure16 ? round16(v) : v;
            step = lr * s1[i];
            break;
          }
          case Optimizer::kAdamW:
          case Optimizer::kAdam: {
            float m = static_cast<float>(config_.beta1 * s1[i] + (1 - config_.beta1) * gi);
            float v = static_cast<float>(config_.beta2 * s2[i] + (1 - config_.beta2) * gi * gi);
            s1[i] = pure16 ? round16(m) : m;
            s2[i] = pure16 ? round16(v) : v;
            double mhat = s1[i] / (1 - beta1_pow_);
            double vhat = s2[i] / (1 - beta2_pow_);
            step = lr * mhat / (std::sqrt(vhat) + config_.epsilon);
            if (config_.optimizer == Optimizer::kAdamW) step += lr * config_.weight_decay * pi;
            break;
          }
        }
        float np = static_cast<float>(pi - step);
        if (pure16) {
          np = round16(np);
          if (step != 0 && np == p[i]) ++status_.lost_updates;
        }
        p[i] = np;
        if (ids[2] >= 0) w[i] = round16(np);  // weights = round(master)
      }
    }
  }
  if (scaling && ++good_steps_ >= config_.growth_interval) {
    status_.loss_scale = std::min(16777216.0 * 256, status_.loss_scale * config_.growth_factor);
    good_steps_ = 0;
  }
  return true;
}

void Trainer::RunStep(bool apply_update) {
  step_counters_ = Counters{};
  for (const LayerBuffers& lb : layers_) {
    if (lb.dweight >= 0)
      std::fill(ledger_.Data(lb.dweight), ledger_.Data(lb.dweight) + ledger_.Elements(lb.dweight), 0.0f);
    if (lb.dbias >= 0) std::fill(ledger_.Data(lb.dbias), ledger_.Data(lb.dbias) + ledger_.Elements(lb.dbias), 0.0f);
  }
  NextBatch(batch_);
  Forward(batch_);
  Backward();
  if (!apply_update) return;
  ++status_.steps;
  status_.last_loss = batch_loss_;
  status_.gradient_underflows += step_counters_.underflows;
  status_.gradient_overflows += step_counters_.overflows;
  status_.last_step_underflows = step_counters_.underflows;
  status_.gradient_elements = step_counters_.elements;
  if (!std::isfinite(batch_loss_)) {
    status_.diverged = true;
    status_.diverged_at_step = status_.steps;
    const DType d = ComputeDType(config_.precision);
    status_.divergence_message =
        "The loss became " + std::string(std::isnan(batch_loss_) ? "NaN" : "infinite") + " at step " +
        std::to_string(status_.steps) + ": updates grew the weights until the outputs overflowed" +
        (d == DType::kF16 ? " FP16's largest value, 65504" : "") + ". Lower the learning rate" +
        (d == DType::kF16 ? ", use bf16 or fp32," : "") + " or reset the network.";
    return;
  }
  ApplyUpdate();
  if (config_.history_every > 0 && status_.steps % HistoryEvery() == 0) RecordHistory();
}

void Trainer::Step(int n) {
  for (int i = 0; i < n && !status_.diverged; ++i) RunStep(true);
}

void Trainer::RecordHistory() {
  HistoryPoint h;
  h.step = status_.steps;
  h.train_loss = Evaluate(Split::kTrain).loss;
  EvalResult t = Evaluate(Split::kTest);
  h.test_loss = t.loss;
  h.test_accuracy = t.accuracy;
  history_.push_back(h);
  if (history_.size() > kMaxHistoryPoints) {  // keep points 0, 2, 4, …: the interval doubles
    size_t kept = 0;
    for (size_t i = 0; i < history_.size(); i += 2) history_[kept++] = history_[i];
    history_.resize(kept);
    history_scale_ *= 2;
  }
}

// =============================================================================================
// [SECTION] Evaluation, parameters, traces, heatmap

std::vector<float> Trainer::ForwardRows(const std::vector<const float*>& w, const std::vector<const float*>& b,
                                        const std::vector<float>& x, int rows) const {
  std::vector<float> cur(x), pre, out;
  for (int l = 0; l < LayerCount(); ++l) {
    const LayerBuffers& lb = layers_[static_cast<size_t>(l)];
    out.assign(static_cast<size_t>(rows) * static_cast<size_t>(lb.outputs), 0.0f);
    pre.assign(out.size(), 0.0f);
    LayerForward(l, cur.data(), pre.data(), out.data(), rows, w[static_cast<size_t>(l)], b[static_cast<size_t>(l)]);
    cur.swap(out);
  }
  return cur;
}

double Trainer::EvalWith(const std::vector<const float*>& w, const std::vector<const float*>& b, Split split,
                         int* correct) const {
  const std::vector<DataPoint>& pts = split == Split::kTrain ? data_.train : data_.test;
  const int I0 = config_.layers[0];
  const int O = config_.layers.back();
  const int ts = TargetStride(O, config_.loss);
  const int chunk = 256;
  double loss_sum = 0;
  *correct = 0;
  std::vector<float> x, t;
  for (size_t start = 0; start < pts.size(); start += chunk) {
    int rows = static_cast<int>(std::min<size_t>(chunk, pts.size() - start));
    x.assign(static_cast<size_t>(rows) * I0, 0.0f);
    t.assign(static_cast<size_t>(rows) * ts, 0.0f);
    for (int r = 0; r < rows; ++r) {
      const DataPoint& p = pts[start + static_cast<size_t>(r)];
      FeatureRow(p.x1, p.x2, config_.features, x.data() + r * I0);
      FillTargets(p, t.data() + r * ts);
    }
    Round(x.data(), static_cast<int64_t>(x.size()), nullptr);
    std::vector<float> z = ForwardRows(w, b, x, rows);
    for (int r = 0; r < rows; ++r) {
      const DataPoint& p = pts[start + static_cast<size_t>(r)];
      const float* zr = z.data() + r * O;
      loss_sum += SampleLoss(zr, t.data() + r * ts, O, config_.loss);
      int predicted = config_.loss == Loss::kCrossEntropy ? (zr[1] > zr[0] ? 1 : 0) : (zr[0] > 0 ? 1 : 0);
      if (predicted == p.label) ++*correct;
    }
  }
  return pts.empty() ? 0.0 : loss_sum / static_cast<double>(pts.size());
}

EvalResult Trainer::Evaluate(Split split) const {
  std::vector<const float*> w, b;
  for (const LayerBuffers& lb : layers_) {
    w.push_back(ledger_.Data(lb.weight));
    b.push_back(ledger_.Data(lb.bias));
  }
  EvalResult r;
  r.samples = static_cast<int>((split == Split::kTrain ? data_.train : data_.test).size());
  r.loss = EvalWith(w, b, split, &r.correct);
  r.accuracy = IsRegression(config_.data.kind) || r.samples == 0 ? std::numeric_limits<double>::quiet_NaN()
                                                                 : static_cast<double>(r.correct) / r.samples;
  if (IsRegression(config_.data.kind)) r.correct = 0;
  return r;
}

EvalResult Trainer::EvaluateWith(const std::vector<LayerParams>& params, Split split) const {
  EvalResult r;
  if (params.size() != layers_.size()) return r;
  std::vector<std::vector<float>> wc, bc;  // rounded to the compute dtype, as the trainer's own weights
  std::vector<const float*> w, b;
  for (size_t l = 0; l < layers_.size(); ++l) {
    const LayerParams& p = params[l];
    if (p.inputs != layers_[l].inputs || p.outputs != layers_[l].outputs ||
        p.weight.size() != static_cast<size_t>(p.inputs) * static_cast<size_t>(p.outputs) ||
        p.bias.size() != static_cast<size_t>(p.outputs))
      return r;
    wc.push_back(p.weight);
    bc.push_back(p.bias);
  }
  for (size_t l = 0; l < layers_.size(); ++l) {
    Round(wc[l].data(), static_cast<int64_t>(wc[l].size()), nullptr);
    Round(bc[l].data(), static_cast<int64_t>(bc[l].size()), nullptr);
    w.push_back(wc[l].data());
    b.push_back(bc[l].data());
  }
  r.samples = static_cast<int>((split == Split::kTrain ? data_.train : data_.test).size());
  r.loss = EvalWith(w, b, split, &r.correct);
  r.accuracy = IsRegression(config_.data.kind) || r.samples == 0 ? std::numeric_limits<double>::quiet_NaN()
                                                                 : static_cast<double>(r.correct) / r.samples;
  return r;
}

int64_t ParameterCount(const std::vector<int>& layers) {
  int64_t n = 0;
  for (size_t i = 0; i + 1 < layers.size(); ++i)
    n += int64_t{std::max(layers[i], 0)} * std::max(layers[i + 1], 0) + std::max(layers[i + 1], 0);
  return n;
}

int64_t Trainer::ParameterCount() const {
  int64_t n = 0;
  for (const LayerBuffers& lb : layers_) n += int64_t{lb.inputs} * lb.outputs + lb.outputs;
  return n;
}

std::vector<LayerParams> Trainer::GetParams() const {
  std::vector<LayerParams> out;
  for (const LayerBuffers& lb : layers_) {
    LayerParams p;
    p.inputs = lb.inputs;
    p.outputs = lb.outputs;
    // The fp32 master copy is the parameter when there is one; else the (possibly 16-bit) weights.
    const float* w = ledger_.Data(lb.master_weight >= 0 ? lb.master_weight : lb.weight);
    const float* b = ledger_.Data(lb.master_bias >= 0 ? lb.master_bias : lb.bias);
    p.weight.assign(w, w + static_cast<size_t>(lb.inputs) * static_cast<size_t>(lb.outputs));
    p.bias.assign(b, b + lb.outputs);
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<LayerParams> Trainer::GetGradients() const {
  std::vector<LayerParams> out;
  const double unscale = 1.0 / grad_scale_;
  for (const LayerBuffers& lb : layers_) {
    LayerParams p;
    p.inputs = lb.inputs;
    p.outputs = lb.outputs;
    if (lb.dweight >= 0) {
      const float* w = ledger_.Data(lb.dweight);
      const float* b = ledger_.Data(lb.dbias);
      for (int64_t i = 0, n = ledger_.Elements(lb.dweight); i < n; ++i)
        p.weight.push_back(static_cast<float>(w[i] * unscale));
      for (int i = 0; i < lb.outputs; ++i) p.bias.push_back(static_cast<float>(b[i] * unscale));
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::string Trainer::SetParams(const std::vector<LayerParams>& params) {
  if (params.size() != layers_.size())
    return "expected " + std::to_string(layers_.size()) + " layers, got " + std::to_string(params.size());
  for (size_t l = 0; l < layers_.size(); ++l) {
    const LayerParams& p = params[l];
    const LayerBuffers& lb = layers_[l];
    if (p.inputs != lb.inputs || p.outputs != lb.outputs ||
        p.weight.size() != static_cast<size_t>(lb.inputs) * static_cast<size_t>(lb.outputs) ||
        p.bias.size() != static_cast<size_t>(lb.outputs))
      return "layer " + std::to_string(l) + ": expected " + std::to_string(lb.outputs) + "×" +
             std::to_string(lb.inputs) + " weights and " + std::to_string(lb.outputs) + " biases";
  }
  for (size_t l = 0; l < layers_.size(); ++l) {
    const LayerParams& p = params[l];
    LayerBuffers& lb = layers_[l];
    std::copy(p.weight.begin(), p.weight.end(), ledger_.Data(lb.weight));
    std::copy(p.bias.begin(), p.bias.end(), ledger_.Data(lb.bias));
    Round(ledger_.Data(lb.weight), static_cast<int64_t>(p.weight.size()), nullptr);
    Round(ledger_.Data(lb.bias), static_cast<int64_t>(p.bias.size()), nullptr);
    if (lb.master_weight >= 0) {
      std::copy(p.weight.begin(), p.weight.end(), ledger_.Data(lb.master_weight));
      std::copy(p.bias.begin(), p.bias.end(), ledger_.Data(lb.master_bias));
    }
  }
  return {};
}

SampleTrace Trainer::TraceSample(int train_index) const {
  SampleTrace tr;
  if (data_.train.empty()) return tr;
  train_index = std::clamp(train_index, 0, static_cast<int>(data_.train.size()) - 1);
  const DataPoint& p = data_.train[static_cast<size_t>(train_index)];
  tr.sample = train_index;
  tr.x1 = p.x1;
  tr.x2 = p.x2;
  tr.target = p.target;
  const int L = LayerCount();
  std::vector<float> x(static_cast<size_t>(config_.layers[0]));
  FeatureRow(p.x1, p.x2, config_.features, x.data());
  tr.layers.resize(static_cast<size_t>(L));
  for (int l = 0; l < L; ++l) {
    const LayerBuffers& lb = layers_[static_cast<size_t>(l)];
    LayerTrace& t = tr.layers[static_cast<size_t>(l)];
    t.input = l == 0 ? x : tr.layers[static_cast<size_t>(l) - 1].out;
    t.pre.assign(static_cast<size_t>(lb.outputs), 0.0f);
    LinearForward(t.pre.data(), t.input.data(), ledger_.Data(lb.weight), ledger_.Data(lb.bias), 1, lb.inputs,
                  lb.outputs);
    t.out = t.pre;
    if (l < L - 1) ActivationForward(t.out.data(), t.pre.data(), lb.outputs, config_.activation);
  }
  std::vector<float> target(2, 0.0f);
  FillTargets(p, target.data());
  const int O = config_.layers.back();
  LayerTrace& last = tr.layers.back();
  tr.loss = LossForward(last.out.data(), target.data(), 1, O, config_.loss);
  last.dout.assign(static_cast<size_t>(O), 0.0f);
  LossBackward(last.dout.data(), last.out.data(), target.data(), 1, O, config_.loss, 1.0);
  last.dpre = last.dout;
  for (int l = L - 1; l >= 0; --l) {
    const LayerBuffers& lb = layers_[static_cast<size_t>(l)];
    LayerTrace& t = tr.layers[static_cast<size_t>(l)];
    t.dweight.assign(static_cast<size_t>(lb.inputs) * static_cast<size_t>(lb.outputs), 0.0f);
    t.dbias.assign(static_cast<size_t>(lb.outputs), 0.0f);
    std::vector<float> dinp(static_cast<size_t>(lb.inputs), 0.0f);
    LinearBackward(dinp.data(), t.dweight.data(), t.dbias.data(), t.dpre.data(), t.input.data(),
                   ledger_.Data(lb.weight), 1, lb.inputs, lb.outputs);
    if (l > 0) {
      LayerTrace& below = tr.layers[static_cast<size_t>(l) - 1];
      below.dout = dinp;
      below.dpre.assign(dinp.size(), 0.0f);
      ActivationBackward(below.dpre.data(), below.pre.data(), below.out.data(), below.dout.data(),
                         static_cast<int>(dinp.size()), config_.activation);
    }
  }
  return tr;
}

GridPrediction Trainer::PredictGrid(int resolution) const {
  GridPrediction g;
  g.resolution = std::clamp(resolution, 2, 200);
  g.extent = data_.extent;
  const int n = g.resolution;
  const int I0 = config_.layers[0];
  const int O = config_.layers.back();
  std::vector<const float*> w, b;
  for (const LayerBuffers& lb : layers_) {
    w.push_back(ledger_.Data(lb.weight));
    b.push_back(ledger_.Data(lb.bias));
  }
  const int rows_total = n * n;
  const int chunk = 256;  // bounded scratch whatever the resolution and widths
  std::vector<float> z(static_cast<size_t>(rows_total) * static_cast<size_t>(O));
  std::vector<float> x;
  for (int start = 0; start < rows_total; start += chunk) {
    const int rows = std::min(chunk, rows_total - start);
    x.assign(static_cast<size_t>(rows) * I0, 0.0f);
    for (int k = 0; k < rows; ++k) {
      const int r = (start + k) / n, c = (start + k) % n;
      double x1 = -g.extent + (c + 0.5) * 2 * g.extent / n;
      double x2 = g.extent - (r + 0.5) * 2 * g.extent / n;
      FeatureRow(x1, x2, config_.features, x.data() + static_cast<size_t>(k) * I0);
    }
    Round(x.data(), static_cast<int64_t>(x.size()), nullptr);
    std::vector<float> zc = ForwardRows(w, b, x, rows);
    std::copy(zc.begin(), zc.end(), z.begin() + static_cast<std::ptrdiff_t>(start) * O);
  }
  g.score.resize(static_cast<size_t>(n) * n);
  for (size_t i = 0; i < g.score.size(); ++i) {
    double s = 0;
    const float* zi = z.data() + i * static_cast<size_t>(O);
    switch (config_.loss) {
      case Loss::kMse: s = zi[0]; break;
      case Loss::kBce: s = 2 * Sigmoid(zi[0]) - 1; break;
      case Loss::kCrossEntropy: s = 2 * Sigmoid(static_cast<double>(zi[1]) - zi[0]) - 1; break;  // softmax p1
    }
    g.score[i] = static_cast<float>(std::clamp(std::isfinite(s) ? s : 0.0, -1.0, 1.0));
  }
  return g;
}

}  // namespace bw::nn
