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

float TooltipWrapWidth(float ems) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float screen = ImGui::GetIO().DisplaySize.x - 2 * (style.WindowPadding.x + style.DisplaySafeAreaPadding.x);
  return std::max(ImGui::GetFontSize() * 8, std::min(ImGui::GetFontSize() * ems, screen));
}

void HelpMarker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(TooltipWrapWidth(32));
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
  WrappedText(body, width);
  ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
}

void SectionHeader(const AppContext& ctx, const char* text) {
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, theme::kAccentText);
  WrappedText(text);  // wrapped at the window's edge: a long deck title is never cut
  ImGui::PopStyleColor();
  ImGui::Separator();
  (void)ctx;
}

std::string BreakLines(std::string_view text, float width) {
  std::string out;
  out.reserve(text.size() + 8);
  auto measure = [](std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; };
  size_t line_start = 0;  // in `out`
  size_t i = 0;
  while (i <= text.size()) {
    size_t nl = text.find('\n', i);
    std::string_view para = text.substr(i, nl == std::string_view::npos ? std::string_view::npos : nl - i);
    size_t j = 0;
    bool first = true;
    while (j <= para.size()) {
      size_t sp = para.find(' ', j);
      std::string_view word = para.substr(j, sp == std::string_view::npos ? std::string_view::npos : sp - j);
      const std::string candidate = out.substr(line_start) + " " + std::string(word);
      if (!first && measure(candidate) > width) {
        out += '\n';
        line_start = out.size();
      } else if (!first) {
        out += ' ';
      }
      // A word wider than a whole line: cut it between characters (never inside a UTF-8 sequence).
      while (measure(word) > width && word.size() > 1) {
        size_t k = 1;
        while (k < word.size()) {
          size_t next = k + 1;
          while (next < word.size() && (static_cast<unsigned char>(word[next]) & 0xC0) == 0x80) ++next;
          if (measure(std::string_view(out.data() + line_start, out.size() - line_start)) +
                  measure(word.substr(0, next)) >
              width)
            break;
          k = next;
        }
        while (k < word.size() && (static_cast<unsigned char>(word[k]) & 0xC0) == 0x80) ++k;
        out.append(word.data(), k);
        word.remove_prefix(k);
        out += '\n';
        line_start = out.size();
      }
      out.append(word.data(), word.size());
      first = false;
      if (sp == std::string_view::npos) break;
      j = sp + 1;
    }
    if (nl == std::string_view::npos) break;
    out += '\n';
    line_start = out.size();
    i = nl + 1;
  }
  return out;
}

void WrappedText(std::string_view text, float width) {
  if (width <= 0.0f) width = ImGui::GetContentRegionAvail().x;
  const std::string broken = BreakLines(text, std::max(width, 1.0f));
  ImGui::TextUnformatted(broken.data(), broken.data() + broken.size());
}

void MutedText(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  WrappedText(text);
  ImGui::PopStyleColor();
}

void ErrorText(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, theme::kError);
  WrappedText(text);
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
  WrappedText(text, ImGui::GetContentRegionAvail().x - (help ? HelpMarkerWidth() : 0));
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
  const std::string broken = BreakLines(text, width);
  const float h = ImGui::CalcTextSize(broken.c_str()).y;
  const bool clicked = ImGui::Selectable(id, selected, flags, ImVec2(0, h));
  ImGui::SetCursorPos(at);
  ImGui::TextUnformatted(broken.c_str());
  return clicked;
}

ScreenRect LastItemRect() {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  return ScreenRect{a.x, a.y, b.x - a.x, b.y - a.y};
}

json::Object RectJson(const ScreenRect& r) { return json::Object{{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}}; }

void RecordAnswerRect(AppContext& ctx) { ctx.answer_rect = LastItemRect(); }

}  // namespace bw::app
