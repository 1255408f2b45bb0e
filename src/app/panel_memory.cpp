// Panel "Memory".
#include "app/panel_memory.h"

#include <imgui.h>

#include "app/widgets.h"

namespace bw::app {

void DrawMemoryPanel(MemoryPanelState& state, AppContext& ctx) {
  (void)state;
  PanelTitle(ctx, "Memory", "Will this model fit? Weights, KV cache, activations, gradients and optimizer states, counted.");
  EmptyState(ctx, "No model chosen", "Pick a model preset (e.g. Llama-2-7B) and a scenario to see every byte it needs and the formula behind it.");
}

std::vector<std::string> ApplyMemoryLink(MemoryPanelState& state, const LiveLink& link) {
  (void)state;
  LinkReader reader(link);
  return reader.Finish();
}

LiveLink MakeMemoryLink(const MemoryPanelState& state) {
  (void)state;
  return LiveLink{"memory", {}};
}

}  // namespace bw::app
