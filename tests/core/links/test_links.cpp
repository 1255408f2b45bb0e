// core/links: the one vocabulary of LiveLink keys. The oracles here are the engines' own parsers and
// name functions (a table row that disagrees with its engine fails) and the reported cases.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/cards/deck.h"
#include "core/links/deck_check.h"
#include "core/links/links.h"

using namespace bw;

namespace {

bool HasError(const std::vector<std::string>& errors, const std::string& part) {
  for (const std::string& e : errors)
    if (e.find(part) != std::string::npos) return true;
  return false;
}

LiveLink Link(const std::string& text) {
  LinkParse p = ParseLiveLink(text);
  REQUIRE(p.ok);
  return p.link;
}

}  // namespace

TEST_CASE("the sections are the app's panels, each key once, each CLI flag once") {
  std::set<std::string> names;
  for (const links::Section& s : links::Sections()) {
    CAPTURE(s.name);
    CHECK(names.insert(s.name).second);
    std::set<std::string> keys, flags;
    for (const links::Key& k : s.keys) {
      CHECK(keys.insert(k.key).second);
      if (k.cli) CHECK(flags.insert(k.cli).second);
      CHECK(std::string(k.help).size() > 10);
      if (k.type == links::Type::kEnum) CHECK(!k.names.empty());
      if (k.type == links::Type::kInt || k.type == links::Type::kReal) CHECK(k.min <= k.max);
    }
  }
  CHECK(names == std::set<std::string>{"study", "formats", "quantize", "train", "memory", "decks"});
}

TEST_CASE("enum names are the engines' names, in the engines' enum order (combo index = enum value)") {
  const auto& ds = links::EnumNames("train", "dataset");
  for (size_t i = 0; i < ds.size(); ++i) CHECK(ds[i] == nn::DatasetName(static_cast<nn::DatasetKind>(i)));
  const auto& opt = links::EnumNames("train", "optimizer");
  for (size_t i = 0; i < opt.size(); ++i) CHECK(opt[i] == nn::OptimizerName(static_cast<nn::Optimizer>(i)));
  const auto& prec = links::EnumNames("train", "precision");
  for (size_t i = 0; i < prec.size(); ++i) CHECK(prec[i] == nn::PrecisionName(static_cast<nn::Precision>(i)));
  const auto& act = links::EnumNames("train", "activation");
  for (size_t i = 0; i < act.size(); ++i) CHECK(act[i] == nn::ActivationName(static_cast<nn::Activation>(i)));
  const auto& loss = links::EnumNames("train", "loss");
  for (size_t i = 0; i < loss.size(); ++i) CHECK(loss[i] == nn::LossName(static_cast<nn::Loss>(i)));
  // One more name than the table lists must not parse: a new engine enum value shows up here.
  nn::Optimizer o;
  for (const std::string& n : opt) CHECK(nn::ParseOptimizer(n, &o));
  const auto& mopt = links::EnumNames("memory", "optimizer");
  for (size_t i = 0; i < mopt.size(); ++i) CHECK(mopt[i] == memory::OptimizerName(static_cast<memory::Optimizer>(i)));
  CHECK(links::EnumNames("quantize", "scheme") == quant::SchemeNames());
  CHECK(links::EnumNames("train", "nope").empty());
}

TEST_CASE("every enum value of every section applies without error") {
  for (const links::Section& s : links::Sections())
    for (const links::Key& k : s.keys) {
      if (k.type != links::Type::kEnum) continue;
      for (const std::string& n : k.names) {
        LiveLink link{s.name, {{k.key, n}}};
        if (std::string(s.name) == "quantize" && k.key == std::string("scheme")) continue;  // scale checks follow
        CAPTURE(FormatLiveLink(link));
        CHECK(links::Check(link).empty());
      }
    }
}

TEST_CASE("Check reports what the app refuses: the issue's deck-lint cases") {
  CHECK(HasError(links::Check("about"), "unknown panel 'about'"));
  std::vector<std::string> e = links::Check("memory?presett=gpt2&seq=-4");
  CHECK(e.size() == 2);
  CHECK(HasError(e, "unknown key 'presett' for panel 'memory'"));
  CHECK(HasError(e, "seq: "));
  CHECK(HasError(links::Check("%%%"), "at character"));
  CHECK(links::Check("memory?preset=gpt2&seq=1k&batch=2").empty());  // counts, as the CLI takes them
}

