// Quiz generators over the formats and quantization engines: bf16_value, format_max, bits_per_param.
// Every answer and every number of the worked solution comes from formats:: or quant:: calls.
#include <cmath>
#include <cstdio>

#include "core/cards/quiz_internal.h"
#include "core/formats/formats.h"
#include "core/quant/quant.h"

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
      if (x.ok && std::isfinite(c.value) && c.abs_error > 0 && c.value != 0 && !clipped) break;
    }
    if (!x.ok || !std::isfinite(c.value)) return ctx.Fail("value: could not draw a value for " + f->name);
  }
  ctx.Resolved("value", text);

  const std::string fmt = Upper(f->name);
  q.question = "What value is stored when " + text + " is converted to " + fmt + " (round to nearest, ties to even)?";
  q.answer = c.value;
  q.unit = "";
  q.tolerance.kind = ToleranceKind::kAbsolute;
  // Close enough to name the stored value and no other (a quarter of the gap to the next value), and
  // below the rounding error (two thirds of it), so typing the input back is never accepted while a
  // stored value cut to a few digits (0.01232 for 0.0123291015625) is.
  double tol = c.ulp / 4;
  if (c.abs_error > 0) tol = std::min(tol, c.abs_error * 2 / 3);
  q.tolerance.value = RoundDownSig(tol, 2);

  std::string s;
  s += fmt + " has " + std::to_string(f->mantissa_bits) + " mantissa bits (epsilon 2^-" +
       std::to_string(f->mantissa_bits) + ").\n";
  s += "Exact input: " + text + ".\n";
  if (c.next_down.exists && c.next_up.exists)
    s += "Neighbours in " + fmt + ": " + c.next_down.exact + " and " + c.next_up.exact + " (spacing " + Num(c.ulp) + " here).\n";
  s += "Nearest (ties to even): " + c.exact + " = bits " + c.bits_hex + " [" + c.fields.bit_string + "], exponent 2^" +
       std::to_string(c.fields.unbiased_exponent) + (c.fields.subnormal ? " (subnormal)" : "") + ".\n";
  s += "Error: " + Sig(c.value - x.approx, 4) + " (" + Percent(c.rel_error * (c.value < x.approx ? -1 : 1), 3) +
       " relative).";
  q.solution = s;

  if (c.abs_error > 0 && std::isfinite(x.approx))
    q.traps.push_back({x.approx, "That is the input itself: " + fmt + " cannot store it exactly, so it is rounded."});
  formats::ConvertOptions rtz;
  rtz.round.rounding = formats::Rounding::kTowardZero;
  formats::Conversion t = formats::Convert(x, *f, rtz);
  if (t.value != c.value)
    q.traps.push_back({t.value, "That is the truncated value (round toward zero); conversion rounds to the nearest value."});
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
  if (!ReadFormat(ctx, "format",
                  {"fp32", "tf32", "bf16", "fp16", "fp8_e4m3", "fp8_e5m2", "fp6_e3m2", "fp6_e2m3", "fp4_e2m1", "int8", "int4"},
                  f, IsMaxFormat, "a built-in format other than fp64"))
    return false;
  formats::FormatFacts facts = formats::Facts(*f);
  const std::string fmt = Upper(f->name);
  q.question = "What is the largest finite value of " + fmt + "?";
  q.answer = facts.max;
  q.unit = "";
  q.tolerance = {ToleranceKind::kRelative, 2e-4};  // 4 significant digits: tells BF16 (3.390e38) from FP32 (3.403e38)

  formats::Conversion top = formats::Inspect(formats::EncodeDouble(facts.max, *f), *f);
  std::string s;
  if (f->kind == formats::Kind::kInt) {
    s = fmt + " is a " + std::to_string(f->bits) + "-bit " + (f->is_signed ? "two's complement" : "unsigned") +
        " integer: the largest value is 2^" + std::to_string(f->is_signed ? f->bits - 1 : f->bits) + " - 1 = " + Num(facts.max) + ".";
  } else if (f->kind == formats::Kind::kE8M0) {
    s = fmt + " stores only an exponent: the largest code below the NaN code 0xff is 0xfe = 2^" +
        std::to_string(top.fields.unbiased_exponent) + " = " + Num(facts.max) + ".";
  } else {
    double mant = 1 + static_cast<double>(top.fields.mantissa) / std::ldexp(1.0, f->mantissa_bits);
    switch (f->specials) {
      case formats::Specials::kIeee: s = "The all-ones exponent is reserved for Inf and NaN, so the largest finite code has the exponent below it and an all-ones mantissa: "; break;
      case formats::Specials::kFn: s = "There is no Inf; only the all-ones exponent with an all-ones mantissa is NaN, so the largest finite code is the one just below it: "; break;
      case formats::Specials::kFinite: s = "No Inf and no NaN: the all-ones code is an ordinary number: "; break;
    }
    s += top.bits_hex + " [" + top.fields.bit_string + "].\n";
    s += "Exponent field " + std::to_string(top.fields.exponent) + " - bias " + std::to_string(f->bias) + " = " +
         std::to_string(top.fields.unbiased_exponent) + "; mantissa 1 + " + std::to_string(top.fields.mantissa) + "/" +
         Num(std::ldexp(1.0, f->mantissa_bits)) + " = " + Num(mant) + ".\n";
    s += "Largest finite = 2^" + std::to_string(top.fields.unbiased_exponent) + " x " + Num(mant) + " = " + Num(facts.max) + ".";
    // First: at 4 digits FP32's maximum and 2^128 look alike, and the FP32 reason is the one that helps.
    if (f->name != "fp32" && f->exponent_bits == 8) {
      q.traps.push_back({formats::Facts(*formats::FindFormat("fp32")).max,
                         "That is FP32's maximum: " + fmt + " has the same exponent range but fewer mantissa bits, so its maximum is a little lower."});
    }
    // Forgetting that the mantissa stays below 2: 2^(emax+1).
    q.traps.push_back({std::ldexp(1.0, top.fields.unbiased_exponent + 1),
                       "That is 2^(emax+1): the mantissa 1.m stays below 2, so the maximum is just under it."});
    if (f->specials == formats::Specials::kFn) {
      double ieee_like = std::ldexp(2.0 - std::ldexp(1.0, -f->mantissa_bits), top.fields.unbiased_exponent - 1);
      q.traps.push_back({ieee_like, "That would be the maximum if the top exponent were reserved as in IEEE formats; " + fmt +
                                        " uses it for numbers (only S.1111.111 is NaN)."});
    }
  }
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
    c.scheme = ctx.rng.Pick(std::vector<std::string>{"nf4", "int4_sym", "int8_sym", "uint4_asym", "mxfp4", "mxfp8_e4m3", "mxfp6_e3m2"});
  bool mx = quant::IsMxScheme(c.scheme);
  int block = 0;
  if (ctx.reader.Int("block", block, quant::kMinBlock, quant::kMaxBlock)) {
    c.block = block;
  } else if (!scheme_given && !mx) {
    c.block = static_cast<int>(ctx.rng.Pick(std::vector<int>{32, 64, 128, 256}));
  }
  std::string scale;
  if (ctx.reader.Choice("scale", scale, quant::ScaleFormatNames())) c.scale_format = scale;
  bool dq = false;
  if (ctx.reader.Bool("double_quant", dq)) c.double_quant = dq;
  else if (!scheme_given && c.scheme == "nf4") c.double_quant = ctx.rng.Below(3) == 0;

  std::string error;
  std::optional<quant::QuantConfig> r = quant::Resolve(c, &error);
  if (!r) return ctx.Fail(error);
  std::optional<double> bpp = quant::BitsPerParam(*r, 4096, &error);
  if (!bpp) return ctx.Fail(error);
  ctx.Resolved("scheme", r->scheme);
  ctx.Resolved("block", std::to_string(r->block));
  ctx.Resolved("scale", r->scale_format);
  ctx.Resolved("double_quant", r->double_quant ? "true" : "false");

  int code_bits = quant::CodeBits(r->scheme);
  q.question = "How many bits of storage per parameter does " + r->scheme + " take with blocks of " + std::to_string(r->block) +
               " and " + (r->double_quant ? "double-quantized (8-bit) block scales" : r->scale_format + " block scales") +
               ", counting the scales?";
  q.answer = *bpp;
  q.unit = "bits per parameter";
  q.tolerance = {ToleranceKind::kAbsolute, 0.001};
  double overhead_per_block = (*bpp - code_bits) * r->block;
  std::string s = quant::SchemeDescription(r->scheme);
  s += "\nEach element is a " + std::to_string(code_bits) + "-bit code; each block of " + std::to_string(r->block) + " elements also stores ";
  if (r->double_quant) {
    s += "an 8-bit scale, plus one fp32 scale per " + std::to_string(quant::kDoubleQuantBlock) + " blocks.\n";
    s += "Bits per parameter = " + std::to_string(code_bits) + " + 8/" + std::to_string(r->block) + " + 32/(" +
         std::to_string(r->block) + "*" + std::to_string(quant::kDoubleQuantBlock) + ") = " + Num(*bpp) + ".";
  } else {
    s += Num(overhead_per_block) + " bits of scale" + (r->scheme.find("asym") != std::string::npos ? " and zero point" : "") + " (" +
         r->scale_format + ").\n";
    s += "Bits per parameter = " + std::to_string(code_bits) + " + " + Num(overhead_per_block) + "/" + std::to_string(r->block) +
         " = " + Num(*bpp) + ".";
  }
  q.solution = s;
  q.traps.push_back({static_cast<double>(code_bits), "That counts only the codes: the block scales cost bits too."});
  return true;
}

}  // namespace bw::cards::quiz_detail
