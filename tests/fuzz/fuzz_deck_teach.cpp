// What the app adds to an imported deck's cards (issue 17): the suggested live panel of every card and
// the number check of the deck. Properties: never crashes or hangs on any deck; a suggestion is a link
// its section accepts as written (links::Check empty) and the same on a second call (deterministic);
// every finding names a card of the deck and a line inside that card.
#include <string_view>

#include "core/cards/deck.h"
#include "core/links/links.h"
#include "core/links/number_check.h"
#include "core/links/suggest.h"
#include "fuzz_check.h"

using namespace bw;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  cards::Deck deck = cards::ParseDeck(text, "fuzz.md");
  for (cards::Card c : deck.cards) {
    c.live.clear();
    std::optional<links::LiveSuggestion> a = links::SuggestLive(c);
    std::optional<links::LiveSuggestion> b = links::SuggestLive(c);
    FUZZ_CHECK(a.has_value() == b.has_value() && (!a || a->live == b->live), "suggestion not deterministic");
    if (a) FUZZ_CHECK(links::Check(a->live).empty(), "suggested link '%s' is refused", a->live.c_str());
  }
  for (const links::NumberFinding& f : links::CheckDeckNumbers(deck, text)) {
    const cards::Card* owner = nullptr;
    for (const cards::Card& c : deck.cards)
      if (c.id == f.card) owner = &c;
    FUZZ_CHECK(owner != nullptr, "finding for unknown card '%s'", f.card.c_str());
    FUZZ_CHECK(f.line >= owner->line && f.line <= owner->end_line, "finding at line %d outside its card (%d..%d)",
               f.line, owner->line, owner->end_line);
    FUZZ_CHECK(!f.message.empty() && !f.computed.empty(), "empty finding");
  }
  return 0;
}
