// Benchmark: quantize + dequantize 16M floats (block 64, int4_sym and nf4) against memcpy of the
// same 64 MiB in the same run. Prints one JSON line per measurement (best of 3 runs).
//   build/<dir>/bench_quant [n]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/quant/quant.h"

namespace {

double Seconds(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace bw::quant;
  const int64_t n = argc > 1 ? std::atoll(argv[1]) : int64_t{1} << 24;
  TensorSpec spec;
  spec.n = n;
  spec.seed = 1;
  std::string error;
  std::vector<float> x = MakeTensor(spec, &error);
  if (x.empty()) {
    std::fprintf(stderr, "bench_quant: %s\n", error.c_str());
    return 2;
  }
  const size_t bytes = x.size() * sizeof(float);

  // memcpy of the same bytes (best of 3; the destination is touched first so page faults don't count).
  std::vector<float> dst(x.size(), 1.0f);
  double memcpy_s = 1e30;
  for (int rep = 0; rep < 3; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    std::memcpy(dst.data(), x.data(), bytes);
    auto t1 = std::chrono::steady_clock::now();
    memcpy_s = std::min(memcpy_s, Seconds(t0, t1));
  }
  volatile float sink = dst[x.size() / 2];
  (void)sink;
  std::printf(
      "{\"bench\": \"quant\", \"case\": \"memcpy\", \"n\": %lld, \"bytes\": %zu, \"seconds\": %.6f, \"gb_per_s\": "
      "%.3f}\n",
      static_cast<long long>(n), bytes, memcpy_s, bytes / memcpy_s / 1e9);

  for (const char* scheme : {"int4_sym", "nf4"}) {
    QuantConfig c = DefaultConfig(scheme);
    c.granularity = Granularity::kBlock;
    c.block = 64;
    double best = 1e30;
    double sqnr = 0;
    for (int rep = 0; rep < 3; ++rep) {
      auto t0 = std::chrono::steady_clock::now();
      QuantResult r = Quantize(x, DefaultRowLength(n), c);  // quantize + dequantize + metrics
      auto t1 = std::chrono::steady_clock::now();
      if (!r.ok) {
        std::fprintf(stderr, "bench_quant: %s\n", r.error.c_str());
        return 1;
      }
      best = std::min(best, Seconds(t0, t1));
      sqnr = r.metrics.sqnr_db;
    }
    std::printf(
        "{\"bench\": \"quant\", \"case\": \"%s_block64\", \"n\": %lld, \"seconds\": %.6f, "
        "\"elements_per_s\": %.4g, \"ratio_to_memcpy\": %.2f, \"sqnr_db\": %.3f}\n",
        scheme, static_cast<long long>(n), best, n / best, best / memcpy_s, sqnr);
  }
  return 0;
}
