// bw::nn datasets — TensorFlow Playground's 2-D datasets, seeded, with a train/test split.
//
//   DatasetOptions o;  o.kind = DatasetKind::kSpiral;  o.noise = 0.1;  o.seed = 7;
//   Dataset d = MakeDataset(o);            // d.train / d.test points: x1, x2, label (±1) or target (plane)
//   std::vector<float> f = FeatureRow(p, {Feature::kX1, Feature::kX2, Feature::kX1X2});
//
// Generators follow tensorflow/playground src/dataset.ts (classifyCircleData, classifyXORData,
// classifyTwoGaussData, classifySpiralData, regressPlane): points in [−6, 6]², labels ±1 (plane:
// a real target in [−1, 1]); noise 0..0.5 like the Playground's 0..50 % slider. Deterministic for a
// seed on every platform (own RNG and sin/cos, see nn_math.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bw::nn {

enum class DatasetKind { kCircle, kXor, kGauss, kSpiral, kPlane };
enum class Feature { kX1, kX2, kX1Squared, kX2Squared, kX1X2, kSinX1, kSinX2 };
constexpr int kFeatureCount = 7;

const char* DatasetName(DatasetKind k);  // "circle", "xor", "gauss", "spiral", "plane"
bool ParseDataset(const std::string& name, DatasetKind* out);
const char* FeatureName(Feature f);  // "x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"
bool ParseFeature(const std::string& name, Feature* out);
bool IsRegression(DatasetKind k);  // plane

struct DatasetOptions {
  DatasetKind kind = DatasetKind::kCircle;
  int samples = 500;            // total points (Playground: 500)
  double noise = 0.0;           // 0..0.5
  double train_fraction = 0.5;  // Playground: 50 %
  uint64_t seed = 1;
};

struct DataPoint {
  double x1 = 0, x2 = 0;
  double target = 0;  // classification: +1 / −1; plane: value in [−1, 1]
  int label = 0;      // classification: 1 if target > 0, else 0; plane: 0
};

struct Dataset {
  DatasetOptions options;
  std::vector<DataPoint> train, test;
  double extent = 6.0;  // points lie in [−extent, extent]² (the heatmap's range)
};

// Generates and splits (shuffled with the seed). Options must be valid (see ValidateDataset).
Dataset MakeDataset(const DatasetOptions& options);
// Errors for bad options ("samples must be 4..100000, got 2"), empty if fine.
std::vector<std::string> ValidateDataset(const DatasetOptions& options);

// Input row for a point: the chosen features in order (x1², sin x1, ... computed in double, stored as float).
void FeatureRow(double x1, double x2, const std::vector<Feature>& features, float* out);

}  // namespace bw::nn
