// bw::links::CheckDeckNumbers — the number check of a deck: claims the engines can compute, held
// against what they compute (issue 17, item 3).
//
//   cards::Deck deck = cards::ParseDeck(text, path);
//   for (const links::NumberFinding& f : links::CheckDeckNumbers(deck, text))
//     print(path + ":" + std::to_string(f.line) + ": claim \"" + f.claim + "\" — Bytewise computes " + f.computed);
//
// Claim shapes read (each on one line of a card, outside code fences and the live:/quiz:/topic: lines):
//   a value stored in a float format   "1234.56789 becomes 1234 in BF16", "0.1 in FP16 is stored as
//                                      0.0999755859375", "BF16 stores 0.1 as 0.1001" — compared at the
//                                      number of decimals the card writes (round or cut off)
//   an expression written out          "7,000,000,000 × 4 × 2 bytes / 8 = 56 GB", "\(2^{-10} \approx
//                                      0.000977\)" — × x * \times \cdot / + - ^ ( ) { }, thousands
//                                      separators (1,024 and 1{,}024), "× 10^9", units B/bytes, KB..TB
//                                      (10^3..), KiB..TiB (2^10..), thousand/million/billion/trillion
//   parameters × bytes                 "a 13-billion-parameter model in BF16 takes 26 GB", "7B parameters
//                                      at 4 bytes each = 28 GB" (GB or GiB reading accepted)
// False alarms are worse than misses: anything not read with certainty (variables, unknown units such as
// GB/s, several formats in one sentence, training words beside a parameters × bytes claim) gives no
// finding. Work is linear in the deck size: lines over kMaxCheckedLineBytes are skipped, an expression
// holds at most kMaxExpressionTokens tokens, numbers outside ±1e300 are not evaluated.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/cards/deck.h"

namespace bw::links {

struct NumberFinding {
  int line = 0;          // 1-based line in the deck file where the claim stands
  std::string card;      // the card's id (cards::Card::id)
  std::string claim;     // the claim as the card writes it (LaTeX delimiters dropped, \times as ×)
  std::string computed;  // what Bytewise computes, in the claim's unit ("7 GB")
  std::string message;   // one sentence for the learner, with the likely meaning when one slip explains it
};

inline constexpr size_t kMaxCheckedLineBytes = 4096;  // longer lines are not read (no claim is that long)
inline constexpr size_t kMaxExpressionTokens = 64;    // longer expressions are not evaluated

// Findings for every card of a parsed deck, in line order; `text` is the file the deck was parsed from
// (for line numbers). Never throws; an empty result means no claim was found wrong.
std::vector<NumberFinding> CheckDeckNumbers(const cards::Deck& deck, std::string_view text);

// The findings of one line of text (the unit the deck check uses; card is left empty).
std::vector<NumberFinding> CheckLineNumbers(std::string_view line, int line_number);

}  // namespace bw::links
