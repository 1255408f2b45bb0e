// bw::quant::StudyPostTraining — post-training quantization of a trained network (nn::Trainer), one
// row per weight scheme: what `bytewise ptq` prints and the Quantize panel's table shows.
//
//   nn::Trainer t(config); t.Step(2000);
//   PtqStudy s = StudyPostTraining(t);                     // per output neuron (channel) scales
//   for (const PtqScheme& r : s.schemes) print(r.scheme, r.bits_per_param, r.accuracy_after, r.sqnr_db);
//
// Every weight matrix is quantized with each scheme of SchemeNames() (granularity `channel`: one scale
// per output neuron, the usual choice for weights; `tensor`: one per layer), biases stay FP32, and
// the network's test accuracy is measured again with the dequantized weights (nn::Trainer::EvaluateWith).
// Non-MX schemes keep an FP32 scale (tiny layers: the scale's own rounding would dominate); MX keeps
// its E8M0. A scheme the shapes do not allow (blocks on rows shorter than 16) is a row with ok = false
// and the engine's error, never a number.
#pragma once

#include <string>
#include <vector>

#include "core/nn/trainer.h"
#include "core/quant/quant.h"

namespace bw::quant {

struct PtqScheme {
  std::string scheme;
  bool ok = false;
  std::string error;          // why the scheme cannot quantize these weights (when !ok)
  double bits_per_param = 0;  // over the weight matrices, scales included
  double weight_bytes = 0;
  double accuracy_before = 0;  // test accuracy with the FP32 weights (NaN for regression)
  double accuracy_after = 0;   // with the dequantized weights
  double sqnr_db = 0;          // the lowest SQNR among the layers (the weakest layer)
};

struct PtqStudy {
  double accuracy_before = 0;      // test accuracy of the trained FP32 network
  std::vector<PtqScheme> schemes;  // in SchemeNames() order
};

// granularity: kChannel or kTensor (others are used as given and may fail per scheme).
PtqStudy StudyPostTraining(const nn::Trainer& trainer, Granularity granularity = Granularity::kChannel);

}  // namespace bw::quant
