// bw::memory MLP estimate — predicts, from the shapes alone, the bytes the Train panel's tiny network
// holds (weights, gradients, optimizer states, FP32 master copy, activation peak), so a test can
// require prediction == the nn engine's measured ledger (STYLE.md §4).
//
//   MlpScenario s;  s.widths = {2, 8, 8, 1};  s.batch = 10;  s.optimizer = Optimizer::kAdam;
//   s.precision = Precision::kMixed;  s.frozen_layers = {0};  s.checkpoint_every = 2;
//   MlpEstimate e = EstimateMlp(s);        // e.weights_bytes, e.activation_peak_bytes, e.items (with formulas)
//
// Rules (the documented allocation and activation schedule of a Linear/activation MLP trained in the open):
//   weights     every layer's W [O,I] and b [O] in the compute dtype D (4 B fp32, 2 B otherwise)
//   gradients   same shapes in D, trainable (not frozen) layers only
//   optimizer   momentum 1 state, Adam/AdamW 2, 8-bit Adam 2 × 1 B, SGD none — per trainable parameter,
//               FP32 under fp32 and mixed precision, D under pure 16-bit
//   master      FP32 copy of the trainable parameters under mixed precision
//   activations the peak of the live set while one step runs: forward keeps a layer's output only if
//               backward needs it (its successor is trainable, or gradients pass through it), or — with
//               checkpointing every K — only the checkpoints (outputs of layers l with (l+1) mod K = 0 and
//               the input), recomputing each segment before its backward; backward holds the incoming and
//               outgoing gradient of one layer at a time. GELU keeps its pre-activation too.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/memory/estimate.h"

namespace bw::memory {

struct MlpScenario {
  std::vector<int64_t> widths = {2, 8, 8, 1};  // inputs, hidden..., outputs (Linear layers = size − 1)
  int64_t batch = 10;
  Optimizer optimizer = Optimizer::kAdam;
  Precision precision = Precision::kFp32;  // kMixed covers mixed BF16 and mixed FP16 (same bytes)
  std::vector<int> frozen_layers;          // Linear-layer indices from 0
  int checkpoint_every = 0;                // 0/1: keep what backward needs; K >= 2: checkpoints every K layers
  bool keeps_pre_activation = false;       // true for GELU (its backward reads the pre-activation)
  bool gib = false;
};

struct MlpEstimate {
  bool ok = false;
  std::string error;
  int64_t params = 0;
  int64_t trainable_params = 0;
  int64_t weights_bytes = 0;
  int64_t gradient_bytes = 0;
  int64_t optimizer_bytes = 0;
  int64_t master_weight_bytes = 0;
  int64_t activation_peak_bytes = 0;
  int64_t total_bytes = 0;
  std::string peak_where;   // "backward of layer 1: input, layer0.out, layer1.dout, layer0.dout"
  std::vector<Item> items;  // weights, activations, gradients, optimizer, master_weights (as EstimateMemory)
};

// Validates (widths 1..2^20 and at least 2 of them, batch 1..2^20, frozen indices in range, K in
// 0..layers−1) and predicts every byte count. Errors name the field.
MlpEstimate EstimateMlp(const MlpScenario& s);

}  // namespace bw::memory
