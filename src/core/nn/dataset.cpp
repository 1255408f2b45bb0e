// Playground datasets (see dataset.h). Generator shapes follow tensorflow/playground src/dataset.ts.
#include "core/nn/dataset.h"

#include <cmath>

#include "core/nn/nn_math.h"

namespace bw::nn {
namespace {

constexpr double kPi = 3.14159265358979323846;

struct NameEntry {
  const char* name;
  int value;
};
constexpr NameEntry kDatasets[] = {{"circle", 0}, {"xor", 1}, {"gauss", 2}, {"spiral", 3}, {"plane", 4}};
constexpr NameEntry kFeatures[] = {{"x1", 0},   {"x2", 1},    {"x1sq", 2}, {"x2sq", 3},
                                   {"x1x2", 4}, {"sinx1", 5}, {"sinx2", 6}};

DataPoint Classified(double x, double y, bool positive) {
  DataPoint p;
  p.x1 = x;
  p.x2 = y;
  p.target = positive ? 1.0 : -1.0;
  p.label = positive ? 1 : 0;
  return p;
}

void Circle(int n, double noise, Rng& rng, std::vector<DataPoint>& out) {
  const double radius = 5;
  for (int half = 0; half < 2; ++half) {
    for (int i = 0; i < n / 2; ++i) {
      double r = half == 0 ? rng.Uniform(0, radius * 0.5) : rng.Uniform(radius * 0.7, radius);
      double angle = rng.Uniform(0, 2 * kPi);
      double x = r * Sin(angle), y = r * Cos(angle);
      double nx = rng.Uniform(-radius, radius) * noise, ny = rng.Uniform(-radius, radius) * noise;
      bool inside = std::sqrt((x + nx) * (x + nx) + (y + ny) * (y + ny)) < radius * 0.5;
      out.push_back(Classified(x, y, inside));
    }
  }
}

void Xor(int n, double noise, Rng& rng, std::vector<DataPoint>& out) {
  const double padding = 0.3;
  for (int i = 0; i < n; ++i) {
    double x = rng.Uniform(-5, 5);
    x += x > 0 ? padding : -padding;
    double y = rng.Uniform(-5, 5);
    y += y > 0 ? padding : -padding;
    double nx = rng.Uniform(-5, 5) * noise, ny = rng.Uniform(-5, 5) * noise;
    out.push_back(Classified(x, y, (x + nx) * (y + ny) >= 0));
  }
}

void Gauss(int n, double noise, Rng& rng, std::vector<DataPoint>& out) {
  double variance = 0.5 + (4.0 - 0.5) * (noise / 0.5);  // d3 linear [0, .5] → [0.5, 4]
  double sd = std::sqrt(variance);
  for (int half = 0; half < 2; ++half) {
    double c = half == 0 ? 2.0 : -2.0;
    for (int i = 0; i < n / 2; ++i) {
      double x = c + sd * rng.Normal();
      double y = c + sd * rng.Normal();
      out.push_back(Classified(x, y, half == 0));
    }
  }
}

void Spiral(int n, double noise, Rng& rng, std::vector<DataPoint>& out) {
  int m = n / 2;
  for (int half = 0; half < 2; ++half) {
    double delta = half == 0 ? 0.0 : kPi;
    for (int i = 0; i < m; ++i) {
      double r = double(i) / m * 5;
      double t = 1.75 * i / m * 2 * kPi + delta;
      double x = r * Sin(t) + rng.Uniform(-1, 1) * noise;
      double y = r * Cos(t) + rng.Uniform(-1, 1) * noise;
      out.push_back(Classified(x, y, half == 0));
    }
  }
}

void Plane(int n, double noise, Rng& rng, std::vector<DataPoint>& out) {
  const double radius = 6;
  for (int i = 0; i < n; ++i) {
    double x = rng.Uniform(-radius, radius), y = rng.Uniform(-radius, radius);
    double nx = rng.Uniform(-radius, radius) * noise, ny = rng.Uniform(-radius, radius) * noise;
    DataPoint p;
    p.x1 = x;
    p.x2 = y;
    p.target = (x + nx + y + ny) / 10.0;  // d3 linear [−10, 10] → [−1, 1] (unclamped, as d3)
    out.push_back(p);
  }
}

}  // namespace

const char* DatasetName(DatasetKind k) { return kDatasets[static_cast<int>(k)].name; }

template <class E, size_t N>
bool ParseEntry(const std::string& name, const NameEntry (&table)[N], E* out) {
  for (const NameEntry& e : table)
    if (name == e.name) {
      *out = static_cast<E>(e.value);
      return true;
    }
  return false;
}

bool ParseDataset(const std::string& name, DatasetKind* out) { return ParseEntry(name, kDatasets, out); }

const char* FeatureName(Feature f) { return kFeatures[static_cast<int>(f)].name; }

bool ParseFeature(const std::string& name, Feature* out) { return ParseEntry(name, kFeatures, out); }

bool IsRegression(DatasetKind k) { return k == DatasetKind::kPlane; }

std::vector<std::string> ValidateDataset(const DatasetOptions& o) {
  std::vector<std::string> errors;
  if (o.samples < 4 || o.samples > 100000)
    errors.push_back("samples must be 4..100000, got " + std::to_string(o.samples));
  if (!(o.noise >= 0 && o.noise <= 0.5)) errors.push_back("noise must be 0..0.5");
  if (!(o.train_fraction >= 0.1 && o.train_fraction <= 0.9)) errors.push_back("train fraction must be 0.1..0.9");
  return errors;
}

Dataset MakeDataset(const DatasetOptions& options) {
  Dataset d;
  d.options = options;
  Rng rng(options.seed);
  std::vector<DataPoint> all;
  switch (options.kind) {
    case DatasetKind::kCircle: Circle(options.samples, options.noise, rng, all); break;
    case DatasetKind::kXor: Xor(options.samples, options.noise, rng, all); break;
    case DatasetKind::kGauss: Gauss(options.samples, options.noise, rng, all); break;
    case DatasetKind::kSpiral: Spiral(options.samples, options.noise, rng, all); break;
    case DatasetKind::kPlane: Plane(options.samples, options.noise, rng, all); break;
  }
  for (size_t i = all.size(); i > 1; --i) std::swap(all[i - 1], all[rng.Below(i)]);  // Fisher–Yates
  size_t split = static_cast<size_t>(std::floor(all.size() * options.train_fraction));
  d.train.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(split));
  d.test.assign(all.begin() + static_cast<std::ptrdiff_t>(split), all.end());
  return d;
}

void FeatureRow(double x1, double x2, const std::vector<Feature>& features, float* out) {
  for (size_t i = 0; i < features.size(); ++i) {
    double v = 0;
    switch (features[i]) {
      case Feature::kX1: v = x1; break;
      case Feature::kX2: v = x2; break;
      case Feature::kX1Squared: v = x1 * x1; break;
      case Feature::kX2Squared: v = x2 * x2; break;
      case Feature::kX1X2: v = x1 * x2; break;
      case Feature::kSinX1: v = Sin(x1); break;
      case Feature::kSinX2: v = Sin(x2); break;
    }
    out[i] = static_cast<float>(v);
  }
}

}  // namespace bw::nn
