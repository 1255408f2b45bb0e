// Bulk FP32 → BF16 / FP16 / FP8 (E4M3, E5M2) conversion of 16M values, against memcpy of the same
// input bytes in the same run. Prints one JSON line per operation:
//   {"bench": "formats", "op": "fp32_to_bf16", "n": 16777216, "seconds": ..., "elements_per_s": ...,
//    "memcpy_seconds": ..., "time_ratio_to_memcpy": ...}   (ratio = conversion time / memcpy time)
// Best of 5 repetitions each. Run natively and as wasm (node) by ./build.sh bench.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/formats/formats.h"

using namespace bw::formats;

namespace {

template <typename Fn>
double Best(Fn fn) {
  double best = 1e30;
  for (int rep = 0; rep < 5; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    fn();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (s < best) best = s;
  }
  return best;
}

}  // namespace

int main() {
  const size_t n = size_t{1} << 24;
  std::vector<float> in(n), copy(n);
  uint64_t s = 1;
  for (size_t i = 0; i < n; ++i) {  // values spread over ±2^−12..2^12 (activations/weights-like magnitudes)
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    uint32_t b = static_cast<uint32_t>(s >> 32);
    b = (b & 0x807FFFFFu) | ((115u + static_cast<uint32_t>((s >> 8) % 24)) << 23);
    std::memcpy(&in[i], &b, 4);
  }
  std::vector<uint16_t> out16(n);
  std::vector<uint8_t> out8(n);
  uint64_t checksum = 0;
  double t_memcpy = Best([&] {
    std::memcpy(copy.data(), in.data(), n * sizeof(float));
    checksum += copy[n / 2] != 0;
  });
  struct Op {
    const char* name;
    double seconds;
  };
  std::vector<Op> ops;
  ops.push_back({"fp32_to_bf16", Best([&] {
                   FloatsToBF16(in.data(), out16.data(), n);
                   checksum += out16[n / 3];
                 })});
  ops.push_back({"fp32_to_fp16", Best([&] {
                   FloatsToFP16(in.data(), out16.data(), n);
                   checksum += out16[n / 3];
                 })});
  ops.push_back({"fp32_to_fp8_e4m3", Best([&] {
                   FloatsToFP8E4M3(in.data(), out8.data(), n);
                   checksum += out8[n / 3];
                 })});
  ops.push_back({"fp32_to_fp8_e4m3_sat", Best([&] {
                   FloatsToFP8E4M3(in.data(), out8.data(), n, Overflow::kSaturate);
                   checksum += out8[n / 3];
                 })});
  ops.push_back({"fp32_to_fp8_e5m2", Best([&] {
                   FloatsToFP8E5M2(in.data(), out8.data(), n);
                   checksum += out8[n / 3];
                 })});
  std::printf(
      "{\"bench\": \"formats\", \"op\": \"memcpy_fp32\", \"n\": %zu, \"seconds\": %.6f, \"elements_per_s\": %.4g, "
      "\"bytes_per_s\": %.4g}\n",
      n, t_memcpy, n / t_memcpy, n * 4.0 / t_memcpy);
  for (const Op& op : ops)
    std::printf(
        "{\"bench\": \"formats\", \"op\": \"%s\", \"n\": %zu, \"seconds\": %.6f, \"elements_per_s\": %.4g, "
        "\"memcpy_seconds\": %.6f, \"time_ratio_to_memcpy\": %.2f}\n",
        op.name, n, op.seconds, n / op.seconds, t_memcpy, op.seconds / t_memcpy);
  std::fprintf(stderr, "checksum %llu\n", static_cast<unsigned long long>(checksum));
  return 0;
}
