// Panel "Decks".
#include "app/panel_decks.h"

#include <imgui.h>

#include "app/widgets.h"

namespace bw::app {

void DrawDecksPanel(DecksPanelState& state, AppContext& ctx) {
  (void)state;
  PanelTitle(ctx, "Decks", "The decks you study: the built-in one and any Markdown deck you import.");
  EmptyState(ctx, "No decks loaded", "Drop a Markdown deck (.md) here or pick the built-in deck on model memory.");
}

std::vector<std::string> ApplyDecksLink(DecksPanelState& state, const LiveLink& link) {
  (void)state;
  LinkReader reader(link);
  return reader.Finish();
}

LiveLink MakeDecksLink(const DecksPanelState& state) {
  (void)state;
  return LiveLink{"decks", {}};
}

}  // namespace bw::app
