#include "app/app.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

#include "app/mirror.h"
#include "app/widgets.h"

namespace bw::app {

namespace {

// Study's row: the card library and the other sections (a card's live panel), handed over explicitly.
void DrawStudy(AppState& app, AppContext& ctx) {
  LiveSections live;
  live.apply = [&app](const LiveLink& link) { return ApplyLinkToPanel(app, link); };
  live.draw = [&app, &ctx](const std::string& section) {
    if (const PanelInfo* p = FindPanel(section)) DrawPanel(app, p->id, ctx);
  };
  DrawStudyPanel(app.study, app.library, live, ctx);
}

}  // namespace

const std::vector<PanelInfo>& Panels() {
  static const std::vector<PanelInfo> panels = {
      {PanelId::kStudy, "study", "Study", "Alt+1", DrawStudy,
       [](AppState& a, const LiveLink& l) { return ApplyStudyLink(a.study, l); },
       [](const AppState& a) { return MakeStudyLink(a.study); }, MirrorStudy},
      {PanelId::kFormats, "formats", "Formats", "Alt+2",
       [](AppState& a, AppContext& c) { DrawFormatsPanel(a.formats, c); },
       [](AppState& a, const LiveLink& l) { return ApplyFormatsLink(a.formats, l); },
       [](const AppState& a) { return MakeFormatsLink(a.formats); }, MirrorFormats},
      {PanelId::kQuantize, "quantize", "Quantize", "Alt+3",
       // Post-training quantization takes the Train section's network.
       [](AppState& a, AppContext& c) { DrawQuantizePanel(a.quantize, a.train.trainer.get(), c); },
       [](AppState& a, const LiveLink& l) { return ApplyQuantizeLink(a.quantize, l); },
       [](const AppState& a) { return MakeQuantizeLink(a.quantize); }, MirrorQuantize},
      {PanelId::kTrain, "train", "Train", "Alt+4", [](AppState& a, AppContext& c) { DrawTrainPanel(a.train, c); },
       [](AppState& a, const LiveLink& l) { return ApplyTrainLink(a.train, l); },
       [](const AppState& a) { return MakeTrainLink(a.train); }, MirrorTrain},
      {PanelId::kMemory, "memory", "Memory", "Alt+5", [](AppState& a, AppContext& c) { DrawMemoryPanel(a.memory, c); },
       [](AppState& a, const LiveLink& l) { return ApplyMemoryLink(a.memory, l); },
       [](const AppState& a) { return MakeMemoryLink(a.memory); }, MirrorMemory},
      {PanelId::kDecks, "decks", "Decks", "Alt+6",
       [](AppState& a, AppContext& c) { DrawDecksPanel(a.decks, a.library, c); },
       [](AppState& a, const LiveLink& l) { return ApplyDecksLink(a.decks, l); },
       [](const AppState& a) { return MakeDecksLink(a.decks); }, MirrorDecks},
  };
  return panels;
}

const PanelInfo* FindPanel(const std::string& name) {
  for (const auto& p : Panels())
    if (name == p.name) return &p;
  return nullptr;
}

const PanelInfo& GetPanelInfo(PanelId id) {
  for (const auto& p : Panels())
    if (p.id == id) return p;
  return Panels().front();
}

std::vector<std::string> ApplyLinkToPanel(AppState& app, const LiveLink& link) {
  const PanelInfo* info = FindPanel(link.panel);
  if (!info) {
    std::string names;
    for (const auto& p : Panels()) names += std::string(names.empty() ? "" : ", ") + p.name;
    return {"unknown panel '" + link.panel + "' (expected one of " + names + ")"};
  }
  return info->apply(app, link);
}

std::vector<std::string> OpenLink(AppState& app, const std::string& text) {
  LinkParse parsed = ParseLiveLink(text);
  std::vector<std::string> errors;
  if (!parsed.ok) {
    errors.push_back(parsed.error);
  } else {
    errors = ApplyLinkToPanel(app, parsed.link);
    if (const PanelInfo* info = FindPanel(parsed.link.panel)) app.panel = info->id;
    const std::string prefix = "Link \"" + text.substr(0, 120) + "\": ";
    for (auto& e : errors) e.insert(0, prefix);
  }
  app.link_errors = errors;
  return errors;
}

std::string CurrentLink(const AppState& app) { return FormatLiveLink(GetPanelInfo(app.panel).make(app)); }

void DrawPanel(AppState& app, PanelId id, AppContext& ctx) {
  ImGui::PushID(static_cast<int>(id));
  GetPanelInfo(id).draw(app, ctx);
  ImGui::PopID();
}

namespace {

// Colours of a top-bar button: the open section is a light pill, the others white text on the bar.
void PushTopBarColors(bool active) {
  ImGui::PushStyleColor(ImGuiCol_Button, active ? ImVec4(0.95f, 0.96f, 0.98f, 1) : ImVec4(0, 0, 0, 0));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, active ? ImVec4(1, 1, 1, 1) : ImVec4(1, 1, 1, 0.15f));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(1, 1, 1, 0.3f));
  ImGui::PushStyleColor(ImGuiCol_Text, active ? ImVec4(0.13f, 0.18f, 0.27f, 1) : ImVec4(0.86f, 0.9f, 0.96f, 1));
}

