// Deck Markdown → the number check (core/links/number_check.h). Properties: never crashes, hangs or
// trips UBSan (huge numbers, powers, units, parentheses); every finding stands on a line of its card
// with a claim, a computed value and a message; the check is deterministic; one line checked alone
// gives what the deck check gives for it.
#include <string_view>

#include "core/cards/deck.h"
#include "core/links/number_check.h"
#include "fuzz_check.h"

using namespace bw;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  cards::Deck deck = cards::ParseDeck(text, "fuzz.md");
  std::vector<links::NumberFinding> a = links::CheckDeckNumbers(deck, text);
  std::vector<links::NumberFinding> b = links::CheckDeckNumbers(deck, text);
  FUZZ_CHECK(a.size() == b.size(), "%zu then %zu findings", a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    const links::NumberFinding& f = a[i];
    FUZZ_CHECK(f.computed == b[i].computed && f.message == b[i].message, "not deterministic");
    FUZZ_CHECK(!f.claim.empty() && !f.computed.empty() && !f.message.empty(), "empty finding at %d", f.line);
    bool in_card = false;
    for (const cards::Card& c : deck.cards)
      if (c.id == f.card && f.line >= c.line && f.line <= c.end_line) in_card = true;
    FUZZ_CHECK(in_card, "finding at line %d outside its card", f.line);
  }
  // The raw input as one line (the line reader on its own, including text no card holds).
  if (size <= links::kMaxCheckedLineBytes && text.find('\n') == std::string_view::npos)
    (void)links::CheckLineNumbers(text, 1);
  return 0;
}
