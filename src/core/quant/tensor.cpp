// Seeded synthetic tensors and histograms.
//
// Random numbers: splitmix64 (Steele, Lea & Flood 2014; the seeding generator of xoshiro) gives
// 53-bit uniforms in (0, 1); normals by Box–Muller, Laplace by its inverse CDF. Everything is done
// in double and rounded once to float, so the native and wasm builds produce the same tensor.
#include <algorithm>
#include <cmath>

#include "core/quant/quant.h"

namespace bw::quant {
namespace {

constexpr double kPi = 3.14159265358979323846;

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in the open interval (0, 1).
  double Uniform() { return (static_cast<double>(Next() >> 11) + 0.5) * (1.0 / 9007199254740992.0); }

 private:
  uint64_t state_;
};

}  // namespace

const char* DistributionName(Distribution d) {
  switch (d) {
    case Distribution::kNormal: return "normal";
    case Distribution::kLaplace: return "laplace";
    case Distribution::kUniform: return "uniform";
    case Distribution::kOutliers: return "outliers";
  }
  return "normal";
}

std::optional<Distribution> ParseDistribution(std::string_view name) {
  for (Distribution d :
       {Distribution::kNormal, Distribution::kLaplace, Distribution::kUniform, Distribution::kOutliers}) {
    if (name == DistributionName(d)) return d;
  }
  return std::nullopt;
}

int64_t DefaultRowLength(int64_t n) { return (n > 4096 && n % 4096 == 0) ? 4096 : n; }

std::vector<float> MakeTensor(const TensorSpec& spec, std::string* error) {
  auto fail = [&](std::string message) {
    if (error) *error = std::move(message);
    return std::vector<float>();
  };
  if (spec.n < 1) return fail("tensor size n must be at least 1 (got " + std::to_string(spec.n) + ")");
  if (spec.n > kMaxElements) {
    return fail("tensor size n = " + std::to_string(spec.n) + " is above the cap of " + std::to_string(kMaxElements) +
                " elements");
  }
  if (!(spec.stddev > 0) || !std::isfinite(spec.stddev) || spec.stddev > 1e30) {
    return fail("standard deviation must be finite and > 0");
  }
  if (!(spec.outlier_fraction >= 0 && spec.outlier_fraction <= 0.5))
    return fail("outlier fraction must be in [0, 0.5]");
  if (!(spec.outlier_magnitude >= 0 && spec.outlier_magnitude <= 1e6)) {
    return fail("outlier magnitude must be in [0, 1e6] standard deviations");
  }
  SplitMix64 rng(spec.seed);
  std::vector<float> x(static_cast<size_t>(spec.n));
  const double s = spec.stddev;
  switch (spec.dist) {
    case Distribution::kNormal:
    case Distribution::kOutliers:
      for (size_t i = 0; i < x.size(); i += 2) {
        // Box–Muller: two independent N(0,1) from two uniforms.
        double r = std::sqrt(-2.0 * std::log(rng.Uniform()));
        double t = 2.0 * kPi * rng.Uniform();
        x[i] = static_cast<float>(s * r * std::cos(t));
        if (i + 1 < x.size()) x[i + 1] = static_cast<float>(s * r * std::sin(t));
      }
      break;
    case Distribution::kLaplace: {
      const double b = s / std::sqrt(2.0);  // Var = 2b²
      for (float& v : x) {
        double u = rng.Uniform() - 0.5;
        v = static_cast<float>(u < 0 ? b * std::log(1 + 2 * u) : -b * std::log(1 - 2 * u));
      }
      break;
    }
    case Distribution::kUniform: {
      const double a = s * std::sqrt(3.0);  // Var = a²/3
      for (float& v : x) v = static_cast<float>(a * (2 * rng.Uniform() - 1));
      break;
    }
  }
  if (spec.dist == Distribution::kOutliers) {
    int64_t k = std::max<int64_t>(1, std::llround(spec.outlier_fraction * static_cast<double>(spec.n)));
    for (int64_t j = 0; j < k; ++j) {
      uint64_t r = rng.Next();
      size_t pos = static_cast<size_t>(r % static_cast<uint64_t>(spec.n));
      x[pos] = static_cast<float>(((r >> 63) ? -1.0 : 1.0) * spec.outlier_magnitude * s);
    }
  }
  return x;
}

Histogram MakeHistogram(const std::vector<float>& v, int bins, double lo, double hi) {
  Histogram h;
  bins = std::max(1, std::min(bins, 4096));
  if (lo == hi) {
    bool any = false;
    for (float f : v) {
      if (!std::isfinite(f)) continue;
      if (!any) lo = hi = f;
      lo = std::min<double>(lo, f);
      hi = std::max<double>(hi, f);
      any = true;
    }
    if (lo == hi) {  // empty or constant: a unit-wide range around the value
      lo -= 0.5;
      hi += 0.5;
    }
  }
  h.lo = lo;
  h.hi = hi;
  h.counts.assign(static_cast<size_t>(bins), 0);
  const double width = (hi - lo) / bins;
  for (float f : v) {
    if (!std::isfinite(f)) continue;
    if (f < lo || f > hi) {
      ++h.outside;
      continue;
    }
    int b = static_cast<int>((f - lo) / width);
    h.counts[static_cast<size_t>(std::min(b, bins - 1))]++;
  }
  return h;
}

Histogram ErrorHistogram(const std::vector<float>& x, const QuantResult& r, int bins) {
  std::vector<float> err;
  if (r.ok && r.dequantized.size() == x.size()) {
    err.reserve(x.size());
    for (size_t i = 0; i < x.size(); ++i) {
      if (std::isfinite(x[i])) err.push_back(static_cast<float>(static_cast<double>(r.dequantized[i]) - x[i]));
    }
  }
  double m = 0;
  for (float e : err) m = std::max<double>(m, std::fabs(e));
  if (m == 0) m = 1e-30;
  return MakeHistogram(err, bins, -m, m);
}

}  // namespace bw::quant
