// [SECTION] index
//   setup: window + GL context, Dear ImGui, fonts at the device pixel ratio
//   frame: poll events → idle check → new frame → DrawApp → render
//   bridge: window.bytewise.state() / dispatch() (web), env-driven test hooks (desktop)
#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl2.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/host_api.h"
#include "app/input.h"
#include "app/mirror.h"
#include "app/widgets.h"
#include "core/util/json.h"
#include "platform/bridge.h"
#include "platform/frame_timer.h"
#include "platform/heap.h"
#include "platform/platform.h"
#include "platform/storage.h"
#include "platform/storage_app.h"

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#include <emscripten.h>
#else
#include <SDL_opengl.h>
#endif

namespace bw::platform {

namespace {

#ifdef __EMSCRIPTEN__
constexpr const char* kFontsDir = "/assets/fonts";
#else
constexpr const char* kFontsDir = BW_FONTS_DIR;
#endif

// Frames drawn after the last input before the loop goes idle (ImGui needs a couple of frames to
// settle hover states and layout after an event).
constexpr int kSettleFrames = 4;

struct Platform {
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
  app::AppState app;
  app::AppContext ctx;
  uint64_t frames = 0;      // frames drawn
  uint64_t loop_ticks = 0;  // main-loop callbacks (drawn or idle)
  int settle = kSettleFrames;
  bool animate = true;
  bool quit = false;
  float font_scale = 0;  // device pixel ratio the font atlas was built for
  std::string last_link;
  long exit_after_frames = -1;
  std::string screenshot_path;
  double last_text_input_draw = 0;
  FrameTimer frame_timer;  // CPU time of each drawn frame (state().frame_ms)
};

Platform* g = nullptr;

// ---------------------------------------------------------------------------
// [SECTION] setup

double NowMs() {
#ifdef __EMSCRIPTEN__
  return emscripten_get_now();
#else
  return static_cast<double>(SDL_GetPerformanceCounter()) * 1000.0 / static_cast<double>(SDL_GetPerformanceFrequency());
#endif
}

bool FileExists(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return f.good();
}

// Glyphs we draw: Latin + Latin-1/Extended-A, Greek, punctuation (— … ≈), super/subscripts (² ₀),
// arrows, math operators (× ≤ ≥ √ ∑), box drawing and shapes (▲ ■ ●), check marks.
const ImWchar* GlyphRanges() {
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x0391, 0x03C9, 0x2000, 0x206F,
                                   0x2070, 0x209F, 0x20AC, 0x20AC, 0x2100, 0x214F, 0x2190, 0x21FF,
                                   0x2200, 0x22FF, 0x2300, 0x23FF, 0x2500, 0x257F, 0x2580, 0x25FF,
                                   0x2600, 0x26FF, 0x2713, 0x2717, 0xFFFD, 0xFFFD, 0};
  return ranges;
}

// Builds the font atlas for a device pixel ratio: glyphs rasterized at size × dpr and drawn at
// 1/dpr, so text is crisp on HiDPI screens while layout stays in CSS pixels.
void LoadFonts(Platform& p, float dpr) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  cfg.PixelSnapH = false;
  const std::string dir = kFontsDir;
  auto load = [&](const char* file, float size) -> ImFont* {
    std::string path = dir + "/" + file;
    if (!FileExists(path)) {
      std::fprintf(stderr, "bytewise: font %s not found; using ImGui's built-in font (ASCII only)\n", path.c_str());
      return nullptr;
    }
    return io.Fonts->AddFontFromFileTTF(path.c_str(), size * dpr, &cfg, GlyphRanges());
  };
  p.ctx.fonts.regular = load("DejaVuSans.ttf", 16.0f);
  if (!p.ctx.fonts.regular) p.ctx.fonts.regular = io.Fonts->AddFontDefault();
  p.ctx.fonts.mono = load("DejaVuSansMono.ttf", 15.0f);
  p.ctx.fonts.heading = load("DejaVuSans-Bold.ttf", 21.0f);
  if (!p.ctx.fonts.mono) p.ctx.fonts.mono = p.ctx.fonts.regular;
  if (!p.ctx.fonts.heading) p.ctx.fonts.heading = p.ctx.fonts.regular;
  io.FontDefault = p.ctx.fonts.regular;
  io.FontGlobalScale = 1.0f / dpr;
  p.font_scale = dpr;
}

