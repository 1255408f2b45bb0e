// core/links: the number check (issue 17, item 3). Oracles: values derived by hand from IEEE 754 /
// OCP FP8 round-to-nearest-even and plain arithmetic, written beside each case (and in
// tests/data/cards/check/claims.expected.json for the fixture deck), never Bytewise's own output.
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "core/cards/deck.h"
#include "core/links/number_check.h"
#include "core/util/json.h"

using namespace bw;

namespace {

std::string ReadSource(const std::string& path) {
  std::ifstream f(std::string(BW_SOURCE_DIR) + "/" + path, std::ios::binary);
  REQUIRE(f);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<links::NumberFinding> Check(const std::string& text) {
  cards::Deck deck = cards::ParseDeck(text, "test.md");
  REQUIRE(!deck.cards.empty());
  return links::CheckDeckNumbers(deck, text);
}

// One card holding `body` as its background; the body starts on line 3.
std::string OneCard(const std::string& body) { return "---\n#### Card\n" + body + "\n:p Q?\n??x\nA.\nx??\n"; }

// Precision and recall of the check on a fixture deck against its .expected.json (hand-derived values;
// an entry with "found": false is a false claim the checker is known to miss).
void CheckFixture(const std::string& name, size_t cards) {
  CAPTURE(name);
  std::string text = ReadSource("tests/data/cards/check/" + name + ".md");
  json::ParseResult expected = json::Parse(ReadSource("tests/data/cards/check/" + name + ".expected.json"));
  REQUIRE(expected.ok);
  std::map<int, std::string> want;
  int known_misses = 0;
  for (const json::Value& e : expected.value.Find("findings")->AsArray()) {
    want[static_cast<int>(e.Find("line")->AsNumber())] = e.Find("computed")->AsString();
    const json::Value* found = e.Find("found");
    if (found && !found->AsBool(true)) ++known_misses;
  }
  cards::Deck deck = cards::ParseDeck(text, name + ".md");
  REQUIRE(deck.cards.size() == cards);
  std::vector<links::NumberFinding> found = links::CheckDeckNumbers(deck, text);
  int true_positives = 0;
  for (const links::NumberFinding& f : found) {
    CAPTURE(f.line);
    CAPTURE(f.message);
    auto it = want.find(f.line);
    CHECK(it != want.end());  // a finding on a line with a true or unreadable claim is a false alarm
    if (it == want.end()) continue;
    CHECK(f.computed == it->second);
    if (f.computed == it->second) ++true_positives;
    CHECK(!f.card.empty());
    CHECK(f.message.rfind("this card says ", 0) == 0);
  }
  double precision = found.empty() ? 1.0 : static_cast<double>(true_positives) / static_cast<double>(found.size());
  double recall = static_cast<double>(true_positives) / static_cast<double>(want.size());
  MESSAGE(name << ".md: " << found.size() << " findings, " << true_positives << " of " << want.size()
               << " false claims; precision " << precision << ", recall " << recall);
  CHECK(precision == 1.0);
  CHECK(true_positives == static_cast<int>(want.size()) - known_misses);
}

}  // namespace

TEST_CASE("fixture decks: every false claim at its line with the hand-derived value, nothing else") {
  CheckFixture("claims", 5);
  CheckFixture("book_chapter", 15);
}

TEST_CASE("the bundled deck states no number the engines compute otherwise") {
  std::string text = ReadSource("assets/decks/model-memory.md");
  cards::Deck deck = cards::ParseDeck(text, "model-memory.md");
  REQUIRE(deck.cards.size() > 30);
  std::vector<links::NumberFinding> found = links::CheckDeckNumbers(deck, text);
  for (const links::NumberFinding& f : found) {
    CAPTURE(f.line);
    CAPTURE(f.message);
  }
  CHECK(found.empty());
}

TEST_CASE("the issue's two examples, with what the card most likely meant") {
  std::vector<links::NumberFinding> found =
      Check(OneCard("1234.56789 becomes 1234 in BF16.\n7,000,000,000 × 4 × 2 bytes / 8 = 56 GB"));
  REQUIRE(found.size() == 2);
  // BF16: 1234.56789 in [2^10, 2^11) with 7 fraction bits, step 8: 1234.56789 / 8 = 154.32 -> 1232.
  CHECK(found[0].line == 3);
  CHECK(found[0].claim == "1234.56789 becomes 1234 in BF16");
  CHECK(found[0].computed == "1232");
  CHECK(found[0].message == "this card says 1234; 1234.56789 stored in BF16 is 1232");
  // 7e9 × 4 × 2 / 8 = 7e9 bytes; without "/ 8" 56e9.
  CHECK(found[1].line == 4);
  CHECK(found[1].claim == "7,000,000,000 × 4 × 2 bytes / 8 = 56 GB");
  CHECK(found[1].computed == "7 GB");
  CHECK(found[1].message ==
        "this card says 56 GB; 7,000,000,000 × 4 × 2 bytes / 8 is 7 GB; without the '/ 8' it is 56 GB");
}

TEST_CASE("a stored value is compared at the number of digits the card gives") {
  // BF16(0.1) = 205 / 2048 = 0.10009765625: "0.1" is a fair reading, "0.1000" is not (0.1001).
  CHECK(Check(OneCard("0.1 becomes 0.1 in BF16.")).empty());
  CHECK(Check(OneCard("0.1 becomes 0.1001 in BF16.")).empty());
  std::vector<links::NumberFinding> found = Check(OneCard("0.1 becomes 0.1000 in bfloat16."));
  REQUIRE(found.size() == 1);
  CHECK(found[0].computed == "0.10009765625");
  CHECK(found[0].message.find("0.1001 to the 4 decimal places the card gives") != std::string::npos);
  // FP32(0.1) = 13421773 × 2^-27 = 0.100000001490116119384765625; "…" accepts the digits cut off.
  CHECK(Check(OneCard("FP32 stores 0.1 as 0.100000001490116… in memory.")).empty());
  CHECK(Check(OneCard("0.1 in single precision is stored as 0.1000000015.")).empty());
  // E4M3(0.3): step 2^-5 in [2^-2, 2^-1): 9.6 -> 10 -> 0.3125.
  CHECK(Check(OneCard("0.3 becomes 0.3125 in FP8 E4M3.")).empty());
  CHECK(Check(OneCard("0.3 becomes 0.3 in E4M3.")).size() == 0);
  CHECK(Check(OneCard("0.3 becomes 0.25 in FP8-E4M3.")).size() == 1);
}

TEST_CASE("an expression is evaluated as written, at the stated precision, with its units") {
  // 26e9 / 2^30 = 24.2144...: "≈ 24.2" and "24.21" fit, "24.3" does not.
  CHECK(Check(OneCard("\\(26 \\times 10^9 / 2^{30} \\approx 24.2\\) GiB")).empty());
  CHECK(Check(OneCard("26 × 10^9 / 2^30 = 24.21 GiB")).empty());
  CHECK(Check(OneCard("26 × 10^9 / 2^30 = 24.3 GiB")).size() == 1);
  // The LHS may be in the result's unit: 13 × 2 = 26 (GB).
  CHECK(Check(OneCard("13 × 2 = 26 GB")).empty());
  CHECK(Check(OneCard("\\(16 \\times 7 \\times 10^9 = 112 \\times 10^9\\) bytes")).empty());
  CHECK(Check(OneCard("\\(16 \\times 7 \\times 10^9 = 113 \\times 10^9\\) bytes")).size() == 1);
  // Precedence: 4 + 8/64 + 32/(64 · 256) = 4.126953125 -> 4.127 at three places.
  CHECK(Check(OneCard("\\(4 + 8/64 + 32/(64 \\cdot 256) = 4.127\\)")).empty());
  CHECK(Check(OneCard("4 + 8 / 2 = 6")).size() == 1);            // 4 + 4 = 8, not (4 + 8) / 2
  CHECK(Check(OneCard("In bold: **2 × 3 = 7**.")).size() == 1);  // Markdown emphasis is not an operator
  // Unicode minus and a negative result: -1.25 × 2 = -2.5; 16 − 15 = 1.
  CHECK(Check(OneCard("so \\(-1.25 \\times 2 = -2.5\\) and 16 − 15 = 1")).empty());
}

TEST_CASE("the likely slip: a dropped factor, GB for GiB, bits for bytes") {
  // 2 × 32 × 32 × 128 × 4096 × 2 = 2^31 bytes = 2 GiB; without one "× 2" it is 1 GiB.
  std::vector<links::NumberFinding> f = Check(OneCard("2 × 32 × 32 × 128 × 4096 × 2 = 1 GiB"));
  REQUIRE(f.size() == 1);
  CHECK(f[0].computed == "2 GiB");
  CHECK(f[0].message.find("without the '× 2' it is 1 GiB") != std::string::npos);
  // 13e9 × 2 bytes = 26e9 bytes = 26 GB = 24.21 GiB.
  f = Check(OneCard("13 × 10^9 × 2 bytes = 24.21 GB"));
  REQUIRE(f.size() == 1);
  CHECK(f[0].computed == "26 GB");
  CHECK(f[0].message.find("24.21 is the figure in GiB: the card most likely wrote GB for GiB") != std::string::npos);
  // 26e9 / 2^30 = 24.21 (GiB); the card's 26.0 is the same amount in GB.
  f = Check(OneCard("26 × 10^9 / 2^30 = 26.0 GiB"));
  REQUIRE(f.size() == 1);
  CHECK(f[0].computed == "24.21 GiB");
  CHECK(f[0].message.find("26.0 is the figure in GB: the card most likely wrote GiB for GB") != std::string::npos);
  // 2 × 4 bytes = 8 bytes; the card's 1 byte is an eighth (no single factor explains it).
  f = Check(OneCard("2 × 4 bytes = 1 byte"));
  REQUIRE(f.size() == 1);
  CHECK(f[0].computed == "8 bytes");
  CHECK(f[0].message.find("bits and bytes") != std::string::npos);
}

TEST_CASE("parameters × bytes: either GB reading fits, a nominal size may be a few percent off") {
  CHECK(Check(OneCard("A 13-billion-parameter model in BF16 takes 26 GB.")).empty());
  CHECK(Check(OneCard("A 7B-parameter model in BF16 takes 13.04 GB.")).empty());  // 14e9 / 2^30 = 13.04
  CHECK(Check(OneCard("A 7B-parameter model in FP16 takes 13.5 GB.")).empty());   // Llama-2-7B: 13.48 GB
  CHECK(Check(OneCard("7B parameters in 4-bit take 3.5 GB.")).empty());           // 7e9 × 0.5
  std::vector<links::NumberFinding> f = Check(OneCard("7B parameters at 4 bytes each = 14 GB"));
  REQUIRE(f.size() == 1);
  CHECK(f[0].computed == "28 GB");
  CHECK(f[0].message ==
        "this card says 14 GB; 7 billion parameters × 4 bytes is 28 GB (26.08 GiB); 14 GB is the size at 2 "
        "bytes per parameter");
  // Training, optimizer or a second figure: not a weights claim.
  CHECK(Check(OneCard("A 7B-parameter model in BF16 needs 112 GB to train with Adam.")).empty());
  CHECK(Check(OneCard("A 7B-parameter model in BF16 takes 14 GB, or 28 GB in FP32.")).empty());
}

TEST_CASE("a named model's weights: its exact parameter count") {
  // Llama-2-7B: 6,738,415,616 parameters (meta-llama/Llama-2-7b-hf); × 2 bytes = 13.48 GB = 12.55 GiB.
  CHECK(Check(OneCard("Llama-2-7B's FP16 weights take 13.48 GB.")).empty());
  CHECK(Check(OneCard("llama-2-7b weights in FP16 take 12.55 GB as nvidia-smi prints it.")).empty());
  CHECK(Check(OneCard("Llama-2-7B's FP16 weights take 14 GB.")).empty());  // a round figure: within 10%
  std::vector<links::NumberFinding> f = Check(OneCard("Llama-2-7B's FP16 weights take 13.84 GB."));
  REQUIRE(f.size() == 1);
  CHECK(f[0].computed == "13.48 GB");
  CHECK(f[0].message ==
        "this card says 13.84 GB; Llama-2-7B's 6,738,415,616 parameters × 2 bytes is 13.48 GB (12.55 GiB)");
  // Not about the weights alone, or another model: no finding.
  CHECK(Check(OneCard("Llama-2-7B in FP16 takes 20 GB to serve.")).empty());
  CHECK(Check(OneCard("Llama-2-70B-ish weights in FP16 take 20 GB.")).empty());
}

TEST_CASE("claims that cannot be read with certainty give no finding") {
  const char* lines[] = {
      "0.1 becomes 0.1 in FP8.",                        // which FP8?
      "0.3 is stored as 77 in INT8.",                   // a quantization scale decides
      "1234.56789 becomes 1234 in BF16 or FP16.",       // two formats
      "With \\(x \\times 2 = 10\\) GB, x is 5.",        // a variable
      "2 × 1.5 = 4 GB/s",                               // a rate
      "3 × 4 = 10 bytes²",                              // an area of bytes
      "2 × 2 = 5 Gb",                                   // gigabits
      "\\(\\sqrt{16 + 9} = 4\\)",                       // a function
      "f(2 + 3) = 6",                                   // a function
      "\\(2(3 + 4) = 10\\)",                            // implicit multiplication
      "2 × 3 = 16N",                                    // a glued symbol
      "about 2 × 3 = 10 MB",                            // approximate, loose digits
      "2 × 3 = 7% of the budget",                       // a percentage
      "\\(s = 127/2.54 = 50\\), \\(q = [127, -50]\\)",  // true, and a list
  };
  for (const char* l : lines) {
    CAPTURE(l);
    CHECK(Check(OneCard(l)).empty());
  }
}

TEST_CASE("code fences and live:, quiz:, topic: lines are not read; lines count with CRLF") {
  CHECK(Check(OneCard("```\n2 × 3 = 7\n```\n~~~\n0.1 becomes 0.2 in BF16\n~~~")).empty());
  CHECK(Check(OneCard("live: formats?value=0.1&format=bf16\ntopic: a, b")).empty());
  std::string crlf = "---\r\n#### Card\r\ntext\r\n\r\n2 × 3 = 7\r\n:p Q?\r\n??x\r\nA.\r\nx??\r\n";
  std::vector<links::NumberFinding> f = Check(crlf);
  REQUIRE(f.size() == 1);
  CHECK(f[0].line == 5);
  CHECK(f[0].claim == "2 × 3 = 7");
}

TEST_CASE("hostile decks: huge numbers, odd units, long expressions finish quickly without a finding") {
  std::string hostile = ReadSource("tests/data/cards/check/hostile.md");
  CHECK(Check(hostile).empty());
  // A 60 KB expression line, a 4,000-byte one (over kMaxExpressionTokens) and 2,000 lines of 4,000
  // bytes of operators, equals signs and 1e400 (cards hold at most 64 KiB: 8 such lines a card).
  std::string sixty_kb, four_kb, line;
  while (sixty_kb.size() < 60000) sixty_kb += "1 × ";
  sixty_kb += "1 = 2";
  while (four_kb.size() < 4000) four_kb += "1+";
  four_kb += "1 = 1";
  while (line.size() < 4000) line += "2 × 2 = 4 = 1e400 GB ";
  std::string deck = OneCard(sixty_kb) + OneCard(four_kb);
  for (int c = 0; c < 250; ++c) {
    std::string body = "card " + std::to_string(c) + "\n";
    for (int i = 0; i < 8; ++i) body += line + "\n";
    deck += OneCard(body).replace(0, 12, "---\n#### Card " + std::to_string(c) + "\n");
  }
  auto start = std::chrono::steady_clock::now();
  cards::Deck parsed = cards::ParseDeck(deck, "hostile.md");
  REQUIRE(parsed.cards.size() == 252);
  std::vector<links::NumberFinding> f = links::CheckDeckNumbers(parsed, deck);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(f.empty());
  MESSAGE("hostile deck of " << deck.size() << " bytes checked in " << seconds << " s");
  CHECK(seconds < 10);  // linear: about 0.1 s natively; the sanitized and wasm builds are slower
}
