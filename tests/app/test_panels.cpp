// Headless run of every panel (STYLE.md §10): an ImGui context with a built font atlas and no window,
// each panel drawn for several frames at 1280×800 and 900×600, with its default state and with deep
// links. Catches ImGui assertions (ID stack, Begin/End pairs), exceptions, and layouts wider than the
// 900-px iframe.
#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/storage.h"
#include "app/widgets.h"
#include "core/links/links.h"
#include "platform/storage_app.h"

using namespace bw::app;

namespace {

struct HeadlessImGui {
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.Fonts->AddFontDefault();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
    ApplyTheme(1.0f);
    SetStorage(&bw::platform::AppStorage());  // the desktop folder store, as the desktop app installs it
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
};

struct FrameReport {
  float widest = 0;         // widest content of a horizontally scrolling window / display width
  std::string overflowing;  // names of the windows that scroll horizontally in the last frame
};

// Draws the whole app for `frames` frames at the given size and reports horizontal overflow.
FrameReport DrawFrames(AppState& app, float width, float height, int frames) {
  AppContext ctx;
  ctx.open_link = [&app](const std::string& link) { OpenLink(app, link); };
  ctx.notify = [](const std::string&) {};
  FrameReport report;
  for (int i = 0; i < frames; ++i) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = 1.0f / 30.0f;
    io.MousePos = ImVec2(width * 0.4f, height * 0.5f);  // hovering somewhere in the panel
    ImGui::NewFrame();
    ctx.time_seconds = ImGui::GetTime();
    DrawApp(app, ctx);
    report = FrameReport{};  // judge the settled layout of the last frame only
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
      if (!w->Active || (w->Flags & ImGuiWindowFlags_Tooltip) || (w->Flags & ImGuiWindowFlags_Popup)) continue;
      // Content that needs horizontal scrolling is wider than the window shows.
      if (w->ScrollMax.x > 1.0f) {
        report.widest = std::max(report.widest, (w->ContentSize.x + w->WindowPadding.x * 2) / width);
        report.overflowing +=
            std::string(" '") + w->Name + "' (" + std::to_string(static_cast<int>(w->ContentSize.x)) + " px)";
      }
    }
    ImGui::Render();
  }
  return report;
}

}  // namespace

TEST_CASE("every panel draws headless at 1280x800 and 900x600 without ImGui assertions") {
  HeadlessImGui imgui;
  for (const PanelInfo& p : Panels()) {
    const std::string name = p.name;
    CAPTURE(name);
    AppState app;
    app.panel = p.id;
    CHECK_NOTHROW(DrawFrames(app, 1280, 800, 6));
    FrameReport report;
    CHECK_NOTHROW(report = DrawFrames(app, 900, 600, 6));
    CHECK_MESSAGE(report.widest <= 1.0f,
                  "panel '" << name << "' needs horizontal scrolling at 900x600:" << report.overflowing);
  }
}

TEST_CASE("deep links open their panel and draw; bad links are reported, not crashed on") {
  HeadlessImGui imgui;
  struct Case {
    std::string link;
    bool bad;  // the app must report at least one error
  };
  const std::vector<Case> cases = {
      {"formats?value=0.1&format=bf16&compare=fp16", false},
      {"formats?value=1e999", true},  // beyond what the number parser takes
      {"formats?value=abc", true},
      {"quantize?dist=outliers&scheme=nf4&block=64", false},
      {"quantize?scheme=nope&block=-3", true},
      {"train?dataset=spiral&layers=2,8,8,1&optimizer=adam&precision=mixed-fp16", false},
      {"train?layers=0&lr=nan", true},
      {"train?checkpoint=every-40", true},  // was clamped to 16 without a word
      {"memory?preset=llama-2-13b&mode=train&optimizer=adamw&precision=mixed", false},
      {"memory?preset=unknown-model&seq=-5", true},
      {"study", false},
      {"decks", false},
  };
  for (const Case& c : cases) {
    const std::string& link = c.link;
    CAPTURE(link);
    AppState app;
    std::vector<std::string> errors;
    CHECK_NOTHROW(errors = OpenLink(app, link));
    CHECK(errors.empty() != c.bad);
    CHECK(GetPanelInfo(app.panel).name == link.substr(0, link.find('?')));
    CHECK_NOTHROW(DrawFrames(app, 1280, 800, 4));
    CHECK_NOTHROW(DrawFrames(app, 900, 600, 2));
  }
  AppState app;
  CHECK_FALSE(OpenLink(app, "nowhere?x=1").empty());
  CHECK_FALSE(OpenLink(app, "%%%").empty());
}

