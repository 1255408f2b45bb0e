// Input the learner can trust on every device, on top of Dear ImGui's input queue (1.87+): one-finger
// drag scrolling for touch screens, and the wheel decision an embedding page needs (scroll the app's
// region under the pointer when it can scroll, else let the host page scroll: no wheel trap).
#pragma once

namespace bw::app {

// True while Dear ImGui still holds queued input events (a press and release within one frame are
// trickled over two frames): the main loop keeps drawing until the queue is empty.
bool InputPending();

// Call right after ImGui::NewFrame(). A one-finger drag that did not start on a control (a button,
// slider or field: those keep their own drag) scrolls the scrollable region under the finger, 1:1.
void TouchDragScroll();

// Whether a wheel of (dx, dy) at (x, y) (CSS px, the canvas's own coordinates; dy > 0 scrolls down,
// as a DOM WheelEvent's deltaY) would scroll something in the app, judged on the last frame's layout
// the way Dear ImGui picks the wheel's window (the hovered window, else the nearest scrollable parent).
bool WheelWouldScroll(float x, float y, float dx, float dy);

}  // namespace bw::app
