// The app's OpenLink (URL hash, a card's live: line, the host's "open" message) with a few headless
// frames of the section it opens. Properties: no crash, no ImGui assertion (they throw here), and the
// link the app then reports parses (the app never writes a link it cannot read back).
#include <unistd.h>

#include <string>

#include "app_harness.h"
#include "core/util/livelink.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bw::fuzz::InitHeadlessApp();
  std::string link(reinterpret_cast<const char*>(data), size);
  bw::app::AppState state;
  std::vector<std::string> errors = bw::app::OpenLink(state, link);
  if (!errors.empty()) FUZZ_CHECK(!errors.front().empty(), "an empty error message");
  bw::fuzz::DrawFrames(state, 1280, 800, 2);
  bw::fuzz::DrawFrames(state, 360, 640, 1);
  std::string current = bw::app::CurrentLink(state);
  bw::LinkParse back = bw::ParseLiveLink(current);
  FUZZ_CHECK(back.ok, "the app reports a link it cannot read back: %s", back.error.c_str());
  return 0;
}
