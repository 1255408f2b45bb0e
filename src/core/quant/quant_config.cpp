// Scheme table, defaults, validation and bits per parameter (no tensor needed).
//
// Sources for the defaults:
//   llama.cpp ggml-quants.c / ggml-common.h: block_q8_0 and block_q4_0 hold 32 codes + one
//     ggml_half (FP16) scale d → 8.5 and 4.5 bits/weight.
//   bitsandbytes functional.py quantize_4bit: blocksize 64, absmax kept in FP32; with
//     compress_statistics (double quantization) the absmax is 8-bit in blocks of 256
//     (QLoRA, Dettmers et al. 2023, arXiv:2305.14314 §3 "Double Quantization": 8/64 + 32/(64·256)).
//   OCP Microscaling Formats (MX) Specification v1.0 §5: k = 32 elements share one E8M0 scale.
//   NVIDIA Transformer Engine docs/features/low_precision_training/nvfp4/nvfp4.rst: NVFP4 = E2M1
//     elements, one E4M3 scale (sign ignored: cuBLAS VEC16_UE4M3) per 16 consecutive elements and one
//     FP32 scale per tensor → 4 + 8/16 + 32/n bits per element.
//   DeepSeek-V3 technical report (arXiv:2412.19437 §3.3.2): FP8 with one scale per 128 elements,
//     our default block for fp8_* at block granularity.
#include <cmath>

#include "core/quant/quant.h"
#include "core/util/text.h"

namespace bw::quant {
namespace {

struct SchemeInfo {
  const char* name;
  int code_bits;
  bool mx;
  bool asym;
  Granularity granularity;  // default
  int block;                // default block
  const char* block_scale;  // default scale format at block granularity
  const char* description;
};

constexpr SchemeInfo kSchemes[] = {
    {"int8_sym", 8, false, false, Granularity::kBlock, 32, "fp16",
     "8-bit signed integers, symmetric absmax scale d = amax/127 (llama.cpp Q8_0; Wu et al. 2020)."},
    {"int4_sym", 4, false, false, Granularity::kBlock, 32, "fp16",
     "4-bit signed integers −8..7, scale d = (signed max)/−8 (llama.cpp Q4_0)."},
    {"uint8_asym", 8, false, true, Granularity::kBlock, 32, "fp16",
     "8-bit unsigned integers with a zero-point: s = (max−min)/255 over a range that includes 0 (PyTorch affine)."},
    {"uint4_asym", 4, false, true, Granularity::kBlock, 32, "fp16",
     "4-bit unsigned integers with a zero-point: s = (max−min)/15 over a range that includes 0."},
    {"nf4", 4, false, false, Granularity::kBlock, 64, "fp32",
     "4-bit NormalFloat: 16 quantiles of a normal distribution, absmax per 64 in FP32 (QLoRA / bitsandbytes)."},
    {"fp8_e4m3", 8, false, false, Granularity::kTensor, 128, "fp32",
     "FP8 E4M3 (max 448) cast of x/s with s = amax/448 (per-tensor scaling)."},
    {"fp8_e5m2", 8, false, false, Granularity::kTensor, 128, "fp32",
     "FP8 E5M2 (max 57344) cast of x/s with s = amax/57344 (per-tensor scaling)."},
    {"mxfp8_e4m3", 8, true, false, Granularity::kBlock, 32, "e8m0",
     "OCP MX: 32 FP8 E4M3 elements sharing one power-of-two E8M0 scale."},
    {"mxfp8_e5m2", 8, true, false, Granularity::kBlock, 32, "e8m0",
     "OCP MX: 32 FP8 E5M2 elements sharing one power-of-two E8M0 scale."},
    {"mxfp6_e3m2", 6, true, false, Granularity::kBlock, 32, "e8m0",
     "OCP MX: 32 FP6 E3M2 elements (max 28) sharing one E8M0 scale."},
    {"mxfp6_e2m3", 6, true, false, Granularity::kBlock, 32, "e8m0",
     "OCP MX: 32 FP6 E2M3 elements (max 7.5) sharing one E8M0 scale."},
    {"mxfp4", 4, true, false, Granularity::kBlock, 32, "e8m0",
     "OCP MX: 32 FP4 E2M1 elements (±0, 0.5, 1, 1.5, 2, 3, 4, 6) sharing one E8M0 scale."},
    {"mxint8", 8, true, false, Granularity::kBlock, 32, "e8m0",
     "OCP MX: 32 int8 elements (value = int8 × 2^−6) sharing one E8M0 scale."},
    {"nvfp4", 4, false, false, Granularity::kBlock, 16, "ue4m3",
     "NVIDIA NVFP4: FP4 E2M1 elements, one unsigned E4M3 scale per 16 and one FP32 scale per tensor (Transformer "
     "Engine)."},
};

const SchemeInfo* FindScheme(std::string_view name) {
  for (const SchemeInfo& s : kSchemes) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

int ScaleBits(std::string_view format) {
  if (format == "fp32") return 32;
  if (format == "fp16" || format == "bf16") return 16;
  if (format == "e8m0" || format == "ue4m3") return 8;
  return 0;
}

bool Fail(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return false;
}

}  // namespace

const char* GranularityName(Granularity g) {
  switch (g) {
    case Granularity::kDefault: return "default";
    case Granularity::kTensor: return "tensor";
    case Granularity::kChannel: return "channel";
    case Granularity::kBlock: return "block";
  }
  return "default";
}

std::optional<Granularity> ParseGranularity(std::string_view name) {
  for (Granularity g : {Granularity::kDefault, Granularity::kTensor, Granularity::kChannel, Granularity::kBlock}) {
    if (name == GranularityName(g)) return g;
  }
  return std::nullopt;
}

const std::vector<std::string>& SchemeNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const SchemeInfo& s : kSchemes) v.emplace_back(s.name);
    return v;
  }();
  return names;
}

