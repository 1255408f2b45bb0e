// Program entry of the web and desktop apps (the platform layer lives in the bw_app library).
#include "platform/platform.h"

int main(int argc, char** argv) { return bw::platform::Run(argc, argv); }
