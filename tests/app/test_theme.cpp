// WCAG 2.1 AA for the canvas: every text/background pair of the theme (ImGui style after
// ApplyTheme + the panels' own colours, app/theme.h) has a contrast ratio of at least 4.5:1.
// Contrast and relative luminance as defined by WCAG 2.1 (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio,
// #dfn-relative-luminance); translucent backgrounds are composited over the surface under them.
#include <doctest/doctest.h>
#include <imgui.h>

#include <cmath>
#include <string>

#include "app/app.h"
#include "app/theme.h"

using namespace bw::app;

namespace {

double Linear(double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double Luminance(const ImVec4& c) { return 0.2126 * Linear(c.x) + 0.7152 * Linear(c.y) + 0.0722 * Linear(c.z); }
ImVec4 Over(const ImVec4& top, const ImVec4& under) {
  auto mix = [&](float a, float b) { return a * top.w + b * (1 - top.w); };
  return ImVec4(mix(top.x, under.x), mix(top.y, under.y), mix(top.z, under.z), 1);
}
double Contrast(const ImVec4& a, const ImVec4& b) {
  double la = Luminance(a), lb = Luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace

TEST_CASE("the contrast formula matches WCAG's published extremes") {
  CHECK(Contrast(ImVec4(0, 0, 0, 1), ImVec4(1, 1, 1, 1)) == doctest::Approx(21.0));
  CHECK(Contrast(ImVec4(1, 1, 1, 1), ImVec4(1, 1, 1, 1)) == doctest::Approx(1.0));
  // #767676 on white is the well-known lightest grey that passes AA (4.54:1).
  CHECK(Contrast(ImVec4(118 / 255.f, 118 / 255.f, 118 / 255.f, 1), ImVec4(1, 1, 1, 1)) ==
        doctest::Approx(4.54).epsilon(0.01));
}

TEST_CASE("every text/background pair of the theme has contrast of at least 4.5:1") {
  ImGui::CreateContext();
  ApplyTheme(1.0f);
  std::vector<theme::TextPair> pairs = theme::TextPairs();
  CHECK(pairs.size() > 40);
  double worst = 100;
  std::string worst_name;
  for (const theme::TextPair& p : pairs) {
    ImVec4 bg = Over(p.background, p.under);
    double ratio = Contrast(Over(p.text, bg), bg);
    std::string name = p.name;
    CAPTURE(name);
    CAPTURE(ratio);
    CHECK(ratio >= 4.5);
    if (ratio < worst) worst = ratio, worst_name = p.name;
  }
  MESSAGE("lowest contrast: " << worst << ":1 (" << worst_name << ")");
  ImGui::DestroyContext();
}
