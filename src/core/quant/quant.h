// bw::quant — tensor quantization: schemes, granularity, scale storage, error metrics, and the
// real bits per parameter including the scales.
//
//   QuantConfig c = DefaultConfig("nf4");                  // block 64, fp32 absmax (bitsandbytes)
//   std::optional<double> bpp = BitsPerParam(c);            // 4.5 (4.127 with c.double_quant = true)
//
//   TensorSpec t; t.dist = Distribution::kOutliers; t.n = 1 << 16; t.seed = 1;
//   std::vector<float> x = MakeTensor(t);                   // seeded, identical native and wasm
//   QuantResult r = Quantize(x, /*row_length=*/4096, c);    // r.ok, r.error, r.codes, r.scales,
//   r.metrics.sqnr_db;                                      //   r.dequantized, r.metrics
//
//   Quantizer q; q.Begin(x, 4096, c);                       // the same, in slices across UI frames
//   while (!q.Step(1 << 18)) {}                             //   true once finished
//   const QuantResult& r2 = q.result();
//
// Schemes (names used by the CLI, LiveLinks and the panel): int8_sym, int4_sym, uint8_asym,
// uint4_asym, nf4, fp8_e4m3, fp8_e5m2, mxfp8_e4m3, mxfp8_e5m2, mxfp6_e3m2, mxfp6_e2m3, mxfp4, mxint8,
// nvfp4.
// Rules (sources cited in quant.cpp): int8_sym is llama.cpp Q8_0 / Wu et al. (d = amax/127);
// int4_sym is llama.cpp Q4_0 (d = signed max / −8, codes −8..7); uint*_asym are PyTorch's min–max
// affine rule (range extended to include 0, integer zero-point); nf4 is bitsandbytes' NF4;
// fp8_* cast x/s with s = amax/format max; mx* follow OCP MX v1.0 (E8M0 shared scale
// 2^(floor(log2 amax) − emax_elem), elements rounded to nearest even and saturated); nvfp4 follows
// NVIDIA Transformer Engine: s_global = amax/(448·6) in FP32 per tensor, s_block = (block amax/6)/s_global
// rounded to unsigned E4M3 (saturating at 448), elements x/(s_block·s_global) rounded to E2M1.
// Codes are computed with the exact FP32 scale and dequantized with the STORED scale (rounded to
// the scale format, or double-quantized), as llama.cpp and bitsandbytes do.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bw::quant {

// ---------------------------------------------------------------------------------------------
// Configuration and bits per parameter (no tensor needed).

enum class Granularity {
  kDefault,  // the scheme's default (see DefaultConfig)
  kTensor,   // one scale for the whole tensor
  kChannel,  // one scale per row (row_length elements)
  kBlock,    // one scale per `block` consecutive elements of a row
};

const char* GranularityName(Granularity g);                          // "default" "tensor" "channel" "block"
std::optional<Granularity> ParseGranularity(std::string_view name);  // inverse; nullopt if unknown

struct QuantConfig {
  std::string scheme;  // one of SchemeNames()
  Granularity granularity = Granularity::kDefault;
  int block = 0;              // elements per block; 0 = scheme default
  std::string scale_format;   // "fp32" "fp16" "bf16" "e8m0"; "" = default
  bool double_quant = false;  // QLoRA-style 8-bit quantization of block scales
  bool tensor_scale = true;   // nvfp4 only: false drops the FP32 per-tensor scale (the demo
                              //   of what goes wrong: block scales alone in E4M3's range)
};

// All scheme names, in display order.
const std::vector<std::string>& SchemeNames();
// Scale storage format names: fp32, fp16, bf16, e8m0, ue4m3.
const std::vector<std::string>& ScaleFormatNames();
bool IsScheme(std::string_view scheme);
bool IsMxScheme(std::string_view scheme);  // mxfp8_e4m3 ... mxint8
// Bits of one stored element code of the scheme (8, 6 or 4); 0 for an unknown scheme.
int CodeBits(std::string_view scheme);
// One sentence describing the scheme and its reference, for tooltips and the CLI.
const char* SchemeDescription(std::string_view scheme);

// The scheme's reference configuration with every default filled in: int8_sym/int4_sym/uint*_asym
// block 32 + FP16 scale (llama.cpp Q8_0/Q4_0); nf4 block 64 + FP32 absmax (bitsandbytes);
// fp8_* per-tensor FP32 scale (block default 128); mx* block 32 + E8M0. Unknown scheme → scheme
// kept, other fields as for int8_sym (Resolve reports the error).
QuantConfig DefaultConfig(std::string_view scheme);

