// Panel "Train".
#include "app/panel_train.h"

#include <imgui.h>

#include "app/widgets.h"

namespace bw::app {

void DrawTrainPanel(TrainPanelState& state, AppContext& ctx) {
  (void)state;
  PanelTitle(ctx, "Train", "Train a small network live and watch its forward pass, gradients and memory.");
  EmptyState(ctx, "No network yet", "Pick a dataset and layer sizes, then press Train to watch the loss fall and the memory add up.");
}

std::vector<std::string> ApplyTrainLink(TrainPanelState& state, const LiveLink& link) {
  (void)state;
  LinkReader reader(link);
  return reader.Finish();
}

LiveLink MakeTrainLink(const TrainPanelState& state) {
  (void)state;
  return LiveLink{"train", {}};
}

}  // namespace bw::app
