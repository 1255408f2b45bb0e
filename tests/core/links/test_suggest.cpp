// core/links SuggestLive: which live panel a card without a `live:` line gets. The oracle for the
// bundled deck is its hand-written `live:` lines (an author's choice, made before the suggester
// existed): every suggestion must name the same section. Test decks written for this file hold cards
// with a clear topic (their expected section) and cards without one (no suggestion).
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "core/cards/deck.h"
#include "core/links/links.h"
#include "core/links/suggest.h"

using namespace bw;

namespace {

std::string ReadText(const std::string& path) {
  std::ifstream f(std::string(BW_SOURCE_DIR) + "/" + path, std::ios::binary);
  REQUIRE(f.good());
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string SectionOf(const std::string& live) {
  LinkParse p = ParseLiveLink(live);
  return p.ok ? p.link.panel : "";
}

}  // namespace

TEST_CASE("bundled deck: every suggestion names the section its author chose") {
  cards::Deck deck = cards::ParseDeck(ReadText("assets/decks/model-memory.md"), "model-memory.md");
  REQUIRE(deck.cards.size() >= 40);
  int suggested = 0, agree = 0, with_live = 0;
  for (cards::Card c : deck.cards) {
    std::string written = c.live;
    c.live.clear();
    std::optional<links::LiveSuggestion> s = links::SuggestLive(c);
    MESSAGE(c.title << " | written " << written << " | suggested " << (s ? s->live + "  (" + s->why + ")" : "-"));
    if (written.empty()) continue;
    ++with_live;
    if (!s) continue;
    ++suggested;
    CHECK_MESSAGE(SectionOf(s->live) == SectionOf(written), c.title);
    agree += SectionOf(s->live) == SectionOf(written);
    CHECK(links::Check(s->live).empty());
  }
  MESSAGE("bundled deck: " << suggested << " of " << with_live << " cards get a suggestion; " << agree << " agree");
}

TEST_CASE("a chapter deck without live lines: cards with a clear topic get their section, the others none") {
  cards::Deck deck = cards::ParseDeck(ReadText("tests/data/cards/suggest/memory-chapter.md"), "memory-chapter.md");
  std::map<std::string, std::string> expect;  // title → section or "none"
  std::istringstream lines(ReadText("tests/data/cards/suggest/memory-chapter.expect"));
  for (std::string line; std::getline(lines, line);) {
    size_t at = line.find(" => ");
    if (line.empty() || line[0] == '#' || at == std::string::npos) continue;
    expect[line.substr(0, at)] = line.substr(at + 4);
  }
  REQUIRE(deck.cards.size() == 15);
  REQUIRE(expect.size() == deck.cards.size());
  int suggested = 0, correct = 0, topical = 0;
  for (const cards::Card& c : deck.cards) {
    REQUIRE(expect.count(c.title));
    const std::string& want = expect[c.title];
    std::optional<links::LiveSuggestion> s = links::SuggestLive(c);
    std::string got = s ? SectionOf(s->live) : "none";
    MESSAGE(c.title << ": want " << want << ", got " << (s ? s->live : "none"));
    topical += want != "none";
    suggested += s.has_value();
    correct += s && got == want;
    if (want == "none") CHECK_MESSAGE(!s, c.title);  // no panel for a card without a clear topic
    if (s) {
      CHECK_MESSAGE(got == want, c.title);
      CHECK(links::Check(s->live).empty());
      CHECK_FALSE(s->why.empty());
    }
  }
  MESSAGE("chapter deck: precision " << correct << "/" << suggested << ", recall " << correct << "/" << topical);
  CHECK(correct * 4 >= topical * 3);  // at least 3 in 4 of the topical cards get their panel
}

TEST_CASE("suggestions use the card's own numbers") {
  auto card = [](std::string question, std::string answer) {
    cards::Card c;
    c.title = "Card";
    c.question = std::move(question);
    c.answer = std::move(answer);
    return c;
  };
  auto s = links::SuggestLive(card("How much memory do the weights of a 13-billion-parameter model take in BF16?",
                                   "13 billion × 2 bytes = 26 GB."));
  REQUIRE(s);
  CHECK(s->live == "memory?params=13e9&mode=inference&dtype=bf16");
  s = links::SuggestLive(card("What does 1234.56789 become when it is stored in BF16, and what is the rounding error?",
                              "BF16 keeps 8 significant bits: the exponent is 2^10, so the step is 8."));
  REQUIRE(s);
  CHECK(s->live == "formats?value=1234.56789&format=bf16");
  s = links::SuggestLive(card("How large is the KV cache of Llama-2-7B at 4096 tokens in FP16 for inference?",
                              "It takes about 2 GB of memory per sequence."));
  REQUIRE(s);
  CHECK(s->live == "memory?preset=llama-2-7b&mode=inference&seq=4096&dtype=fp16");
  s = links::SuggestLive(card("Why does NF4 quantization store one scale per block of 64 weights?",
                              "The block's absmax scale adapts the 4-bit codebook to each block's range."));
  REQUIRE(s);
  CHECK(s->live == "quantize?dist=normal&scheme=nf4");
  // Two models: which one? No suggestion rather than a guess.
  CHECK_FALSE(links::SuggestLive(card("Do a 7B model and a 13B model need the same memory per parameter in BF16?",
                                      "Yes, 2 bytes each; the 13B model needs 26 GB, the 7B model 14 GB.")));
}

TEST_CASE("hostile cards: huge numbers, long text, odd units give no crash and finish quickly") {
  cards::Card c;
  c.title = "BF16 " + std::string(20000, '9');
  c.question = "Store 1e99999 and " + std::string(3000, '1') + ".5 in BF16 with 10^99999 GB/s bytes² per parameter?";
  for (int i = 0; i < 4000; ++i) c.background += "13 billion parameters × 2 bytes = 26 GB, 0.1 in FP16 -";
  c.answer = std::string(30000, '-') + std::string(10000, ',');
  auto t0 = std::chrono::steady_clock::now();
  std::optional<links::LiveSuggestion> s = links::SuggestLive(c);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  MESSAGE("hostile card (" << c.background.size() + c.title.size() + c.answer.size() << " bytes): " << seconds << " s");
  if (s) CHECK(links::Check(s->live).empty());
}
