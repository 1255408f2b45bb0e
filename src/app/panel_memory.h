// Panel "Memory": Will this model fit? Weights, KV cache, activations, gradients and optimizer states, counted.
//
// The panel holds a model choice (preset, bare parameter count, or a pasted config.json) and a
// bw::memory::Scenario; every figure it shows comes from bw::memory::EstimateMemory / SweepMemory.
// LiveLink keys: the "memory" table of core/links (src/core/links/memory.cpp: key, type, range, names,
// default, help, CLI flag); ApplyMemoryLink/MakeMemoryLink below only copy between it and this state.
//   memory?preset=llama-2-13b&mode=train&optimizer=adamw&precision=mixed
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "core/memory/estimate.h"
#include "core/util/livelink.h"

namespace bw::app {

enum class MemorySource { kPreset, kParams, kConfig };

struct MemoryPanelState {
  MemorySource source = MemorySource::kPreset;
  std::string preset = "llama-2-7b";
  std::string params_text = "7B";  // bare parameter count, any ParseCount form
  std::string config_text;         // pasted config.json
  std::string config_error;        // from the last "Use this config.json"
  std::vector<std::string> config_notes;
  bool config_ok = false;
  memory::Architecture config_arch;
  memory::Scenario scenario;
  bool sweep_batch = false;   // plot over batch instead of sequence length
  int64_t sweep_max = 32768;  // right end of the plot's x axis
};

void DrawMemoryPanel(MemoryPanelState& state, AppContext& ctx);
// LiveLink "memory?..." → state. Returns errors (bad values, unknown keys); valid keys still apply.
std::vector<std::string> ApplyMemoryLink(MemoryPanelState& state, const LiveLink& link);
// state → LiveLink "memory?..." (the inverse of ApplyMemoryLink).
LiveLink MakeMemoryLink(const MemoryPanelState& state);
// The model the panel's choice describes (preset, parameter count or config.json), or nullopt + error.
std::optional<memory::Model> MemoryPanelModel(const MemoryPanelState& state, std::string* error);

}  // namespace bw::app
