#include "platform/heap.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/heap.h>
#include <malloc.h>
#endif

namespace bw::platform {

json::Value HeapJson() {
  double size = 0, used = 0, peak = 0;
#ifdef __EMSCRIPTEN__
  struct mallinfo mi = mallinfo();
  size = static_cast<double>(emscripten_get_heap_size());
  used = static_cast<double>(static_cast<unsigned>(mi.uordblks));
  peak = static_cast<double>(static_cast<unsigned>(mi.usmblks));
#endif
  return json::Object{{"size", size}, {"used", used}, {"peak", peak}};
}

}  // namespace bw::platform