TEST_CASE("a panel's LiveLink round-trips through its Apply/Make pair") {
  AppState app;
  for (const PanelInfo& p : Panels()) {
    const std::string name = p.name;
    CAPTURE(name);
    app.panel = p.id;
    std::string link = CurrentLink(app);
    AppState other;
    std::vector<std::string> errors = OpenLink(other, link);
    CHECK(errors.empty());
    CHECK(CurrentLink(other) == link);
  }
}

// =============================================================================================
// Study's live panel: a card's linked panel drawn with ctx.answer_first (and single_scroll when it is
// stacked under the card), as panel_study.cpp's DrawLive does: ApplyLinkToPanel, then DrawPanel inside
// Study's window. context.h: the result first, above the fold at 1280x800 and 900x600.

namespace {

// The app's fonts at the app's sizes (src/platform/main_loop.cpp LoadFonts: DejaVu Sans 16 px, Mono
// 15 px, Bold 21 px), so the heights measured here are the heights a learner sees.
struct HeadlessImGuiAppFonts {
  Fonts fonts;
  HeadlessImGuiAppFonts() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    const std::string dir = BW_FONTS_DIR;
    fonts.regular = io.Fonts->AddFontFromFileTTF((dir + "/DejaVuSans.ttf").c_str(), 16.0f);
    fonts.mono = io.Fonts->AddFontFromFileTTF((dir + "/DejaVuSansMono.ttf").c_str(), 15.0f);
    fonts.heading = io.Fonts->AddFontFromFileTTF((dir + "/DejaVuSans-Bold.ttf").c_str(), 21.0f);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
    io.FontDefault = fonts.regular;
    ApplyTheme(1.0f);
    SetStorage(&bw::platform::AppStorage());
  }
  ~HeadlessImGuiAppFonts() { ImGui::DestroyContext(); }
};

// Every card's `live:` link in the built-in decks (assets/decks/*.md), the links Study opens beside a
// card: several per panel (memory, formats, quantize, train) in the settings the cards use.
std::vector<std::string> DeckLiveLinks() {
  std::vector<std::string> links;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(BW_ASSETS_DIR) + "/decks")) {
    if (entry.path().extension() != ".md") continue;
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);)
      if (line.rfind("live:", 0) == 0) {
        std::string link = line.substr(5);
        link.erase(0, link.find_first_not_of(' '));
        link.erase(link.find_last_not_of(" \r") + 1);
        if (std::find(links.begin(), links.end(), link) == links.end()) links.push_back(link);
      }
  }
  return links;
}

// The deck's links, plus running trainers (run=1): their status lines (loss scale, underflows,
// recomputed layers) only show once steps were taken.
std::vector<std::string> LiveTestLinks() {
  std::vector<std::string> links = DeckLiveLinks();
  links.push_back("train?dataset=spiral&layers=2,8,8,1&optimizer=adam&precision=mixed-fp16&run=1");
  links.push_back("train?dataset=spiral&layers=2,8,8,8,1&precision=fp16&checkpoint=every-2&run=1");
  return links;
}

// The link's panel with the link applied, as Study's DrawLive does (ApplyLinkToPanel, no section switch).
PanelId ApplyCardLink(AppState& app, const std::string& link) {
  bw::LinkParse parsed = bw::ParseLiveLink(link);
  REQUIRE(parsed.ok);
  REQUIRE(ApplyLinkToPanel(app, parsed.link).empty());
  const PanelInfo* info = FindPanel(parsed.link.panel);
  REQUIRE(info);
  return info->id;
}

void IgnoreRecoveryMessage(void*, const char*, ...) {}  // the assertion was reported already