// The sections as one button each when their names fit beside the title; else (phones, narrow iframes)
// one "Sections" button naming the open section, whose menu lists them all: any section in two taps.
void DrawTopBar(AppState& app, AppContext& ctx) {
  ImGuiStyle& style = ImGui::GetStyle();
  const float bar_h = ImGui::GetFrameHeight() + style.WindowPadding.y * 1.2f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 p0 = ImGui::GetCursorScreenPos();
  float width = ImGui::GetWindowWidth();
  const float avail = ImGui::GetContentRegionAvail().x;
  dl->PushClipRectFullScreen();
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(width, p0.y + bar_h), IM_COL32(32, 45, 66, 255));
  dl->PopClipRect();

  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + style.WindowPadding.y * 0.35f);
  if (ctx.fonts.heading) ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextColored(ImVec4(1, 1, 1, 1), "Bytewise");
  if (ctx.fonts.heading) ImGui::PopFont();
  const float title_w = ImGui::GetItemRectSize().x;
  ImGui::SameLine(0, 24);

  constexpr float kButtonGap = 4;
  float needed = title_w + 24;
  for (const PanelInfo& p : Panels()) needed += ImGui::CalcTextSize(p.label).x + style.FramePadding.x * 2 + kButtonGap;
  const bool collapsed = needed > avail;
  app.topbar.clear();

  ImGuiIO& io = ImGui::GetIO();
  for (size_t i = 0; i < Panels().size(); ++i)  // Alt+1..6, whatever the layout
    if (io.KeyAlt && KeyPressed(keys::kDigit(static_cast<int>(i) + 1))) app.panel = Panels()[i].id;

  if (!collapsed) {
    // A real button per section (mouse, touch, keyboard navigation).
    for (const PanelInfo& p : Panels()) {
      PushTopBarColors(app.panel == p.id);
      if (ImGui::Button(p.label)) app.panel = p.id;
      ImGui::PopStyleColor(4);
      app.topbar.push_back({p.name, LastItemRect()});
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%s)", p.label, p.key);
      ImGui::SameLine(0, kButtonGap);
    }
  } else {
    // Leading spaces leave room for the three-line menu icon drawn over the button.
    const std::string label = std::string("      ") + GetPanelInfo(app.panel).label + "##sections";
    const float button_w = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + style.FramePadding.x * 2;
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - button_w));
    PushTopBarColors(false);
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(1, 1, 1, 0.12f));
    const bool open = ImGui::Button(label.c_str());
    ImGui::PopStyleColor(5);
    const AppState::Rect menu = LastItemRect();
    app.topbar.push_back({"menu", menu});
    const float ix = menu.x + style.FramePadding.x, iw = ImGui::GetFontSize() * 0.9f;
    const float cy = menu.y + menu.h * 0.5f, gap = ImGui::GetFontSize() * 0.28f;
    for (int k = -1; k <= 1; ++k)
      dl->AddLine(ImVec2(ix, cy + k * gap), ImVec2(ix + iw, cy + k * gap), IM_COL32(230, 236, 245, 255), 2.0f);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Sections (Alt+1 to Alt+6)");
    if (open) ImGui::OpenPopup("##sections_menu");
    const float menu_w = std::min(avail, ImGui::GetFontSize() * 14);
    ImGui::SetNextWindowPos(ImVec2(menu.x + menu.w, menu.y + menu.h + 2), ImGuiCond_Always, ImVec2(1, 0));
    ImGui::SetNextWindowSize(ImVec2(menu_w, 0));
    if (ImGui::BeginPopup("##sections_menu")) {
      const float row_h = ImGui::GetFrameHeight() * 1.35f;  // a finger-sized row
      for (const PanelInfo& p : Panels()) {
        const std::string row = std::string(p.label) + "##menu_" + p.name;
        if (ImGui::Selectable(row.c_str(), app.panel == p.id, 0, ImVec2(0, row_h))) app.panel = p.id;
        app.topbar.push_back({p.name, LastItemRect()});
      }
      ImGui::EndPopup();
    }
  }
  ImGui::NewLine();
  ImGui::SetCursorScreenPos(ImVec2(p0.x, p0.y + bar_h + style.ItemSpacing.y));
}