// Fills kDefault/0/"" fields of c from the scheme's defaults (the scale format default depends on
// the granularity: per-tensor/per-channel scales are FP32) and validates everything: unknown
// scheme or scale format, block outside [kMinBlock, kMaxBlock], MX with a non-E8M0 scale, double
// quantization without blocks or on MX. Returns nullopt and sets *error on bad input.
std::optional<QuantConfig> Resolve(const QuantConfig& c, std::string* error = nullptr);

inline constexpr int kMinBlock = 16;
inline constexpr int kMaxBlock = 256;
inline constexpr int kDoubleQuantBlock = 256;  // scales per second-level block (QLoRA)

// bitsandbytes' signed 8-bit dynamic code (create_dynamic_map), 256 values ascending in [−0.993, 1]:
// the code double quantization stores the centred block scales with.
const std::vector<float>& DynamicMap();

// Real storage cost per element in bits: code bits + (scale bits [+ zero-point bits]) per group,
// where a group is `block` elements, one row (`row_length`), or the whole tensor
// (`rows` × `row_length`). With double quantization the block scale costs 8 bits plus one FP32
// per 256 blocks: NF4 block 64 → 4 + 8/64 + 32/(64·256) ≈ 4.127 (QLoRA §3, the per-tensor mean
// offset is not counted, as in the paper). Examples: int4_sym (Q4_0) 4.5, int8_sym (Q8_0) 8.5,
// nf4 4.5, mxfp4 4.25. Returns nullopt (and *error) for an invalid config, row_length < 1, or a
// block size that does not divide row_length.
std::optional<double> BitsPerParam(const QuantConfig& c, int64_t row_length = 4096, std::string* error = nullptr,
                                   int64_t rows = 1);

// ---------------------------------------------------------------------------------------------
// Synthetic tensors.

enum class Distribution { kNormal, kLaplace, kUniform, kOutliers };
const char* DistributionName(Distribution d);  // "normal" "laplace" "uniform" "outliers"
std::optional<Distribution> ParseDistribution(std::string_view name);

inline constexpr int64_t kMaxElements = int64_t{1} << 25;  // 33,554,432 floats (128 MiB) per tensor

struct TensorSpec {
  Distribution dist = Distribution::kNormal;
  int64_t n = 4096;
  uint64_t seed = 1;
  double stddev = 1.0;              // normal / outliers: σ; laplace: b = σ/√2; uniform: ±σ√3 (all have std σ)
  double outlier_fraction = 0.001;  // outliers: share of elements replaced (at least 1)
  double outlier_magnitude = 30;    // outliers: |value| of an outlier in units of σ (sign random)
};

// Seeded tensor (splitmix64 + exact inverse-CDF / Box–Muller in double, so native and wasm agree
// bit for bit). Empty and *error set when n < 1, n > kMaxElements or a parameter is out of range.
std::vector<float> MakeTensor(const TensorSpec& spec, std::string* error = nullptr);

// Row length used for synthetic tensors when none is given: 4096 if it divides n, else n.
int64_t DefaultRowLength(int64_t n);

// ---------------------------------------------------------------------------------------------
// Quantization results.

struct Metrics {
  int64_t finite_count = 0;  // elements included in the metrics
  int64_t nan_count = 0;     // NaN inputs: excluded from scales and metrics, dequantized as NaN
  int64_t inf_count = 0;     // ±Inf inputs: likewise (dequantized as ±Inf)
  double mse = 0;            // mean squared error over finite elements
  double rmse = 0;
  double max_abs_error = 0;
  double signal_power = 0;      // mean x²
  double sqnr_db = 0;           // 10·log10(Σx² / Σ(x−x̂)²); +inf (JSON null) if error is 0
  double cosine = 0;            // cos(x, x̂); 1 if both are all-zero
  double clipped_fraction = 0;  // share saturated: |x/s| beyond the grid's end by more than half a step
  double zero_fraction = 0;     // share of non-zero inputs dequantized to exactly 0 (flushed)
  double bits_per_param = 0;    // BitsPerParam for this tensor's shape
};

