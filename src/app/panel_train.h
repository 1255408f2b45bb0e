// Panel "Train": Train a small network live and watch its forward pass, gradients and memory.
//
// The panel owns a bw::nn::TrainConfig (what the LiveLink carries) and a bw::nn::Trainer built from
// it; every figure shown (losses, accuracy, counters, bytes, heatmap scores, node values) comes from
// the trainer's result structs. Training runs in slices across frames (a few milliseconds per frame).
// LiveLink keys: the "train" table of core/links (src/core/links/train.cpp: key, type, range, names,
// default, help, CLI flag); ApplyTrainLink/MakeTrainLink below only copy between it and this state.
//   train?dataset=spiral&layers=2,8,8,1&optimizer=adam&precision=mixed-fp16
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/context.h"
#include "core/nn/trainer.h"
#include "core/util/json.h"
#include "core/util/livelink.h"

namespace bw::app {

struct TrainPanelState {
  nn::TrainConfig config = [] {
    nn::TrainConfig c;
    c.history_every = 5;
    return c;
  }();
  std::string hidden_text = "8,8";  // hidden widths as typed (the input and output widths are derived)
  bool rebuild = true;              // config changed in a way that needs a fresh network
  bool reconfigure = false;         // config changed; keep the weights
  std::vector<std::string> config_errors;
  std::shared_ptr<nn::Trainer> trainer;  // shared so the state stays copyable

  bool running = false;
  bool autorun = false;          // start running once the network is built (LiveLink run=1)
  int max_steps_per_frame = 20;  // run mode: at most this many steps per frame (and ≤ ~6 ms)
  bool show_test = false;        // draw the test points on the heatmap

  // Heatmap cache, refreshed at most ~6 times per second while training.
  nn::GridPrediction grid;
  int64_t grid_step = -1;
  double grid_time = -1;

  // Step mode: one sample's forward pass layer by layer, then its backward pass, then the update.
  bool animating = false;
  double anim_start = 0;
  bool has_trace = false;
  int trace_sample = 0;  // which training sample the next Step traces
  nn::SampleTrace trace;
};

void DrawTrainPanel(TrainPanelState& state, AppContext& ctx);
// LiveLink "train?..." → state. Returns errors (bad values, unknown keys); valid keys still apply.
std::vector<std::string> ApplyTrainLink(TrainPanelState& state, const LiveLink& link);
// state → LiveLink "train?..." (the inverse of ApplyTrainLink).
LiveLink MakeTrainLink(const TrainPanelState& state);
// What the bridge reports as state().train: {"running", "steps", "history_points", "diverged", "layers"}
// (steps and history_points are 0 before the network is built).
json::Value TrainBridgeState(const TrainPanelState& state);
// What the Step button does: animate one step (at once under prefers-reduced-motion). False while a
// step plays, before the network is built, or after it diverged.
bool TrainStep(TrainPanelState& state, AppContext& ctx);

}  // namespace bw::app
