// Memory ledger (see ledger.h).
#include "core/nn/ledger.h"

#include <algorithm>

namespace bw::nn {

int DTypeBytes(DType d) { return d == DType::kF32 ? 4 : 2; }

const char* DTypeName(DType d) {
  switch (d) {
    case DType::kF32: return "fp32";
    case DType::kBF16: return "bf16";
    case DType::kF16: return "fp16";
  }
  return "?";
}

const char* CategoryName(Category c) {
  switch (c) {
    case Category::kWeights: return "weights";
    case Category::kGradients: return "gradients";
    case Category::kOptimizer: return "optimizer";
    case Category::kMaster: return "master";
    case Category::kActivations: return "activations";
  }
  return "?";
}

int MemoryLedger::Allocate(const std::string& name, const std::vector<int>& shape, DType dtype, Category category,
                           int layer) {
  BufferInfo info;
  info.name = name;
  info.shape = shape;
  info.dtype = dtype;
  info.category = category;
  info.layer = layer;
  info.elements = 1;
  for (int d : shape) info.elements *= d;
  info.bytes = info.elements * DTypeBytes(dtype);
  info.live = category != Category::kActivations;
  buffers_.push_back(info);
  storage_.emplace_back(static_cast<size_t>(info.elements), 0.0f);
  return static_cast<int>(buffers_.size()) - 1;
}

void MemoryLedger::Free(int id) {
  BufferInfo& b = buffers_[static_cast<size_t>(id)];
  if (b.category == Category::kActivations && b.live) activation_live_ -= b.bytes;
  b.live = false;
  b.freed = true;
  std::vector<float>().swap(storage_[static_cast<size_t>(id)]);
}

float* MemoryLedger::Data(int id) { return storage_[static_cast<size_t>(id)].data(); }
const float* MemoryLedger::Data(int id) const { return storage_[static_cast<size_t>(id)].data(); }

void MemoryLedger::Acquire(int id) {
  BufferInfo& b = buffers_[static_cast<size_t>(id)];
  if (b.live || b.freed) return;
  b.live = true;
  activation_live_ += b.bytes;
  activation_peak_ = std::max(activation_peak_, activation_live_);
}

void MemoryLedger::Release(int id) {
  BufferInfo& b = buffers_[static_cast<size_t>(id)];
  if (!b.live || b.category != Category::kActivations) return;
  b.live = false;
  activation_live_ -= b.bytes;
}

void MemoryLedger::ReleaseAllActivations() {
  for (size_t i = 0; i < buffers_.size(); ++i) Release(static_cast<int>(i));
}

void MemoryLedger::ResetPeak() { activation_peak_ = activation_live_; }

LedgerTotals MemoryLedger::Totals() const {
  LedgerTotals t;
  for (const BufferInfo& b : buffers_) {
    if (b.freed) continue;
    switch (b.category) {
      case Category::kWeights: t.weights_bytes += b.bytes; break;
      case Category::kGradients: t.gradient_bytes += b.bytes; break;
      case Category::kOptimizer: t.optimizer_bytes += b.bytes; break;
      case Category::kMaster: t.master_weight_bytes += b.bytes; break;
      case Category::kActivations: t.activation_bytes_capacity += b.bytes; break;
    }
  }
  t.activation_bytes_live = activation_live_;
  t.activation_bytes_peak = activation_peak_;
  t.total_bytes =
      t.weights_bytes + t.gradient_bytes + t.optimizer_bytes + t.master_weight_bytes + t.activation_bytes_peak;
  return t;
}

std::vector<LayerBytes> MemoryLedger::PerLayer(int layer_count) const {
  std::vector<LayerBytes> out(static_cast<size_t>(std::max(layer_count, 0)));
  for (int l = 0; l < layer_count; ++l) out[static_cast<size_t>(l)].layer = l;
  for (const BufferInfo& b : buffers_) {
    if (b.freed || b.layer < 0 || b.layer >= layer_count) continue;
    out[static_cast<size_t>(b.layer)].bytes[static_cast<int>(b.category)] += b.bytes;
  }
  return out;
}

}  // namespace bw::nn
