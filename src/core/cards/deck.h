// bw::cards — Markdown flashcard decks: parser, stable card ids, diagnostics with line numbers.
//
//   Deck deck = ParseDeck(text, "finetuning.md");                  // syntax only: the parser knows no engine
//   Deck deck = ParseDeck(text, "finetuning.md", CheckQuizLine);   // + quiz: lines made (core/quiz/quiz.h)
//   for (const Diagnostic& d : deck.diagnostics) print(FormatDiagnostic(deck.file_name, d));
//   for (const Card& c : deck.cards) show(c.title, c.question, c.answer);   // c.id is stable across edits
//
// The format (what our course material writes; every variant below parses):
//
//   # Deck title                     <- optional document header: "# title", "**Starting Chapter:** ...",
//   **Starting Chapter:** Chapter 3     free text and "---" before the first card are read, not cards
//   ---
//   #### Card title                  <- card heading (the heading level the deck's cards use; usually ####)
//   Background paragraph(s), "Relevant formulas:", LaTeX \( ... \) or \[ ... \]
//   live: formats?value=0.1&format=bf16   <- our extension: a LiveLink shown beside the card
//   quiz: bf16_round?value=0.1            <- our extension: a computed question (generator?params)
//   :p The question?                 <- question (may continue on following lines)
//   ??x
//   The answer.
//   ??x                              <- optional: starts the explanation (code fences allowed)
//   Optional explanation.
//   x??                              <- closes the card; ":x??" too, or nothing but the next "---"
//   ---
//
// A second "??x" followed directly by "---" just closes the card (empty explanation). `live:` and
// `quiz:` lines may stand anywhere in a card outside code fences. Nothing inside a ``` or ~~~ fence is
// read as a marker. Each card's id is FNV-1a 64 of its whitespace-normalized title and question (16
// hex digits), so editing other cards, the background or the answer keeps its review history.
//
// Bad input never throws or crashes: empty, binary (NUL bytes), invalid UTF-8 (replaced by U+FFFD),
// unterminated cards and fences, duplicate ids, invalid live/quiz lines all become diagnostics; a
// broken card is reported and skipped (or kept, when it is still usable) and never loses the others.
// Parsing is linear in the input size (a 10 MB deck parses in well under a second).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/text.h"

namespace bw::cards {

enum class Severity { kError, kWarning };

struct Diagnostic {
  int line = 0;  // 1-based line in the deck file (0 = the file as a whole)
  Severity severity = Severity::kError;
  std::string message;
  bool summary = false;  // the last line "and 1,234 more ..." when diagnostics were capped (not counted)
};

struct Card {
  std::string id;                   // 16 lower-case hex digits: CardId(title, question)
  std::string title;                // heading text without the #'s ("" for an untitled card, with a warning)
  std::string background;           // Markdown between the heading and ":p" (may hold LaTeX and code fences)
  std::string question;             // text after ":p" (continuation lines joined with '\n')
  std::string answer;               // Markdown between the first "??x" and the second "??x" / close
  std::string explanation;          // Markdown after the second "??x" ("" if none)
  std::string live;                 // LiveLink text of the `live:` line ("" if none or invalid)
  int live_line = 0;                // its line (its keys and values are checked by core/links, not here)
  std::string quiz;                 // "generator?params" of the `quiz:` line ("" if none or invalid)
  std::vector<std::string> topics;  // `topic: memory-kv-cache, memory-weights`: names other panels link by
  int line = 0;                     // line of the card heading (or of ":p" for an untitled card)
  int question_line = 0;            // line of ":p"
  int end_line = 0;                 // last line that belongs to the card
};

struct Deck {
  std::string file_name;  // as given to ParseDeck (used in diagnostics and as the deck's key)
  std::string title;      // the "# " heading of the header; file name without extension if none
  std::string chapter;    // text of "**Starting Chapter:** ..." if present
  int card_heading_level = 4;
  std::vector<Card> cards;
  std::vector<Diagnostic> diagnostics;  // in line order, at most kMaxDiagnostics (+ one summary line)
  int omitted_errors = 0;               // found beyond kMaxDiagnostics: counted, not listed
  int omitted_warnings = 0;
};

// Counts of a parsed deck, as printed by `bytewise deck stats FILE --json`.
struct DeckStats {
  int cards = 0;
  int with_live = 0;
  int with_quiz = 0;
  int errors = 0;
  int warnings = 0;
};

// Documented limits (bounded work and memory for any input; each refusal is a diagnostic saying so):
//   kMaxDeckBytes   bigger input gives one error and an empty deck
//   kMaxDeckLines   lines after it are not read (one error at the first one)
//   kMaxDeckCards   cards after it are not read (one error at the first one)
//   kMaxCardBytes   a card whose text (title, background, question, answer, explanation) is longer
//                   is skipped with an error naming its size
//   kMaxCardTopics  topics after it on a card are ignored (one error)
//   kMaxDiagnostics further problems are counted (DeckStats stays exact) and summarized in one last
//                   line: "and 1,234 more problems (1,200 errors, 34 warnings) not listed"
inline constexpr size_t kMaxDeckBytes = 16u << 20;
inline constexpr size_t kMaxDeckLines = 2000000;
inline constexpr size_t kMaxDeckCards = 100000;
inline constexpr size_t kMaxCardBytes = 64u << 10;
inline constexpr size_t kMaxCardTopics = 32;
inline constexpr size_t kMaxDiagnostics = 500;

// Checks the generator and parameters of a `quiz:` line ("bf16_round?value=0.1"): "" when they make a
// question, else why not. The card library knows no generator; core/quiz provides the check
// (cards::CheckQuizLine), so the parser, FSRS, progress and the study queue build without any engine.
using QuizLineCheck = std::string (*)(std::string_view spec);

// Parses a Markdown deck. Never throws; problems are in deck.diagnostics. A `quiz:` line's syntax is
// always checked; its generator and parameters only with `check_quiz` (an error there drops the line).
Deck ParseDeck(std::string_view text, std::string_view file_name, QuizLineCheck check_quiz = nullptr);

// Stable id of a card: FNV-1a 64 over normalized title, a 0x1F separator, normalized question
// (runs of whitespace collapsed to one space, trimmed). 16 lower-case hex digits.
std::string CardId(std::string_view title, std::string_view question);

// FNV-1a 64-bit hash: bw::Fnv1a64 of core/util/text.h (also the progress checksum).
using ::bw::Fnv1a64;

DeckStats ComputeDeckStats(const Deck& deck);

// "FILE:LINE: error: message" (the format of `bytewise deck lint`; compilers and editors read it).
// Whole-file diagnostics (line 0) print as line 1.
std::string FormatDiagnostic(std::string_view file_name, const Diagnostic& d);

const char* SeverityName(Severity s);  // "error" / "warning"

}  // namespace bw::cards
