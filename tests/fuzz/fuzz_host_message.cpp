// A host page's message, on the C++ side of dispatch: the JSON text the bridge hands to
// bw::platform::Dispatch (src/platform/main_loop.cpp), read the same way — size limit, JSON object,
// "type": "open" with "link" or "panel" — then OpenLink and a few headless frames, and the reply
// written as JSON. (Dispatch itself needs the running SDL main loop, so its message reading is
// mirrored here step by step; keep the two in step.) Properties: no crash, no ImGui assertion, every
// refusal has a message, and the reply is valid JSON.
#include <unistd.h>

#include <string>

#include "app_harness.h"
#include "core/util/json.h"
#include "fuzz_check.h"
#include "platform/bridge.h"

using namespace bw;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::InitHeadlessApp();
  std::string message(reinterpret_cast<const char*>(data), size);
  if (message.size() > platform::kMaxDispatchBytes) return 0;
  json::ParseResult parsed = json::Parse(message);
  if (!parsed.ok) {
    FUZZ_CHECK(!parsed.error.empty(), "refusal without a message");
    return 0;
  }
  const json::Value& m = parsed.value;
  if (!m.IsObject()) return 0;
  const std::string& type = m.Find("type") ? m.Find("type")->AsString() : std::string();
  if (type != "open") return 0;
  std::string link;
  if (const json::Value* l = m.Find("link"))
    link = l->AsString();
  else if (const json::Value* pn = m.Find("panel"))
    link = pn->AsString();
  if (link.empty()) return 0;
  app::AppState state;
  std::vector<std::string> errors = app::OpenLink(state, link);
  fuzz::DrawFrames(state, 900, 600, 3);
  json::Object reply;
  reply.Set("ok", errors.empty());
  json::Array arr;
  for (const auto& e : errors) arr.push_back(e);
  reply.Set("errors", std::move(arr));
  reply.Set("panel", app::GetPanelInfo(state.panel).name);
  std::string text = json::Write(json::Value(std::move(reply)));
  FUZZ_CHECK(json::Parse(text).ok, "reply is not JSON");
  return 0;
}
