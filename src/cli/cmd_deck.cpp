// `bytewise deck lint FILE`, `bytewise deck stats FILE [--json]` and `bytewise deck check FILE [--json]`:
// check a Markdown deck the way the app will read it (src/core/cards/deck.h), and hold the numbers its
// cards state against the engines (src/core/links/number_check.h).
#include <fstream>
#include <ostream>
#include <sstream>

#include "cli/cli.h"
#include "core/cards/deck.h"
#include "core/links/deck_check.h"
#include "core/links/number_check.h"
#include "core/links/suggest.h"
#include "core/quiz/quiz.h"
#include "core/util/json.h"

namespace bw::cli {
namespace {

constexpr const char* kUsage = "deck lint FILE [--suggest] | deck stats FILE [--json] | deck check FILE [--json]";

bool ReadFile(const std::string& path, std::string& out, std::string& error) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    error = "cannot open '" + path + "'";
    return false;
  }
  f.seekg(0, std::ios::end);
  std::streamoff size = f.tellg();
  if (size < 0) {
    error = "cannot read '" + path + "' (is it a directory?)";
    return false;
  }
  if (static_cast<unsigned long long>(size) > cards::kMaxDeckBytes) {
    error = "'" + path + "' is " + std::to_string(size) + " bytes; decks are limited to " +
            std::to_string(cards::kMaxDeckBytes) + " bytes";
    return false;
  }
  f.seekg(0);
  std::ostringstream ss;
  ss << f.rdbuf();
  out = ss.str();
  if (!f && !f.eof() && size > 0) {
    error = "cannot read '" + path + "'";
    return false;
  }
  return true;
}

// `deck check`: one line per finding, or the JSON document of issue 17 (exit 0: findings are advice).
int PrintNumberCheck(const cards::Deck& deck, const std::string& text, const std::string& path, bool as_json,
                     std::ostream& out) {
  std::vector<links::NumberFinding> findings = links::CheckDeckNumbers(deck, text);
  if (!as_json) {
    for (const links::NumberFinding& f : findings) {
      std::string claim;
      json::AppendQuoted(claim, f.claim);
      out << path << ":" << f.line << ": claim " << claim << " \xE2\x80\x94 Bytewise computes " << f.computed << " ("
          << f.message << ")\n";
    }
    return 0;
  }
  json::Array list;
  for (const links::NumberFinding& f : findings)
    list.emplace_back(json::Object{
        {"line", f.line}, {"card", f.card}, {"claim", f.claim}, {"computed", f.computed}, {"message", f.message}});
  json::Array suggestions;  // a live panel for each card without a live: line that clearly has a topic
  for (const cards::Card& c : deck.cards)
    if (c.live.empty())
      if (std::optional<links::LiveSuggestion> s = links::SuggestLive(c))
        suggestions.emplace_back(json::Object{{"line", c.line}, {"card", c.id}, {"live", s->live}, {"why", s->why}});
  json::Object o{{"cards", static_cast<int>(deck.cards.size())},
                 {"findings", std::move(list)},
                 {"suggestions", std::move(suggestions)}};
  out << json::Write(json::Value(std::move(o))) << "\n";
  return 0;
}

int RunDeck(Args& args, std::ostream& out, std::ostream& err) {
  bool as_json = args.TakeFlag("--json");
  bool suggest = args.TakeFlag("--suggest");
  std::vector<std::string> pos = args.Positionals();
  if (ReportArgErrors(args, err, "deck")) return 2;
  if (pos.size() != 2 || (pos[0] != "lint" && pos[0] != "stats" && pos[0] != "check"))
    return UsageError(err, "deck",
                      std::string("expected 'lint FILE', 'stats FILE' or 'check FILE'\nusage: bytewise ") + kUsage);
  const std::string& action = pos[0];
  const std::string& path = pos[1];
  std::string text, error;
  if (!ReadFile(path, text, error)) return UsageError(err, "deck", error);
  cards::Deck deck = cards::ParseDeck(text, path, cards::CheckQuizLine);  // quiz: lines through core/quiz
  links::CheckLiveLines(deck);  // every key and value of the live: lines, as the app reads them
  cards::DeckStats stats = cards::ComputeDeckStats(deck);

  if (action == "check") return PrintNumberCheck(deck, text, path, as_json, out);
  if (suggest && action != "lint") return UsageError(err, "deck", "--suggest is for lint");
  if (action == "lint") {
    if (as_json) return UsageError(err, "deck", "lint prints FILE:LINE: diagnostics; --json is for stats");
    for (const auto& d : deck.diagnostics) out << cards::FormatDiagnostic(path, d) << "\n";
    // --suggest: the live: line to paste into each card that has none, at the card's heading line.
    if (suggest)
      for (const cards::Card& c : deck.cards)
        if (c.live.empty())
          if (std::optional<links::LiveSuggestion> s = links::SuggestLive(c))
            out << path << ":" << c.line << ": note: suggested for \"" << c.title << "\": live: " << s->live << "  ("
                << s->why << ")\n";
    return stats.errors > 0 ? 1 : 0;
  }
  if (as_json) {
    json::Object o{{"cards", stats.cards},
                   {"with_live", stats.with_live},
                   {"with_quiz", stats.with_quiz},
                   {"errors", stats.errors},
                   {"warnings", stats.warnings}};
    out << json::Write(json::Value(std::move(o))) << "\n";
  } else {
    out << path << ": " << stats.cards << " cards (" << stats.with_live << " with live, " << stats.with_quiz
        << " with quiz), " << stats.errors << " errors, " << stats.warnings << " warnings\n";
  }
  return 0;
}

}  // namespace

BW_CLI_COMMAND(
    "deck", kUsage,
    "Check a Markdown flashcard deck: lint prints FILE:LINE: diagnostics (exit 1 on errors; --suggest adds the "
    "live: line suggested for each card without one); stats counts cards; "
    "check prints FILE:LINE: per number a card states that the engines compute otherwise (exit 0).",
    RunDeck);

}  // namespace bw::cli
