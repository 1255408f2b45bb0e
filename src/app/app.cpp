#include "app/app.h"

#include <imgui.h>

#include "app/widgets.h"

namespace bw::app {

const std::vector<PanelInfo>& Panels() {
  static const std::vector<PanelInfo> panels = {
      {PanelId::kStudy, "study", "Study", "Alt+1"},          {PanelId::kFormats, "formats", "Formats", "Alt+2"},
      {PanelId::kQuantize, "quantize", "Quantize", "Alt+3"}, {PanelId::kTrain, "train", "Train", "Alt+4"},
      {PanelId::kMemory, "memory", "Memory", "Alt+5"},       {PanelId::kDecks, "decks", "Decks", "Alt+6"},
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
  switch (info->id) {
    case PanelId::kStudy: return ApplyStudyLink(app.study, link);
    case PanelId::kFormats: return ApplyFormatsLink(app.formats, link);
    case PanelId::kQuantize: return ApplyQuantizeLink(app.quantize, link);
    case PanelId::kTrain: return ApplyTrainLink(app.train, link);
    case PanelId::kMemory: return ApplyMemoryLink(app.memory, link);
    case PanelId::kDecks: return ApplyDecksLink(app.decks, link);
  }
  return {};
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

std::string CurrentLink(const AppState& app) {
  switch (app.panel) {
    case PanelId::kStudy: return FormatLiveLink(MakeStudyLink(app.study));
    case PanelId::kFormats: return FormatLiveLink(MakeFormatsLink(app.formats));
    case PanelId::kQuantize: return FormatLiveLink(MakeQuantizeLink(app.quantize));
    case PanelId::kTrain: return FormatLiveLink(MakeTrainLink(app.train));
    case PanelId::kMemory: return FormatLiveLink(MakeMemoryLink(app.memory));
    case PanelId::kDecks: return FormatLiveLink(MakeDecksLink(app.decks));
  }
  return "study";
}

void DrawPanel(AppState& app, PanelId id, AppContext& ctx) {
  ImGui::PushID(static_cast<int>(id));
  switch (id) {
    case PanelId::kStudy: DrawStudyPanel(app.study, ctx); break;
    case PanelId::kFormats: DrawFormatsPanel(app.formats, ctx); break;
    case PanelId::kQuantize:
      app.quantize.ptq_trainer = app.train.trainer.get();  // post-training quantization of the Train network
      DrawQuantizePanel(app.quantize, ctx);
      break;
    case PanelId::kTrain: DrawTrainPanel(app.train, ctx); break;
    case PanelId::kMemory: DrawMemoryPanel(app.memory, ctx); break;
    case PanelId::kDecks: DrawDecksPanel(app.decks, ctx); break;
  }
  ImGui::PopID();
}

namespace {

void DrawTopBar(AppState& app, AppContext& ctx) {
  ImGuiStyle& style = ImGui::GetStyle();
  const float bar_h = ImGui::GetFrameHeight() + style.WindowPadding.y * 1.2f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 p0 = ImGui::GetCursorScreenPos();
  float width = ImGui::GetWindowWidth();
  dl->PushClipRectFullScreen();
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(width, p0.y + bar_h), IM_COL32(32, 45, 66, 255));
  dl->PopClipRect();

  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + style.WindowPadding.y * 0.35f);
  if (ctx.fonts.heading) ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextColored(ImVec4(1, 1, 1, 1), "Bytewise");
  if (ctx.fonts.heading) ImGui::PopFont();
  ImGui::SameLine(0, 24);

  // Section buttons: a real button per section (mouse, keyboard navigation, Alt+1..6).
  ImGuiIO& io = ImGui::GetIO();
  app.topbar_rects.assign(Panels().size(), AppState::Rect{});
  for (size_t i = 0; i < Panels().size(); ++i) {
    const PanelInfo& p = Panels()[i];
    bool active = app.panel == p.id;
    ImGui::PushStyleColor(ImGuiCol_Button, active ? ImVec4(0.95f, 0.96f, 0.98f, 1) : ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, active ? ImVec4(1, 1, 1, 1) : ImVec4(1, 1, 1, 0.15f));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(1, 1, 1, 0.3f));
    ImGui::PushStyleColor(ImGuiCol_Text, active ? ImVec4(0.13f, 0.18f, 0.27f, 1) : ImVec4(0.86f, 0.9f, 0.96f, 1));
    if (ImGui::Button(p.label)) app.panel = p.id;
    ImGui::PopStyleColor(4);
    ImVec2 r0 = ImGui::GetItemRectMin(), r1 = ImGui::GetItemRectMax();
    app.topbar_rects[i] = AppState::Rect{r0.x, r0.y, r1.x - r0.x, r1.y - r0.y};
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%s)", p.label, p.key);
    if (io.KeyAlt && KeyPressed(keys::kDigit(static_cast<int>(i) + 1))) app.panel = p.id;
    ImGui::SameLine(0, 4);
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

void DrawApp(AppState& app, AppContext& ctx) {
  ctx.app = &app;
  // The card library loads progress once storage is ready and takes picked/dropped files, whatever
  // section is open (it asks for frames while storage is busy).
  UpdateCardLibrary(app.decks, ctx);
  ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                           ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("Bytewise", nullptr, flags);
  if (!ctx.embed) DrawTopBar(app, ctx);  // embedded: the section or card comes from the link only
  DrawStatusBar(app, ctx);
  ImGui::BeginChild("panel", ImVec2(0, 0), ImGuiChildFlags_AlwaysUseWindowPadding);
  DrawPanel(app, app.panel, ctx);
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
