#include "platform/bridge.h"

#include <cstdlib>
#include <string>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace bw::platform::bridge {

namespace {
bool g_wake = false;
}  // namespace

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
// clang-format on

void Init(app::AppContext& ctx) {
  char* hash = bw_js_initial_hash();
  std::string link = hash ? hash : "";
  free(hash);
  if (!link.empty() && ctx.open_link) ctx.open_link(link);
}

void OnFirstFrame() { bw_js_first_frame(); }
void OnLinkChanged(const std::string& link) { bw_js_link_changed(link.c_str()); }

#else

void Init(app::AppContext& ctx) {
  (void)ctx;
}
void OnFirstFrame() {}
void OnLinkChanged(const std::string& link) { (void)link; }

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
}
