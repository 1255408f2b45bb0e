// Dear ImGui user config for the headless panel test: an ImGui assertion throws, so doctest reports
// it as a failure of the panel being drawn (instead of aborting, or vanishing under NDEBUG).
#pragma once
#include <stdexcept>
#include <string>
#define IM_ASSERT(_EXPR)                                                                                            \
  do {                                                                                                              \
    if (!(_EXPR))                                                                                                   \
      throw std::logic_error(std::string("IM_ASSERT(" #_EXPR ") at ") + __FILE__ + ":" + std::to_string(__LINE__)); \
  } while (0)
