// Panel "Formats": See what storing a number in FP32, BF16, FP16, FP8 or INT8 really does to it.
#pragma once

#include <string>
#include <vector>

#include "app/context.h"
#include "core/util/livelink.h"

namespace bw::app {

struct FormatsPanelState {
  int placeholder = 0;  // replaced by the panel's real state
};

void DrawFormatsPanel(FormatsPanelState& state, AppContext& ctx);
// LiveLink "formats?..." → state. Returns errors (bad values, unknown keys); valid keys still apply.
std::vector<std::string> ApplyFormatsLink(FormatsPanelState& state, const LiveLink& link);
// state → LiveLink "formats?..." (the inverse of ApplyFormatsLink).
LiveLink MakeFormatsLink(const FormatsPanelState& state);

}  // namespace bw::app
