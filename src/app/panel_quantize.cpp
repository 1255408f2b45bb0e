// Panel "Quantize".
#include "app/panel_quantize.h"

#include <imgui.h>

#include "app/widgets.h"

namespace bw::app {

void DrawQuantizePanel(QuantizePanelState& state, AppContext& ctx) {
  (void)state;
  PanelTitle(ctx, "Quantize", "Quantize a tensor to INT8, INT4, NF4, FP8 or MX and see the error it costs.");
  EmptyState(ctx, "No tensor yet", "Pick a distribution and a scheme to quantize a tensor and compare the error of each scheme.");
}

std::vector<std::string> ApplyQuantizeLink(QuantizePanelState& state, const LiveLink& link) {
  (void)state;
  LinkReader reader(link);
  return reader.Finish();
}

LiveLink MakeQuantizeLink(const QuantizePanelState& state) {
  (void)state;
  return LiveLink{"quantize", {}};
}

}  // namespace bw::app
