// bw::nn::Trainer — a small MLP trained step by step, with every buffer in a memory ledger.
//
//   TrainConfig c;                                   // defaults: circle, 2-8-8-1, tanh, bce, adam, lr 0.01, batch 10
//   c.layers = {2, 8, 8, 1};  c.precision = Precision::kMixedFp16;  c.checkpoint_every = 2;
//   std::vector<std::string> errors = ValidateConfig(c);   // empty = fine; else "what: why" lines
//   Trainer t(c);                                    // allocates through the ledger, measures one step's activations
//   t.Step(100);                                     // 100 optimizer steps (stops early on divergence)
//   TrainStatus s = t.Status();                      // steps, skipped_steps, diverged, loss_scale, ...
//   EvalResult e = t.Evaluate(Split::kTest);         // loss and accuracy on the test set
//   LedgerTotals m = t.Ledger().Totals();            // weights_bytes, gradient_bytes, optimizer_bytes,
//                                                    // master_weight_bytes, activation_bytes_peak
//   std::vector<LayerParams> p = t.GetParams();      // fp32 copies per layer (post-training quantization)
//   EvalResult q = t.EvaluateWith(p, Split::kTest);  // same network, given weights
//
// Network: Linear layers layers[0]→layers[1]→…→layers[L]; every Linear but the last is followed by the
// activation; the last outputs logits read by the loss (mse: the value itself, ±1 labels; bce: sigmoid
// inside the loss, 0/1 labels; ce: softmax over 2 outputs, class index).
//
// Precision policies (compute dtype D):
//   fp32        everything fp32.
//   bf16, fp16  pure 16-bit: weights, activations, gradients AND optimizer states rounded to D (RNE, via
//               the formats engine) after every operation; no master copy, no loss scaling. Small
//               gradients flush to zero (gradient_underflows) and small updates vanish (lost_updates).
//   mixed-bf16, mixed-fp16   weights/activations/gradients in D; an fp32 master copy and fp32 optimizer
//               states receive the update, then weights = round(master). mixed-fp16 adds dynamic loss
//               scaling (PyTorch GradScaler's rule): gradients are computed for loss × S; if any gradient is
//               inf/NaN the step is skipped and S ×= backoff (0.5), else gradients are divided by S in fp32
//               and, after growth_interval good steps in a row, S ×= growth (2).
// Products and sums inside a kernel run in fp32 and are rounded once at the kernel's output (as tensor
// cores accumulate in fp32).
//
// Optimizers (g = gradient + l2·w; t = optimizer steps taken, skipped steps excluded):
//   sgd      w −= lr·g
//   momentum v = μ·v + g;  w −= lr·v
//   adam     m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²;  w −= lr·(m/(1−β1^t)) / (√(v/(1−β2^t)) + ε)
//   adamw    w −= lr·weight_decay·w, then adam (decoupled weight decay; weight_decay is used by adamw only)
//
// Freezing: a frozen layer keeps its weights but has no gradient buffers, no optimizer state and no
// master copy; gradients do not flow below the lowest trainable layer.
//
// Activation schedule (what activation_bytes_peak measures; all activations in D, batch B, L layers):
//   buffers  "input" [B,I0]; hidden layer l: "layer{l}.out" [B,O_l] (+ "layer{l}.pre" [B,O_l] for gelu,
//            whose backward needs the input); "logits" [B,O_L]; "dlogits" [B,O_L];
//            "layer{l}.dout" [B,O_l] (gradient w.r.t. layer l's output, turned in place into the gradient
//            w.r.t. its pre-activation).
//   needed   layer l's output is needed by backward iff layer l+1 is trainable or l ≥ lowest trainable
//            layer; the input iff layer 0 is trainable.
//   forward  acquire input; for each layer: acquire its output(s), compute, then release the previous
//            layer's output(s) unless kept (kept = needed, or with checkpointing: needed AND a checkpoint).
//            Then logits → loss → acquire dlogits → release logits.
//   checkpointing every K (K ≥ 2): checkpoints are the outputs of layers l with (l+1) mod K = 0 (the input
//            is always one); segments are layers [0..K−1], [K..2K−1], …, last one ends at the output layer.
//            Before a segment's backward, its layers but the last are recomputed from the segment's
//            input checkpoint (recomputed_layer_forwards += segment length − 1).
//   backward layer l from L−1 down to the lowest trainable layer: acquire "layer{l−1}.dout" (if l is
//            not the lowest trainable), Linear backward, release the incoming gradient, activation
//            backward in place, release layer l−1's output(s) (or the input).
// The peak is reached where the most of these are acquired at once; the trainer's constructor runs
// one forward+backward (no update) so the peak is known before training.
// Worked example (tested): 2-8-8-1, batch 10, fp32, tanh, nothing frozen, no checkpointing: forward holds
// input 20 + out0 80 + out1 80 + logits 10 elements, +dlogits 10, −logits 10; backward of layer 2 acquires
// dout1 80 before releasing anything: peak (20 + 80 + 80 + 10 + 80) × 4 B = 1080 B. Parameters: 105, so
// fp32 Adam holds weights 420 B, gradients 420 B, optimizer 840 B; mixed-fp16 Adam 210 + 210 + 840 + 420 (master).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/nn/dataset.h"
#include "core/nn/kernels.h"
#include "core/nn/ledger.h"
#include "core/nn/nn_math.h"

