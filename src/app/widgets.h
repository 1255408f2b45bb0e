// Small shared widgets so every panel teaches the same way (STYLE.md §9): a one-sentence intro,
// "(?)" help markers, designed empty states, and section headers.
#pragma once

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

// Keys for shortcuts. Dear ImGui 1.86's SDL backend indexes io.KeysDown by SDL scancode, which is the
// USB HID usage id: letters A..Z = 4..29, digits 1..9 = 30..38, 0 = 39. Panels use these, never SDL.
namespace keys {
inline constexpr int kA = 4;
inline constexpr int kLetter(char c) { return kA + (c - 'a'); }  // keys::kLetter('u')
inline constexpr int kDigit1 = 30;                               // 1..9 = 30..38
inline constexpr int kDigit(int d) { return d == 0 ? 39 : kDigit1 + d - 1; }
inline constexpr int kEnter = 40;
inline constexpr int kEscape = 41;
inline constexpr int kBackspace = 42;
inline constexpr int kTab = 43;
inline constexpr int kSpace = 44;
inline constexpr int kKeypadEnter = 88;
}  // namespace keys

// True when `key` was pressed this frame and no text field is taking keyboard input.
bool KeyPressed(int key, bool repeat = false);

void PanelTitle(const AppContext& ctx, const char* title, const char* one_sentence);
void HelpMarker(const char* text);  // "(?)" with a wrapped tooltip, same line as previous item
void EmptyState(const AppContext& ctx, const char* title, const char* body);  // centred, muted
void SectionHeader(const AppContext& ctx, const char* text);
void MutedText(const char* text);         // wrapped, dimmed
void ErrorText(const std::string& text);  // wrapped, red, for diagnostics
bool LinkButton(const char* label);       // text styled as a link

}  // namespace bw::app
