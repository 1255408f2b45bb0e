#include "app/input.h"

#include <imgui.h>
#include <imgui_internal.h>

namespace bw::app {

namespace {

// Whether a window is on screen: between frames its Active flag says so; after NewFrame() and before
// the windows begin again (where TouchDragScroll runs) every Active flag is reset and WasActive holds it.
bool OnScreen(const ImGuiWindow* w, bool in_frame) { return in_frame ? w->WasActive : w->Active; }

// The window a point is over, topmost first, as ImGui's own hover test (FindHoveredWindow) does.
ImGuiWindow* WindowAt(const ImVec2& p, bool in_frame) {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  for (int i = g.Windows.Size - 1; i >= 0; --i) {
    ImGuiWindow* w = g.Windows[i];
    if (!OnScreen(w, in_frame) || w->Hidden || (w->Flags & ImGuiWindowFlags_NoMouseInputs)) continue;
    if (w->OuterRectClipped.Contains(p)) return w;
  }
  return nullptr;
}

// The window a drag or wheel along `axis` would scroll: `w` or its nearest parent that can scroll.
ImGuiWindow* ScrollableFor(ImGuiWindow* w, int axis) {
  for (; w; w = (w->Flags & ImGuiWindowFlags_ChildWindow) ? w->ParentWindow : nullptr) {
    const bool inputs_disabled =
        (w->Flags & ImGuiWindowFlags_NoScrollWithMouse) && !(w->Flags & ImGuiWindowFlags_NoMouseInputs);
    if (w->ScrollMax[axis] > 0.0f && !inputs_disabled) return w;
  }
  return nullptr;
}

struct TouchScroll {
  ImGuiID window = 0;    // the window being dragged, 0 when none
  ImVec2 start_scroll;   // its scroll when the drag took over
  ImVec2 start_pos;      // the finger then
  bool blocked = false;  // this touch started on a control: no scrolling until the finger lifts
};
TouchScroll touch;

}  // namespace

bool InputPending() {
  ImGuiContext* g = ImGui::GetCurrentContext();
  return g && g->InputEventsQueue.Size > 0;
}

void TouchDragScroll() {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  ImGuiIO& io = g.IO;
  if (io.MouseSource != ImGuiMouseSource_TouchScreen || !io.MouseDown[0]) {
    touch = TouchScroll{};
    return;
  }
  if (touch.blocked) return;
  if (touch.window == 0) {
    if (!ImGui::IsMouseDragging(ImGuiMouseButton_Left)) return;
    // A press on an item makes it active (a slider drags, a text field selects); a press on text or
    // background leaves nothing active, or only the window's own move id (our windows never move).
    const bool on_control = g.ActiveId != 0 && !(g.ActiveIdWindow && g.ActiveId == g.ActiveIdWindow->MoveId);
    if (on_control) {
      touch.blocked = true;
      return;
    }
    ImGuiWindow* under = WindowAt(io.MouseClickedPos[0], /*in_frame=*/true);
    ImGuiWindow* w = ScrollableFor(under, ImGuiAxis_Y);
    if (!w) w = ScrollableFor(under, ImGuiAxis_X);
    if (!w) {
      touch.blocked = true;
      return;
    }
    touch.window = w->ID;
    touch.start_scroll = w->Scroll;
    touch.start_pos = io.MouseClickedPos[0];
    if (g.ActiveId != 0) ImGui::ClearActiveID();  // the finger scrolls now; nothing else follows it
  }
  ImGuiWindow* w = ImGui::FindWindowByID(touch.window);
  if (!w || !OnScreen(w, /*in_frame=*/true)) {
    touch.blocked = true;
    touch.window = 0;
    return;
  }
  if (w->ScrollMax.y > 0) ImGui::SetScrollY(w, touch.start_scroll.y - (io.MousePos.y - touch.start_pos.y));
  if (w->ScrollMax.x > 0) ImGui::SetScrollX(w, touch.start_scroll.x - (io.MousePos.x - touch.start_pos.x));
}

bool WheelWouldScroll(float x, float y, float dx, float dy) {
  if (!ImGui::GetCurrentContext()) return false;
  ImGuiWindow* under = WindowAt(ImVec2(x, y), /*in_frame=*/false);
  if (!under) return false;
  const float d[2] = {dx, dy};
  for (int axis = 0; axis < 2; ++axis) {
    if (d[axis] == 0.0f) continue;
    ImGuiWindow* w = ScrollableFor(under, axis);
    if (!w) continue;
    // ImGui would pick this window; it moves only if it is not already at the edge it scrolls toward.
    if (d[axis] > 0 ? w->Scroll[axis] < w->ScrollMax[axis] - 0.5f : w->Scroll[axis] > 0.5f) return true;
  }
  return false;
}

}  // namespace bw::app