struct LiveReport {
  AppContext::Rect answer;      // ctx.answer_rect after the last frame's DrawPanel
  std::string inner_scrollers;  // windows other than the host that scroll vertically
  float widest = 0;             // widest content of a window that would scroll horizontally / host width
  std::string overflowing;
  std::string cut_columns;  // table columns drawn past their table's right edge (clipped: cut on screen)
};

// Draws `id` as Study's live panel for `frames` frames: in a window at `pos` of `size` (Study's
// column or its stacked window), below `card_height` px of card, on a display `display` px large. The
// host window scrolls, as Study's own window does.
LiveReport DrawLivePanel(AppState& app, PanelId id, const Fonts& fonts, ImVec2 display, ImVec2 pos, ImVec2 size,
                         bool single_scroll, int frames, float card_height = 0) {
  AppContext ctx;
  ctx.fonts = fonts;
  ctx.open_link = [](const std::string&) {};
  ctx.notify = [](const std::string&) {};
  LiveReport report;
  for (int i = 0; i < frames; ++i) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = display;
    io.DeltaTime = 1.0f / 30.0f;
    io.MousePos = ImVec2(-1000, -1000);  // no hover: tooltips would open windows of their own
    ImGui::NewFrame();
    ctx.time_seconds = ImGui::GetTime();
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    ImGui::Begin("study host", nullptr,
                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse);
    ImGuiWindow* host = ImGui::GetCurrentWindow();
    if (card_height > 0) ImGui::Dummy(ImVec2(1, card_height));  // the card Study draws above the panel
    ctx.answer_first = true;                                    // what Study sets around its DrawPanel call
    ctx.single_scroll = single_scroll;
    ctx.answer_rect = {};
    try {
      DrawPanel(app, id, ctx);
    } catch (...) {  // an ImGui assertion: close the frame, so the next case starts on a clean context
      ImGui::ErrorCheckEndFrameRecover(IgnoreRecoveryMessage);
      ImGui::EndFrame();
      throw;
    }
    ctx.answer_first = ctx.single_scroll = false;
    ImGui::End();
    report = LiveReport{};
    report.answer = ctx.answer_rect;
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
      if (!w->Active || (w->Flags & ImGuiWindowFlags_Tooltip) || (w->Flags & ImGuiWindowFlags_Popup)) continue;
      if (w != host && w->ScrollMax.y > 0.0f)
        report.inner_scrollers +=
            std::string(" '") + w->Name + "' (" + std::to_string(static_cast<int>(w->ScrollMax.y)) + " px to scroll)";
      if (w->ScrollMax.x > 1.0f) {
        report.widest = std::max(report.widest, (w->ContentSize.x + w->WindowPadding.x * 2) / w->Size.x);
        report.overflowing +=
            std::string(" '") + w->Name + "' (" + std::to_string(static_cast<int>(w->ContentSize.x)) + " px)";
      }
    }
    ImGuiContext& g = *ImGui::GetCurrentContext();
    for (int t = 0; t < g.Tables.GetMapSize(); ++t) {
      const ImGuiTable* table = g.Tables.TryGetMapData(t);
      if (!table || table->LastFrameActive != ImGui::GetFrameCount()) continue;
      for (int c = 0; c < table->ColumnsCount; ++c) {
        const ImGuiTableColumn& col = table->Columns[c];
        // What the column drew (its cells, its header) against what the table shows.
        const float content = std::max(col.ContentMaxXUnfrozen, col.ContentMaxXHeadersUsed);
        if (col.IsEnabled && content > table->InnerClipRect.Max.x + 1.0f)
          report.cut_columns += " column " + std::to_string(c) + " of a " + std::to_string(table->ColumnsCount) +
                                "-column table draws to x " + std::to_string(static_cast<int>(content)) +
                                ", past the table's visible edge at " +
                                std::to_string(static_cast<int>(table->InnerClipRect.Max.x));
      }
    }
    ImGui::Render();
  }
  return report;
}

float Bottom(const AppContext::Rect& r) { return r.y + r.h; }

}  // namespace

