// Every line of a Memory breakdown links to the flashcard that explains it: the card topic each
// line names must exist in the bundled deck, on a card whose text is about that line.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "core/cards/deck.h"
#include "core/memory/estimate.h"

using namespace bw;

namespace {

cards::Deck BundledDeck() {
  std::ifstream f(BW_SOURCE_DIR "/assets/decks/model-memory.md", std::ios::binary);
  std::stringstream text;
  text << f.rdbuf();
  return cards::ParseDeck(text.str(), "model-memory.md");
}

const cards::Card* CardWithTopic(const cards::Deck& deck, const std::string& topic) {
  for (const auto& c : deck.cards)
    if (std::find(c.topics.begin(), c.topics.end(), topic) != c.topics.end()) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("each memory breakdown line names a card topic present in the bundled deck") {
  cards::Deck deck = BundledDeck();
  REQUIRE(deck.cards.size() >= 30);
  std::optional<memory::Model> model = memory::ModelFromPreset("llama-2-7b");
  REQUIRE(model);
  memory::Scenario inference;
  inference.mode = memory::Mode::kInference;
  inference.overhead_bytes = 1e9;
  memory::Scenario train;
  train.mode = memory::Mode::kTrain;
  train.overhead_bytes = 1e9;
  int lines = 0;
  for (const memory::Scenario& s : {inference, train}) {
    memory::Estimate e = memory::EstimateMemory(*model, s);
    for (const memory::Item& item : e.items) {
      CAPTURE(item.name);
      CHECK_FALSE(item.card.empty());
      const cards::Card* card = CardWithTopic(deck, item.card);
      CHECK_MESSAGE(card != nullptr, "no card in the bundled deck has `topic: " << item.card << "`");
      ++lines;
    }
  }
  CHECK(lines >= 9);  // weights, KV cache, activations, overhead; gradients, optimizer, master weights, ...
}

TEST_CASE("topic lines are parsed and validated") {
  cards::Deck d = cards::ParseDeck(
      "#### A\n:p Q?\n??x\nA.\nx??\ntopic: memory-kv-cache, memory-weights\n---\n"
      "#### B\n:p Q2?\n??x\nB.\nx??\ntopic: Bad Topic!\n---\n",
      "t.md");
  REQUIRE(d.cards.size() == 2);
  CHECK(d.cards[0].topics == std::vector<std::string>{"memory-kv-cache", "memory-weights"});
  CHECK(d.cards[1].topics.empty());
  bool reported = false;
  for (const auto& diag : d.diagnostics) reported = reported || diag.message.find("invalid topic") != std::string::npos;
  CHECK(reported);
}
