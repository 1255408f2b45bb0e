// The wasm heap as the bridge reports it (state().heap): for load tests and the hardening note.
//   {"size": bytes of wasm memory (only grows: its high-water mark), "used": bytes malloc'ed now,
//    "peak": malloc's largest footprint so far (dlmalloc max_footprint)}
// Native builds report zeros (the desktop app has no fixed heap to watch).
#pragma once

#include "core/util/json.h"

namespace bw::platform {
json::Value HeapJson();
}  // namespace bw::platform
