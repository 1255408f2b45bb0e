// What every panel may use besides its own state: fonts, scale, the link router and a way to ask
// for continuous redraw. Panels never compute figures; they call engines (src/core) and draw results.
#pragma once

#include <functional>
#include <string>
#include <vector>

struct ImFont;

namespace bw::app {

struct Fonts {
  ImFont* regular = nullptr;  // DejaVu Sans, body text (Unicode: × ≈ ≤ ² μ Greek)
  ImFont* mono = nullptr;     // DejaVu Sans Mono: bits, numbers in tables, code blocks
  ImFont* heading = nullptr;  // larger regular, panel titles
};

// A rectangle on screen (CSS px, ImGui's coordinates), as the bridge and the tests read it.
struct ScreenRect {
  float x = 0, y = 0, w = 0, h = 0;
};

struct AppContext {
  Fonts fonts;
  float ui_scale = 1.0f;    // layout scale (CSS px → ImGui units are 1:1; fonts are rasterized at devicePixelRatio)
  double time_seconds = 0;  // ImGui::GetTime() of this frame
  // Set true by a panel that animates or computes across frames (training, step mode, slicing);
  // when nobody sets it and no input arrives, the app stops drawing (idle tabs use no CPU).
  bool wants_animation = false;
  // The learner asked for less motion (prefers-reduced-motion, sent by web/a11y.js): animations
  // such as Train's step-by-step pass jump to their end.
  bool reduced_motion = false;
  // Opens a LiveLink ("formats?value=0.1"): switches panel and applies the state. Errors are shown.
  std::function<void(const std::string& link)> open_link;
  // Shows a short notice in the status bar ("Saved", "Deck imported: 31 cards").
  std::function<void(const std::string& message)> notify;
  // Course pages (?embed=1): no top bar, no panel intros, the open section sized to its content.
  bool embed = false;
  // Tells the embedding page (host protocol, web/host.js) that something happened: type "graded" or
  // "quiz-answered", fields as a JSON object text (app/host_api.h builds them). May be empty.
  std::function<void(const char* type, const std::string& json)> host_event;

  // Study's live panel (a card's linked panel, drawn beside or under the card), set by Study around the
  // call and cleared after it:
  // - answer_first: the panel draws its result first (the number or picture the card is about: Memory's
  //   total and stacked bar, Formats' stored value, Quantize's metrics, Train's heatmap and loss), then
  //   its controls, so the answer is above the fold at 1280x800 and 900x600.
  // - single_scroll: the caller's window is the one scroll region (narrow screens): the panel draws in
  //   one column and opens no child window that fills the remaining height (no nested scrollbars).
  bool answer_first = false;
  bool single_scroll = false;
  // Where a panel drawn with answer_first put its result (screen px, as ImGui::GetItemRect*; w == 0 when
  // not drawn this frame), for state().study.live_answer and the tests.
  using Rect = ScreenRect;
  Rect answer_rect;
};

}  // namespace bw::app
