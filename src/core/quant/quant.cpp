// Quantize / dequantize kernels, scale storage, double quantization and metrics.
//
// [SECTION] Element grids        the values each scheme's codes stand for
// [SECTION] Group kernels        one group (tensor / row / block) → codes + exact scale
// [SECTION] Scale storage        exact scale → stored scale (FP16/BF16/E8M0 rounding, double quant)
// [SECTION] Quantizer            sliced driver: groups, then scales, then dequantize + metrics
// [SECTION] Helpers              one-shot Quantize, comparison, post-training quantization
//
// Sources, per scheme:
//   int8_sym    llama.cpp ggml-quants.c quantize_row_q8_0_ref: amax, d = amax/127, id = 1/d,
//               q = roundf(x·id); Wu et al., "Integer Quantization for Deep Learning Inference"
//               (arXiv:2004.09602) §3: symmetric scale over [−127, 127].
//   int4_sym    llama.cpp quantize_row_q4_0_ref: max = the value of largest magnitude (sign kept),
//               d = max/−8, id = 1/d, q = min(15, (int8_t)(x·id + 8.5)) − 8, i.e. codes −8..7.
//   uint*_asym  PyTorch torch.ao.quantization MinMaxObserver (range extended to include 0),
//               s = (max − min)/(2^b − 1), zero_point = −round(min/s), q = clamp(round(x/s) + zp).
//   nf4         bitsandbytes functional.py get_4bit_type("nf4") values; quantize_4bit: absmax per
//               block, code = nearest NF4 value to x/absmax (the CUDA decision tree dQuantizeNF4
//               compares against the midpoints); QLoRA arXiv:2305.14314.
//   fp8_*       per-tensor scaling as in NVIDIA Transformer Engine: s = amax / format max, cast
//               x/s with round-to-nearest-even, saturating.
//   mx*         OCP MX v1.0 §6.3 and microsoft/microxcaling mx_ops.py _quantize_mx:
//               shared_exp = floor(log2(amax)) − emax_elem (amax = 0 → log2 of FP32's min normal),
//               clamped to [−127, 127]; scale = 2^shared_exp stored as E8M0; elements x/scale
//               rounded to nearest even and saturated to the element format's max.
//   nvfp4       NVIDIA Transformer Engine docs/features/low_precision_training/nvfp4/nvfp4.rst
//               (x = x_e2m1 · s_block · s_global; s_global = amax/(448·6) FP32 per tensor;
//               s_block = (block_amax/6)/s_global rounded to E4M3, sign ignored, max 448). Unlike
//               the other schemes the codes use the ROUNDED block scale, as TE's kernels do.
//   double quant  QLoRA §3 / bitsandbytes quantize_4bit(compress_statistics=True): offset = mean of
//               the FP32 block scales; quantize_blockwise(scales − offset, blocksize=256) with the
//               default 8-bit code create_dynamic_map(signed=True) (functional.py; Dettmers,
//               "8-Bit Approximations for Parallelism in Deep Learning", arXiv:1511.04561): each
//               centred scale becomes the nearest code value × the block's absmax (FP32).
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/formats/formats.h"
#include "core/quant/quant.h"

