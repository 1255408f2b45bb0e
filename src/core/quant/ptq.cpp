#include "core/quant/ptq.h"

#include <algorithm>
#include <limits>

namespace bw::quant {

PtqStudy StudyPostTraining(const nn::Trainer& trainer, Granularity granularity) {
  PtqStudy study;
  const std::vector<nn::LayerParams> params = trainer.GetParams();
  study.accuracy_before = trainer.Evaluate(nn::Split::kTest).accuracy;
  std::vector<WeightTensor> weights;
  for (size_t l = 0; l < params.size(); ++l) {
    WeightTensor w;
    w.name = "layer" + std::to_string(l) + ".weight";
    w.values = params[l].weight;
    w.row_length = params[l].inputs;  // one row per output neuron
    weights.push_back(std::move(w));
  }
  for (const std::string& scheme : SchemeNames()) {
    PtqScheme row;
    row.scheme = scheme;
    row.accuracy_before = study.accuracy_before;
    QuantConfig c = DefaultConfig(scheme);
    c.granularity = granularity;
    if (!IsMxScheme(scheme)) c.scale_format = "fp32";  // tiny layers: keep the scale exact
    PtqResult q = QuantizeWeights(weights, c);
    if (!q.ok) {
      row.error = q.error;
      study.schemes.push_back(row);
      continue;
    }
    std::vector<nn::LayerParams> quantized = params;
    row.sqnr_db = std::numeric_limits<double>::infinity();
    for (size_t l = 0; l < quantized.size(); ++l) {
      quantized[l].weight = q.dequantized[l];
      row.sqnr_db = std::min(row.sqnr_db, q.per_tensor[l].sqnr_db);
    }
    row.accuracy_after = trainer.EvaluateWith(quantized, nn::Split::kTest).accuracy;
    row.bits_per_param = q.bits_per_param;
    row.weight_bytes = q.weight_bytes;
    row.ok = true;
    study.schemes.push_back(row);
  }
  return study;
}

}  // namespace bw::quant