TEST_CASE("out-of-range values are errors naming the range, never silent clamps") {
  // The Train panel clamped every-K to 0..16 without a word; the CLI took 1..1000.
  links::Applied<links::Train> a = links::ApplyTrain(Link("train?checkpoint=every-40"));
  CHECK(HasError(a.errors, "checkpoint: every-K: 40 is outside 1..16"));
  CHECK(a.config.train.checkpoint_every == 0);  // unchanged
  CHECK(HasError(links::Check("train?lr=20"), "lr: 20 is outside 1e-06..10"));
  CHECK(HasError(links::Check("quantize?block=8"), "below the minimum 16"));
  CHECK(HasError(links::Check("formats?bits=xyz"), "not a hexadecimal code"));
  CHECK(HasError(links::Check("train?run=maybe"), "not true/false"));
  // The engine's own validation comes after the keys: 2 outputs need loss ce.
  CHECK(HasError(links::Check("train?layers=2,8,2&loss=bce"), "needs 1 output"));
  CHECK(links::Check("train?layers=2,8,2").empty());  // two outputs alone imply ce, as in the panel
  CHECK(HasError(links::Check("quantize?scheme=mxfp4&scale=fp16"), "scheme: "));
}

TEST_CASE("Make is the inverse of Apply for each section's defaults and for a changed config") {
  for (const links::Section& s : links::Sections()) {
    CAPTURE(s.name);
    CHECK(s.check(LiveLink{s.name, {}}).empty());
  }
  links::Train t;
  t.train.optimizer = nn::Optimizer::kSgd;
  t.train.checkpoint_every = 2;
  t.train.layers = {2, 8, 8, 8, 1};
  t.train.weight_decay = 0.5;
  LiveLink l = links::MakeTrain(t);
  links::Applied<links::Train> back = links::ApplyTrain(l);
  CHECK(back.errors.empty());
  CHECK(FormatLiveLink(links::MakeTrain(back.config)) == FormatLiveLink(l));
  CHECK(back.config.train.weight_decay == 0.5);
  CHECK(back.config.train.checkpoint_every == 2);

  links::Memory m;
  m.scenario.mode = memory::Mode::kTrain;
  m.scenario.lora_rank = 16;
  m.scenario.zero_stage = 2;
  LiveLink ml = links::MakeMemory(m);
  CHECK(ml.Get("lora_rank"));
  CHECK(!ml.Get("dtype"));  // inference-only keys are left out of a training link
  links::Applied<links::Memory> mb = links::ApplyMemory(ml);
  CHECK(mb.errors.empty());
  CHECK(FormatLiveLink(links::MakeMemory(mb.config)) == FormatLiveLink(ml));
}

TEST_CASE("the default column is what a default config prints") {
  const links::Section* s = links::FindSection("train");
  REQUIRE(s);
  const links::Key* lr = links::FindKey(*s, "lr");
  REQUIRE(lr);
  CHECK(lr->default_text == "0.01");  // nn::TrainConfig's learning_rate
  CHECK(std::string(lr->cli) == "--lr");
  CHECK(std::string(links::FindKey(*s, "wd")->cli) == "--weight-decay");
}

TEST_CASE("CheckLiveLines puts each live-line problem at its card's line, in line order") {
  cards::Deck d = cards::ParseDeck(
      "#### A\nlive: memory?presett=gpt2\n:p q?\n??x\na\nx??\n\n#### B\nlive: formats?value=0.1\n:p r?\n??x\nb\nx??\n",
      "t.md");
  REQUIRE(d.cards.size() == 2);
  links::CheckLiveLines(d);
  REQUIRE(d.diagnostics.size() == 1);
  CHECK(d.diagnostics[0].line == 2);
  CHECK(d.diagnostics[0].severity == cards::Severity::kError);
  CHECK(d.diagnostics[0].message.find("unknown key 'presett'") != std::string::npos);
}
