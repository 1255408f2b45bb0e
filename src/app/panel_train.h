// Panel "Train": Train a small network live and watch its forward pass, gradients and memory.
#pragma once

#include <string>
#include <vector>

#include "app/context.h"
#include "core/util/livelink.h"

namespace bw::app {

struct TrainPanelState {
  int placeholder = 0;  // replaced by the panel's real state
};

void DrawTrainPanel(TrainPanelState& state, AppContext& ctx);
// LiveLink "train?..." → state. Returns errors (bad values, unknown keys); valid keys still apply.
std::vector<std::string> ApplyTrainLink(TrainPanelState& state, const LiveLink& link);
// state → LiveLink "train?..." (the inverse of ApplyTrainLink).
LiveLink MakeTrainLink(const TrainPanelState& state);

}  // namespace bw::app
