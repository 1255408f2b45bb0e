// The app: top bar with the sections, one panel per file, link routing, status bar.
//
//   AppState app;                          // every panel's state, plain structs
//   OpenLink(app, "memory?preset=gpt2");  // switch section + apply state; returns errors to show
//   DrawApp(app, ctx);                     // once per drawn frame, inside an ImGui frame
//
// Nothing here computes a figure: panels call the engines in src/core.
#pragma once

#include <string>
#include <vector>

#include "app/card_library.h"
#include "app/context.h"
#include "app/panel_decks.h"
#include "app/panel_formats.h"
#include "app/panel_memory.h"
#include "app/panel_quantize.h"
#include "app/panel_study.h"
#include "app/panel_train.h"
#include "core/util/json.h"
#include "core/util/livelink.h"

namespace bw::app {

enum class PanelId { kStudy, kFormats, kQuantize, kTrain, kMemory, kDecks };

struct AppState;

// One row of the panel table, the only list of the sections: the app's switches, the bridge, the
// parallel DOM and the tests all read it. Each entry point takes the whole app state so the row can
// hand its panel, explicitly, the inputs it takes from other sections (Quantize: the Train network;
// Study: the card library and a way to show a card's linked section); the panels themselves see only
// their own state and those inputs.
struct PanelInfo {
  PanelId id;
  const char* name;   // lower case: the LiveLink section (a links::Sections() name) and the bridge's "panel"
  const char* label;  // shown in the top bar
  const char* key;    // keyboard shortcut shown in the tooltip
  void (*draw)(AppState& app, AppContext& ctx);                                   // the panel's body, this frame
  std::vector<std::string> (*apply)(AppState& app, const LiveLink& link);         // a link onto the panel's state
  LiveLink (*make)(const AppState& app);                                          // the panel's state as a link
  void (*mirror)(json::Array& body, const AppState& app, const AppContext& ctx);  // its parallel DOM (mirror.h)
};

const std::vector<PanelInfo>& Panels();               // in top-bar order (Alt+1..6)
const PanelInfo* FindPanel(const std::string& name);  // nullptr if unknown
const PanelInfo& GetPanelInfo(PanelId id);

struct AppState {
  PanelId panel = PanelId::kStudy;
  CardLibrary library;  // the decks and the learner's progress (Study and Decks use it)
  StudyPanelState study;
  FormatsPanelState formats;
  QuantizePanelState quantize;
  TrainPanelState train;
  MemoryPanelState memory;
  DecksPanelState decks;

  // The top bar's clickable entries as laid out this frame (CSS px), for the bridge and browser tests:
  // one per section button, or, when the names do not fit (phones), "menu" plus the sections listed in
  // its open menu.
  using Rect = ScreenRect;
  struct TopbarEntry {
    std::string panel;  // a section name ("memory") or "menu"
    Rect rect;
  };
  std::vector<TopbarEntry> topbar;
  // The section's scroll region (one per screen on narrow widths): its scroll offset and range, CSS px.
  float scroll_y = 0, scroll_max = 0;
  int seen_imports = 0;   // CardLibrary::imports handled: a deck that arrives becomes Study's deck
  int layout_frames = 0;  // frames in a row whose content height differed from the previous frame's

  std::vector<std::string> link_errors;  // from the last OpenLink, shown until dismissed
  std::string status;                    // status-bar notice
  double status_until = 0;
};

// Switches to the link's panel and applies its state. Returns errors (unknown panel, bad values);
// valid parts still apply. Also stored in app.link_errors for display.
std::vector<std::string> OpenLink(AppState& app, const std::string& link);
// Applies a link to its panel's state without switching the visible section (Study's split view).
std::vector<std::string> ApplyLinkToPanel(AppState& app, const LiveLink& link);
// The LiveLink of the visible section's current state ("formats?value=0.1&format=bf16").
std::string CurrentLink(const AppState& app);

// Draws one panel's body in the current window/child (used by DrawApp and Study's split view).
void DrawPanel(AppState& app, PanelId id, AppContext& ctx);

// The whole UI for one frame: top bar, the open section, status bar. Fills the display.
void DrawApp(AppState& app, AppContext& ctx);

// Dear ImGui style for Bytewise (light, roomy, readable); call after creating the context.
void ApplyTheme(float scale);

}  // namespace bw::app
