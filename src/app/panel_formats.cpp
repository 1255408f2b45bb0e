// Panel "Formats".
#include "app/panel_formats.h"

#include <imgui.h>

#include "app/widgets.h"

namespace bw::app {

void DrawFormatsPanel(FormatsPanelState& state, AppContext& ctx) {
  (void)state;
  PanelTitle(ctx, "Formats", "See what storing a number in FP32, BF16, FP16, FP8 or INT8 really does to it.");
  EmptyState(ctx, "Type a number to begin", "The number-format engine is on its way: every format's bits, exact stored value and error will appear here.");
}

std::vector<std::string> ApplyFormatsLink(FormatsPanelState& state, const LiveLink& link) {
  (void)state;
  LinkReader reader(link);
  return reader.Finish();
}

LiveLink MakeFormatsLink(const FormatsPanelState& state) {
  (void)state;
  return LiveLink{"formats", {}};
}

}  // namespace bw::app
