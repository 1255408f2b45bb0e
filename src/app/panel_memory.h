// Panel "Memory": Will this model fit? Weights, KV cache, activations, gradients and optimizer states, counted.
#pragma once

#include <string>
#include <vector>

#include "app/context.h"
#include "core/util/livelink.h"

namespace bw::app {

struct MemoryPanelState {
  int placeholder = 0;  // replaced by the panel's real state
};

void DrawMemoryPanel(MemoryPanelState& state, AppContext& ctx);
// LiveLink "memory?..." → state. Returns errors (bad values, unknown keys); valid keys still apply.
std::vector<std::string> ApplyMemoryLink(MemoryPanelState& state, const LiveLink& link);
// state → LiveLink "memory?..." (the inverse of ApplyMemoryLink).
LiveLink MakeMemoryLink(const MemoryPanelState& state);

}  // namespace bw::app
