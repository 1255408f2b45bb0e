#include "app/widgets.h"

#include <imgui.h>

#include "app/theme.h"

namespace bw::app {

bool KeyPressed(ImGuiKey key, bool repeat) {
  if (ImGui::GetIO().WantTextInput) return false;
  return ImGui::IsKeyPressed(key, repeat);
}

void PanelTitle(const AppContext& ctx, const char* title, const char* one_sentence) {
  if (ctx.embed) return;  // a course page's widget: the page says what it is
  if (ctx.fonts.heading) ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted(title);
  if (ctx.fonts.heading) ImGui::PopFont();
  MutedText(one_sentence);
  ImGui::Spacing();
}

void HelpMarker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void EmptyState(const AppContext& ctx, const char* title, const char* body) {
  ImVec2 avail = ImGui::GetContentRegionAvail();
  float width = avail.x < 520 ? avail.x : 520;
  float x = ImGui::GetCursorPosX() + (avail.x - width) * 0.5f;
  // Embedded, the page is sized to the content: an offset from the height would feed back into it.
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (avail.y > 240 && !ctx.embed ? avail.y * 0.18f : 8.0f));
  ImGui::SetCursorPosX(x);
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(x + width);
  if (ctx.fonts.heading) ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted(title);
  if (ctx.fonts.heading) ImGui::PopFont();
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", body);
  ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
}

void SectionHeader(const AppContext& ctx, const char* text) {
  ImGui::Spacing();
  ImGui::TextColored(theme::kAccentText, "%s", text);
  ImGui::Separator();
  (void)ctx;
}

void MutedText(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

void ErrorText(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, theme::kError);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

bool LinkButton(const char* label) {
  ImGui::PushStyleColor(ImGuiCol_Text, theme::kAccentText);
  ImGui::TextUnformatted(label);
  ImGui::PopStyleColor();
  bool clicked = ImGui::IsItemClicked();
  if (ImGui::IsItemHovered()) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(a.x, b.y), b, IM_COL32(41, 92, 184, 255));
  }
  return clicked;
}

}  // namespace bw::app
