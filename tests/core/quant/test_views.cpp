// Histograms, grid levels and name parsing used by the panel and the CLI.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/quant/quant.h"

using namespace bw::quant;

TEST_CASE("histograms count every finite value once") {
  // Hand-counted: bins of width 1 over [0, 4).
  std::vector<float> v = {0.0f,  0.5f, 1.0f, 1.5f,  2.5f,
                          3.99f, 4.0f, 7.0f, -1.0f, std::numeric_limits<float>::quiet_NaN()};
  Histogram h = MakeHistogram(v, 4, 0, 4);
  CHECK(h.counts == std::vector<int64_t>{2, 2, 1, 2});  // 4.0 is the closed right edge
  CHECK(h.outside == 2);                                // 7 and −1; NaN is not counted at all
  Histogram whole = MakeHistogram(v, 8);
  CHECK(whole.lo == -1.0);
  CHECK(whole.hi == 7.0);
  int64_t total = 0;
  for (int64_t c : whole.counts) total += c;
  CHECK(total == 9);
}

TEST_CASE("error histogram is symmetric around zero and covers the max error") {
  TensorSpec t;
  t.n = 4096;
  std::vector<float> x = MakeTensor(t);
  QuantResult r = Quantize(x, 0, DefaultConfig("int8_sym"));
  REQUIRE(r.ok);
  Histogram e = ErrorHistogram(x, r, 50);
  CHECK(e.hi == doctest::Approx(r.metrics.max_abs_error));
  CHECK(e.lo == -e.hi);
  int64_t total = 0;
  for (int64_t c : e.counts) total += c;
  CHECK(total == 4096);
}

TEST_CASE("first-group levels are the grid times the stored scale") {
  // int4_sym on one block whose signed max is −2: d = −2/−8 = 0.25 (exact in FP16), levels −2..1.75.
  std::vector<float> x(32, 0.3f);
  x[7] = -2.0f;
  QuantResult r = Quantize(x, 0, DefaultConfig("int4_sym"));
  REQUIRE(r.ok);
  std::vector<double> levels = FirstGroupLevels(r);
  REQUIRE(levels.size() == 16);
  CHECK(levels.front() == -2.0);
  CHECK(levels.back() == 1.75);
  // uint4_asym: levels (q − zp)·s include an exact 0.
  QuantConfig u = DefaultConfig("uint4_asym");
  QuantResult ru = Quantize(x, 0, u);
  REQUIRE(ru.ok);
  std::vector<double> lu = FirstGroupLevels(ru);
  CHECK(std::find(lu.begin(), lu.end(), 0.0) != lu.end());
}

TEST_CASE("names parse both ways") {
  for (Granularity g : {Granularity::kTensor, Granularity::kChannel, Granularity::kBlock}) {
    CHECK(ParseGranularity(GranularityName(g)) == g);
  }
  for (Distribution d :
       {Distribution::kNormal, Distribution::kLaplace, Distribution::kUniform, Distribution::kOutliers}) {
    CHECK(ParseDistribution(DistributionName(d)) == d);
  }
  CHECK_FALSE(ParseGranularity("rows").has_value());
  CHECK_FALSE(ParseDistribution("gauss").has_value());
  CHECK(DefaultRowLength(1 << 20) == 4096);
  CHECK(DefaultRowLength(4096) == 4096);
  CHECK(DefaultRowLength(1000) == 1000);
  for (const std::string& s : SchemeNames()) {
    CAPTURE(s);
    CHECK(IsScheme(s));
    CHECK(Resolve(DefaultConfig(s)).has_value());
    CHECK(CodeBits(s) >= 4);
  }
}