void DrawStatusBar(AppState& app, AppContext& ctx) {
  if (!app.link_errors.empty()) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(1.0f, 0.93f, 0.9f, 1));
    const ImGuiStyle& style = ImGui::GetStyle();
    float wrap = ImGui::GetContentRegionAvail().x - style.WindowPadding.x * 2;
    float h = style.WindowPadding.y * 2 + ImGui::GetFrameHeight();
    for (const auto& e : app.link_errors)
      h += ImGui::CalcTextSize(e.c_str(), nullptr, false, wrap).y + style.ItemSpacing.y;
    ImGui::BeginChild("link_errors", ImVec2(0, h), true, ImGuiWindowFlags_NoScrollbar);
    for (const auto& e : app.link_errors) ErrorText(e);
    if (ImGui::SmallButton("Dismiss")) app.link_errors.clear();
    ImGui::EndChild();
    ImGui::PopStyleColor();
  }
  if (!app.status.empty() && ctx.time_seconds < app.status_until) {
    MutedText(app.status.c_str());
    ctx.wants_animation = true;  // redraw until the notice expires
  }
}

}  // namespace

// Below this content width (CSS px) sections draw in one column.
constexpr float kNarrowWidth = 600.0f;

void DrawApp(AppState& app, AppContext& ctx) {
  ctx.answer_rect = AppContext::Rect{};  // set again by Study's live panel when it is drawn
  // The card library loads progress once storage is ready and takes picked/dropped files, whatever
  // section is open (it asks for frames while storage is busy).
  UpdateCardLibrary(app.library, ctx);
  if (app.library.imports != app.seen_imports) {  // a deck arrived (drop, picker, host): Study studies it next
    app.seen_imports = app.library.imports;
    if (app.study.pinned.empty() && !app.library.last_import.empty()) {
      LiveLink deck{"study", {}};
      deck.Set("deck", app.library.last_import);
      ApplyStudyLink(app.study, deck);
    }
  }
  ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                           ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("Bytewise", nullptr, flags);
  if (!ctx.embed)
    DrawTopBar(app, ctx);  // embedded: the section or card comes from the link only
  else
    app.topbar.clear();
  DrawStatusBar(app, ctx);
  ImGui::BeginChild("panel", ImVec2(0, 0), ImGuiChildFlags_AlwaysUseWindowPadding);
  // Phones and narrow iframes: a calculator section flows in one column, its result first, in this one
  // scroll region (the layout of Study's stacked live panel); wider windows keep the side-by-side layout.
  const bool narrow = ImGui::GetContentRegionAvail().x < kNarrowWidth && app.panel != PanelId::kStudy;
  if (narrow) ctx.answer_first = ctx.single_scroll = true;
  DrawPanel(app, app.panel, ctx);
  if (narrow) ctx.answer_first = ctx.single_scroll = false, ctx.answer_rect = AppContext::Rect{};
  // ImGui sizes a scroll region from the previous frame's content. When this frame's content differs (a
  // deck just loaded, a card revealed, a section opened), draw another frame before going idle, so a
  // drag or a wheel finds the region's real range. At most kLayoutFrames in a row: a layout that
  // alternates (a scrollbar that rewraps text) must not keep an idle tab busy.
  constexpr int kLayoutFrames = 8;
  const ImGuiWindow* region = ImGui::GetCurrentWindow();
  const float content_h = region->DC.CursorMaxPos.y - region->DC.CursorStartPos.y;
  const bool settling = std::fabs(content_h - region->ContentSize.y) > 1.0f;
  app.layout_frames = settling ? app.layout_frames + 1 : 0;
  if (settling && app.layout_frames <= kLayoutFrames) ctx.wants_animation = true;
  app.scroll_y = ImGui::GetScrollY();
  app.scroll_max = ImGui::GetScrollMaxY();
  ImGui::EndChild();
  ImGui::End();
}