float CurrentPixelRatio(SDL_Window* window) {
  int w = 0, h = 0, dw = 0, dh = 0;
  SDL_GetWindowSize(window, &w, &h);
  SDL_GL_GetDrawableSize(window, &dw, &dh);
  if (w <= 0 || dw <= 0) return 1.0f;
  float r = static_cast<float>(dw) / static_cast<float>(w);
  return r < 0.5f ? 0.5f : (r > 4.0f ? 4.0f : r);
}

// ---------------------------------------------------------------------------
// [SECTION] frame

void ImportDroppedFile(Platform& p, const std::string& path) {
  std::optional<std::string> text = ReadLocalFile(path);
  std::string name = path.substr(path.find_last_of("/\\") + 1);
  std::string message;
  if (!text)
    message = "Could not read " + path;
  else
    app::ImportDeckText(p.app.library, name, *text, &message, &p.app.decks.selected);
  if (p.ctx.notify) p.ctx.notify(message);
}

bool PollEvents(Platform& p) {
  bool any = false;
  SDL_Event event;
  while (SDL_PollEvent(&event)) {
    any = true;
    ImGui_ImplSDL2_ProcessEvent(&event);
    if (event.type == SDL_QUIT) p.quit = true;
    if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE &&
        event.window.windowID == SDL_GetWindowID(p.window))
      p.quit = true;
    if (event.type == SDL_DROPFILE) {  // desktop drag and drop (the web build has its own drop target)
      std::string path = event.drop.file;
      SDL_free(event.drop.file);
      ImportDroppedFile(p, path);
    }
  }
  return any;
}

void SaveScreenshot(const std::string& path) {
  GLint vp[4];
  glGetIntegerv(GL_VIEWPORT, vp);
  int w = vp[2], h = vp[3];
  std::vector<unsigned char> px(static_cast<size_t>(w) * h * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, px.data());
  std::ofstream f(path, std::ios::binary);
  f << "P6\n" << w << " " << h << "\n255\n";
  for (int y = h - 1; y >= 0; --y) f.write(reinterpret_cast<const char*>(&px[static_cast<size_t>(y) * w * 3]), w * 3);
}