namespace bw::quant {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Element grids

// bitsandbytes functional.py get_4bit_type("nf4") (also QLoRA Appendix E), codes 0..15.
constexpr float kNf4Values[16] = {-1.0f,
                                  -0.6961928009986877f,
                                  -0.5250730514526367f,
                                  -0.39491748809814453f,
                                  -0.28444138169288635f,
                                  -0.18477343022823334f,
                                  -0.09105003625154495f,
                                  0.0f,
                                  0.07958029955625534f,
                                  0.16093020141124725f,
                                  0.24611230194568634f,
                                  0.33791524171829224f,
                                  0.44070982933044434f,
                                  0.5626170039176941f,
                                  0.7229568362236023f,
                                  1.0f};

enum class Kind { kInt8Sym, kInt4Sym, kUintAsym, kNf4, kFloatCast, kMxFloat, kMxInt8, kNvfp4 };

struct Scheme {
  Kind kind = Kind::kInt8Sym;
  int code_bits = 8;
  int qmax = 0;                               // integer schemes: largest code
  const formats::FormatSpec* elem = nullptr;  // FP8/FP6/FP4 element format
  double elem_max = 0;                        // largest finite element value
  int emax_elem = 0;                          // MX: exponent of the element format's largest normal
  std::vector<double> grid;                   // element values in units of one scale, ascending
  double clip_lo = 0, clip_hi = 0;            // |x/s| beyond these by saturation, not rounding
};

formats::RoundOptions Saturating() {
  formats::RoundOptions o;
  o.rounding = formats::Rounding::kNearestEven;
  o.overflow = formats::Overflow::kSaturate;
  return o;
}

// Every finite value of a small float format, ascending, one zero.
std::vector<double> FormatGrid(const formats::FormatSpec& f) {
  std::vector<double> g;
  const uint64_t count = uint64_t{1} << f.container_bits;
  for (uint64_t b = 0; b < count; ++b) {
    double v = formats::DecodeBits(b, f);
    if (std::isfinite(v)) g.push_back(v == 0 ? 0.0 : v);
  }
  std::sort(g.begin(), g.end());
  g.erase(std::unique(g.begin(), g.end()), g.end());
  return g;
}

bool MakeScheme(const std::string& name, Scheme& s, std::string& error) {
  auto fp = [&](const char* fmt, Kind kind, int emax) {
    s.kind = kind;
    s.elem = formats::FindFormat(fmt);
    if (!s.elem) {
      error = std::string("element format ") + fmt + " missing from the formats engine";
      return false;
    }
    s.code_bits = s.elem->bits;
    s.grid = FormatGrid(*s.elem);
    s.elem_max = s.grid.back();
    s.emax_elem = emax;
    return true;
  };
  bool ok = true;
  if (name == "int8_sym") {
    s.kind = Kind::kInt8Sym, s.code_bits = 8, s.qmax = 127;
    for (int q = -127; q <= 127; ++q) s.grid.push_back(q);
  } else if (name == "int4_sym") {
    s.kind = Kind::kInt4Sym, s.code_bits = 4, s.qmax = 7;
    for (int q = -8; q <= 7; ++q) s.grid.push_back(q);
  } else if (name == "uint8_asym" || name == "uint4_asym") {
    s.kind = Kind::kUintAsym, s.code_bits = name == "uint8_asym" ? 8 : 4;
    s.qmax = (1 << s.code_bits) - 1;
    for (int q = 0; q <= s.qmax; ++q) s.grid.push_back(q);
  } else if (name == "nf4") {
    s.kind = Kind::kNf4, s.code_bits = 4;
    s.grid.assign(kNf4Values, kNf4Values + 16);
  } else if (name == "fp8_e4m3") {
    ok = fp("fp8_e4m3", Kind::kFloatCast, 8);
  } else if (name == "fp8_e5m2") {
    ok = fp("fp8_e5m2", Kind::kFloatCast, 15);
  } else if (name == "mxfp8_e4m3") {  // emax_elem values: OCP MX v1.0 Table 1 / microxcaling formats.py
    ok = fp("fp8_e4m3", Kind::kMxFloat, 8);
  } else if (name == "mxfp8_e5m2") {
    ok = fp("fp8_e5m2", Kind::kMxFloat, 15);
  } else if (name == "mxfp6_e3m2") {
    ok = fp("fp6_e3m2", Kind::kMxFloat, 4);
  } else if (name == "mxfp6_e2m3") {
    ok = fp("fp6_e2m3", Kind::kMxFloat, 2);
  } else if (name == "mxfp4") {
    ok = fp("fp4_e2m1", Kind::kMxFloat, 2);
  } else if (name == "nvfp4") {
    ok = fp("fp4_e2m1", Kind::kNvfp4, 2);
  } else if (name == "mxint8") {
    // OCP MX v1.0 §5.3: MXINT8 elements are two's-complement int8 with an implicit scale 2^−6.
    s.kind = Kind::kMxInt8, s.code_bits = 8, s.qmax = 127, s.emax_elem = 0;
    for (int q = -127; q <= 127; ++q) s.grid.push_back(q / 64.0);
  } else {
    error = "unknown scheme '" + name + "'";
    return false;
  }
  if (!ok) return false;
  // Saturation thresholds: half a step past each end of the grid.
  const size_t n = s.grid.size();
  s.clip_lo = s.grid[0] - (s.grid[1] - s.grid[0]) / 2;
  s.clip_hi = s.grid[n - 1] + (s.grid[n - 1] - s.grid[n - 2]) / 2;
  return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Group kernels

struct GroupOut {
  float scale_exact = 0;   // scale the codes were computed with (nvfp4: before rounding the block scale)
  float scale_stored = 0;  // nvfp4: the decode scale as stored, s_block(UE4M3) · s_global
  float block_scale = 0;   // nvfp4: s_block as stored in UE4M3
  int16_t zero_point = 0;
  int64_t clipped = 0;
};

// Largest finite |x| and the signed value that has it (first occurrence, as llama.cpp).
void AbsMax(const float* x, int64_t n, float& amax, float& signed_max) {
  amax = 0;
  signed_max = 0;
  for (int64_t i = 0; i < n; ++i) {
    float a = std::fabs(x[i]);
    if (a > amax && a <= std::numeric_limits<float>::max()) {
      amax = a;
      signed_max = x[i];
    }
  }
}

// Smallest power of two ≥ v (v > 0), as an E8M0 value (2^−127 .. 2^127).
float CeilPow2(double v) {
  if (!(v > 0)) return std::ldexp(1.0f, -127);
  int e = static_cast<int>(std::ceil(std::log2(v)));
  if (std::ldexp(1.0, e - 1) >= v) --e;  // guard log2 rounding up
  if (std::ldexp(1.0, e) < v) ++e;       // guard log2 rounding down
  return static_cast<float>(std::ldexp(1.0, std::clamp(e, -127, 127)));
}

// Midpoints between neighbouring NF4 values: bitsandbytes' dQuantizeNF4 decision tree compares
// x/absmax against exactly these thresholds (4 comparisons, a binary search).
struct Nf4Midpoints {
  float mid[15];
  Nf4Midpoints() {
    for (int k = 0; k < 15; ++k) mid[k] = 0.5f * (kNf4Values[k] + kNf4Values[k + 1]);
  }
};
const Nf4Midpoints kNf4Mid;

int NearestNf4(float v) {
  int idx = 0;  // branch-free: random data makes every comparison unpredictable
  idx += 8 * (v > kNf4Mid.mid[idx + 7]);
  idx += 4 * (v > kNf4Mid.mid[idx + 3]);
  idx += 2 * (v > kNf4Mid.mid[idx + 1]);
  idx += 1 * (v > kNf4Mid.mid[idx]);
  return idx;
}

GroupOut QuantizeGroup(const Scheme& s, bool e8m0_scale, const float* x, int64_t n, int16_t* codes,
                       float global_encode = 1.0f) {
  GroupOut out;
  float amax, smax;
  AbsMax(x, n, amax, smax);
  switch (s.kind) {
    case Kind::kNvfp4: {
      // Transformer Engine: S_dec_b = block_amax / 6 · S_enc (S_enc = 1/s_global), clamped to 448 and
      // cast to E4M3 (positive, so the UE4M3 code); elements x · S_enc / S_dec_b_fp8 cast to E2M1.
      // In FP32 as TE's kernels: S_enc = 448·6/amax; S_dec_b = block_amax/6 · S_enc; element factor
      // S_enc / S_dec_b_fp8 (so a block scale of 448 with S_enc = 224 gives exactly 0.5).
      static const formats::FormatSpec* ue4m3 = formats::FindFormat("ue4m3");
      const float encode = global_encode;
      const float exact = amax / 6.0f * encode;
      const float block =
          ue4m3 ? static_cast<float>(formats::RoundToFormat(std::min(exact, 448.0f), *ue4m3, Saturating())) : exact;
      out.scale_exact = exact / encode;
      out.block_scale = block;
      out.scale_stored = block / encode;
      const float factor = block != 0 ? encode / block : 0.0f;
      const formats::RoundOptions opt = Saturating();
      for (int64_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i]) || factor == 0) {
          if (std::isfinite(x[i]) && x[i] != 0 && factor == 0) ++out.clipped;  // the block scale underflowed
          codes[i] = 0;
          continue;
        }
        const double v = static_cast<double>(x[i] * factor);  // the product in FP32, as TE
        if (v < s.clip_lo || v > s.clip_hi) ++out.clipped;
        codes[i] = static_cast<int16_t>(formats::EncodeDouble(v, *s.elem, opt));
      }
      break;
    }
    case Kind::kInt8Sym:
    case Kind::kInt4Sym: {
      float d;
      if (e8m0_scale) {
        d = CeilPow2(static_cast<double>(amax) / s.qmax);  // no element leaves the grid
      } else {
        d = s.kind == Kind::kInt8Sym ? amax / 127.0f : smax / -8.0f;
      }
      const float id = d != 0 ? 1.0f / d : 0.0f;
      out.scale_exact = d;
      for (int64_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i])) {
          codes[i] = 0;
          continue;
        }
        const float v = x[i] * id;
        int q;
        if (s.kind == Kind::kInt8Sym) {
          q = static_cast<int>(std::roundf(v));
          q = std::clamp(q, -127, 127);
        } else {
          q = std::min(15, static_cast<int>(v + 8.5f)) - 8;  // llama.cpp Q4_0's truncating round
          q = std::max(q, -8);
        }
        if (v < s.clip_lo || v > s.clip_hi) ++out.clipped;
        codes[i] = static_cast<int16_t>(q);
      }
      break;
    }
    case Kind::kUintAsym: {
      float lo = 0, hi = 0;  // the range always includes 0 so that 0 is exact (PyTorch observers)
      for (int64_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i])) continue;
        lo = std::min(lo, x[i]);
        hi = std::max(hi, x[i]);
      }
      float sc = e8m0_scale ? CeilPow2((static_cast<double>(hi) - lo) / s.qmax)
                            : static_cast<float>((static_cast<double>(hi) - lo) / s.qmax);
      if (hi == lo) sc = 0;
      const float id = sc != 0 ? 1.0f / sc : 0.0f;
      int zp = sc != 0 ? static_cast<int>(std::nearbyint(-lo * id)) : 0;
      zp = std::clamp(zp, 0, s.qmax);
      out.scale_exact = sc;
      out.zero_point = static_cast<int16_t>(zp);
      for (int64_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i])) {
          codes[i] = static_cast<int16_t>(zp);
          continue;
        }
        const float v = x[i] * id + static_cast<float>(zp);
        if (v < s.clip_lo || v > s.clip_hi) ++out.clipped;
        codes[i] = static_cast<int16_t>(std::clamp(static_cast<int>(std::nearbyint(v)), 0, s.qmax));
      }
      break;
    }
    case Kind::kNf4: {
      const float a = e8m0_scale ? CeilPow2(amax) : amax;
      const float id = a != 0 ? 1.0f / a : 0.0f;
      out.scale_exact = a;
      for (int64_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i])) {
          codes[i] = 7;  // the exact zero
          continue;
        }
        const float v = x[i] * id;
        if (v < s.clip_lo || v > s.clip_hi) ++out.clipped;
        codes[i] = static_cast<int16_t>(NearestNf4(v));
      }
      break;
    }
    case Kind::kFloatCast:
    case Kind::kMxFloat:
    case Kind::kMxInt8: {
      double sc;
      if (s.kind == Kind::kFloatCast) {
        sc = e8m0_scale ? CeilPow2(amax / s.elem_max) : static_cast<float>(amax / s.elem_max);
      } else {
        // OCP MX: floor(log2(amax)) − emax_elem; amax = 0 uses FP32's smallest normal (microxcaling).
        const double a = amax > 0 ? amax : std::ldexp(1.0, -126);
        int e = std::ilogb(a) - s.emax_elem;  // ilogb = floor(log2) exactly, also for subnormals
        sc = std::ldexp(1.0, std::clamp(e, -127, 127));
      }
      out.scale_exact = static_cast<float>(sc);
      const formats::RoundOptions opt = Saturating();
      for (int64_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i]) || sc == 0) {
          codes[i] = 0;
          continue;
        }
        const double v = x[i] / sc;  // exact for power-of-two scales
        if (v < s.clip_lo || v > s.clip_hi) ++out.clipped;
        if (s.kind == Kind::kMxInt8) {
          codes[i] = static_cast<int16_t>(std::clamp(static_cast<int>(std::nearbyint(v * 64)), -127, 127));
        } else {
          codes[i] = static_cast<int16_t>(formats::EncodeDouble(v, *s.elem, opt));
        }
      }
      break;
    }
  }
  return out;
}

