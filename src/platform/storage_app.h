// The platform's app::Storage (IndexedDB in the browser, a folder on the desktop): install it with
// app::SetStorage(&platform::AppStorage()) at start-up.
#pragma once

#include "app/storage.h"

namespace bw::platform {

app::Storage& AppStorage();

}  // namespace bw::platform