TEST_CASE("a card's live panel shows its result first, above the fold, beside the card at 1280x800") {
  HeadlessImGuiAppFonts imgui;
  // Study's split view at 1280x800: the live panel is the right 55% of the section, below the top bar,
  // Study's title, queue line and controls and the "Open ... in its own section" line. Measured in the
  // desktop app: the panel's first line is at y = 196 for every card; here it starts at y = 212 (the host
  // at 200 plus its padding), a little lower, as under a live-link error line.
  const float kTop = 200, kLeft = 560;
  const std::vector<std::string> links = LiveTestLinks();
  REQUIRE(links.size() >= 6);
  for (const std::string& link : links) {
    CAPTURE(link);
    AppState app;
    const PanelId id = ApplyCardLink(app, link);
    LiveReport r;
    CHECK_NOTHROW(r = DrawLivePanel(app, id, imgui.fonts, ImVec2(1280, 800), ImVec2(kLeft, kTop),
                                    ImVec2(1280 - kLeft - 14, 800 - kTop - 12), false, 6));
    INFO(link << ": answer y " << r.answer.y << " .. " << Bottom(r.answer) << ", width " << r.answer.w);
    CHECK(r.answer.w > 0);
    CHECK(r.answer.y >= kTop);
    CHECK(Bottom(r.answer) <= 800);
    CHECK_MESSAGE(r.widest <= 1.0f, "wider than the live column:" << r.overflowing);
  }
}

TEST_CASE("stacked under the card (900 and 360 px wide), a live panel has one scroll region and its result first") {
  HeadlessImGuiAppFonts imgui;
  // Narrow windows stack the live panel under the card in Study's own window (single_scroll), which
  // reaches down to y = 588 of a 600-px window (its bottom padding below). Above the panel: Study's top
  // bar and header, then the card (title, text, question, "Show answer", the "Live panel" header and
  // the "Open ... in its own section" line). Measured in the desktop app at 900x600 over every card of
  // the built-in deck, the panel's first line is at y = 385 (short cards) to 554 (long ones): a fixed
  // 40% allowance would be too little. The host here starts at y = 0 with 12 px padding, then 381 px of
  // card and 7 px of item spacing, so the panel starts at y = 400, as under the short cards; its headline
  // must fit in the 188 px left (a long card pushes any panel down, which only Study's layout can change).
  const float kCard = 381, kFold = 588;
  const std::vector<std::string> links = LiveTestLinks();
  REQUIRE(links.size() >= 6);
  for (float width : {900.0f, 360.0f}) {
    for (const std::string& link : links) {
      CAPTURE(link);
      CAPTURE(width);
      AppState app;
      const PanelId id = ApplyCardLink(app, link);
      LiveReport r;
      CHECK_NOTHROW(r = DrawLivePanel(app, id, imgui.fonts, ImVec2(width, 600), ImVec2(0, 0), ImVec2(width, 600), true,
                                      6, kCard));
      INFO(link << " at " << width << " px: answer y " << r.answer.y << " .. " << Bottom(r.answer) << ", width "
                << r.answer.w);
      CHECK(r.answer.w > 0);
      // On a phone Study puts the live panel after the card's grade buttons, in the one scroll region, so
      // only wider stacked layouts promise the headline above the fold.
      if (width > 360) CHECK(Bottom(r.answer) <= kFold);
      CHECK_MESSAGE(r.inner_scrollers.empty(), "a second scroll region:" << r.inner_scrollers);
      CHECK_MESSAGE(r.widest <= 1.0f, "wider than the window:" << r.overflowing);
    }
  }
}

TEST_CASE("on a 320-px phone every live panel's tables fit: no column is cut at the table's edge") {
  HeadlessImGuiAppFonts imgui;
  const std::vector<std::string> links = LiveTestLinks();
  for (const std::string& link : links) {
    CAPTURE(link);
    AppState app;
    const PanelId id = ApplyCardLink(app, link);
    LiveReport r;
    CHECK_NOTHROW(r = DrawLivePanel(app, id, imgui.fonts, ImVec2(320, 640), ImVec2(0, 0), ImVec2(320, 640), true, 6));
    CHECK_MESSAGE(r.cut_columns.empty(), link << ":" << r.cut_columns);
  }
}

