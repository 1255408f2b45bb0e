// Text colours the panels draw besides the ImGui style (ApplyTheme), named once so a test can check
// every text/background pair for WCAG 2.1 AA contrast (>= 4.5:1, tests/app/test_theme.cpp), and
// so colour never carries meaning alone: each of these is drawn next to a word (grade names, "New",
// "Correct."), never as the only signal.
#pragma once

#include <imgui.h>

#include <vector>

namespace bw::app::theme {

inline const ImVec4 kGradeButton[4] = {ImVec4(0.70f, 0.18f, 0.15f, 1), ImVec4(0.58f, 0.34f, 0.02f, 1),
                                       ImVec4(0.10f, 0.43f, 0.21f, 1), ImVec4(0.13f, 0.36f, 0.66f, 1)};  // Again..Easy
inline constexpr float kGradeHoverLift = 0.06f;  // hovered grade button: each channel + this
inline const ImVec4 kGradeText = ImVec4(1, 1, 1, 1);
inline const ImVec4 kDueNew = ImVec4(0.15f, 0.33f, 0.70f, 1);
inline const ImVec4 kDueLearning = ImVec4(0.68f, 0.24f, 0.14f, 1);
inline const ImVec4 kDueReview = ImVec4(0.10f, 0.43f, 0.21f, 1);
inline const ImVec4 kCorrect = ImVec4(0.08f, 0.42f, 0.18f, 1);
inline const ImVec4 kError = ImVec4(0.72f, 0.12f, 0.10f, 1);       // ErrorText, "Not quite."
inline const ImVec4 kAccentText = ImVec4(0.16f, 0.36f, 0.72f, 1);  // section headers, links, card headings
inline const ImVec4 kQuestion = ImVec4(0.10f, 0.20f, 0.45f, 1);
inline const ImVec4 kErrorBannerBg = ImVec4(1.0f, 0.93f, 0.9f, 1);  // link errors box (app.cpp)
// Tinted boxes behind card code, tables and the worked solution (panel_study.cpp), as RGB.
inline const ImVec4 kCodeBg = ImVec4(236 / 255.f, 240 / 255.f, 246 / 255.f, 1);
inline const ImVec4 kTableBg = ImVec4(246 / 255.f, 246 / 255.f, 240 / 255.f, 1);
inline const ImVec4 kSolutionBg = ImVec4(240 / 255.f, 244 / 255.f, 236 / 255.f, 1);

struct TextPair {
  const char* name;
  ImVec4 text;
  ImVec4 background;  // may be translucent: drawn over `under`
  ImVec4 under;
};
// Every text colour on every background it is drawn on, from the current ImGui style (call after
// ApplyTheme) and the constants above.
std::vector<TextPair> TextPairs();

}  // namespace bw::app::theme
