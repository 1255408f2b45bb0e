// bw::links::CheckLiveLines — the `live:` lines of a parsed deck held against the vocabulary.
//
//   cards::Deck deck = cards::ParseDeck(text, path);   // syntax: the parser knows no panel
//   links::CheckLiveLines(deck);                       // + one error per unknown section, key or bad value
//
// `deck lint` and the app's card library both call it, so a deck that lints clean opens without a
// link error in the app.
#pragma once

#include "core/cards/deck.h"

namespace bw::links {

// Appends an error diagnostic at the card's live line for each problem links::Check finds (the card
// and its link are kept), then keeps deck.diagnostics in line order.
void CheckLiveLines(cards::Deck& deck);

}  // namespace bw::links
