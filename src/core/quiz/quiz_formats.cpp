// Quiz generators over the formats and quantization engines: bf16_value, format_max, bits_per_param.
// Every answer and every number of the worked solution comes from formats:: or quant:: calls.
#include <cmath>
#include <cstdio>

#include "core/formats/formats.h"
#include "core/quant/quant.h"
#include "core/quiz/quiz_internal.h"

namespace bw::cards::quiz_detail {
namespace {

std::string Upper(const std::string& name) {
  std::string s;
  for (char c : name) s += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : (c == '_' ? ' ' : c);
  return s;
}

// Floating-point formats a value question may target (E8M0 and integers have their own lessons).
bool IsValueFormat(const formats::FormatSpec& f) { return f.kind == formats::Kind::kFloat && f.name != "fp64"; }

bool ReadFormat(GenContext& ctx, const char* key, const std::vector<std::string>& random_choices,
                const formats::FormatSpec*& out, bool (*allowed)(const formats::FormatSpec&), const char* what) {
  std::string name;
  if (ctx.reader.Str(key, name)) {
    out = formats::FindFormat(name);
    if (!out) return ctx.Fail(std::string(key) + ": '" + name + "' is not a format the formats engine knows");
    if (allowed && !allowed(*out)) return ctx.Fail(std::string(key) + ": " + name + " is not " + what);
  } else {
    out = formats::FindFormat(ctx.rng.Pick(random_choices));
  }
  if (!out) return ctx.Fail(std::string(key) + ": internal: random format not found");
  ctx.Resolved(key, out->name);
  return true;
}

// Decimal text of digits × 10^exp10 without an exponent ("0.00123457", "1234.57").
std::string PlainDecimal(const std::string& digits, int exp10) {
  int point = static_cast<int>(digits.size()) + exp10;  // digits before the decimal point
  std::string s;
  if (point <= 0) {
    s = "0." + std::string(static_cast<size_t>(-point), '0') + digits;
  } else if (point >= static_cast<int>(digits.size())) {
    s = digits + std::string(static_cast<size_t>(point - static_cast<int>(digits.size())), '0');
  } else {
    s = digits.substr(0, static_cast<size_t>(point)) + "." + digits.substr(static_cast<size_t>(point));
  }
  while (s.find('.') != std::string::npos && (s.back() == '0' || s.back() == '.')) {
    bool dot = s.back() == '.';
    s.pop_back();
    if (dot) break;
  }
  return s;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// bf16_value: "What does 0.0123456789 become in BF16?"
bool GenerateBf16Value(GenContext& ctx, QuizQuestion& q) {
  const formats::FormatSpec* f = nullptr;
  if (!ReadFormat(ctx, "format", {"bf16", "fp16"}, f, IsValueFormat, "a floating-point format (fp32 ... fp4_e2m1)"))
    return false;
  formats::FormatFacts facts = formats::Facts(*f);

  std::string text;
  formats::ParsedNumber x;
  formats::Conversion c;
  if (ctx.reader.Str("value", text)) {
    x = formats::ParseNumber(text);
    if (!x.ok) return ctx.Fail("value: " + x.error);
    if (x.is_nan || x.is_inf) return ctx.Fail("value: '" + text + "' is not a finite number");
    c = formats::Convert(x, *f);
    if (!std::isfinite(c.value))
      return ctx.Fail("value: " + text + " overflows " + f->name + " (largest finite " + Num(facts.max) + ")");
  } else {
    // Six significant digits at a magnitude well inside the format's normal range, redrawn until
    // storing it really changes it (so typing the value back is wrong).
    double lo = std::log10(facts.min_normal * 16), hi = std::log10(facts.max / 16);
    if (hi < lo) {  // tiny formats (FP4, FP6): the whole finite range
      lo = std::log10(facts.min_subnormal);
      hi = std::log10(facts.max);
    }
    lo = std::max(lo, -8.0);
    hi = std::min(hi, 8.0);
    for (int attempt = 0; attempt < 64; ++attempt) {
      std::string digits = std::to_string(100000 + ctx.rng.Below(900000));
      int span = static_cast<int>(std::floor(hi) - std::ceil(lo));
      int mag = static_cast<int>(std::ceil(lo)) + static_cast<int>(ctx.rng.Below(std::max(1, span)));
      text = PlainDecimal(digits, mag - 5);
      x = formats::ParseNumber(text);
      c = formats::Convert(x, *f);
      bool clipped = (c.flags & (formats::kFlagOverflow | formats::kFlagSaturated | formats::kFlagUnderflow)) != 0;
      // Not too close to the stored value, so the tolerance can stay a sensible fraction of the gap.
      if (x.ok && std::isfinite(c.value) && c.abs_error >= c.ulp / 8 && c.value != 0 && !clipped) break;
    }
    if (!x.ok || !std::isfinite(c.value)) return ctx.Fail("value: could not draw a value for " + f->name);
  }
  ctx.Resolved("value", text);

  const std::string fmt = Upper(f->name);
  q.question = "What value is stored when " + text + " is converted to " + fmt + " (round to nearest, ties to even)?";
  q.answer = c.value;
  q.unit = "";

  // The two representable values around the INPUT (not the neighbours of the result): the stored
  // value is one of them, the learner picks the nearer.
  const bool exact = c.abs_error == 0;
  const bool rounded_up = c.value > x.approx;
  const formats::Neighbor& other = rounded_up ? c.next_down : c.next_up;
  std::string s;
  s += fmt + " has " + std::to_string(f->mantissa_bits) + " mantissa bits (epsilon 2^-" +
       std::to_string(f->mantissa_bits) + ", about " + Sig(facts.decimal_digits, 2) + " decimal digits).\n";
  s += "Exact input: " + text + ".\n";
  if (exact) {
    s += text + " is exactly representable in " + fmt + ": nothing is lost.\n";
  } else if (other.exists) {
    const std::string& lo = rounded_up ? other.exact : c.exact;
    const std::string& hi = rounded_up ? c.exact : other.exact;
    double d_lo = std::fabs(x.approx - (rounded_up ? other.value : c.value));
    double d_hi = std::fabs((rounded_up ? c.value : other.value) - x.approx);
    s += "The two " + fmt + " values around the input: " + lo + " < " + text + " < " + hi + " (spacing " + Num(c.ulp) +
         " here).\n";
    s += "Distances: " + Sig(d_lo, 4) + " below, " + Sig(d_hi, 4) + " above; the nearer one is stored" +
         (d_lo == d_hi ? " (a tie: the one with an even last mantissa bit)" : "") + ".\n";
  }
  s += "Stored: " + c.exact + " = bits " + c.bits_hex + " [" + c.fields.bit_string + "], exponent 2^" +
       std::to_string(c.fields.unbiased_exponent) + (c.fields.subnormal ? " (subnormal)" : "") + ".\n";
  s += "Error: " + Sig(c.value - x.approx, 4) + " (" + Percent(c.rel_error * (c.value < x.approx ? -1 : 1), 3) +
       " relative).";

  // Declared misconceptions.
  if (!exact && std::isfinite(x.approx)) {
    q.traps.push_back(
        {x.approx,
         "That is the input itself: " + fmt + " cannot store it, so it is rounded to the nearest " + fmt + " value.",
         "input"});
    if (other.exists && std::isfinite(other.value))
      q.traps.push_back({other.value,
                         "That is the " + fmt + " value on the other side of the input; it is farther from " + text +
                             " than " + c.exact + ", so rounding to nearest does not pick it.",
                         "other_neighbour"});
    // The input cut to a few digits ("0.01234" for 0.0123456789, as a careless source prints it),
    // unless the stored value reads the same at that many digits (then typing it is not a mistake).
    for (int d = 2; d <= 7; ++d) {
      for (bool cut : {true, false}) {
        double v = cut ? CutSig(x.approx, d) : RoundSig(x.approx, d);
        if (v == RoundSig(c.value, d) || v == CutSig(c.value, d) || v == x.approx) continue;
        std::string why = "That is the input ";
        why += cut ? "cut" : "rounded";
        why += " to ";
        why += std::to_string(d);
        why += " digits, not a value ";
        why += fmt;
        why += " can hold: ";
        why += fmt;
        why += " rounds the input to the nearest of its own values.";
        q.traps.push_back({v, std::move(why), "input_digits"});
      }
    }
  }
  formats::ConvertOptions rtz;
  rtz.round.rounding = formats::Rounding::kTowardZero;
  formats::Conversion t = formats::Convert(x, *f, rtz);
  if (t.value != c.value)
    q.traps.push_back({t.value,
                       "That is the truncated value (round toward zero); conversion rounds to the nearest value.",
                       "truncated"});
  // Base: a quarter of the gap to the next value, so the stored value and no other is named.
  FitTolerance(q, {ToleranceKind::kAbsolute, c.ulp / 4});
  s += "\nTyping " + std::to_string(q.answer_digits) + " significant digits is enough (" +
       DescribeTolerance(q.tolerance, q.unit) + ").";
  q.solution = s;
  return true;
}

// ---------------------------------------------------------------------------------------------
// format_max: "What is the largest finite value of FP8 E4M3?"
namespace {
// FP64 is left out: learners meet it as the reference, not as a storage format for models.
bool IsMaxFormat(const formats::FormatSpec& f) { return !f.custom && f.name != "fp64"; }
}  // namespace

bool GenerateFormatMax(GenContext& ctx, QuizQuestion& q) {
  const formats::FormatSpec* f = nullptr;
  if (!ReadFormat(
          ctx, "format",
          {"fp32", "tf32", "bf16", "fp16", "fp8_e4m3", "fp8_e5m2", "fp6_e3m2", "fp6_e2m3", "fp4_e2m1", "int8", "int4"},
          f, IsMaxFormat, "a built-in format other than fp64"))
    return false;
  formats::FormatFacts facts = formats::Facts(*f);
  const std::string fmt = Upper(f->name);
  q.question = "What is the largest finite value of " + fmt + "?";
  q.answer = facts.max;
  q.unit = "";

  formats::Conversion top = formats::Inspect(formats::EncodeDouble(facts.max, *f), *f);
  std::string s;
  if (f->kind == formats::Kind::kInt) {
    const int p = f->is_signed ? f->bits - 1 : f->bits;
    s = fmt + " is a " + std::to_string(f->bits) + "-bit " + (f->is_signed ? "two's complement" : "unsigned") +
        " integer: the largest value is 2^" + std::to_string(p) + " - 1 = " + Num(facts.max) + ".";
    q.traps.push_back({std::ldexp(1.0, p),
                       "That is 2^" + std::to_string(p) + ": with " + std::to_string(p) +
                           " value bits the largest integer is one less.",
                       "power_of_two"});
    if (f->is_signed)
      q.traps.push_back({std::ldexp(1.0, f->bits) - 1,
                         "That is the unsigned maximum: one of the " + std::to_string(f->bits) +
                             " bits is the sign, so the largest signed value is 2^" + std::to_string(p) + " - 1.",
                         "unsigned"});
  } else if (f->kind == formats::Kind::kE8M0) {
    s = fmt + " stores only an exponent: the largest code below the NaN code 0xff is 0xfe = 2^" +
        std::to_string(top.fields.unbiased_exponent) + " = " + Num(facts.max) + ".";
    q.traps.push_back({std::ldexp(1.0, 128), "That is 2^128, the code 0xff: E8M0 uses it for NaN.", "nan_code"});
  } else {
    double mant = 1 + static_cast<double>(top.fields.mantissa) / std::ldexp(1.0, f->mantissa_bits);
    switch (f->specials) {
      case formats::Specials::kIeee:
        s = "The all-ones exponent is reserved for Inf and NaN, so the largest finite code has the exponent below it "
            "and an all-ones mantissa: ";
        break;
      case formats::Specials::kFn:
        s = "There is no Inf; only the all-ones exponent with an all-ones mantissa is NaN, so the largest finite code "
            "is the one just below it: ";
        break;
      case formats::Specials::kFinite: s = "No Inf and no NaN: the all-ones code is an ordinary number: "; break;
    }
    s += top.bits_hex + " [" + top.fields.bit_string + "].\n";
    s += "Exponent field " + std::to_string(top.fields.exponent) + " - bias " + std::to_string(f->bias) + " = " +
         std::to_string(top.fields.unbiased_exponent) + "; mantissa 1 + " + std::to_string(top.fields.mantissa) + "/" +
         Num(std::ldexp(1.0, f->mantissa_bits)) + " = " + Num(mant) + ".\n";
    s += "Largest finite = 2^" + std::to_string(top.fields.unbiased_exponent) + " x " + Num(mant) + " = " +
         Num(facts.max) + ".";
    // FP32's maximum for the other 8-bit-exponent formats: same range, fewer mantissa bits.
    if (f->name != "fp32" && f->exponent_bits == 8) {
      q.traps.push_back({formats::Facts(*formats::FindFormat("fp32")).max,
                         "That is FP32's maximum: " + fmt +
                             " has the same exponent range but fewer mantissa bits, so its maximum is a little lower.",
                         "fp32_max"});
    }
    // Forgetting that the mantissa stays below 2: 2^(emax+1) (FP32: 2^128, 6e-8 above the maximum).
    q.traps.push_back({std::ldexp(1.0, top.fields.unbiased_exponent + 1),
                       "That is 2^" + std::to_string(top.fields.unbiased_exponent + 1) +
                           ": the mantissa 1.m stays below 2, so the maximum is just under it.",
                       "next_power_of_two"});
    // The overflow threshold: values up to the midpoint above the maximum still round down to it
    // (E4M3 464, E5M2 61440, FP16 65520: the figures people meet when casting).
    if (f->bits <= 16) {
      double half_gap = std::ldexp(1.0, top.fields.unbiased_exponent - f->mantissa_bits - 1);
      q.traps.push_back({facts.max + half_gap,
                         "That is the rounding threshold above the maximum (max + half a gap): inputs "
                         "below it round down to the maximum, but it is not a value the format holds.",
                         "overflow_threshold"});
    }
    if (f->specials == formats::Specials::kFn) {
      double ieee_like = std::ldexp(2.0 - std::ldexp(1.0, -f->mantissa_bits), top.fields.unbiased_exponent - 1);
      q.traps.push_back({ieee_like,
                         "That would be the maximum if the top exponent were reserved as in IEEE formats; " + fmt +
                             " uses it for numbers (only S.1111.111 is NaN).",
                         "ieee_reserved"});
      double with_nan_code = std::ldexp(2.0 - std::ldexp(1.0, -f->mantissa_bits), top.fields.unbiased_exponent);
      q.traps.push_back({with_nan_code,
                         "That is the all-ones code S.1111.111, which " + fmt +
                             " uses for NaN; the largest "
                             "number has mantissa 110.",
                         "nan_code"});
    }
  }
  // Base: 4 significant digits (5e-4 relative); the fit narrows it where a trap is closer (FP32: 2^128).
  FitTolerance(q, {ToleranceKind::kRelative, 5e-4});
  s += "\nTyping " + std::to_string(q.answer_digits) + " significant digits is enough (" +
       DescribeTolerance(q.tolerance, q.unit) + ").";
  q.solution = s;
  return true;
}

// ---------------------------------------------------------------------------------------------
// bits_per_param: "How many bits per parameter does NF4 with blocks of 64 and an FP32 scale take?"
bool GenerateBitsPerParam(GenContext& ctx, QuizQuestion& q) {
  quant::QuantConfig c;
  c.granularity = quant::Granularity::kBlock;
  std::string scheme;
  bool scheme_given = ctx.reader.Str("scheme", scheme);
  if (scheme_given) {
    if (!quant::IsScheme(scheme)) {
      std::string known;
      for (const std::string& n : quant::SchemeNames()) known += (known.empty() ? "" : ", ") + n;
      return ctx.Fail("scheme: '" + scheme + "' is not one of " + known);
    }
    c.scheme = scheme;
  }
  if (!scheme_given)
    c.scheme = ctx.rng.Pick(std::vector<std::string>{"nf4", "int4_sym", "int8_sym", "uint4_asym", "mxfp4", "mxfp8_e4m3",
                                                     "mxfp6_e3m2", "nvfp4"});
  bool mx = quant::IsMxScheme(c.scheme) || c.scheme == "nvfp4";  // fixed layouts: no drawn block size
  int block = 0;
  if (ctx.reader.Int("block", block, quant::kMinBlock, quant::kMaxBlock)) {
    c.block = block;
  } else if (!scheme_given && !mx) {
    c.block = static_cast<int>(ctx.rng.Pick(std::vector<int>{32, 64, 128, 256}));
  }
  std::string scale;
  if (ctx.reader.Choice("scale", scale, quant::ScaleFormatNames())) c.scale_format = scale;
  bool dq = false;
  if (ctx.reader.Bool("double_quant", dq))
    c.double_quant = dq;
  else if (!scheme_given && c.scheme == "nf4")
    c.double_quant = ctx.rng.Below(3) == 0;

  std::string error;
  std::optional<quant::QuantConfig> r = quant::Resolve(c, &error);
  if (!r) return ctx.Fail(error);
  std::optional<double> bpp = quant::BitsPerParam(*r, 4096, &error);  // one row of 4096 elements
  if (!bpp) return ctx.Fail(error);
  ctx.Resolved("scheme", r->scheme);
  ctx.Resolved("block", std::to_string(r->block));
  ctx.Resolved("scale", r->scale_format);
  ctx.Resolved("double_quant", r->double_quant ? "true" : "false");

  int code_bits = quant::CodeBits(r->scheme);
  const bool nv = r->scheme == "nvfp4";
  const int64_t tensor_n = 4096;  // one row of 4096: the FP32 tensor scale of NVFP4 is then visible
  q.question =
      "How many bits of storage per parameter does " + r->scheme + " take with blocks of " + std::to_string(r->block) +
      " and " + (r->double_quant ? "double-quantized (8-bit) block scales" : r->scale_format + " block scales") +
      (nv ? " plus its FP32 per-tensor scale, for a tensor of " + Grouped(static_cast<double>(tensor_n)) + " elements"
          : std::string()) +
      ", counting the scales?";
  q.answer = *bpp;
  q.unit = "bits per parameter";
  const double scale_bits = r->double_quant ? 8.0
                                            : (r->scale_format == "fp32"                                 ? 32
                                               : r->scale_format == "e8m0" || r->scale_format == "ue4m3" ? 8
                                                                                                         : 16);
  const bool asym = r->scheme.find("asym") != std::string::npos;
  double tensor_part = nv ? 32.0 / static_cast<double>(tensor_n) : 0.0;
  double overhead_per_block = (*bpp - code_bits - tensor_part) * r->block;
  std::string s = quant::SchemeDescription(r->scheme);
  s += "\nEach element is a " + std::to_string(code_bits) + "-bit code; each block of " + std::to_string(r->block) +
       " elements also stores ";
  if (r->double_quant) {
    s += "an 8-bit scale, plus one fp32 scale per " + std::to_string(quant::kDoubleQuantBlock) + " blocks.\n";
    s += "Bits per parameter = " + std::to_string(code_bits) + " + 8/" + std::to_string(r->block) + " + 32/(" +
         std::to_string(r->block) + "*" + std::to_string(quant::kDoubleQuantBlock) + ") = " + Num(*bpp) + ".";
  } else {
    s += Num(overhead_per_block) + " bits of scale" + (asym ? " and zero point" : "") + " (" + r->scale_format + ")" +
         (nv ? ", and the tensor one FP32 scale" : "") + ".\n";
    s += "Bits per parameter = " + std::to_string(code_bits) + " + " + Num(overhead_per_block) + "/" +
         std::to_string(r->block) + (nv ? " + 32/" + std::to_string(tensor_n) : std::string()) + " = " + Num(*bpp) +
         ".";
  }
  // Declared misconceptions.
  q.traps.push_back(
      {static_cast<double>(code_bits), "That counts only the codes: the block scales cost bits too.", "codes_only"});
  q.traps.push_back({code_bits + scale_bits / 8 / r->block + (overhead_per_block - scale_bits) / r->block + tensor_part,
                     "That counts the scale in bytes instead of bits: a " + Num(scale_bits) + "-bit scale adds " +
                         Num(scale_bits) + "/" + std::to_string(r->block) + " bits per element.",
                     "scale_in_bytes"});
  if (asym)
    q.traps.push_back({code_bits + scale_bits / r->block,
                       "That forgets the zero point: asymmetric schemes store a " + std::to_string(code_bits) +
                           "-bit zero point next to each scale.",
                       "no_zero_point"});
  if (r->double_quant) {
    q.traps.push_back({code_bits + 8.0 / r->block,
                       "That forgets the second level: one FP32 scale per 256 blocks quantizes the 8-bit block scales.",
                       "no_second_level"});
    q.traps.push_back({code_bits + 32.0 / r->block,
                       "That is NF4 without double quantization (FP32 block scales); double "
                       "quantization stores them in 8 bits.",
                       "no_double_quant"});
  }
  if (nv) {
    q.traps.push_back({code_bits + 8.0 / r->block,
                       "That forgets NVFP4's second level: one FP32 scale per tensor (32/n bits per element).",
                       "no_tensor_scale"});
    q.traps.push_back({code_bits + 8.0 / 32,
                       "That is MXFP4 (one E8M0 scale per 32); NVFP4 has one E4M3 scale per 16 plus the tensor scale.",
                       "mxfp4_layout"});
  }
  if (r->scheme == "mxfp4")
    q.traps.push_back({code_bits + 8.0 / 16,
                       "That is NVFP4's block (one 8-bit scale per 16); MXFP4 shares one E8M0 scale among 32.",
                       "nvfp4_layout"});
  FitTolerance(q, {ToleranceKind::kAbsolute, 0.001});
  s += "\nTyping " + std::to_string(q.answer_digits) + " significant digits is enough (" +
       DescribeTolerance(q.tolerance, q.unit) + ").";
  q.solution = s;
  return true;
}

}  // namespace bw::cards::quiz_detail
