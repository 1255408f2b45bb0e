// Panel "Decks": The decks you study: the built-in one and any Markdown deck you import.
//
// The panel browses the card library (app/card_library.h), which the panel table hands it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/card_library.h"
#include "app/context.h"
#include "core/util/livelink.h"

namespace bw::app {

struct DecksPanelState {
  std::string selected;   // key of the deck shown in the card browser ("" = first)
  char search[128] = {};  // card browser filter (title, question, answer; case-insensitive)
  std::string open_card;  // id of the card expanded in the browser
  bool confirm_reset = false;
};

void DrawDecksPanel(DecksPanelState& state, CardLibrary& library, AppContext& ctx);
// The card browser's search: `needle` (lower case) in the title, question or answer; "" matches all.
bool CardMatches(const cards::Card& card, const std::string& needle);
// LiveLink "decks?deck=KEY&q=SEARCH" → state. Returns errors (bad values, unknown keys); valid keys still apply.
std::vector<std::string> ApplyDecksLink(DecksPanelState& state, const LiveLink& link);
// state → LiveLink "decks?..." (the inverse of ApplyDecksLink).
LiveLink MakeDecksLink(const DecksPanelState& state);

}  // namespace bw::app
