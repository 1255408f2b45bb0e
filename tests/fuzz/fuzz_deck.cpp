// Deck Markdown → cards (with card text layout of every field). Properties: never crashes or hangs;
// diagnostics stay capped and counted exactly; every card respects the documented limits; layout of
// every card field terminates and is deterministic.
#include <string_view>

#include "core/cards/card_text.h"
#include "core/cards/deck.h"
#include "fuzz_check.h"

using namespace bw::cards;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Deck deck = ParseDeck(text, "fuzz.md");
  FUZZ_CHECK(deck.diagnostics.size() <= kMaxDiagnostics + 2, "%zu diagnostics", deck.diagnostics.size());
  FUZZ_CHECK(deck.cards.size() <= kMaxDeckCards, "%zu cards", deck.cards.size());
  DeckStats stats = ComputeDeckStats(deck);
  FUZZ_CHECK(stats.cards == static_cast<int>(deck.cards.size()), "stats");
  FUZZ_CHECK(stats.errors + stats.warnings >= static_cast<int>(deck.diagnostics.size()) - 1, "stats count");
  for (const Card& c : deck.cards) {
    size_t bytes = c.title.size() + c.background.size() + c.question.size() + c.answer.size() + c.explanation.size();
    FUZZ_CHECK(bytes <= kMaxCardBytes, "card of %zu bytes", bytes);
    FUZZ_CHECK(c.id.size() >= 16, "card id '%s'", c.id.c_str());
    FUZZ_CHECK(c.topics.size() <= kMaxCardTopics, "topics");
    for (const std::string* field : {&c.background, &c.question, &c.answer, &c.explanation}) {
      std::vector<TextBlock> a = LayoutCardText(*field);
      std::vector<TextBlock> b = LayoutCardText(*field);
      FUZZ_CHECK(a.size() == b.size(), "layout not deterministic");
    }
  }
  // The text layout on the raw input too (a card field can hold any of it).
  if (size <= kMaxCardBytes) {
    (void)LayoutCardText(text);
    (void)LatexToUnicode(text);
  }
  return 0;
}
