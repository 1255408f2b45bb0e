#include "core/links/deck_check.h"

#include <algorithm>

#include "core/links/links.h"

namespace bw::links {

void CheckLiveLines(cards::Deck& deck) {
  bool added = false;
  for (const cards::Card& c : deck.cards) {
    if (c.live.empty()) continue;
    for (const std::string& e : Check(c.live)) {
      deck.diagnostics.push_back({c.live_line, cards::Severity::kError, "live: " + e});
      added = true;
    }
  }
  if (added)
    std::stable_sort(deck.diagnostics.begin(), deck.diagnostics.end(),
                     [](const cards::Diagnostic& a, const cards::Diagnostic& b) { return a.line < b.line; });
}

}  // namespace bw::links
