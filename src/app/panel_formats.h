// Panel "Formats": See what storing a number in FP32, BF16, FP16, FP8 or INT8 really does to it.
//
// Every figure comes from bw::formats: Convert (bits, exact stored value, error, flags) for the table,
// Inspect for the bit editor, Range for the range/precision picture. Results are cached in the state
// and recomputed only when the inputs change.
//
// LiveLink keys: the "formats" table of core/links (src/core/links/formats.cpp: key, type, range, names,
// default, help, CLI flag); ApplyFormatsLink/MakeFormatsLink below only copy between it and this state.
// Example: formats?value=0.1&format=bf16&compare=fp16
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "app/context.h"
#include "core/formats/formats.h"
#include "core/util/livelink.h"

namespace bw::app {

struct FormatsPanelState {
  // ---- what the learner chose (LiveLink state)
  std::string value = "0.1";
  std::string format = "bf16";   // bit editor; first format of the range picture
  std::string compare = "fp16";  // second format of the range picture
  std::string rounding = "rne";  // rne | rtz | stochastic
  uint64_t seed = 0;
  bool saturate = false;
  bool via_fp32 = false;
  bool editor_from_value = true;  // bit editor shows the value's encoding until a bit is flipped
  uint64_t editor_bits = 0;

  // ---- cache (recomputed when the key changes)
  std::array<char, 512> input{};        // text field buffer, mirrors `value`
  std::array<char, 48> custom_input{};  // custom format name being typed (applied on Enter)
  std::string computed_key;
  std::string error;  // parse error of `value`
  formats::ParsedNumber parsed;
  std::vector<formats::Conversion> rows;  // one per built-in format (plus a custom `format`)
  std::vector<std::string> row_formats;
  formats::Conversion editor;  // Inspect(editor_bits, format)
  std::string format_error;    // bad custom format name
  formats::RangeProfile range_a, range_b;
  std::string range_key;
};

void DrawFormatsPanel(FormatsPanelState& state, AppContext& ctx);
// LiveLink "formats?..." → state. Returns errors (bad values, unknown keys); valid keys still apply.
std::vector<std::string> ApplyFormatsLink(FormatsPanelState& state, const LiveLink& link);
// state → LiveLink "formats?..." (the inverse of ApplyFormatsLink).
LiveLink MakeFormatsLink(const FormatsPanelState& state);

}  // namespace bw::app
