// A host page's message, on the C++ side of dispatch: the JSON text the bridge hands to
// bw::platform::Dispatch, which passes it to app::DispatchMessage (app/host_api.h) — the function
// called here — then a few headless frames. Properties: no crash, no ImGui assertion, the reply is a
// JSON object with "ok", and every refusal has a message.
#include <unistd.h>

#include <string>

#include "app/host_api.h"
#include "app_harness.h"
#include "core/util/json.h"
#include "fuzz_check.h"

using namespace bw;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::InitHeadlessApp();
  std::string message(reinterpret_cast<const char*>(data), size);
  app::AppState state;
  app::AppContext ctx;
  ctx.open_link = [&state](const std::string& link) { app::OpenLink(state, link); };
  ctx.notify = [](const std::string&) {};
  const std::string reply = app::DispatchMessage(state, ctx, message);
  json::ParseResult r = json::Parse(reply);
  FUZZ_CHECK(r.ok && r.value.IsObject(), "reply is not a JSON object");
  const json::Value* ok = r.value.Find("ok");
  FUZZ_CHECK(ok != nullptr, "reply without \"ok\"");
  if (!ok->AsBool()) {
    const json::Value* error = r.value.Find("error");
    const json::Value* errors = r.value.Find("errors");
    FUZZ_CHECK((error && !error->AsString().empty()) || (errors && !errors->AsArray().empty()),
               "refusal without a message");
  }
  fuzz::DrawFrames(state, 900, 600, 3);  // whatever the message changed draws without an ImGui assertion
  return 0;
}