void Frame(Platform& p) {
  ++p.loop_ticks;
  bool input = PollEvents(p);
  // Dear ImGui trickles a press and release that came within one frame over two frames: keep drawing
  // until its queue is empty, or a quick tap would wait in the queue for the next input.
  if (input || bridge::TakeWakeRequest() || app::InputPending()) p.settle = kSettleFrames;

  const double now = SDL_GetTicks() / 1000.0;
  bool typing = ImGui::GetIO().WantTextInput;
  // While a text field is focused, redraw at ~4 Hz so its cursor blinks without a busy loop.
  bool blink = typing && now - p.last_text_input_draw > 0.25;
  if (!p.animate && p.settle <= 0 && !blink) return;  // idle: nothing changed, draw nothing
  if (p.settle > 0) --p.settle;
  if (typing) p.last_text_input_draw = now;

  p.frame_timer.Begin(NowMs());
  float dpr = CurrentPixelRatio(p.window);
  if (std::fabs(dpr - p.font_scale) > 0.01f) {
    LoadFonts(p, dpr);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  app::TouchDragScroll();  // one-finger drags scroll (before the windows begin, so it applies this frame)
  p.ctx.time_seconds = ImGui::GetTime();
  p.ctx.wants_animation = false;
  app::DrawApp(p.app, p.ctx);
  if (p.ctx.embed) {  // course pages size the iframe to this (host protocol `resize`)
    app::PreferredSize size = app::MeasurePreferredSize();
    bridge::OnPreferredSize(size.width, size.height);
  }
  ImGui::Render();
  float clear[3] = {0.972f, 0.976f, 0.984f};
  if (bridge::DarkTheme()) {
    app::DarkenDrawData(ImGui::GetDrawData());
    app::DarkenColor(&clear[0], &clear[1], &clear[2]);
  }

  ImGuiIO& io = ImGui::GetIO();
  glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
             static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
  glClearColor(clear[0], clear[1], clear[2], 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  p.frame_timer.End(NowMs());
  ++p.frames;
  p.animate = p.ctx.wants_animation || p.exit_after_frames >= 0;  // test runs draw every frame

  if (p.exit_after_frames >= 0 && static_cast<long>(p.frames) >= p.exit_after_frames) {
    if (!p.screenshot_path.empty()) SaveScreenshot(p.screenshot_path);
    p.quit = true;
  }
  SDL_GL_SwapWindow(p.window);

  std::string link = app::CurrentLink(p.app);
  if (link != p.last_link) {
    p.last_link = link;
    bridge::OnLinkChanged(link);
  }
  bridge::UpdateMirror(p.app, p.ctx);  // the parallel DOM, rebuilt only when its content changed
  if (p.frames == 1) bridge::OnFirstFrame();
}

#ifdef __EMSCRIPTEN__
void WebFrame(void* arg) { Frame(*static_cast<Platform*>(arg)); }
#endif

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] bridge (state and dispatch, shared by the JS bridge and tests)

std::string StateJson() {
  if (!g) return R"({"ready": false, "frames": 0})";
  json::Object o;
  o.Set("panel", app::GetPanelInfo(g->app.panel).name);
  o.Set("frames", static_cast<double>(g->frames));
  o.Set("ready", g->frames > 0);
  o.Set("link", app::CurrentLink(g->app));
  o.Set("loop_ticks", static_cast<double>(g->loop_ticks));
  o.Set("idle", !g->animate && g->settle <= 0);
  o.Set("frame_ms", g->frame_timer.MedianMs());
  o.Set("pixel_ratio", static_cast<double>(g->font_scale));
  ImGuiIO& io = ImGui::GetIO();
  o.Set("width", static_cast<double>(io.DisplaySize.x));
  o.Set("height", static_cast<double>(io.DisplaySize.y));
  json::Array topbar;
  for (const auto& e : g->app.topbar) {
    json::Object entry = app::RectJson(e.rect);
    entry.Set("panel", e.panel);
    topbar.push_back(std::move(entry));
  }
  o.Set("topbar", std::move(topbar));
  o.Set("scroll", json::Object{{"y", g->app.scroll_y}, {"max", g->app.scroll_max}});
  o.Set("study", app::StudyBridgeState(g->app.library, g->app.study));
  // Where Study's live panel drew its result this frame (the number or picture the card is about).
  if (g->ctx.answer_rect.w > 0)
    o.Set("live_answer", app::RectJson(g->ctx.answer_rect));
  else
    o.Set("live_answer", json::Value());
  json::Array errors;
  for (const auto& e : g->app.link_errors) errors.push_back(e);
  o.Set("errors", std::move(errors));
  o.Set("typing", io.WantTextInput);  // an ImGui text field has the keyboard
  o.Set("a11y", bridge::MirrorStats());
  o.Set("heap", HeapJson());                    // wasm memory size (its high-water mark), malloc'ed now, malloc's peak
  const StorageStatus st = GetStorageStatus();  // where saved progress stands (storage-fault tests wait on it)
  o.Set("storage", json::Object{{"ready", st.ready},
                                {"busy", st.busy},
                                {"unavailable", st.unavailable},
                                {"syncing", st.syncing},
                                {"syncs", st.syncs},
                                {"failed_syncs", st.failed_syncs},
                                {"error", st.error}});
  o.Set("train", app::TrainBridgeState(g->app.train));  // steps and loss-history length (load tests)
  return json::Write(json::Value(std::move(o)));
}

std::string Dispatch(const std::string& message) {
  if (!g) return R"({"ok": false, "error": "the app is not running yet"})";
  std::string reply = app::DispatchMessage(g->app, g->ctx, message);  // app/host_api.h: the whole contract
  g->settle = kSettleFrames;
  return reply;
}

std::string HostCall(const std::string& type, const std::string& name, const std::string& payload) {
  if (!g) return R"({"ok": false, "error": "the app is not running yet"})";
  g->settle = kSettleFrames;
  return app::HostCall(g->app, type, name, payload);
}

// ---------------------------------------------------------------------------
// [SECTION] Run

int Run(int argc, char** argv) {
  (void)argc;
  (void)argv;
#ifdef __EMSCRIPTEN__
  // Keys reach the app only while the canvas has focus, so the parallel DOM's fields and buttons
  // (web/a11y.js) get theirs: SDL would otherwise preventDefault Tab and Backspace page-wide.
  SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
#endif
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    std::fprintf(stderr, "bytewise: SDL_Init failed: %s\n", SDL_GetError());
    return 1;
  }
#ifdef __EMSCRIPTEN__
  const char* glsl_version = "#version 300 es";
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#else
  const char* glsl_version = "#version 130";
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#endif
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);

  static Platform platform;  // lives for the whole program (the browser never returns from the loop)
  g = &platform;
  Platform& p = platform;
  const char* exit_after = std::getenv("BW_EXIT_AFTER_FRAMES");
  if (exit_after) p.exit_after_frames = std::strtol(exit_after, nullptr, 10);
  if (const char* shot = std::getenv("BW_SCREENSHOT")) p.screenshot_path = shot;

  auto flags = static_cast<SDL_WindowFlags>(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  p.window = SDL_CreateWindow("Bytewise", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800, flags);
  if (!p.window) {
    std::fprintf(stderr, "bytewise: cannot create a window: %s\n", SDL_GetError());
    return 1;
  }
  p.gl = SDL_GL_CreateContext(p.window);
  if (!p.gl) {
    std::fprintf(stderr, "bytewise: cannot create an OpenGL context: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_MakeCurrent(p.window, p.gl);
  SDL_GL_SetSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout lives in our own state, not imgui.ini (lost on reload in the browser)
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  app::ApplyTheme(1.0f);
  ImGui_ImplSDL2_InitForOpenGL(p.window, p.gl);
  ImGui_ImplOpenGL3_Init(glsl_version);
  LoadFonts(p, CurrentPixelRatio(p.window));

  p.ctx.open_link = [](const std::string& link) {
    app::OpenLink(g->app, link);
    g->settle = kSettleFrames;
  };
  p.ctx.notify = [](const std::string& message) {
    app::Announce(message);  // the status bar's notice is also said in the live region
    g->app.status = message;
    g->app.status_until = ImGui::GetTime() + 4.0;
  };
  app::SetStorage(&platform::AppStorage());  // the app reads and writes through it
  platform::StorageInit();                   // web: mounts IndexedDB and starts loading the learner's progress
  platform::InstallDropTarget();             // web: decks/progress dropped anywhere on the page
  bridge::Init(p.ctx);                       // deep link from the URL hash, hash changes, host messages

#ifdef __EMSCRIPTEN__
  emscripten_set_main_loop_arg(WebFrame, &p, 0, true);  // never returns
#else
  while (!p.quit) {
    Frame(p);
    if (!p.animate && p.settle <= 0 && !p.quit) SDL_WaitEventTimeout(nullptr, 250);  // idle: sleep until input
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(p.gl);
  SDL_DestroyWindow(p.window);
  SDL_Quit();
#endif
  return 0;
}

}  // namespace bw::platform