// Element value of a code, in units of one scale (before adding/removing the zero-point).
struct Decoder {
  std::vector<float> table;  // for schemes with ≤ 256 codes indexed by code (+ offset)
  int offset = 0;
};

Decoder MakeDecoder(const Scheme& s) {
  Decoder d;
  switch (s.kind) {
    case Kind::kInt8Sym:
    case Kind::kMxInt8:
      d.offset = 127;
      for (int q = -127; q <= 127; ++q) d.table.push_back(s.kind == Kind::kMxInt8 ? q / 64.0f : static_cast<float>(q));
      break;
    case Kind::kInt4Sym:
      d.offset = 8;
      for (int q = -8; q <= 7; ++q) d.table.push_back(static_cast<float>(q));
      break;
    case Kind::kUintAsym:
      for (int q = 0; q <= s.qmax; ++q) d.table.push_back(static_cast<float>(q));
      break;
    case Kind::kNf4: d.table.assign(kNf4Values, kNf4Values + 16); break;
    case Kind::kFloatCast:
    case Kind::kMxFloat:
    case Kind::kNvfp4: {
      const uint64_t count = uint64_t{1} << s.elem->container_bits;
      for (uint64_t b = 0; b < count; ++b) d.table.push_back(static_cast<float>(formats::DecodeBits(b, *s.elem)));
      break;
    }
  }
  return d;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Scale storage

}  // namespace