const std::vector<std::string>& ScaleFormatNames() {
  static const std::vector<std::string> names = {"fp32", "fp16", "bf16", "e8m0", "ue4m3"};
  return names;
}

bool IsScheme(std::string_view scheme) { return FindScheme(scheme) != nullptr; }

bool IsMxScheme(std::string_view scheme) {
  const SchemeInfo* s = FindScheme(scheme);
  return s && s->mx;
}

int CodeBits(std::string_view scheme) {
  const SchemeInfo* s = FindScheme(scheme);
  return s ? s->code_bits : 0;
}

const char* SchemeDescription(std::string_view scheme) {
  const SchemeInfo* s = FindScheme(scheme);
  return s ? s->description : "unknown scheme";
}

QuantConfig DefaultConfig(std::string_view scheme) {
  const SchemeInfo* s = FindScheme(scheme);
  const SchemeInfo& info = s ? *s : kSchemes[0];
  QuantConfig c;
  c.scheme = std::string(scheme);
  c.granularity = info.granularity;
  c.block = info.block;
  c.scale_format = info.granularity == Granularity::kBlock ? info.block_scale : "fp32";
  c.double_quant = false;
  return c;
}

std::optional<QuantConfig> Resolve(const QuantConfig& c, std::string* error) {
  const SchemeInfo* s = FindScheme(c.scheme);
  if (!s) {
    Fail(error, "unknown scheme '" + c.scheme + "' (expected one of: " + Join(SchemeNames()) + ")");
    return std::nullopt;
  }
  QuantConfig r = c;
  if (r.granularity == Granularity::kDefault) r.granularity = s->granularity;
  if (r.block == 0) r.block = s->block;
  if (r.block < kMinBlock || r.block > kMaxBlock) {
    Fail(error, "block size " + std::to_string(r.block) + " is outside " + std::to_string(kMinBlock) + ".." +
                    std::to_string(kMaxBlock));
    return std::nullopt;
  }
  if (r.scale_format.empty()) {
    if (s->mx) {
      r.scale_format = "e8m0";
    } else {
      r.scale_format = r.granularity == Granularity::kBlock ? s->block_scale : "fp32";
    }
  }
  if (ScaleBits(r.scale_format) == 0) {
    Fail(error, "unknown scale format '" + r.scale_format + "' (expected one of: " + Join(ScaleFormatNames()) + ")");
    return std::nullopt;
  }
  if (s->mx && r.scale_format != "e8m0") {
    Fail(error, c.scheme + ": MX scales are E8M0 powers of two by definition (scale format '" + r.scale_format +
                    "' is not allowed)");
    return std::nullopt;
  }
  if (r.scheme == "nvfp4") {
    // NVFP4 is one fixed layout (Transformer Engine docs, nvfp4.rst): 16 elements per UE4M3 scale.
    if (r.granularity != Granularity::kBlock || r.block != 16 || r.scale_format != "ue4m3" || r.double_quant) {
      Fail(error,
           "nvfp4: the format is fixed by NVIDIA: blocks of 16 with an unsigned E4M3 (ue4m3) scale and one FP32 "
           "scale per tensor (no other block size, scale format, granularity or double quantization)");
      return std::nullopt;
    }
  } else if (!r.tensor_scale) {
    Fail(error, c.scheme + ": the tensor_scale switch only applies to nvfp4 (its second-level FP32 scale)");
    return std::nullopt;
  }
  if (r.double_quant) {
    if (s->mx) {
      Fail(error, c.scheme + ": double quantization does not apply to MX (its E8M0 scales are already 8-bit)");
      return std::nullopt;
    }
    if (r.granularity != Granularity::kBlock) {
      Fail(error, "double quantization needs block granularity (it quantizes the per-block scales)");
      return std::nullopt;
    }
    if (r.scale_format == "e8m0") {
      Fail(error, "double quantization of e8m0 scales makes no sense (they are already 8-bit)");
      return std::nullopt;
    }
  }
  return r;
}

std::optional<double> BitsPerParam(const QuantConfig& c, int64_t row_length, std::string* error, int64_t rows) {
  std::optional<QuantConfig> r = Resolve(c, error);
  if (!r) return std::nullopt;
  if (row_length < 1 || rows < 1) {
    Fail(error, "row length and row count must be at least 1");
    return std::nullopt;
  }
  const SchemeInfo& s = *FindScheme(r->scheme);
  double group = 0;
  switch (r->granularity) {
    case Granularity::kTensor: group = static_cast<double>(rows) * static_cast<double>(row_length); break;
    case Granularity::kChannel: group = static_cast<double>(row_length); break;
    case Granularity::kBlock:
    case Granularity::kDefault:
      if (row_length % r->block != 0) {
        Fail(error, "block size " + std::to_string(r->block) + " does not divide the row length " +
                        std::to_string(row_length));
        return std::nullopt;
      }
      group = r->block;
      break;
  }
  // Per group: the scale, plus an integer zero-point of the code's width for asymmetric schemes.
  double per_group = r->double_quant ? 8.0 + 32.0 / kDoubleQuantBlock : ScaleBits(r->scale_format);
  if (s.asym) per_group += s.code_bits;
  // NVFP4's second level: one FP32 scale per tensor (4.5 + 32/n bits per element).
  double per_tensor = r->scheme == "nvfp4" && r->tensor_scale
                          ? 32.0 / (static_cast<double>(rows) * static_cast<double>(row_length))
                          : 0.0;
  return s.code_bits + per_group / group + per_tensor;
}

}  // namespace bw::quant