struct QuantResult {
  bool ok = false;
  std::string error;    // what and where, when !ok
  std::string warning;  // e.g. "2 NaN and 1 Inf values excluded from scales and metrics"
  QuantConfig config;   // resolved (defaults filled in)
  int64_t n = 0;
  int64_t row_length = 0;
  int64_t group_size = 0;  // elements sharing one scale
  int64_t num_groups = 0;
  std::vector<int16_t> codes;        // per element: integer code (int/uint schemes, MXINT8 integer),
                                     //   NF4 index 0..15, or the FP8/FP6/FP4 bit pattern
  std::vector<float> scales;         // per group, as stored (dequantization uses these)
  std::vector<float> scales_exact;   // per group, before storage rounding (codes use these)
  std::vector<int16_t> zero_points;  // per group (uint*_asym only)
  double tensor_scale = 0;           // nvfp4: the FP32 per-tensor decode scale s_global = amax/(448·6)
                                     //   (1 without it); scales[] hold s_block·s_global as used to decode
  std::vector<float> block_scales;   // nvfp4: the stored UE4M3 block scales s_block alone
  int64_t zero_block_scales = 0;     // nvfp4: blocks whose UE4M3 scale underflowed to 0 (all their elements lost)
  std::vector<float> dequantized;    // per element
  std::vector<double> grid;          // the element grid in units of one scale, ascending (e.g. −8..7)
  Metrics metrics;
};

// Quantizes x (row-major, rows of row_length; row_length 0 = one row) and dequantizes it back.
// Errors (never crashes): empty x, n > kMaxElements, row_length not dividing n, a block that does
// not divide the row, invalid config.
QuantResult Quantize(const std::vector<float>& x, int64_t row_length, const QuantConfig& c);

// Quantizes in slices so a UI can spread a large tensor over frames. Begin copies nothing: x must
// outlive the Quantizer (or until the next Begin). Step processes about max_elements more elements
// (whole groups) and returns true when the result is complete (also on error).
struct QuantizerRun;  // private per-run state (quant.cpp)
class Quantizer {
 public:
  void Begin(const std::vector<float>& x, int64_t row_length, const QuantConfig& c);
  bool Step(int64_t max_elements);
  bool done() const { return done_; }
  double progress() const;  // 0..1
  const QuantResult& result() const { return result_; }
  QuantResult TakeResult() { return std::move(result_); }  // moves the result out (after done())

 private:
  const std::vector<float>* x_ = nullptr;
  QuantResult result_;
  int64_t next_group_ = 0;
  int stage_ = 0;  // 0 = codes per group, 1 = dequantize + metrics per element
  bool done_ = true;
  std::shared_ptr<QuantizerRun> run_;
};

// ---------------------------------------------------------------------------------------------
// Histograms (for the panel and the CLI; computed here so every shown figure comes from the engine).

struct Histogram {
  double lo = 0, hi = 0;        // range covered by the bins
  std::vector<int64_t> counts;  // equal-width bins
  int64_t outside = 0;          // finite values outside [lo, hi]
};

// Histogram of the finite values of v over [lo, hi] (lo == hi → the data's min..max).
Histogram MakeHistogram(const std::vector<float>& v, int bins, double lo = 0, double hi = 0);
// Histogram of the error x̂ − x over finite elements.
Histogram ErrorHistogram(const std::vector<float>& x, const QuantResult& r, int bins);
// The distinct values the tensor's first group can take after dequantization (grid × stored scale),
// ascending; for per-block schemes each block has its own grid, this is the first one's.
std::vector<double> FirstGroupLevels(const QuantResult& r);

// ---------------------------------------------------------------------------------------------
// Several schemes on the same tensor (the panel's comparison table and `quantize --compare`).

struct ComparisonRow {
  QuantConfig config;  // resolved
  bool ok = false;
  std::string error;
  Metrics metrics;
};
std::vector<ComparisonRow> CompareSchemes(const std::vector<float>& x, int64_t row_length,
                                          const std::vector<QuantConfig>& configs);

// ---------------------------------------------------------------------------------------------
// Post-training quantization of a network's weights (hook for the Train panel): each weight
// matrix is quantized with its own row length, and dequantized copies are returned in the same
// shapes so the caller can evaluate the network with them.

struct WeightTensor {
  std::string name;           // "fc1.weight"
  std::vector<float> values;  // row-major
  int64_t row_length = 0;     // inputs per output row (0 = one row)
};
struct PtqResult {
  bool ok = false;
  std::string error;                            // first failing tensor, named
  std::vector<std::vector<float>> dequantized;  // one per input tensor, same sizes
  std::vector<Metrics> per_tensor;
  int64_t total_params = 0;
  double bits_per_param = 0;  // parameter-weighted over all tensors
  double weight_bytes = 0;    // total_params × bits_per_param / 8
};
PtqResult QuantizeWeights(const std::vector<WeightTensor>& weights, const QuantConfig& c);

}  // namespace bw::quant
