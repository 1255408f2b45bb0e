#include "platform/bridge.h"

#include <cstdlib>
#include <string>

#include "app/input.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace bw::platform::bridge {

namespace {
bool g_wake = false;
bool g_dark = false;
int g_pref_w = -1, g_pref_h = -1;
}  // namespace

bool DarkTheme() { return g_dark; }

bool TakeWakeRequest() {
  bool w = g_wake;
  g_wake = false;
  return w;
}

#ifdef __EMSCRIPTEN__

// clang-format off
EM_JS(char*, bw_js_initial_hash, (), {
  var h = (window.location.hash || "").replace(/^#/, "");  // raw: the LiveLink parser %-decodes
  var len = lengthBytesUTF8(h) + 1;
  var ptr = _malloc(len);
  stringToUTF8(h, ptr, len);
  return ptr;
});

EM_JS(void, bw_js_first_frame, (), {
  if (window.bytewise && window.bytewise._onFirstFrame) window.bytewise._onFirstFrame();
});

EM_JS(void, bw_js_link_changed, (const char* link), {
  if (window.bytewise && window.bytewise._onLinkChanged) window.bytewise._onLinkChanged(UTF8ToString(link));
});

// web/host.js parses the page's query (?embed=1&theme=dark) before the module starts.
EM_JS(int, bw_js_host_option, (int which), {
  var o = (window.BytewiseHost && window.BytewiseHost.options) || {};
  return which === 0 ? (o.embed ? 1 : 0) : (o.dark ? 1 : 0);
});

EM_JS(void, bw_js_host_event, (const char* type, const char* json), {
  if (window.BytewiseHost) window.BytewiseHost.appEvent(UTF8ToString(type), UTF8ToString(json));
});

EM_JS(void, bw_js_preferred_size, (int w, int h), {
  if (window.BytewiseHost) window.BytewiseHost.preferredSize(w, h);
});
// clang-format on

void OnHostEvent(const char* type, const std::string& json) { bw_js_host_event(type, json.c_str()); }
void OnPreferredSize(int width, int height) {
  if (width == g_pref_w && height == g_pref_h) return;
  g_pref_w = width;
  g_pref_h = height;
  bw_js_preferred_size(width, height);
}

void Init(app::AppContext& ctx) {
  ctx.embed = bw_js_host_option(0) != 0;
  g_dark = bw_js_host_option(1) != 0;
  ctx.host_event = [](const char* type, const std::string& json) { OnHostEvent(type, json); };
  char* hash = bw_js_initial_hash();
  std::string link = hash ? hash : "";
  free(hash);
  if (!link.empty() && ctx.open_link) ctx.open_link(link);
}

void OnFirstFrame() { bw_js_first_frame(); }
void OnLinkChanged(const std::string& link) { bw_js_link_changed(link.c_str()); }

#else

void Init(app::AppContext& ctx) { (void)ctx; }
void OnFirstFrame() {}
void OnLinkChanged(const std::string& link) { (void)link; }
void OnHostEvent(const char* type, const std::string& json) {
  (void)type;
  (void)json;
}
void OnPreferredSize(int width, int height) {
  g_pref_w = width;
  g_pref_h = height;
}

#endif

}  // namespace bw::platform::bridge

// C entry points for JS (exported with -sEXPORTED_FUNCTIONS). Each returns a pointer to a buffer
// that stays valid until the next call of the same function.
extern "C" {
const char* bw_state_json() {
  static std::string buffer;
  buffer = bw::platform::StateJson();
  return buffer.c_str();
}

const char* bw_dispatch_json(const char* message) {
  static std::string buffer;
  buffer = bw::platform::Dispatch(message ? message : "");
  bw::platform::bridge::g_wake = true;
  return buffer.c_str();
}

void bw_wake() { bw::platform::bridge::g_wake = true; }

// Host-page and LMS requests (web/host.js, web/scorm12.js). Every string arrives in a heap buffer
// the caller malloc'ed and frees (never on the wasm stack: a course page may send megabytes);
// `payload` has `payload_len` bytes. Returns the reply JSON, valid until the next call.
const char* bw_host_call(const char* type, const char* name, const char* payload, int payload_len) {
  static std::string buffer;
  std::string body =
      payload && payload_len > 0 ? std::string(payload, static_cast<size_t>(payload_len)) : std::string();
  buffer = bw::platform::HostCall(type ? type : "", name ? name : "", body);
  bw::platform::bridge::g_wake = true;
  return buffer.c_str();
}

// Whether a wheel of (dx, dy) at (x, y) (CSS px on the canvas; dy > 0 = down) would scroll a region of the
// app. web/index.html lets the event reach the host page when it would not (an embedded widget never traps
// the course page's wheel).
int bw_wheel_scrolls(float x, float y, float dx, float dy) { return bw::app::WheelWouldScroll(x, y, dx, dy) ? 1 : 0; }

// theme=dark|light switched live (the host page or the system preference changed).
void bw_set_theme(int dark) {
  bw::platform::bridge::g_dark = dark != 0;
  bw::platform::bridge::g_wake = true;
}
}
