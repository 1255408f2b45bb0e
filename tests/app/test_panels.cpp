// Headless run of every panel (STYLE.md §10): an ImGui context with a built font atlas and no window,
// each panel drawn for several frames at 1280×800 and 900×600, with its default state and with deep
// links. Catches ImGui assertions (ID stack, Begin/End pairs), exceptions, and layouts wider than the
// 900-px iframe.
#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <string>
#include <vector>

#include "app/app.h"
#include "app/storage.h"
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