namespace bw::nn {

enum class Optimizer { kSgd, kMomentum, kAdam, kAdamW };
enum class Precision { kFp32, kBf16, kFp16, kMixedBf16, kMixedFp16 };
enum class Split { kTrain, kTest };

const char* OptimizerName(Optimizer o);  // "sgd", "momentum", "adam", "adamw"
bool ParseOptimizer(const std::string& name, Optimizer* out);
const char* PrecisionName(Precision p);  // "fp32", "bf16", "fp16", "mixed-bf16", "mixed-fp16"
bool ParsePrecision(const std::string& name, Precision* out);
DType ComputeDType(Precision p);    // fp32 → kF32; bf16/mixed-bf16 → kBF16; fp16/mixed-fp16 → kF16
bool HasMasterCopy(Precision p);    // the mixed policies
bool UsesLossScaling(Precision p);  // mixed-fp16

constexpr int kMaxWidth = 1024;  // per layer
constexpr int kMaxLinearLayers = 16;
constexpr int64_t kMaxParameters = 8000000;         // ~32 MB of fp32 weights
constexpr int64_t kMaxActivationValues = 64000000;  // batch × Σ widths × 2 (values and gradients)

struct TrainConfig {
  DatasetOptions data;                                           // dataset kind, samples, noise, split, dataset seed
  std::vector<Feature> features = {Feature::kX1, Feature::kX2};  // inputs; layers[0] must equal its size
  std::vector<int> layers = {2, 8, 8, 1};                        // widths including input and output
  Activation activation = Activation::kTanh;
  Loss loss = Loss::kBce;
  Optimizer optimizer = Optimizer::kAdam;
  double learning_rate = 0.01;
  int batch_size = 10;
  double l2 = 0;               // added to the gradient: g += l2·w (all optimizers)
  double weight_decay = 0.01;  // decoupled, adamw only
  double momentum = 0.9;
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
  uint64_t seed = 1;  // weight init and batch order
  Precision precision = Precision::kFp32;
  std::vector<int> frozen_layers;  // Linear-layer indices from 0
  int checkpoint_every = 0;        // 0 or 1: keep all activations; K ≥ 2: see the schedule above
  double loss_multiplier = 1;  // weight of the loss in the objective (gradients × it); losses are reported unweighted
  bool dynamic_loss_scaling = true;   // mixed-fp16 only
  double initial_loss_scale = 65536;  // PyTorch GradScaler defaults: 2^16, ×2 every 2000 good steps, ×0.5 on overflow
  int growth_interval = 2000;
  double growth_factor = 2, backoff_factor = 0.5;
  int history_every = 10;  // record train/test loss every N steps (0: never; see kMaxHistoryPoints)
};

// The loss history keeps at most this many points: past it every other point is dropped and the
// interval doubles, so a run of any length keeps its whole curve in bounded memory (a Train tab left
// running for hours would otherwise grow the wasm heap by 32 bytes every history_every steps).
constexpr size_t kMaxHistoryPoints = 2048;

// Every problem with the config, one line each naming the field ("layers: width 100000 at position 1 is
// out of range 1..1024"). Empty means Trainer(config) is safe.
std::vector<std::string> ValidateConfig(const TrainConfig& config);

// Parameters of Linear layers with these widths: Σ (inputs·outputs + outputs); negative widths count as 0.
int64_t ParameterCount(const std::vector<int>& layers);

struct LayerParams {  // one Linear layer, fp32 values
  int inputs = 0, outputs = 0;
  std::vector<float> weight;  // [outputs, inputs] row-major
  std::vector<float> bias;    // [outputs]
};

struct EvalResult {
  double loss = 0;      // mean loss over the split (unweighted)
  double accuracy = 0;  // fraction correct (classification); NaN for the regression dataset
  int samples = 0;
  int correct = 0;
};

struct TrainStatus {
  int64_t steps = 0;            // steps run, skipped ones included
  int64_t optimizer_steps = 0;  // updates applied (t of the bias correction)
  int64_t skipped_steps = 0;    // mixed-fp16: gradient overflow → no update
  double last_loss = 0;         // loss of the last batch (unweighted)
  double loss_scale = 1;        // current dynamic loss scale (1 when not scaling)
  bool diverged = false;        // a batch loss became NaN/Inf; Step() does nothing until a reset
  int64_t diverged_at_step = -1;
  std::string divergence_message;    // plain-language explanation
  int64_t gradient_underflows = 0;   // gradient elements nonzero in fp32 but flushed to 0 by rounding to D (cumulative)
  int64_t gradient_overflows = 0;    // gradient elements finite in fp32 but ±inf in D (cumulative)
  int64_t last_step_underflows = 0;  // the same, last step only
  int64_t gradient_elements = 0;     // gradient elements rounded per step (denominator for the counters)
  int64_t lost_updates = 0;          // pure 16-bit: nonzero updates that rounding erased (cumulative)
  int64_t recomputed_layer_forwards = 0;  // checkpointing (cumulative; the constructor's measuring step excluded)
  int64_t recompute_per_step = 0;         // layer forwards recomputed in one step
  int64_t checkpoint_bytes_saved = 0;     // activation_bytes_peak without checkpointing − with it (0 if off)
};

struct HistoryPoint {
  int64_t step = 0;
  double train_loss = 0, test_loss = 0;
  double test_accuracy = 0;
};

// A forward and backward pass of one training sample, for the network diagram (fp32, current weights).
struct LayerTrace {
  std::vector<float> input;    // [I]  this layer's input
  std::vector<float> pre;      // [O]  Linear output z
  std::vector<float> out;      // [O]  activation output (the logits for the last layer)
  std::vector<float> dout;     // [O]  ∂loss/∂out (last layer: ∂loss/∂logits)
  std::vector<float> dpre;     // [O]  ∂loss/∂z
  std::vector<float> dweight;  // [O,I]
  std::vector<float> dbias;    // [O]
};
struct SampleTrace {
  int sample = 0;
  double x1 = 0, x2 = 0, target = 0;
  double loss = 0;
  std::vector<LayerTrace> layers;
};

struct GridPrediction {
  int resolution = 0;  // n: cells per side
  double extent = 6;   // covers [−extent, extent]²
  std::vector<float>
      score;  // n×n, row 0 at the top (x2 = +extent); −1..1 (class 0 … class 1, or the regression value clamped)
};

class Trainer {
 public:
  explicit Trainer(const TrainConfig& config);  // config must pass ValidateConfig

