// Panel "Study": Review the cards that are due, with spaced repetition.
#pragma once

#include <string>
#include <vector>

#include "app/context.h"
#include "core/util/livelink.h"

namespace bw::app {

struct StudyPanelState {
  int placeholder = 0;  // replaced by the panel's real state
};

void DrawStudyPanel(StudyPanelState& state, AppContext& ctx);
// LiveLink "study?..." → state. Returns errors (bad values, unknown keys); valid keys still apply.
std::vector<std::string> ApplyStudyLink(StudyPanelState& state, const LiveLink& link);
// state → LiveLink "study?..." (the inverse of ApplyStudyLink).
LiveLink MakeStudyLink(const StudyPanelState& state);

}  // namespace bw::app
