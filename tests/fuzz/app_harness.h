// Headless app for the fuzz targets that drive the UI (the same set-up as tests/app/test_panels.cpp):
// an ImGui context with a built font atlas and no window, IM_ASSERT throwing (so an ImGui assertion
// is a finding), progress written to a scratch folder.
#pragma once

#include <imgui.h>

#include <cstdlib>
#include <string>

#include "app/app.h"
#include "app/storage.h"
#include "platform/storage_app.h"

namespace bw::fuzz {

inline void InitHeadlessApp() {
  static bool done = false;
  if (done) return;
  done = true;
  std::string dir = "/tmp/bytewise-fuzz-data-" + std::to_string(static_cast<long>(getpid()));
  setenv("BYTEWISE_DATA_DIR", dir.c_str(), 1);
  app::SetStorage(&platform::AppStorage());  // the desktop folder store, as tests/app installs it
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.Fonts->AddFontDefault();
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
  app::ApplyTheme(1.0f);
}

// A few frames of the whole app at the given size (what the learner would see after the link).
inline void DrawFrames(app::AppState& state, float width, float height, int frames) {
  app::AppContext ctx;
  ctx.open_link = [&state](const std::string& link) { app::OpenLink(state, link); };
  ctx.notify = [](const std::string&) {};
  for (int i = 0; i < frames; ++i) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = 1.0f / 30.0f;
    io.MousePos = ImVec2(width * 0.4f, height * 0.5f);
    ImGui::NewFrame();
    ctx.time_seconds = ImGui::GetTime();
    app::DrawApp(state, ctx);
    ImGui::Render();
  }
}

}  // namespace bw::fuzz
