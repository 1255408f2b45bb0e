// Small shared widgets so every panel teaches the same way (STYLE.md §9): a one-sentence intro,
// "(?)" help markers, designed empty states, and section headers.
#pragma once

#include <imgui.h>

#include <string>

#include "app/context.h"

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
void EmptyState(const AppContext& ctx, const char* title, const char* body);  // centred, muted
void SectionHeader(const AppContext& ctx, const char* text);
void MutedText(const char* text);         // wrapped, dimmed
void ErrorText(const std::string& text);  // wrapped, red, for diagnostics
bool LinkButton(const char* label);       // text styled as a link

}  // namespace bw::app
