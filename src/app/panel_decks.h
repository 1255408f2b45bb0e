// Panel "Decks": The decks you study: the built-in one and any Markdown deck you import.
#pragma once

#include <string>
#include <vector>

#include "app/context.h"
#include "core/util/livelink.h"

namespace bw::app {

struct DecksPanelState {
  int placeholder = 0;  // replaced by the panel's real state
};

void DrawDecksPanel(DecksPanelState& state, AppContext& ctx);
// LiveLink "decks?..." → state. Returns errors (bad values, unknown keys); valid keys still apply.
std::vector<std::string> ApplyDecksLink(DecksPanelState& state, const LiveLink& link);
// state → LiveLink "decks?..." (the inverse of ApplyDecksLink).
LiveLink MakeDecksLink(const DecksPanelState& state);

}  // namespace bw::app
