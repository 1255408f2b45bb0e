// Panel "Quantize": Quantize a tensor to INT8, INT4, NF4, FP8 or MX and see the error it costs.
//
// The tensor and every figure come from bw::quant (and bw::memory for "what would this model need",
// bw::nn for post-training quantization of the Train panel's network). Large tensors are quantized
// in slices across frames (quant::Quantizer), with a progress bar.
//
// LiveLink keys: the "quantize" table of core/links (src/core/links/quantize.cpp: key, type, range, names,
// default, help, CLI flag); ApplyQuantizeLink/MakeQuantizeLink below only copy between it and this state.
// Example: quantize?dist=outliers&scheme=nf4&block=64 (a block without a granularity implies block).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/context.h"
#include "core/quant/ptq.h"
#include "core/quant/quant.h"
#include "core/util/livelink.h"

namespace bw::nn {
class Trainer;
}

namespace bw::app {

// One row of the post-training quantization table (bw::quant::StudyPostTraining).
using PtqRow = quant::PtqScheme;

struct QuantizePanelState {
  // ---- what the learner chose (LiveLink state)
  std::string dist = "outliers";
  int64_t n = 4096;
  int64_t seed = 1;
  std::string scheme = "nf4";
  std::string granularity = "default";  // default|tensor|channel|block
  int block = 0;                        // 0 = scheme default
  std::string scale_format;             // "" = scheme default
  bool double_quant = false;
  double outlier_magnitude = 30;  // σ
  double outlier_fraction = 0.001;
  std::string preset = "llama-2-7b";        // "what would this model need"
  bool full_range = false;                  // histogram: whole range (outliers) instead of ±5 RMS
  double sigma = 1;                         // the tensor's standard deviation (its scale)
  bool tensor_scale = true;                 // nvfp4: the FP32 per-tensor scale (off: the demo of its absence)
  std::string ptq_granularity = "channel";  // PTQ of the Train network: channel (per output neuron) or tensor

  // ---- Post-training quantization of the Train panel's network (passed to DrawQuantizePanel each frame);
  // the table is recomputed when the network's step count changes.
  std::vector<PtqRow> ptq_rows;
  int64_t ptq_steps = -1;       // Trainer step count the rows were computed at
  int64_t ptq_seen_steps = -1;  // step count seen last frame (recompute only when training is idle)
  std::string ptq_key;          // + the granularity they were computed with

  // ---- derived (recomputed from the above; not part of the link)
  std::shared_ptr<std::vector<float>> tensor;  // shared so the sliced Quantizer's pointer stays valid on copies
  std::string tensor_key, result_key, hist_key, tensor_error;
  std::shared_ptr<quant::Quantizer> quantizer;
  quant::QuantResult result;  // the current scheme's result once complete
  bool computing = false;
  quant::Histogram values_hist, error_hist;
  std::vector<double> levels;  // the first group's dequantized levels (grid overlay)
  std::vector<quant::QuantConfig> compare_configs;
  std::vector<quant::ComparisonRow> compare_rows;  // filled one row per frame
  std::shared_ptr<quant::Quantizer> compare_quantizer;
};

// train_network: the Train panel's network for the post-training quantization table (nullptr: none yet).
void DrawQuantizePanel(QuantizePanelState& state, const nn::Trainer* train_network, AppContext& ctx);
// LiveLink "quantize?..." → state. Returns errors (bad values, unknown keys); valid keys still apply.
std::vector<std::string> ApplyQuantizeLink(QuantizePanelState& state, const LiveLink& link);
// state → LiveLink "quantize?..." (the inverse of ApplyQuantizeLink).
LiveLink MakeQuantizeLink(const QuantizePanelState& state);

// The configuration the panel's controls describe (scheme + overrides), unresolved.
quant::QuantConfig PanelConfig(const QuantizePanelState& state);

}  // namespace bw::app
