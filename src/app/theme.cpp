#include "app/theme.h"

namespace bw::app::theme {

std::vector<TextPair> TextPairs() {
  const ImVec4* c = ImGui::GetStyle().Colors;
  const ImVec4 window = c[ImGuiCol_WindowBg], child = c[ImGuiCol_ChildBg];
  std::vector<TextPair> pairs;
  // The style: body text and dimmed text on every surface they appear on (panels draw in child windows).
  const ImGuiCol surfaces[] = {ImGuiCol_WindowBg,      ImGuiCol_ChildBg,        ImGuiCol_PopupBg,
                               ImGuiCol_FrameBg,       ImGuiCol_FrameBgHovered, ImGuiCol_FrameBgActive,
                               ImGuiCol_Button,        ImGuiCol_ButtonHovered,  ImGuiCol_ButtonActive,
                               ImGuiCol_Header,        ImGuiCol_HeaderHovered,  ImGuiCol_HeaderActive,
                               ImGuiCol_TableHeaderBg, ImGuiCol_TableRowBgAlt,  ImGuiCol_Tab,
                               ImGuiCol_TabHovered,    ImGuiCol_TabActive};
  for (ImGuiCol s : surfaces) {
    for (const ImVec4& under : {window, child}) {
      pairs.push_back({ImGui::GetStyleColorName(s), c[ImGuiCol_Text], c[s], under});
      if (s == ImGuiCol_WindowBg || s == ImGuiCol_ChildBg || s == ImGuiCol_PopupBg || s == ImGuiCol_TableRowBgAlt ||
          s == ImGuiCol_TableHeaderBg || s == ImGuiCol_FrameBg)
        pairs.push_back({"TextDisabled", c[ImGuiCol_TextDisabled], c[s], under});
    }
  }
  for (int i = 0; i < 4; ++i) {
    pairs.push_back({"grade button", kGradeText, kGradeButton[i], child});
    const ImVec4& b = kGradeButton[i];
    pairs.push_back({"grade button hovered", kGradeText,
                     ImVec4(b.x + kGradeHoverLift, b.y + kGradeHoverLift, b.z + kGradeHoverLift, 1), child});
  }
  for (const ImVec4& fg : {kDueNew, kDueLearning, kDueReview, kCorrect, kError, kAccentText, kQuestion}) {
    pairs.push_back({"panel text on child", fg, child, child});
    pairs.push_back({"panel text on window", fg, window, window});
  }
  pairs.push_back({"error banner", kError, kErrorBannerBg, window});
  pairs.push_back({"body text on error banner", c[ImGuiCol_Text], kErrorBannerBg, window});
  for (const ImVec4& bg : {kCodeBg, kTableBg, kSolutionBg}) {
    pairs.push_back({"card code/table/solution", c[ImGuiCol_Text], bg, child});
    pairs.push_back({"question code", kQuestion, bg, child});
    pairs.push_back({"explanation code", c[ImGuiCol_TextDisabled], bg, child});
  }
  return pairs;
}

}  // namespace bw::app::theme