void ApplyTheme(float scale) {
  ImGui::StyleColorsLight();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowPadding = ImVec2(14, 12);
  s.FramePadding = ImVec2(9, 5);
  s.ItemSpacing = ImVec2(9, 7);
  s.ItemInnerSpacing = ImVec2(6, 5);
  s.CellPadding = ImVec2(7, 4);
  s.ScrollbarSize = 14;
  s.GrabMinSize = 12;
  s.WindowRounding = 0;
  s.ChildRounding = 6;
  s.FrameRounding = 5;
  s.PopupRounding = 6;
  s.GrabRounding = 5;
  s.TabRounding = 5;
  s.ScrollbarRounding = 7;
  s.WindowBorderSize = 0;
  s.ChildBorderSize = 1;
  s.FrameBorderSize = 0;
  ImVec4* c = s.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.972f, 0.976f, 0.984f, 1);
  c[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_PopupBg] = ImVec4(1, 1, 1, 0.98f);
  c[ImGuiCol_Border] = ImVec4(0.85f, 0.87f, 0.9f, 1);
  c[ImGuiCol_Text] = ImVec4(0.11f, 0.13f, 0.17f, 1);
  c[ImGuiCol_TextDisabled] = ImVec4(0.33f, 0.36f, 0.42f, 1);  // >= 4.5:1 on every surface (tests/app/test_theme.cpp)
  c[ImGuiCol_FrameBg] = ImVec4(0.91f, 0.93f, 0.96f, 1);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.86f, 0.9f, 0.96f, 1);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.8f, 0.86f, 0.95f, 1);
  c[ImGuiCol_Button] = ImVec4(0.2f, 0.42f, 0.78f, 0.14f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.2f, 0.42f, 0.78f, 0.28f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.2f, 0.42f, 0.78f, 0.42f);
  c[ImGuiCol_Header] = ImVec4(0.2f, 0.42f, 0.78f, 0.14f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.2f, 0.42f, 0.78f, 0.24f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.2f, 0.42f, 0.78f, 0.36f);
  c[ImGuiCol_CheckMark] = ImVec4(0.16f, 0.36f, 0.72f, 1);
  c[ImGuiCol_SliderGrab] = ImVec4(0.2f, 0.42f, 0.78f, 0.8f);
  c[ImGuiCol_SliderGrabActive] = ImVec4(0.16f, 0.36f, 0.72f, 1);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.93f, 0.94f, 0.97f, 1);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(0.97f, 0.975f, 0.985f, 1);
  c[ImGuiCol_Tab] = ImVec4(0.2f, 0.42f, 0.78f, 0.12f);
  c[ImGuiCol_TabHovered] = ImVec4(0.2f, 0.42f, 0.78f, 0.3f);
  c[ImGuiCol_TabActive] = ImVec4(0.2f, 0.42f, 0.78f, 0.45f);
  c[ImGuiCol_NavHighlight] = ImVec4(0.93f, 0.55f, 0.12f, 1);
  s.ScaleAllSizes(scale);
}

}  // namespace bw::app
