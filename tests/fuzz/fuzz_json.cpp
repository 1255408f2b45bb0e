// JSON parser and writer. Properties: never crashes; a parsed document written compactly parses
// back to a document that writes identically (write ∘ parse is idempotent); errors name a line and
// column inside the text.
#include <string_view>

#include "core/util/json.h"
#include "fuzz_check.h"

using namespace bw;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  json::ParseResult r = json::Parse(text);
  if (!r.ok) {
    FUZZ_CHECK(!r.error.empty() && r.line >= 1 && r.column >= 1, "error without a place: %s", r.error.c_str());
    return 0;
  }
  std::string once = json::Write(r.value);
  json::ParseResult again = json::Parse(once);
  FUZZ_CHECK(again.ok, "written text does not parse: %s", again.error.c_str());
  std::string twice = json::Write(again.value);
  FUZZ_CHECK(once == twice, "write/parse not idempotent");
  std::string pretty = json::Write(r.value, 2);
  json::ParseResult p = json::Parse(pretty);
  FUZZ_CHECK(p.ok && json::Write(p.value) == once, "pretty form differs");
  return 0;
}
