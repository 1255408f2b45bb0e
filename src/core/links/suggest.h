// bw::links::SuggestLive — a live panel for a card that has no `live:` line, read from what the card
// says: UI-free, deterministic, no network.
//
//   std::optional<LiveSuggestion> s = SuggestLive(card);   // card.live is ignored
//   if (s) show_panel(s->live), note(s->why);               // "formats?value=1234.56789&format=bf16"
//
// The card's title, background, question, answer and explanation are read for the engines' own
// vocabulary: number formats (FP32, BF16, E4M3, ...) and a number stored in one → formats; a parameter
// count or a known model with bytes per parameter, inference or training memory, optimizer states,
// the KV cache, checkpointing → memory; quantization schemes and block scales → quantize; backprop,
// optimizers, frozen layers, mixed precision and loss scaling on the small network → train.
// Each section scores the words it owns; a suggestion needs a clear winner (a minimum score and a
// margin over the runner-up) and a link the section accepts as written (links::Check). Otherwise there
// is none: a wrong panel beside a card teaches less than no panel.
#pragma once

#include <optional>
#include <string>

#include "core/cards/deck.h"

namespace bw::links {

struct LiveSuggestion {
  std::string live;  // a LiveLink that links::Check accepts: "memory?params=13e9&mode=inference&dtype=bf16"
  std::string why;   // one line naming what was read: "a parameter count (13e9) and bytes per parameter"
};

std::optional<LiveSuggestion> SuggestLive(const cards::Card& card);

}  // namespace bw::links
