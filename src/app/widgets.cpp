#include "app/widgets.h"

#include <imgui.h>

#include <algorithm>

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
  ImGui::PushStyleColor(ImGuiCol_Text, theme::kAccentText);
  ImGui::PushTextWrapPos(0.0f);  // wrapped at the window's edge: a long deck title is never cut
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
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

void SameLineIfFits(float width, bool wrap, float spacing) {
  // After an item the cursor sits at the start of the next line, so this is the line's right edge.
  const float right_edge = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  const float gap = spacing < 0 ? ImGui::GetStyle().ItemSpacing.x : spacing;
  if (!wrap || ImGui::GetItemRectMax().x + gap + width <= right_edge) ImGui::SameLine(0, spacing);
}

void TextLine(const char* text, bool wrap, bool help) {
  if (!wrap) {
    ImGui::TextUnformatted(text);
    return;
  }
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - (help ? HelpMarkerWidth() : 0));
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
}

float ToggleWidth(const char* label) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
}

float HelpMarkerWidth() { return ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize("(?)").x; }

float FitItemWidth(float width, const char* label, bool help) {
  const float room = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemInnerSpacing.x -
                     ImGui::CalcTextSize(label, nullptr, true).x - (help ? HelpMarkerWidth() : 0.0f);
  return std::max(ImGui::GetFontSize() * 4, std::min(width, room));
}

bool WrappedSelectable(const std::string& text, const char* id, bool selected, ImGuiSelectableFlags flags) {
  const float width = ImGui::GetContentRegionAvail().x;
  const ImVec2 at = ImGui::GetCursorPos();
  const float h = ImGui::CalcTextSize(text.c_str(), nullptr, false, width).y;
  const bool clicked = ImGui::Selectable(id, selected, flags, ImVec2(0, h));
  ImGui::SetCursorPos(at);
  ImGui::PushTextWrapPos(at.x + width);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  return clicked;
}

void RecordAnswerRect(AppContext& ctx) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  ctx.answer_rect = AppContext::Rect{a.x, a.y, b.x - a.x, b.y - a.y};
}

}  // namespace bw::app