  void Step(int n);  // runs up to n steps; stops at divergence
  // Keeps the weights (the layer shapes must match) and the step count; rebuilds every other buffer
  // for a new config (precision, optimizer, freezing, checkpointing, lr...). Returns errors, empty if applied.
  std::vector<std::string> Reconfigure(const TrainConfig& config);

  const TrainConfig& Config() const { return config_; }   // the validated config
  const TrainStatus& Status() const { return status_; }   // counters of the steps so far
  const Dataset& Data() const { return data_; }           // the train/test points
  const MemoryLedger& Ledger() const { return ledger_; }  // every buffer; Totals() for the five sums
  // Step 0, then every HistoryEvery() steps (history_every × 2^k; at most kMaxHistoryPoints points).
  const std::vector<HistoryPoint>& History() const { return history_; }
  int64_t HistoryEvery() const { return static_cast<int64_t>(config_.history_every) * history_scale_; }
  int LayerCount() const { return static_cast<int>(config_.layers.size()) - 1; }  // Linear layers
  int64_t ParameterCount() const;  // Σ (inputs·outputs + outputs) over the Linear layers
  bool IsFrozen(int layer) const { return frozen_[static_cast<size_t>(layer)]; }

  // Mean loss and accuracy over a split with the current weights (same precision policy as training).
  EvalResult Evaluate(Split split) const;
  // The same with other weights (e.g. quantized ones); they are rounded to the compute dtype first.
  // Returns samples = 0 if the shapes do not match the network.
  EvalResult EvaluateWith(const std::vector<LayerParams>& params, Split split) const;
  // fp32 copies of the parameters per layer: the master copy where there is one, else the weights.
  std::vector<LayerParams> GetParams() const;
  // Sets the weights (rounded to the compute dtype; master copies get the fp32 values). Error if shapes differ.
  std::string SetParams(const std::vector<LayerParams>& params);
  // Gradients of the last step per layer (fp32 values, unscaled); empty vectors for frozen layers.
  std::vector<LayerParams> GetGradients() const;