TEST_CASE("a panel drawn in its own section records no live answer") {
  HeadlessImGuiAppFonts imgui;
  for (const std::string& link : DeckLiveLinks()) {
    CAPTURE(link);
    AppState app;
    REQUIRE(OpenLink(app, link).empty());
    AppContext ctx;
    ctx.fonts = imgui.fonts;
    for (int i = 0; i < 3; ++i) {
      ImGuiIO& io = ImGui::GetIO();
      io.DisplaySize = ImVec2(1280, 800);
      io.DeltaTime = 1.0f / 30.0f;
      ImGui::NewFrame();
      ImGui::SetNextWindowPos(ImVec2(0, 0));
      ImGui::SetNextWindowSize(io.DisplaySize);
      ImGui::Begin("section", nullptr, ImGuiWindowFlags_NoDecoration);
      CHECK_NOTHROW(DrawPanel(app, app.panel, ctx));
      ImGui::End();
      ImGui::Render();
    }
    CHECK(ctx.answer_rect.w == 0);
  }
}

TEST_CASE("wrapped text breaks at spaces only: numbers are never split at their '.' or ','") {
  HeadlessImGui imgui;
  ImGui::GetIO().DisplaySize = ImVec2(800, 600);
  ImGui::NewFrame();
  const std::string text =
      "Set the tensor's σ to 0.001 or 1000 to see it fail: 46,702,792,704 parameters, 0.0123291015625 stored.";
  const ImFont* font = ImGui::GetFont();
  bool imgui_splits_a_number = false;  // what Dear ImGui's own wrapping does at some width (why we wrap)
  // From the widest word up (a word wider than the line is cut between characters, by design).
  float widest_word = 0;
  for (size_t a = 0; a < text.size();) {
    size_t b = text.find(' ', a);
    if (b == std::string::npos) b = text.size();
    widest_word = std::max(widest_word, ImGui::CalcTextSize(text.c_str() + a, text.c_str() + b).x);
    a = b + 1;
  }
  for (float width = std::ceil(widest_word); width <= 700; width += 1) {
    CAPTURE(width);
    const std::string broken = BreakLines(text, width);
    std::string rejoined = broken;
    std::replace(rejoined.begin(), rejoined.end(), '\n', ' ');
    CHECK(rejoined == text);  // every break took the place of a space
    size_t start = 0;
    while (start <= broken.size()) {
      size_t end = broken.find('\n', start);
      const std::string line = broken.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (line.find(' ') != std::string::npos) CHECK(ImGui::CalcTextSize(line.c_str()).x <= width);
      if (end == std::string::npos) break;
      start = end + 1;
    }
    for (const char* p = text.c_str(); p < text.c_str() + text.size();) {
      const char* next = font->CalcWordWrapPositionA(1.0f, p, text.c_str() + text.size(), width);
      if (next > p && next < text.c_str() + text.size() && (next[-1] == '.' || next[-1] == ',') && next[0] >= '0' &&
          next[0] <= '9')
        imgui_splits_a_number = true;
      p = next > p ? next : p + 1;
      while (p < text.c_str() + text.size() && *p == ' ') ++p;
    }
  }
  CHECK_MESSAGE(imgui_splits_a_number, "Dear ImGui's wrapping no longer splits numbers; BreakLines may be unneeded");
  ImGui::EndFrame();
}

TEST_CASE("the panel table lists exactly the LiveLink sections, each row complete") {
  // links::Sections() is the option vocabulary (core/links); the panel table must neither miss a
  // section nor invent one, and every row must carry its entry points.
  const std::vector<bw::links::Section>& sections = bw::links::Sections();
  REQUIRE(Panels().size() == sections.size());
  for (size_t i = 0; i < Panels().size(); ++i) {
    const PanelInfo& p = Panels()[i];
    const std::string name = p.name;
    CAPTURE(name);
    CHECK(name == sections[i].name);
    CHECK(static_cast<size_t>(p.id) == i);  // PanelId indexes the table
    CHECK(&GetPanelInfo(p.id) == &p);
    CHECK(FindPanel(name) == &p);
    const bool complete = p.draw && p.apply && p.make && p.mirror;
    CHECK(complete);
    CHECK(std::string(p.key) == "Alt+" + std::to_string(i + 1));
    AppState app;
    CHECK(p.make(app).panel == name);  // the row's Make speaks for its own section
  }
  CHECK(FindPanel("about") == nullptr);
}
