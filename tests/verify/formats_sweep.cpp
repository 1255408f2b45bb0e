// Full 2^32 sweeps of the FP32 → 16-bit conversions against independent references:
//   fp16: FloatToFP16Bits (fast path) vs the CPU's F16C _mm256_cvtps_ph (round to nearest even)
//   bf16: FloatToBF16Bits (fast path) and EncodeDouble (rounding core) vs exact-distance rounding
//   tf32: EncodeDouble (rounding core) vs exact-distance rounding
//   fp8:  FloatsToFP8E4M3/E5M2 (bulk path) vs EncodeDouble (the rounding core, itself checked on tables)
// Usage: verify_formats_sweep [--stride N] [--only NAME]
//   N > 1 samples every N-th pattern (default 1 = all 2^32); --only runs the checks whose name contains NAME.
// Prints one JSON line per check: {"check": ..., "inputs": ..., "mismatches": ..., "seconds": ...}.
#include <immintrin.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "../core/formats/reference.h"
#include "core/formats/formats.h"

using namespace bw::formats;

namespace {

__attribute__((target("f16c,avx"))) void HwToHalf8(const float* in, uint16_t* out) {
  __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(in), 0);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), h);
}

struct Result {
  uint64_t inputs = 0, mismatches = 0;
  uint32_t first_bad = 0;
  bool any_bad = false;
};

std::string g_only;  // --only: run just the checks whose name contains this

template <typename Fn>
void Sweep(const char* name, uint64_t stride, Fn check_block) {
  if (!g_only.empty() && std::string(name).find(g_only) == std::string::npos) return;
  auto t0 = std::chrono::steady_clock::now();
  const int threads = 2;
  std::vector<Result> results(threads);
  std::vector<std::thread> pool;
  const uint64_t total = uint64_t{1} << 32, block = 1 << 16;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (uint64_t start = static_cast<uint64_t>(t) * block * stride; start < total; start += threads * block * stride)
        check_block(static_cast<uint32_t>(start), static_cast<uint32_t>(block), results[t]);
    });
  }
  for (auto& th : pool) th.join();
  Result all;
  for (const Result& r : results) {
    all.inputs += r.inputs;
    all.mismatches += r.mismatches;
    if (r.any_bad && !all.any_bad) {
      all.any_bad = true;
      all.first_bad = r.first_bad;
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "{\"check\": \"%s\", \"inputs\": %llu, \"mismatches\": %llu, \"first_mismatch\": \"0x%08x\", \"seconds\": "
      "%.1f}\n",
      name, static_cast<unsigned long long>(all.inputs), static_cast<unsigned long long>(all.mismatches), all.first_bad,
      secs);
  std::fflush(stdout);
}

void Note(Result& r, uint32_t b) {
  ++r.mismatches;
  if (!r.any_bad) {
    r.any_bad = true;
    r.first_bad = b;
  }
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t stride = 1;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--stride")
      stride = std::strtoull(argv[i + 1], nullptr, 10);
    else if (std::string(argv[i]) == "--only")
      g_only = argv[i + 1];
  if (stride == 0) stride = 1;
  if (!__builtin_cpu_supports("f16c") || !__builtin_cpu_supports("avx")) {
    std::printf("{\"error\": \"this CPU lacks F16C/AVX\"}\n");
    return 1;
  }
  const FormatSpec& bf16 = *FindFormat("bf16");
  const FormatSpec& tf32 = *FindFormat("tf32");
  const FormatSpec& e4 = *FindFormat("fp8_e4m3");
  const FormatSpec& e5 = *FindFormat("fp8_e5m2");

  Sweep("fp16_fast_vs_f16c", stride, [](uint32_t start, uint32_t n, Result& r) {
    std::vector<float> in(n);
    std::vector<uint16_t> hw(n), ours(n);
    for (uint32_t i = 0; i < n; ++i) in[i] = testref::FromBits(start + i);
    for (uint32_t i = 0; i < n; i += 8) HwToHalf8(&in[i], &hw[i]);
    FloatsToFP16(in.data(), ours.data(), n);
    for (uint32_t i = 0; i < n; ++i)
      if (hw[i] != ours[i]) Note(r, start + i);
    r.inputs += n;
  });
  Sweep("bf16_fast_vs_exact_distance", stride, [](uint32_t start, uint32_t n, Result& r) {
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t b = start + i;
      if ((b & 0x7FFFFFFFu) > 0x7F800000u) continue;  // NaN: checked in the unit tests
      if (FloatToBF16Bits(testref::FromBits(b)) != testref::NearestByDistance(b, 7) >> 16) Note(r, b);
      ++r.inputs;
    }
  });
  Sweep("bf16_core_vs_exact_distance", stride, [&](uint32_t start, uint32_t n, Result& r) {
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t b = start + i;
      if ((b & 0x7FFFFFFFu) > 0x7F800000u) continue;
      if (EncodeDouble(testref::FromBits(b), bf16) != testref::NearestByDistance(b, 7) >> 16) Note(r, b);
      ++r.inputs;
    }
  });
  Sweep("tf32_core_vs_exact_distance", stride, [&](uint32_t start, uint32_t n, Result& r) {
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t b = start + i;
      if ((b & 0x7FFFFFFFu) > 0x7F800000u) continue;
      if (EncodeDouble(testref::FromBits(b), tf32) != testref::NearestByDistance(b, 10)) Note(r, b);
      ++r.inputs;
    }
  });
  Sweep("fp8_bulk_vs_core", stride, [&](uint32_t start, uint32_t n, Result& r) {
    std::vector<float> in(n);
    std::vector<uint8_t> a(n), b(n);
    for (uint32_t i = 0; i < n; ++i) in[i] = testref::FromBits(start + i);
    FloatsToFP8E4M3(in.data(), a.data(), n);
    FloatsToFP8E5M2(in.data(), b.data(), n);
    for (uint32_t i = 0; i < n; ++i) {
      if (in[i] != in[i]) continue;  // NaN payload handling differs by design
      if (a[i] != EncodeDouble(in[i], e4) || b[i] != EncodeDouble(in[i], e5)) Note(r, start + i);
      ++r.inputs;
    }
  });
  return 0;
}
