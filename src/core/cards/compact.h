// bw::cards — a compact text encoding of the scheduler state, for places that hold a few kilobytes
// only: SCORM 1.2's cmi.suspend_data (4,096 characters). Not a replacement for the progress document
// (progress.h): it keeps every card's FSRS state and the settings, not the review log.
//
//   std::string s = EncodeCompact(progress, {3, 5}, 4096);          // "B1|..." ≤ 4096 characters
//   CompactDecode d = DecodeCompact(s, known_card_ids);             // d.ok, d.cards, d.settings, d.quiz
//   MergeCompact(progress, d);                                      // newer card states win
//
// Text (version 1), 6 fields separated by "|", all integers base 36, empty when zero:
//   B1|<base minute>|<retention x1000>.<new per day>.<single keys 0/1>[.<reviews per day>.<new all decks>.<reviews all decks>]|<quiz correct>.<quiz answered>|<kept>.<total>|
//   <card>;<card>;...
//   card = <first 8 hex digits of the id><state 0-3><due minute - base>,<stability x1000>,<difficulty x1000>,
//          <elapsed days>,<scheduled days>,<reps>,<lapses>,<learning step>,<last review minute - base or "-">
// Times keep minute precision, stability and difficulty three decimals. When the cards do not fit in
// `limit`, the most recently reviewed are kept (kept < total says how many were left out).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/cards/progress.h"

namespace bw::cards {

struct QuizTally {
  int correct = 0;
  int answered = 0;
};

struct CompactEncode {
  std::string text;
  int kept = 0;   // card states written
  int total = 0;  // card states in the progress
};

CompactEncode EncodeCompactEx(const Progress& p, QuizTally quiz, size_t limit);
inline std::string EncodeCompact(const Progress& p, QuizTally quiz, size_t limit) {
  return EncodeCompactEx(p, quiz, limit).text;
}

struct CompactDecode {
  bool ok = false;
  std::string error;  // what is wrong and where ("card 3: ...")
  ProgressSettings settings;
  QuizTally quiz;
  std::map<std::string, SchedCard> cards;  // full ids (matched against known_ids)
  int kept = 0, total = 0;                 // as written by the encoder
  std::vector<std::string> unknown;        // id prefixes matching no known card (or several)
};

// Reads a compact text. Card id prefixes are resolved against `known_ids` (the loaded decks' card
// ids). Never throws; anything malformed gives ok = false and a message.
CompactDecode DecodeCompact(std::string_view text, const std::vector<std::string>& known_ids);

// Takes each decoded card state that is newer than the local one (by last review, a minute of
// slack for the encoding's precision); settings too when the local progress has no card yet.
// Returns the number of card states taken.
int MergeCompact(Progress& p, const CompactDecode& d);

}  // namespace bw::cards
