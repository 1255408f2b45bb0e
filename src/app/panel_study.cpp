// Panel "Study".
#include "app/panel_study.h"

#include <imgui.h>

#include "app/widgets.h"

namespace bw::app {

void DrawStudyPanel(StudyPanelState& state, AppContext& ctx) {
  (void)state;
  PanelTitle(ctx, "Study", "Review the cards that are due, with spaced repetition.");
  EmptyState(ctx, "No cards are due", "Pick the built-in deck in Decks, or import your own Markdown deck. Cards you review come back just before you would forget them.");
}

std::vector<std::string> ApplyStudyLink(StudyPanelState& state, const LiveLink& link) {
  (void)state;
  LinkReader reader(link);
  return reader.Finish();
}

LiveLink MakeStudyLink(const StudyPanelState& state) {
  (void)state;
  return LiveLink{"study", {}};
}

}  // namespace bw::app
