// bw::nn::MemoryLedger — every buffer of the tiny network, allocated in the open (llm.c's ParameterTensors).
//
//   MemoryLedger ledger;
//   int id = ledger.Allocate("layer0.weight", {8, 2}, DType::kF32, Category::kWeights, 0);
//   float* w = ledger.Data(id);                 // the storage itself
//   LedgerTotals t = ledger.Totals();           // t.weights_bytes, t.gradient_bytes, ... t.activation_bytes_peak
//
// Each buffer records name, shape, dtype, bytes, category and layer. bytes = element count of the
// real buffer × the dtype's size (fp32 4, bf16/fp16 2). 16-bit buffers are emulated: their storage is a
// float array holding values already rounded to the 16-bit format (by the formats engine), so the
// numbers are those of a 16-bit buffer while the arithmetic stays portable; the ledger counts the
// bytes the 16-bit buffer occupies.
//
// Parameters, gradients, optimizer states and master copies are live from Allocate to Free.
// Activation buffers are allocated once (capacity) but only count while acquired: the trainer
// Acquire()s a buffer when a pass writes it and Release()s it once nothing later in the step reads
// it, as a caching allocator would. activation_bytes_peak is the largest sum of acquired activation
// bytes seen since the last ResetPeak().
//
// What the trainer (trainer.h) allocates, for Linear layer l with I inputs, O outputs, batch B,
// compute dtype D (fp32 for fp32; bf16/fp16 for the four 16-bit policies):
//   weights      "layer{l}.weight" [O,I] and "layer{l}.bias" [O] in D                   — every layer
//   gradients    "layer{l}.dweight" [O,I], "layer{l}.dbias" [O] in D                   — trainable layers only
//   optimizer    momentum: "layer{l}.velocity.{weight,bias}"; adam/adamw: "layer{l}.m.{weight,bias}" and
//                "layer{l}.v.{weight,bias}"; sgd: none. fp32 in fp32/mixed policies, D in pure bf16/fp16
//                                                                                       — trainable layers only
//   master       "layer{l}.master.{weight,bias}" fp32                                   — mixed policies, trainable only
//   activations  in D, see trainer.h "Activation schedule" for when each is acquired and released.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bw::nn {

enum class DType { kF32, kBF16, kF16 };
enum class Category { kWeights, kGradients, kOptimizer, kMaster, kActivations };
constexpr int kCategoryCount = 5;

int DTypeBytes(DType d);               // 4, 2, 2
const char* DTypeName(DType d);        // "fp32", "bf16", "fp16"
const char* CategoryName(Category c);  // "weights", "gradients", "optimizer", "master", "activations"

struct BufferInfo {
  std::string name;        // "layer1.dweight"
  std::vector<int> shape;  // {8, 8}
  DType dtype = DType::kF32;
  Category category = Category::kWeights;
  int layer = -1;        // Linear layer index (−1: none, e.g. the input batch)
  int64_t elements = 0;  // product of shape
  int64_t bytes = 0;     // elements × DTypeBytes(dtype)
  bool live = false;     // counted now (parameters: always; activations: while acquired)
  bool freed = false;    // Free() was called; storage gone
};

struct LedgerTotals {
  int64_t weights_bytes = 0;
  int64_t gradient_bytes = 0;
  int64_t optimizer_bytes = 0;
  int64_t master_weight_bytes = 0;
  int64_t activation_bytes_live = 0;      // acquired right now
  int64_t activation_bytes_peak = 0;      // peak of acquired activation bytes since ResetPeak()
  int64_t activation_bytes_capacity = 0;  // all activation buffers, acquired or not
  // weights + gradients + optimizer + master + activation peak.
  int64_t total_bytes = 0;
};

struct LayerBytes {  // per Linear layer (activations: capacity of that layer's buffers)
  int layer = 0;
  int64_t bytes[kCategoryCount] = {0, 0, 0, 0, 0};  // indexed by Category
};

class MemoryLedger {
 public:
  // Allocates a zero-filled buffer; returns its id. Parameters/gradients/optimizer/master are live at once,
  // activations only once Acquire()d.
  int Allocate(const std::string& name, const std::vector<int>& shape, DType dtype, Category category, int layer);
  void Free(int id);    // drops the storage; the buffer no longer counts
  float* Data(int id);  // the storage (elements floats)
  const float* Data(int id) const;
  int64_t Elements(int id) const { return buffers_[static_cast<size_t>(id)].elements; }
  void Acquire(int id);  // activation buffer starts counting (no-op if already live)
  void Release(int id);  // activation buffer stops counting
  void ReleaseAllActivations();
  void ResetPeak();  // peak := current live activation bytes
  LedgerTotals Totals() const;
  std::vector<LayerBytes> PerLayer(int layer_count) const;
  const std::vector<BufferInfo>& Buffers() const { return buffers_; }

 private:
  std::vector<BufferInfo> buffers_;
  std::vector<std::vector<float>> storage_;
  int64_t activation_live_ = 0;
  int64_t activation_peak_ = 0;
};

}  // namespace bw::nn
