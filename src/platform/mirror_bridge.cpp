// The parallel DOM's side of the bridge: after each drawn frame, describe the visible section
// (app/mirror.h), and call web/a11y.js only when the description, the pending announcement or the
// touch fields' rectangles changed. While a panel animates (training), content pushes are held to
// one per second so a screen reader is not flooded and the page does not rebuild every frame.
#include <chrono>
#include <cstdint>
#include <string>

#include "app/app.h"
#include "app/mirror.h"
#include "core/util/text.h"
#include "platform/bridge.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace bw::platform::bridge {

namespace {

struct MirrorPush {
  uint64_t hash = 0;
  std::string rects;
  double last_push_s = -1e9;
  uint64_t pushes = 0;
  double build_ms_total = 0;  // C++ side: building + writing the description, summed over pushes
  double last_build_ms = 0;
};
MirrorPush g_push;

double NowSeconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

#ifdef __EMSCRIPTEN__
// clang-format off
EM_JS(void, bw_js_mirror, (const char* doc, const char* announce, double build_ms), {
  if (window.bytewiseA11y) window.bytewiseA11y.update(UTF8ToString(doc), UTF8ToString(announce), build_ms);
});
EM_JS(void, bw_js_mirror_fields, (const char* rects), {
  if (window.bytewiseA11y) window.bytewiseA11y.fields(UTF8ToString(rects));
});
// clang-format on
#endif

}  // namespace

void UpdateMirror(const app::AppState& app, const app::AppContext& ctx) {
  const double t0 = NowSeconds();
  std::string doc = json::Write(app::MirrorDocument(app, ctx));
  const double build_ms = (NowSeconds() - t0) * 1000;
  const uint64_t hash = Fnv1a64(doc);  // change detection only
  const bool changed = hash != g_push.hash;
  const bool held = ctx.wants_animation && t0 - g_push.last_push_s < 1.0;  // animating: at most 1 push/s
  const std::string announce = app::TakeAnnouncement();  // one per action: always pushed with the content
  if ((changed && !held) || !announce.empty()) {
    g_push.hash = hash;
    g_push.last_push_s = t0;
    ++g_push.pushes;
    g_push.build_ms_total += build_ms;
    g_push.last_build_ms = build_ms;
#ifdef __EMSCRIPTEN__
    bw_js_mirror(doc.c_str(), announce.c_str(), build_ms);
#endif
  }
  std::string rects = json::Write(app::TextFieldRects());
  if (rects != g_push.rects) {
    g_push.rects = rects;
#ifdef __EMSCRIPTEN__
    bw_js_mirror_fields(rects.c_str());
#endif
  }
}

json::Value MirrorStats() {
  return json::Object{
      {"pushes", static_cast<double>(g_push.pushes)},
      {"build_ms_mean", g_push.pushes ? g_push.build_ms_total / static_cast<double>(g_push.pushes) : 0.0},
      {"build_ms_last", g_push.last_build_ms}};
}

}  // namespace bw::platform::bridge
