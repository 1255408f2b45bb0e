// The thin platform layer: window + GL context (SDL2; WebGL2 in the browser, OpenGL 3 on the desktop),
// the main loop with idle detection, fonts at the device pixel ratio, and the JS bridge.
//
// The browser never runs shutdown code (emscripten_set_main_loop_arg does not return): everything
// that must persist is saved when it changes, not at exit.
#pragma once

namespace bw::platform {

// Runs the app until the window closes (desktop) or forever (browser). Returns the exit code.
// Desktop environment variables for tests: BW_EXIT_AFTER_FRAMES=N quits after N drawn frames;
// BW_SCREENSHOT=file.ppm saves the last frame before quitting.
int Run(int argc, char** argv);

}  // namespace bw::platform
