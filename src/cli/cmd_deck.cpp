// `bytewise deck lint FILE` and `bytewise deck stats FILE [--json]`: check a Markdown deck the way
// the app will read it (src/core/cards/deck.h).
#include <fstream>
#include <ostream>
#include <sstream>

#include "cli/cli.h"
#include "core/cards/deck.h"
#include "core/links/deck_check.h"
#include "core/quiz/quiz.h"
#include "core/util/json.h"

namespace bw::cli {
namespace {

constexpr const char* kUsage = "deck lint FILE | deck stats FILE [--json]";

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

int RunDeck(Args& args, std::ostream& out, std::ostream& err) {
  bool as_json = args.TakeFlag("--json");
  std::vector<std::string> pos = args.Positionals();
  if (ReportArgErrors(args, err, "deck")) return 2;
  if (pos.size() != 2 || (pos[0] != "lint" && pos[0] != "stats"))
    return UsageError(err, "deck", std::string("expected 'lint FILE' or 'stats FILE'\nusage: bytewise ") + kUsage);
  const std::string& action = pos[0];
  const std::string& path = pos[1];
  std::string text, error;
  if (!ReadFile(path, text, error)) return UsageError(err, "deck", error);
  cards::Deck deck = cards::ParseDeck(text, path, cards::CheckQuizLine);  // quiz: lines through core/quiz
  links::CheckLiveLines(deck);  // every key and value of the live: lines, as the app reads them
  cards::DeckStats stats = cards::ComputeDeckStats(deck);

  if (action == "lint") {
    if (as_json) return UsageError(err, "deck", "lint prints FILE:LINE: diagnostics; --json is for stats");
    for (const auto& d : deck.diagnostics) out << cards::FormatDiagnostic(path, d) << "\n";
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
    "Check a Markdown flashcard deck: lint prints FILE:LINE: diagnostics (exit 1 on errors); stats counts cards.",
    RunDeck);

}  // namespace bw::cli
