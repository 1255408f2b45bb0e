// Hugging Face config.json import. Properties: never crashes; a config it accepts has positive,
// finite shapes and an exact parameter count that is finite; a refusal names what is wrong.
#include <cmath>
#include <string_view>

#include "core/memory/architecture.h"
#include "fuzz_check.h"

using namespace bw::memory;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ArchitectureParse r = ParseHfConfig(text);
  if (!r.ok) {
    FUZZ_CHECK(!r.error.empty(), "refusal without a message");
    return 0;
  }
  FUZZ_CHECK(r.error.empty(), "accepted with an error: %s", r.error.c_str());
  std::string invalid = ValidateArchitecture(r.arch);
  FUZZ_CHECK(invalid.empty(), "accepted an invalid shape: %s", invalid.c_str());
  ParamCount c = CountParams(r.arch);
  FUZZ_CHECK(c.total > 0 && static_cast<double>(c.total) <= kMaxParams, "parameter count %lld",
             static_cast<long long>(c.total));
  FUZZ_CHECK(c.total == c.embedding + c.layers_total + c.final_norm + c.lm_head + c.pooler, "parts do not add up");
  (void)ParamFormula(r.arch, c);
  return 0;
}
