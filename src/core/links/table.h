// Internal to core/links: the typed rows behind links::Section and the one Apply/Make loop over them.
#pragma once

#include <string>
#include <vector>

#include "core/links/links.h"

namespace bw::links::detail {

// A value that passed its key's type, range and name checks.
struct Value {
  std::string text;       // as written
  double number = 0;      // kInt, kReal
  int64_t integer = 0;    // kInt
  bool flag = false;      // kBool
  std::vector<int> ints;  // kList
};

// One row of a section's table: the public spec plus how it reads and writes the config.
template <class C>
struct Field {
  Key spec;
  // Sets the config from a checked value; returns "" or what the engine objects to (without the key).
  std::string (*set)(C& config, const Value& value);
  std::string (*get)(const C& config);  // the value as a link prints it
  // Whether Make prints the key; nullptr: when its value differs from the default config's.
  bool (*shown)(const C& config, const C& defaults) = nullptr;
};

// Checks `text` against the key's type/range/names. "" and *out filled, or the problem (without the key).
std::string ParseValue(const Key& key, const std::string& text, Value* out);

// "unknown key 'x' for panel 'train' (expected one of dataset, noise, ...)".
std::string UnknownKey(const std::string& panel, const std::string& key, const std::vector<Key>& keys);

std::string FormatReal(double v);  // shortest text that reads back to v ("0.01", "1e-07")

template <class C>
std::vector<Key> Specs(const std::vector<Field<C>>& fields) {
  const C defaults{};
  std::vector<Key> keys;
  for (const Field<C>& f : fields) {
    keys.push_back(f.spec);
    keys.back().default_text = f.get(defaults);
  }
  return keys;
}

// The link's keys, in table order (a later row may depend on an earlier one), onto `config`.
template <class C>
std::vector<std::string> ApplyFields(const std::vector<Field<C>>& fields, const LiveLink& link, C& config) {
  std::vector<std::string> errors;
  for (const Field<C>& f : fields) {
    const std::string* text = link.Get(f.spec.key);
    if (!text) continue;
    Value value;
    std::string error = ParseValue(f.spec, *text, &value);
    if (error.empty()) error = f.set(config, value);
    if (!error.empty()) errors.push_back(std::string(f.spec.key) + ": " + error);
  }
  std::vector<Key> keys;
  keys.reserve(fields.size());
  for (const Field<C>& f : fields) keys.push_back(f.spec);
  for (const auto& kv : link.params) {
    bool known = false;
    for (const Field<C>& f : fields) known = known || kv.first == f.spec.key;
    if (!known) errors.push_back(UnknownKey(link.panel, kv.first, keys));
  }
  return errors;
}

template <class C>
LiveLink MakeFields(const char* panel, const std::vector<Field<C>>& fields, const C& config) {
  const C defaults{};
  LiveLink link{panel, {}};
  for (const Field<C>& f : fields) {
    bool show = f.shown ? f.shown(config, defaults) : f.get(config) != f.get(defaults);
    if (show) link.Set(f.spec.key, f.get(config));
  }
  return link;
}

// The tables, one per section (defined in the section's .cpp).
const std::vector<Field<Study>>& StudyFields();
const std::vector<Field<Formats>>& FormatsFields();
const std::vector<Field<Quantize>>& QuantizeFields();
const std::vector<Field<Train>>& TrainFields();
const std::vector<Field<Memory>>& MemoryFields();
const std::vector<Field<Decks>>& DecksFields();

}  // namespace bw::links::detail
