#include "core/memory/activations.h"

#include <algorithm>
#include <utility>

#include "core/util/json.h"

namespace bw::memory {

namespace {

std::string Num(double v) { return json::FormatNumber(v); }

// The symbols of a term's formula replaced by the numbers ("sbh" → "2048·1·4096"), longest first so
// "asb" and "sbh" are not read as "sb".
struct Symbols {
  std::vector<std::pair<std::string, std::string>> subs;
  std::string Substitute(std::string text) const {
    for (const auto& [sym, val] : subs) {
      for (size_t at = text.find(sym); at != std::string::npos;) {
        const bool coefficient = at > 0 && text[at - 1] >= '0' && text[at - 1] <= '9';  // "4sbh" → "4·2048·…"
        const std::string with = coefficient ? "·" + val : val;
        text.replace(at, sym.size(), with);
        at = text.find(sym, at + with.size());
      }
    }
    return text;
  }
};

Symbols MakeSymbols(double s, double b, double h, double a, double kv, double d, double f) {
  std::string sb = Num(s) + "·" + Num(b);
  return {{{"as²b", Num(a) + "·" + Num(s) + "²·" + Num(b)},
           {"sb·n_kv·d", sb + "·" + Num(kv) + "·" + Num(d)},
           {"sb·a·d", sb + "·" + Num(a) + "·" + Num(d)},
           {"asb", Num(a) + "·" + sb},
           {"sbh", sb + "·" + Num(h)},
           {"sbf", sb + "·" + Num(f)},
           {"sb", sb}}};
}

void Add(LayerActivation& la, const Symbols& sy, std::string name, double bytes, const std::string& symbolic) {
  la.terms.push_back({std::move(name), bytes, symbolic + " = " + sy.Substitute(symbolic)});
  la.bytes += bytes;
}

// Full recomputation: each layer keeps its input, e·sbh, whatever the block.
LayerActivation LayerInputOnly(LayerActivation& la, const Symbols& sy, double bytes, const std::string& E) {
  Add(la, sy, "layer input", bytes, E + "sbh");
  la.summary = E + "sbh";
  la.note += "; full recomputation keeps only each layer's input";
  return la;
}

bool Positive(std::initializer_list<double> xs) {
  return std::all_of(xs.begin(), xs.end(), [](double x) { return x > 0; });
}

// The gated-MLP terms of activations.h (q width a·d, k/v width n_kv·d).
LayerActivation GatedTerms(double s, double b, double h, double a, double kv, double d, double f, Checkpointing c,
                           bool flash, double e) {
  LayerActivation la;
  la.formula = ActivationFormula::kGatedMlp;
  if (!Positive({s, b, h, a, kv, d, f, e})) return la;
  const Symbols sy = MakeSymbols(s, b, h, a, kv, d, f);
  const std::string E = Num(e), QD = a * d == h ? "sbh" : "sb·a·d";  // the attention width a·d, usually h
  const double sbh = s * b * h, sb = s * b, sbf = s * b * f, qd = s * b * a * d, kvd = s * b * kv * d;
  la.note =
      "gated-MLP block (Llama, Mistral, Qwen: RMSNorm in FP32, SwiGLU, no dropout), derived from what each "
      "op keeps for backward and checked against PyTorch's saved tensors (tests/ref/activations_torch.py)";
  if (c == Checkpointing::kFull) return LayerInputOnly(la, sy, e * sbh, E);
  Add(la, sy, "RMSNorm ×2", 2 * ((4 + e) * sbh + 4 * sb), "2·(4sbh + " + E + "sbh + 4sb)");
  Add(la, sy, "q/k/v input", e * sbh, E + "sbh");
  const bool scores = !flash && c == Checkpointing::kNone;  // eager attention without recomputation
  if (scores) {
    Add(la, sy, "Q, K, V", 3 * e * qd, "3·" + E + QD);
    const double sc = a * s * s * b;
    if (e == 4)
      Add(la, sy, "scores", 4 * sc, "4as²b");
    else
      Add(la, sy, "scores", (4 + e) * sc, "(4 + " + E + ")as²b");
  } else {  // FlashAttention or the recomputed core: K and V with the key/value heads
    Add(la, sy, flash ? "Q, K, V (FlashAttention)" : "Q, K, V (recomputation inputs)", e * (qd + 2 * kvd),
        E + QD + " + 2·" + E + "sb·n_kv·d");
  }
  Add(la, sy, "attention output", e * qd, E + QD);
  if (flash) Add(la, sy, "log-sum-exp", 4 * a * sb, "4asb");
  Add(la, sy, "MLP input", e * sbh, E + "sbh");
  Add(la, sy, "SwiGLU", 4 * e * sbf, "4·" + E + "sbf");
  const double sc = e == 4 ? 4 : 4 + e;
  if (scores)
    la.summary = Num(8 + 8 * e) + "sbh + " + Num(4 * e) + "sbf + " + Num(sc) + "as²b + 8sb";
  else
    la.summary = Num(8 + 6 * e) + "sbh + " + Num(2 * e) + "sb·n_kv·d + " + Num(4 * e) + "sbf + " +
                 (flash ? "4asb + " : "") + "8sb";
  if (flash) la.note += "; FlashAttention keeps Q, K, V (with the key/value heads), its output and FP32 log-sum-exp";
  if (!flash && c == Checkpointing::kSelective)
    la.note += "; selective recomputation re-computes the attention core (repeat_kv, scores, softmax, ·V)";
  if (scores && kv < a) la.note += "; eager attention repeats K and V to all query heads (repeat_kv)";
  return la;
}

// Korthikanti's terms (estimate.h), the MLP at width f (4h in the paper: 2e·sbf = 8e·sbh there).
LayerActivation KorthikantiTerms(double s, double b, double h, double a, double f, Checkpointing c, bool flash,
                                 double e) {
  LayerActivation la;
  la.formula = ActivationFormula::kKorthikanti;
  if (!Positive({s, b, h, a, f, e})) return la;
  const Symbols sy = MakeSymbols(s, b, h, a, a, h / a, f);
  const std::string E = Num(e);
  const double sbh = s * b * h, sbf = s * b * f;
  la.note =
      "Korthikanti et al. (arXiv:2205.05198): GPT-style block (LayerNorm, 4h GELU MLP, dropout with 1-byte "
      "masks)";
  if (c == Checkpointing::kFull) return LayerInputOnly(la, sy, e * sbh, E);
  Add(la, sy, "LayerNorm inputs", 2 * e * sbh, "2·" + E + "sbh");
  Add(la, sy, "attention", (5 * e + 1) * sbh, "(5·" + E + " + 1)sbh");
  Add(la, sy, "MLP", (e + 1) * sbh + 2 * e * sbf, "(" + E + " + 1)sbh + 2·" + E + "sbf");
  const bool scores = !flash && c == Checkpointing::kNone;
  if (scores) Add(la, sy, "scores", (2 * e + 1) * a * s * s * b, "(2·" + E + " + 1)as²b");
  if (f == 4 * h)
    la.summary = "sbh(" + Num(16 * e + 2) + (scores ? " + " + Num(2 * e + 1) + "as/h" : "") + ")";
  else
    la.summary = Num(8 * e + 2) + "sbh + " + Num(2 * e) + "sbf" + (scores ? " + " + Num(2 * e + 1) + "as²b" : "");
  if (!flash && c == Checkpointing::kSelective)
    la.note += "; selective recomputation re-computes the attention scores (the as²b term)";
  if (flash) la.note += "; FlashAttention never stores the s×s scores";
  return la;
}

}  // namespace

double GatedMlpLayerBytes(double s, double b, double h, double a, double kv_heads, double ffn, Checkpointing c,
                          bool flash, double value_bytes) {
  if (!Positive({s, b, h, a})) return 0;
  return GatedTerms(s, b, h, a, kv_heads, h / a, ffn, c, flash, value_bytes).bytes;
}

const char* ActivationFormulaName(ActivationFormula f) {
  return f == ActivationFormula::kGatedMlp ? "gated_mlp" : "korthikanti";
}

LayerActivation LayerActivationFor(const Architecture& arch, double s, double b, Checkpointing c, bool flash,
                                   double value_bytes) {
  double f = static_cast<double>(arch.intermediate);
  const bool moe = arch.experts > 0;
  if (moe) {
    const double expert =
        static_cast<double>(arch.expert_intermediate > 0 ? arch.expert_intermediate : arch.intermediate);
    f = static_cast<double>(arch.experts_per_token) * expert +
        static_cast<double>(arch.shared_experts) * static_cast<double>(arch.shared_intermediate);
  }
  const double h = static_cast<double>(arch.hidden), a = static_cast<double>(arch.heads);
  LayerActivation la = arch.mlp == MlpKind::kGated
                           ? GatedTerms(s, b, h, a, static_cast<double>(arch.kv_heads),
                                        static_cast<double>(arch.head_dim), f, c, flash, value_bytes)
                           : KorthikantiTerms(s, b, h, a, f, c, flash, value_bytes);
  if (moe)
    la.note += "; mixture of experts: the MLP terms at the width one token passes through (" + Num(f) +
               "), not measured against PyTorch";
  return la;
}

}  // namespace bw::memory
