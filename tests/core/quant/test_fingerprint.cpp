// Native and wasm compute the same bits: FNV-1a fingerprints of tensors and of every scheme's codes,
// scales and dequantized values. The constants were printed by the native build and must be
// reproduced by the em++ build (and by any other compiler): a mismatch means a platform-dependent
// result (libm, float contraction, evaluation order), not a wrong formula — the formulas are tested
// against their references in the other files.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/quant/quant.h"

using namespace bw::quant;

namespace {

struct Fnv {
  uint64_t h = 1469598103934665603ull;
  void Bytes(const void* p, size_t n) {
    const unsigned char* b = static_cast<const unsigned char*>(p);
    for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  }
  template <typename T>
  void Vec(const std::vector<T>& v) {
    if (!v.empty()) Bytes(v.data(), v.size() * sizeof(T));
  }
};

uint64_t TensorPrint(Distribution d) {
  TensorSpec t;
  t.dist = d;
  t.n = 1 << 14;
  t.seed = 99;
  Fnv f;
  f.Vec(MakeTensor(t));
  return f.h;
}

}  // namespace

TEST_CASE("tensors and quantization results are bit-identical across platforms") {
  const uint64_t tensors[4] = {TensorPrint(Distribution::kNormal), TensorPrint(Distribution::kLaplace),
                               TensorPrint(Distribution::kUniform), TensorPrint(Distribution::kOutliers)};
  TensorSpec t;
  t.dist = Distribution::kOutliers;
  t.n = 1 << 14;
  t.seed = 99;
  const std::vector<float> x = MakeTensor(t);
  Fnv all;
  for (const std::string& scheme : SchemeNames()) {
    if (scheme == "nvfp4") continue;  // one fixed layout: fingerprinted below
    for (Granularity g : {Granularity::kTensor, Granularity::kChannel, Granularity::kBlock}) {
      QuantConfig c = DefaultConfig(scheme);
      c.granularity = g;
      c.scale_format = "";
      QuantResult r = Quantize(x, 4096, c);
      REQUIRE(r.ok);
      all.Vec(r.codes);
      all.Vec(r.scales);
      all.Vec(r.dequantized);
      all.Bytes(&r.metrics.mse, sizeof r.metrics.mse);
    }
  }
  Fnv nv;
  for (bool tensor_scale : {true, false}) {
    QuantConfig c = DefaultConfig("nvfp4");
    c.tensor_scale = tensor_scale;
    QuantResult r = Quantize(x, 4096, c);
    REQUIRE(r.ok);
    nv.Vec(r.codes);
    nv.Vec(r.scales);
    nv.Vec(r.dequantized);
    nv.Bytes(&r.metrics.mse, sizeof r.metrics.mse);
  }
  CHECK(nv.h == 0xf8a1a1982e3d0cb1ull);  // nvfp4 with and without the FP32 tensor scale
  // Printed by g++ 12 (x86-64, Debug+ASan) and reproduced by em++ 3.1.6 (-O2) under node.
  CHECK(tensors[0] == 0x36bf05888f8ad667ull);  // normal
  CHECK(tensors[1] == 0x72bf3639b3fbd767ull);  // laplace
  CHECK(tensors[2] == 0x587c227b4d5829a2ull);  // uniform
  CHECK(tensors[3] == 0x0f202e82275b9338ull);  // outliers
  CHECK(all.h == 0x1581a7489b8610daull);       // 13 schemes × 3 granularities
  char text[160];
  std::snprintf(text, sizeof text, "0x%016llx 0x%016llx 0x%016llx 0x%016llx results 0x%016llx",
                static_cast<unsigned long long>(tensors[0]), static_cast<unsigned long long>(tensors[1]),
                static_cast<unsigned long long>(tensors[2]), static_cast<unsigned long long>(tensors[3]),
                static_cast<unsigned long long>(all.h));
  CAPTURE(text);
}
