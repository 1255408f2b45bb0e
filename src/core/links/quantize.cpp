// The Quantize section's table: a synthetic tensor, a scheme and its overrides, a model preset.
#include "core/links/table.h"
#include "core/memory/architecture.h"
#include "core/quant/quant.h"

namespace bw::links {
namespace detail {
namespace {

std::vector<std::string> PresetList() {
  std::vector<std::string> names;
  for (const memory::Preset& p : memory::Presets()) names.emplace_back(p.name);
  return names;
}

std::vector<std::string> WithDefault(const std::vector<std::string>& names) {
  std::vector<std::string> out = {"default"};
  out.insert(out.end(), names.begin(), names.end());
  return out;
}

}  // namespace

const std::vector<Field<Quantize>>& QuantizeFields() {
  auto always = [](const Quantize&, const Quantize&) { return true; };
  auto outliers = [](const Quantize& c, const Quantize&) { return c.dist == "outliers"; };
  static const std::vector<Field<Quantize>> fields = {
      {{"dist",
        Type::kEnum,
        0,
        0,
        {"normal", "laplace", "uniform", "outliers"},
        "",
        "the synthetic tensor's distribution (outliers: normal plus a few huge values)",
        "--dist"},
       [](Quantize& c, const Value& v) { return c.dist = v.text, std::string(); },
       [](const Quantize& c) { return c.dist; },
       always},
      {{"n",
        Type::kInt,
        1,
        static_cast<double>(kMaxQuantizeElements),
        {},
        "",
        "number of elements in the tensor",
        "--n"},
       [](Quantize& c, const Value& v) { return c.n = v.integer, std::string(); },
       [](const Quantize& c) { return std::to_string(c.n); },
       always},
      {{"seed", Type::kInt, 0, 9007199254740992.0, {}, "", "seed of the tensor's random values", "--seed"},
       [](Quantize& c, const Value& v) { return c.seed = v.integer, std::string(); },
       [](const Quantize& c) { return std::to_string(c.seed); },
       always},
      {{"scheme", Type::kEnum, 0, 0, quant::SchemeNames(), "", "the quantization scheme (int8_sym, nf4, mxfp4, ...)",
        "--scheme"},
       [](Quantize& c, const Value& v) { return c.scheme = v.text, std::string(); },
       [](const Quantize& c) { return c.scheme; },
       always},
      {{"granularity",
        Type::kEnum,
        0,
        0,
        {"default", "tensor", "channel", "block"},
        "",
        "one scale for the tensor, per row (channel) or per block; default: the scheme's",
        "--granularity"},
       [](Quantize& c, const Value& v) { return c.granularity = v.text, std::string(); },
       [](const Quantize& c) { return c.granularity; }},
      {{"block",
        Type::kInt,
        0,
        static_cast<double>(quant::kMaxBlock),
        {},
        "",
        "elements per block, 16..256 (0 = the scheme's default; a block alone implies granularity=block)",
        "--block"},
       [](Quantize& c, const Value& v) {
         if (v.integer != 0 && v.integer < quant::kMinBlock)
           return v.text + " is below the minimum " + std::to_string(quant::kMinBlock) + " (0 = the scheme's default)";
         c.block = static_cast<int>(v.integer);
         return std::string();
       },
       [](const Quantize& c) { return std::to_string(c.block); }},
      {{"scale", Type::kEnum, 0, 0, WithDefault(quant::ScaleFormatNames()), "",
        "how the scales are stored (default: the scheme's)", "--scale-format"},
       [](Quantize& c, const Value& v) { return c.scale_format = v.text == "default" ? "" : v.text, std::string(); },
       [](const Quantize& c) { return c.scale_format.empty() ? std::string("default") : c.scale_format; }},
      {{"dq",
        Type::kBool,
        0,
        0,
        {},
        "",
        "double quantization: the block scales themselves stored in 8 bits (QLoRA)",
        "--double-quant"},
       [](Quantize& c, const Value& v) { return c.double_quant = v.flag, std::string(); },
       [](const Quantize& c) { return std::string(c.double_quant ? "1" : "0"); }},
      {{"outlier",
        Type::kReal,
        0,
        1000,
        {},
        "",
        "size of the outliers, in standard deviations (σ)",
        "--outlier-magnitude"},
       [](Quantize& c, const Value& v) { return c.outlier_magnitude = v.number, std::string(); },
       [](const Quantize& c) { return FormatReal(c.outlier_magnitude); },
       outliers},
      {{"outlier_fraction",
        Type::kReal,
        0,
        0.5,
        {},
        "",
        "fraction of the elements that are outliers",
        "--outlier-fraction"},
       [](Quantize& c, const Value& v) { return c.outlier_fraction = v.number, std::string(); },
       [](const Quantize& c) { return FormatReal(c.outlier_fraction); },
       outliers},
      {{"preset", Type::kEnum, 0, 0, PresetList(), "", "the model of \"what would this model need\"", nullptr},
       [](Quantize& c, const Value& v) { return c.preset = v.text, std::string(); },
       [](const Quantize& c) { return c.preset; }},
      {{"full_range",
        Type::kBool,
        0,
        0,
        {},
        "",
        "histogram over the whole range (outliers included) instead of ±5 RMS",
        nullptr},
       [](Quantize& c, const Value& v) { return c.full_range = v.flag, std::string(); },
       [](const Quantize& c) { return std::string(c.full_range ? "1" : "0"); }},
      {{"sigma",
        Type::kReal,
        1e-8,
        1e8,
        {},
        "",
        "standard deviation σ of the tensor's values (its scale; 1 = unit variance)",
        "--sigma"},
       [](Quantize& c, const Value& v) { return c.sigma = v.number, std::string(); },
       [](const Quantize& c) { return FormatReal(c.sigma); }},
      {{"tensor_scale",
        Type::kBool,
        0,
        0,
        {},
        "",
        "nvfp4: keep the FP32 per-tensor scale (0: block scales alone, the demo of what goes wrong)",
        "--no-tensor-scale"},
       [](Quantize& c, const Value& v) { return c.tensor_scale = v.flag, std::string(); },
       [](const Quantize& c) { return std::string(c.tensor_scale ? "1" : "0"); }},
  };
  return fields;
}

}  // namespace detail

quant::QuantConfig EngineConfig(const Quantize& c) {
  quant::QuantConfig q;
  q.scheme = c.scheme;
  q.granularity = quant::ParseGranularity(c.granularity).value_or(quant::Granularity::kDefault);
  q.block = c.block;
  q.scale_format = c.scale_format;
  q.double_quant = c.double_quant;
  q.tensor_scale = c.tensor_scale || c.scheme != "nvfp4";  // the switch exists for nvfp4 only
  return q;
}

Applied<Quantize> ApplyQuantize(const LiveLink& link, Quantize base) {
  Applied<Quantize> a{std::move(base), {}};
  a.errors = detail::ApplyFields(detail::QuantizeFields(), link, a.config);
  if (a.config.block != 0 && link.Get("block") && !link.Get("granularity")) a.config.granularity = "block";
  std::string error;
  if (a.errors.empty() && !quant::Resolve(EngineConfig(a.config), &error)) a.errors.push_back("scheme: " + error);
  return a;
}

LiveLink MakeQuantize(const Quantize& c) { return detail::MakeFields("quantize", detail::QuantizeFields(), c); }

}  // namespace bw::links
