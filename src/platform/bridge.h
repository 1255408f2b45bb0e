// The JS bridge: what pages that embed us and our browser tests can read and drive.
//
//   window.bytewise.state()     → {"panel": "study", "frames": 12, "ready": true, "link": "study", ...}
//   window.bytewise.dispatch({type: "open", panel: "memory"})          → {"ok": true, "errors": [], ...}
//   window.bytewise.dispatch({type: "open", link: "formats?value=0.1"})
// The page URL hash is a LiveLink (#formats?value=0.1): read at start, followed on hashchange,
// and kept up to date as the learner changes state. Embedding pages can postMessage the same
// dispatch objects to the iframe and receive {source: "bytewise", type: "ready"|"state", ...}.
#pragma once

#include <cstddef>
#include <string>

#include "app/context.h"
#include "app/host_api.h"
#include "core/util/json.h"

namespace bw::app {
struct AppState;
}

namespace bw::platform {

std::string StateJson();  // defined with the main loop
// Returns the reply JSON. Messages over kMaxDispatchBytes are refused unread ({"ok": false, "error": ...}).
using app::kMaxDispatchBytes;  // app/host_api.h
std::string Dispatch(const std::string& json);
// A host-page / LMS request (app/host_api.h HostCall), defined with the main loop.
std::string HostCall(const std::string& type, const std::string& name, const std::string& payload);

namespace bridge {
void Init(app::AppContext& ctx);  // applies the deep link in the URL hash (web; listeners live in index.html)
void OnFirstFrame();              // hides the loading screen, tells the host page "ready"
void OnLinkChanged(const std::string& link);  // updates the URL hash and tells the host page
bool TakeWakeRequest();                       // true once after JS asked for a redraw
// Course pages (web/host.js): ?embed=1 and the theme are read in Init; events and the preferred
// size (embed mode, sent when it changes) go to the host script.
void OnHostEvent(const char* type, const std::string& json);
void OnPreferredSize(int width, int height);
bool DarkTheme();  // theme=dark (or the system's preference when embedded)
// Parallel DOM (mirror_bridge.cpp): after each drawn frame; calls web/a11y.js only on a change.
void UpdateMirror(const app::AppState& app, const app::AppContext& ctx);
json::Value MirrorStats();  // {"pushes", "build_ms_mean", "build_ms_last"} for state()
}  // namespace bridge

}  // namespace bw::platform
