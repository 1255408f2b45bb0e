// Small shared widgets so every panel teaches the same way (STYLE.md §9): a one-sentence intro,
// "(?)" help markers, designed empty states, and section headers.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>

#include "app/context.h"
#include "core/util/json.h"

namespace bw::app {

// Theme colours (also used by ImDrawList drawings).
namespace colors {
inline constexpr unsigned kSign = 0xFF5B6CF0;      // ABGR: red-ish, sign bit
inline constexpr unsigned kExponent = 0xFF4FB38A;  // green, exponent field
inline constexpr unsigned kMantissa = 0xFFE0A040;  // blue, mantissa field
inline constexpr unsigned kAccent = 0xFFE89A3C;    // accent
}  // namespace colors

// Keys for shortcuts, as Dear ImGui's named keys (1.87+: ImGuiKey_*, fed by the backend's input queue, so
// a key pressed and released within one frame still counts). Panels use these, never SDL.
namespace keys {
// keys::kLetter('u'), keys::kDigit(0..9)
inline constexpr ImGuiKey kLetter(char c) { return static_cast<ImGuiKey>(ImGuiKey_A + (c - 'a')); }
inline constexpr ImGuiKey kDigit(int d) { return static_cast<ImGuiKey>(ImGuiKey_0 + d); }
inline constexpr ImGuiKey kEnter = ImGuiKey_Enter;
inline constexpr ImGuiKey kEscape = ImGuiKey_Escape;
inline constexpr ImGuiKey kBackspace = ImGuiKey_Backspace;
inline constexpr ImGuiKey kTab = ImGuiKey_Tab;
inline constexpr ImGuiKey kSpace = ImGuiKey_Space;
inline constexpr ImGuiKey kKeypadEnter = ImGuiKey_KeypadEnter;
}  // namespace keys

// True when `key` was pressed this frame and no text field is taking keyboard input.
bool KeyPressed(ImGuiKey key, bool repeat = false);

void PanelTitle(const AppContext& ctx, const char* title, const char* one_sentence);
void HelpMarker(const char* text);  // "(?)" with a wrapped tooltip, same line as previous item
// Where a tooltip's text wraps: `ems` font heights, but never wider than the screen (phones, 320 px iframes).
float TooltipWrapWidth(float ems);
void EmptyState(const AppContext& ctx, const char* title, const char* body);  // centred, muted
void SectionHeader(const AppContext& ctx, const char* text);
// Text wrapped at spaces only, at `width` px (0: the window's right edge from the cursor). Dear ImGui's
// own wrapping also breaks after '.' and ',', which splits numbers ("0.\n001", "46,\n702"); a word
// wider than the whole line is cut between characters. BreakLines returns the text with its breaks.
std::string BreakLines(std::string_view text, float width);
void WrappedText(std::string_view text, float width = 0.0f);
void MutedText(const char* text);         // wrapped, dimmed
void ErrorText(const std::string& text);  // wrapped, red, for diagnostics
bool LinkButton(const char* label);       // text styled as a link

// Narrow windows (Study's live panel, 360 px phones): SameLine() when an item `width` px wide still fits
// on this line, else nothing, so the next item starts a new line. wrap == false: always SameLine().
// spacing < 0: the style's ItemSpacing.x, as SameLine().
void SameLineIfFits(float width, bool wrap = true, float spacing = -1.0f);
// One line of text, or with wrap its wrapped lines; help: a HelpMarker() follows, so the lines leave
// room for its "(?)".
void TextLine(const char* text, bool wrap, bool help = false);
float ToggleWidth(const char* label);  // width of a checkbox or radio button with this label
float HelpMarkerWidth();               // what a HelpMarker() adds to a line: spacing and "(?)"
// A frame width of at most `width` that leaves room on this line for the item's label and, with
// help, a "(?)" after it (never below 4 font sizes).
float FitItemWidth(float width, const char* label, bool help = true);
// A selectable row as tall as `text` wrapped at the window's edge, the text drawn over it (a Selectable's own
// label is one line, cut at the edge). id: the row's ImGui id ("##card").
bool WrappedSelectable(const std::string& text, const char* id, bool selected, ImGuiSelectableFlags flags = 0);
// The last item's screen rectangle, and a rectangle as the bridge reports it: {"x", "y", "w", "h"}.
ScreenRect LastItemRect();
json::Object RectJson(const ScreenRect& r);
// Stores the last item's screen rectangle (e.g. after EndGroup()) as the live panel's answer_rect.
void RecordAnswerRect(AppContext& ctx);

}  // namespace bw::app
