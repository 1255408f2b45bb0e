// Panel "Quantize": Quantize a tensor to INT8, INT4, NF4, FP8 or MX and see the error it costs.
#pragma once

#include <string>
#include <vector>

#include "app/context.h"
#include "core/util/livelink.h"

namespace bw::app {

struct QuantizePanelState {
  int placeholder = 0;  // replaced by the panel's real state
};

void DrawQuantizePanel(QuantizePanelState& state, AppContext& ctx);
// LiveLink "quantize?..." → state. Returns errors (bad values, unknown keys); valid keys still apply.
std::vector<std::string> ApplyQuantizeLink(QuantizePanelState& state, const LiveLink& link);
// state → LiveLink "quantize?..." (the inverse of ApplyQuantizeLink).
LiveLink MakeQuantizeLink(const QuantizePanelState& state);

}  // namespace bw::app