const std::vector<float>& DynamicMap() {
  // bitsandbytes functional.py create_dynamic_map(signed=True, max_exponent_bits=7, total_bits=8):
  // for i = 0..6, the 2^i midpoints of linspace(0.1, 1, 2^i + 1), times ±10^(i−6); then 0 and 1.
  // (7 non-sign bits − 7 exponent bits leave no "additional items".) Computed in float as torch does.
  static const std::vector<float> map = [] {
    std::vector<float> data;
    for (int i = 0; i < 7; ++i) {
      const int items = (1 << i) + 1;
      std::vector<float> bounds(static_cast<size_t>(items));
      for (int k = 0; k < items; ++k) bounds[static_cast<size_t>(k)] = static_cast<float>(0.1 + 0.9 * k / (items - 1));
      const float p10 = static_cast<float>(std::pow(10.0, i - 6));
      for (int k = 0; k + 1 < items; ++k) {
        const float mean = (bounds[static_cast<size_t>(k)] + bounds[static_cast<size_t>(k) + 1]) / 2.0f;
        data.push_back(p10 * mean);
        data.push_back(-p10 * mean);
      }
    }
    data.push_back(0.0f);
    data.push_back(1.0f);
    std::sort(data.begin(), data.end());
    return data;
  }();
  return map;
}

