// bw::links — the option vocabulary of Bytewise: one spec table per section (study, formats, quantize,
// train, memory, decks), read by every front that speaks LiveLink.
//
//   links::Applied<links::Train> a = links::ApplyTrain(link);       // onto the defaults (or a base)
//   if (!a.errors.empty()) show(a.errors);                           // "lr: 'abc' is not a number"
//   nn::Trainer t(a.config.train);                                   // the engine's own config struct
//   LiveLink back = links::MakeTrain(a.config);                      // "train?dataset=circle&..."
//   for (const links::Key& k : links::FindSection("train")->keys) ...  // combo items, help, CLI flags
//   std::vector<std::string> e = links::Check(link);                 // deck lint: all the app refuses
//
// Each table row is {key, type, range, enum names, default, help, CLI flag, the config field it sets}.
// Parsing, printing, validation (`deck lint`), the panels' combo items and help markers and the CLI's
// flags all come from these rows; nothing else lists a section's keys. A key absent from a link keeps
// the base config's value; an unknown key, a value of the wrong type, out of its range or not one of
// its names is an error naming the key and what was expected, and leaves the field unchanged (never a
// silent clamp). After the keys, the section's engine validates the whole config (nn::ValidateConfig,
// quant::ResolveConfig, memory::LookupDtype), so Check reports exactly what the app would refuse.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/memory/estimate.h"
#include "core/nn/trainer.h"
#include "core/quant/quant.h"
#include "core/util/livelink.h"

namespace bw::links {

enum class Type {
  kText,  // free text (an engine check may follow: a format name, a preset, a number string)
  kInt,   // whole number in [min, max]; count forms are accepted ("4k", "1e3", "2_048")
  kReal,  // finite number in [min, max]
  kBool,  // 1/0, true/false, yes/no, on/off (an empty value means true)
  kEnum,  // one of names
  kList,  // comma-separated whole numbers, each in [min, max] ("2,8,8,1")
};
const char* TypeName(Type t);  // "text", "int", "real", "bool", "enum", "list"

// One LiveLink key of a section.
struct Key {
  const char* key;  // "lr"
  Type type;
  double min = 0, max = 0;         // kInt, kReal, kList (inclusive)
  std::vector<std::string> names;  // kEnum: the allowed values, in the order a combo shows them
  std::string default_text;        // the value a default config prints ("0.01"); "" = left out by default
  const char* help;                // one sentence: what the key sets, with units
  const char* cli;                 // the `bytewise` flag that sets it ("--weight-decay"), nullptr = none
};

struct Section {
  const char* name;     // the LiveLink panel name, "train"
  const char* summary;  // one line
  std::vector<Key> keys;
  std::vector<std::string> (*check)(const LiveLink& link);  // the section's Apply onto its defaults: errors
};

const std::vector<Section>& Sections();                            // study, formats, quantize, train, memory, decks
const Section* FindSection(std::string_view name);                 // nullptr if unknown
const Key* FindKey(const Section& section, std::string_view key);  // nullptr if unknown
std::string SectionNames();                                        // "study, formats, ..." for messages
// The names of an enum key ("train", "optimizer") — what a combo lists; empty if no such enum key.
const std::vector<std::string>& EnumNames(std::string_view section, std::string_view key);

// Every problem with a link, as the app would report it: unknown section, unknown key, bad value,
// a config its engine refuses. Empty = the app accepts it as written.
std::vector<std::string> Check(const LiveLink& link);
std::vector<std::string> Check(std::string_view link_text);  // also reports syntax errors

// ---- The sections' configs: the engines' own structs plus what a panel shows about them.
template <class C>
struct Applied {
  C config;
  std::vector<std::string> errors;  // one per problem, each naming its key
};

struct Study {
  std::string deck;  // deck key ("" = the first deck)
  bool live = true;  // show the card's live panel beside it
  std::string card;  // card id or topic to open ("" = the next due card); not printed back
};

struct Formats {
  std::string value = "0.1";     // decimal text (formats::ParseNumber)
  std::string format = "bf16";   // bit editor; first format of the range picture
  std::string compare = "fp16";  // second format of the range picture
  std::string rounding = "rne";  // rne | rtz | stochastic
  uint64_t seed = 0;             // stochastic rounding
  bool saturate = false;
  bool via_fp32 = false;
  bool has_bits = false;  // the bit editor shows `bits` instead of the value's encoding
  uint64_t bits = 0;
};

struct Quantize {
  std::string dist = "outliers";  // normal | laplace | uniform | outliers
  int64_t n = 4096;
  int64_t seed = 1;
  std::string scheme = "nf4";  // quant::SchemeNames()
  std::string granularity = "default";
  int block = 0;             // 0 = the scheme's default
  std::string scale_format;  // "" = the scheme's default
  bool double_quant = false;
  double outlier_magnitude = 30;  // σ
  double outlier_fraction = 0.001;
  std::string preset = "llama-2-7b";  // "what would this model need"
  bool full_range = false;
  double sigma = 1;          // the tensor's standard deviation (its scale): NVFP4 without its tensor scale fails
                             //   far from 1, the scale-invariant schemes do not
  bool tensor_scale = true;  // nvfp4: keep the FP32 per-tensor scale (false: the demo of what goes wrong)
};
inline constexpr int64_t kMaxQuantizeElements = 4194304;  // the panel's cap (the engine's is quant::kMaxElements)
quant::QuantConfig EngineConfig(const Quantize& c);       // scheme + overrides, unresolved

struct Train {
  nn::TrainConfig train;
  bool run = false;  // start training as soon as the network is built
};

enum class MemorySource { kPreset, kParams, kConfig };  // kConfig: a pasted config.json (not linkable)
struct Memory {
  MemorySource source = MemorySource::kPreset;
  std::string preset = "llama-2-7b";
  std::string params = "7B";  // a bare parameter count in any ParseCount form
  memory::Scenario scenario;
  bool sweep_batch = false;  // plot over batch instead of sequence length
};

struct Decks {
  std::string deck;  // selected deck key
  std::string q;     // search text
};

// Apply: the link's keys onto `base` (keys it leaves out keep base's values). Make: the inverse,
// printing the keys that differ from the defaults (and those a reader needs to see the state).
Applied<Study> ApplyStudy(const LiveLink& link, Study base = {});
Applied<Formats> ApplyFormats(const LiveLink& link, Formats base = {});
Applied<Quantize> ApplyQuantize(const LiveLink& link, Quantize base = {});
Applied<Train> ApplyTrain(const LiveLink& link, Train base = {});
Applied<Memory> ApplyMemory(const LiveLink& link, Memory base = {});
Applied<Decks> ApplyDecks(const LiveLink& link, Decks base = {});
LiveLink MakeStudy(const Study& c);
LiveLink MakeFormats(const Formats& c);
LiveLink MakeQuantize(const Quantize& c);
LiveLink MakeTrain(const Train& c);
LiveLink MakeMemory(const Memory& c);
LiveLink MakeDecks(const Decks& c);

// Hidden widths of a layer list as the Train panel's field shows them ({2,8,8,1} → "8,8").
std::string HiddenWidths(const std::vector<int>& layers);
std::string JoinInts(const std::vector<int>& values);  // {2,8,8,1} → "2,8,8,1"

}  // namespace bw::links