  // Forward and backward of one training sample (index clamped to the training set), for display.
  SampleTrace TraceSample(int train_index) const;
  // Scores on an n×n grid over the data's square, for the decision-boundary heatmap.
  GridPrediction PredictGrid(int resolution) const;  // resolution clamped to 2..200

 private:
  struct LayerBuffers {
    int inputs = 0, outputs = 0;
    int weight = -1, bias = -1;  // ledger ids
    int dweight = -1, dbias = -1;
    int master_weight = -1, master_bias = -1;
    int state1_weight = -1, state1_bias = -1;  // velocity or Adam m
    int state2_weight = -1, state2_bias = -1;  // Adam v
    int pre = -1, out = -1, dout = -1;         // activations (pre only for gelu hidden layers)
  };
  struct Counters {
    int64_t underflows = 0, overflows = 0, elements = 0;
  };

  void Build();
  void InitWeights();
  void RunStep(bool apply_update);
  void Forward(const std::vector<int>& batch);
  void Backward();
  void LayerForward(int l, const float* in, float* pre, float* out, int rows, const float* w, const float* b) const;
  void ReleaseOutput(int l);  // layer l's activation outputs (l = −1: the input)
  bool ApplyUpdate();         // false if skipped
  void Round(float* p, int64_t n, Counters* c) const;
  void RecordHistory();
  void NextBatch(std::vector<int>& batch);
  void FillTargets(const DataPoint& p, float* t) const;
  double EvalWith(const std::vector<const float*>& w, const std::vector<const float*>& b, Split split,
                  int* correct) const;
  std::vector<float> ForwardRows(const std::vector<const float*>& w, const std::vector<const float*>& b,
                                 const std::vector<float>& x, int rows) const;

  TrainConfig config_;
  Dataset data_;
  MemoryLedger ledger_;
  std::vector<LayerBuffers> layers_;
  std::vector<bool> frozen_;
  std::vector<bool> need_, keep_;  // per hidden layer output (index l), see the schedule
  bool keep_input_ = false;
  int lowest_trainable_ = -1;  // −1: nothing trainable
  int input_ = -1, logits_ = -1, dlogits_ = -1;
  std::vector<float> targets_;
  std::vector<int> batch_, order_;
  size_t order_pos_ = 0;
  Rng rng_;
  TrainStatus status_;
  std::vector<HistoryPoint> history_;
  int64_t history_scale_ = 1;  // the history's interval is config_.history_every × this (a power of 2)
  double beta1_pow_ = 1, beta2_pow_ = 1;
  int good_steps_ = 0;
  Counters step_counters_;
  double batch_loss_ = 0;
  double grad_scale_ = 1;  // what the last backward's gradients are multiplied by
};

}  // namespace bw::nn