namespace {

// Rounds every exact scale to its storage format (FP16/BF16: round to nearest even, saturating;
// FP32 as is; E8M0 scales were already chosen as powers of two).
void StoreScales(const std::vector<float>& exact, const std::string& format, std::vector<float>& stored) {
  stored = exact;
  if (format == "fp32" || format == "e8m0") return;
  const formats::FormatSpec* f = formats::FindFormat(format);
  if (!f) return;
  const formats::RoundOptions opt = Saturating();
  for (float& v : stored) v = static_cast<float>(formats::RoundToFormat(v, *f, opt));
}

// QLoRA-style double quantization of the per-block scales (see the file comment): centre by the
// mean, then blocks of 256 centred scales, each stored as the nearest entry of bitsandbytes'
// 8-bit dynamic map times the block's absmax (one FP32 per block).
void DoubleQuantize(const std::vector<float>& exact, std::vector<float>& stored) {
  const std::vector<float>& code = DynamicMap();
  double sum = 0;
  for (float v : exact) sum += v;
  const float mean = exact.empty() ? 0.0f : static_cast<float>(sum / static_cast<double>(exact.size()));
  stored.resize(exact.size());
  for (size_t b = 0; b < exact.size(); b += kDoubleQuantBlock) {
    const size_t e = std::min(exact.size(), b + kDoubleQuantBlock);
    float a = 0;
    for (size_t i = b; i < e; ++i) a = std::max(a, std::fabs(exact[i] - mean));
    const float ia = a != 0 ? 1.0f / a : 0.0f;
    for (size_t i = b; i < e; ++i) {
      const float v = (exact[i] - mean) * ia;
      // nearest code entry (the map is sorted)
      size_t k = static_cast<size_t>(std::lower_bound(code.begin(), code.end(), v) - code.begin());
      if (k == code.size() || (k > 0 && v - code[k - 1] <= code[k] - v)) --k;
      stored[i] = code[k] * a + mean;
    }
  }
}

std::string Plural(int64_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Quantizer

// Per-run state the Quantizer keeps between steps (not part of the result).
struct QuantizerRun {
  Scheme scheme;
  Decoder decoder;
  int64_t clipped = 0;
  int64_t next_element = 0;
  // Metric sums over finite elements (double, in element order: deterministic).
  double sum_err2 = 0, sum_x2 = 0, sum_y2 = 0, sum_xy = 0, max_abs = 0;
  int64_t finite = 0, nan = 0, inf = 0, flushed = 0, nonzero = 0;
  float global_encode = 1.0f;  // nvfp4: 1/s_global = 448·6/amax (TE's S_enc)
  std::vector<float> stored;   // nvfp4: decode scales as stored, per group
};

void Quantizer::Begin(const std::vector<float>& x, int64_t row_length, const QuantConfig& c) {
  x_ = &x;
  result_ = QuantResult();
  next_group_ = 0;
  stage_ = 0;
  done_ = false;
  run_ = std::make_shared<QuantizerRun>();
  auto fail = [&](std::string message) {
    result_.ok = false;
    result_.error = std::move(message);
    done_ = true;
  };
  std::string error;
  std::optional<QuantConfig> rc = Resolve(c, &error);
  if (!rc) return fail(error);
  result_.config = *rc;
  const int64_t n = static_cast<int64_t>(x.size());
  if (n == 0) return fail("the tensor is empty (n = 0)");
  if (n > kMaxElements) {
    return fail("the tensor has " + std::to_string(n) + " elements, above the cap of " + std::to_string(kMaxElements));
  }
  if (row_length == 0) row_length = n;
  if (row_length < 0 || n % row_length != 0) {
    return fail("row length " + std::to_string(row_length) + " does not divide the tensor size " + std::to_string(n));
  }
  std::optional<double> bpp = BitsPerParam(*rc, row_length, &error, n / row_length);
  if (!bpp) return fail(error);
  if (!MakeScheme(rc->scheme, run_->scheme, error)) return fail(error);
  run_->decoder = MakeDecoder(run_->scheme);
  result_.n = n;
  result_.row_length = row_length;
  switch (rc->granularity) {
    case Granularity::kTensor: result_.group_size = n; break;
    case Granularity::kChannel: result_.group_size = row_length; break;
    default: result_.group_size = rc->block; break;
  }
  result_.num_groups = n / result_.group_size;
  result_.metrics.bits_per_param = *bpp;
  result_.grid = run_->scheme.grid;
  if (run_->scheme.kind == Kind::kNvfp4) {
    // The FP32 per-tensor scale from the tensor's amax over finite values: s_global = amax / (448·6)
    // (Transformer Engine; an all-zero tensor keeps 1). Without it (the demo) s_global = 1.
    float amax = 0, smax = 0;
    AbsMax(x.data(), n, amax, smax);
    float enc = 1.0f;
    if (rc->tensor_scale && amax > 0) enc = 448.0f * 6.0f / amax;
    if (!(enc > 0) || !std::isfinite(enc)) enc = 1.0f;  // TE: 1 for amax 0, FP32 max clamp for tiny amax
    run_->global_encode = enc;
    result_.tensor_scale = 1.0 / static_cast<double>(enc);
    run_->stored.assign(static_cast<size_t>(result_.num_groups), 0.0f);
    result_.block_scales.assign(static_cast<size_t>(result_.num_groups), 0.0f);
  }
  result_.codes.assign(static_cast<size_t>(n), 0);
  result_.dequantized.assign(static_cast<size_t>(n), 0.0f);
  result_.scales_exact.assign(static_cast<size_t>(result_.num_groups), 0.0f);
  if (run_->scheme.kind == Kind::kUintAsym) result_.zero_points.assign(static_cast<size_t>(result_.num_groups), 0);
}

double Quantizer::progress() const {
  if (done_ || result_.n == 0) return 1.0;
  // Stage 0 (codes) and stage 2 (dequantize + metrics) are each about half the work.
  if (stage_ == 0) return 0.5 * static_cast<double>(next_group_) / static_cast<double>(result_.num_groups);
  return 0.5 + 0.5 * static_cast<double>(run_->next_element) / static_cast<double>(result_.n);
}

bool Quantizer::Step(int64_t max_elements) {
  if (done_) return true;
  if (max_elements < 1) max_elements = 1;
  QuantizerRun& run = *run_;
  const std::vector<float>& x = *x_;
  QuantResult& r = result_;
  const bool e8m0 = r.config.scale_format == "e8m0";
  if (stage_ == 0) {
    int64_t budget = max_elements;
    while (next_group_ < r.num_groups && budget > 0) {
      const int64_t start = next_group_ * r.group_size;
      GroupOut g =
          QuantizeGroup(run.scheme, e8m0, x.data() + start, r.group_size, r.codes.data() + start, run.global_encode);
      r.scales_exact[static_cast<size_t>(next_group_)] = g.scale_exact;
      if (run.scheme.kind == Kind::kNvfp4) {
        run.stored[static_cast<size_t>(next_group_)] = g.scale_stored;
        r.block_scales[static_cast<size_t>(next_group_)] = g.block_scale;
        float block_amax = 0, block_smax = 0;
        AbsMax(x.data() + start, r.group_size, block_amax, block_smax);
        if (g.block_scale == 0 && block_amax > 0) ++r.zero_block_scales;
      }
      if (!r.zero_points.empty()) r.zero_points[static_cast<size_t>(next_group_)] = g.zero_point;
      run.clipped += g.clipped;
      budget -= r.group_size;
      ++next_group_;
    }
    if (next_group_ < r.num_groups) return false;
    // Stored scales: rounded to the scale format, or double-quantized.
    if (run.scheme.kind == Kind::kNvfp4) {
      r.scales = run.stored;  // already rounded to UE4M3 inside each block (the codes used them)
    } else if (r.config.double_quant) {
      DoubleQuantize(r.scales_exact, r.scales);
    } else {
      StoreScales(r.scales_exact, r.config.scale_format, r.scales);
    }
    stage_ = 1;
    return false;
  }
  // Stage 1: dequantize and accumulate metrics, element by element (group by group inside).
  const int64_t end = std::min(r.n, run.next_element + max_elements);
  const float* table = run.decoder.table.data() + run.decoder.offset;
  const int16_t* codes = r.codes.data();
  float* out = r.dequantized.data();
  // Sums in locals (kept in registers); same order of additions as one pass, so slicing and
  // platforms give identical metrics.
  double sum_err2 = run.sum_err2, sum_x2 = run.sum_x2, sum_y2 = run.sum_y2, sum_xy = run.sum_xy;
  double max_abs = run.max_abs;
  int64_t finite = 0, nonzero = 0, flushed = 0;
  for (int64_t i = run.next_element; i < end;) {
    const int64_t g = i / r.group_size;
    const int64_t group_end = std::min(end, (g + 1) * r.group_size);
    const float scale = r.scales[static_cast<size_t>(g)];
    const float zp = r.zero_points.empty() ? 0.0f : static_cast<float>(r.zero_points[static_cast<size_t>(g)]);
    for (; i < group_end; ++i) {
      const float xi = x[static_cast<size_t>(i)];
      if (!std::isfinite(xi)) {
        out[i] = xi;  // passed through and counted, never mixed into the metrics
        if (std::isnan(xi))
          ++run.nan;
        else
          ++run.inf;
        continue;
      }
      const float y = (table[codes[i]] - zp) * scale;
      out[i] = y;
      const double err = static_cast<double>(y) - xi;
      sum_err2 += err * err;
      sum_x2 += static_cast<double>(xi) * xi;
      sum_y2 += static_cast<double>(y) * y;
      sum_xy += static_cast<double>(xi) * y;
      max_abs = std::max(max_abs, std::fabs(err));
      ++finite;
      nonzero += xi != 0;
      flushed += (xi != 0) & (y == 0);
    }
  }
  run.sum_err2 = sum_err2, run.sum_x2 = sum_x2, run.sum_y2 = sum_y2, run.sum_xy = sum_xy, run.max_abs = max_abs;
  run.finite += finite, run.nonzero += nonzero, run.flushed += flushed;
  run.next_element = end;
  if (end < r.n) return false;

  Metrics& m = r.metrics;
  m.finite_count = run.finite;
  m.nan_count = run.nan;
  m.inf_count = run.inf;
  const double nf = static_cast<double>(std::max<int64_t>(run.finite, 1));
  m.mse = run.sum_err2 / nf;
  m.rmse = std::sqrt(m.mse);
  m.max_abs_error = run.max_abs;
  m.signal_power = run.sum_x2 / nf;
  m.sqnr_db = run.sum_err2 > 0 ? 10.0 * std::log10(run.sum_x2 / run.sum_err2) : std::numeric_limits<double>::infinity();
  if (run.sum_x2 == 0 && run.sum_y2 == 0) {
    m.cosine = 1.0;
  } else if (run.sum_x2 == 0 || run.sum_y2 == 0) {
    m.cosine = 0.0;
  } else {
    m.cosine = run.sum_xy / (std::sqrt(run.sum_x2) * std::sqrt(run.sum_y2));
  }
  m.clipped_fraction = static_cast<double>(run.clipped) / nf;
  m.zero_fraction = run.nonzero > 0 ? static_cast<double>(run.flushed) / static_cast<double>(run.nonzero) : 0.0;
  if (run.nan + run.inf > 0) {
    r.warning = Plural(run.nan, "NaN value") + " and " + Plural(run.inf, "infinite value") +
                " in the tensor: left out of the scales and the metrics (passed through as they are)";
  }
  if (run.finite == 0) {
    r.ok = false;
    r.error = "the tensor has no finite values (" + r.warning + ")";
  } else {
    r.ok = true;
  }
  done_ = true;
  return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Helpers

QuantResult Quantize(const std::vector<float>& x, int64_t row_length, const QuantConfig& c) {
  Quantizer q;
  q.Begin(x, row_length, c);
  while (!q.Step(kMaxElements)) {}
  return q.TakeResult();
}

std::vector<double> FirstGroupLevels(const QuantResult& r) {
  std::vector<double> levels;
  if (!r.ok || r.scales.empty()) return levels;
  const double s = r.scales[0];
  const double zp = r.zero_points.empty() ? 0.0 : r.zero_points[0];
  for (double g : r.grid) levels.push_back(static_cast<double>(static_cast<float>((g - zp) * s)));
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  return levels;
}

std::vector<ComparisonRow> CompareSchemes(const std::vector<float>& x, int64_t row_length,
                                          const std::vector<QuantConfig>& configs) {
  std::vector<ComparisonRow> rows;
  for (const QuantConfig& c : configs) {
    QuantResult r = Quantize(x, row_length, c);
    ComparisonRow row;
    row.config = r.ok ? r.config : c;
    row.ok = r.ok;
    row.error = r.error;
    row.metrics = r.metrics;
    rows.push_back(std::move(row));
  }
  return rows;
}

PtqResult QuantizeWeights(const std::vector<WeightTensor>& weights, const QuantConfig& c) {
  PtqResult out;
  double bits = 0;
  for (const WeightTensor& w : weights) {
    QuantResult r = Quantize(w.values, w.row_length, c);
    if (!r.ok) {
      out.error = w.name + ": " + r.error;
      out.dequantized.clear();
      out.per_tensor.clear();
      return out;
    }
    out.total_params += r.n;
    bits += r.metrics.bits_per_param * static_cast<double>(r.n);
    out.per_tensor.push_back(r.metrics);
    out.dequantized.push_back(std::move(r.dequantized));
  }
  if (out.total_params == 0) {
    out.error = "no weights given";
    return out;
  }
  out.bits_per_param = bits / static_cast<double>(out.total_params);
  out.weight_bytes = bits / 8.0;
  out.ok = true;
  return out;
}

}  // namespace bw::quant
