// bw::memory activations — the bytes ONE transformer layer saves for backward, by block family.
//
//   double k = KorthikantiLayerBytes(s, b, h, a, Checkpointing::kNone, false);        // GPT-style (estimate.h)
//   double g = GatedMlpLayerBytes(s, b, h, a, kv_heads, ffn, Checkpointing::kNone, false);  // Llama-style
//   LayerActivation la = LayerActivationFor(arch, s, b, Checkpointing::kNone, false, 2);  // picks the family
//   la.formula; la.bytes; la.terms;  // which formula, its total, its terms with the numbers substituted
//
// Notation: s sequence length, b micro-batch, h hidden size, a query heads, d = h/a head size, n_kv key/value
// heads, f MLP intermediate size, e bytes per activation value (2 for BF16/FP16, 4 for FP32).
//
// WHERE KORTHIKANTI'S FORMULA APPLIES (estimate.h, KorthikantiLayerBytes; arXiv:2205.05198 §4.1):
// sbh(34 + 5as/h) with e = 2 is the GPT-3 / Megatron block: pre-LayerNorm, fused QKV, softmax attention in
// the activation dtype, an MLP of width 4h with GELU, dropout (1-byte masks) on the attention probabilities
// and on both residual branches. 34 = 4 (two LayerNorm inputs) + 2 (QKV input) + 4 (Q, K) + 2 (V)
// + 2 (output projection input) + 1 (its dropout mask) + 2 (MLP input) + 8 (GELU input, 4h) + 8 (GELU
// output, 4h) + 1 (MLP dropout mask); 5as/h = 2 (softmax output) + 1 (its dropout mask) + 2 (dropped-out
// probabilities, saved by ·V). GPT-2, GPT-3, OPT and BERT blocks (4h, dropout 0.1) are this block; one
// trained without dropout keeps 2sbh + 3as²b less (no masks, and ·V keeps the softmax output itself).
// Measured (tests/ref/activations_torch.py, PyTorch 1.13, tests/core/memory/test_activations.cpp): a GPT-2
// block saves exactly the formula plus LayerNorm's mean and rstd (2 × 2 × sb values: FP32 on CUDA, the
// activation dtype on the CPU, < 0.1 % of the layer), plus 8 B (the divide by √d keeps its divisor as an
// FP64 scalar tensor), plus, with FlashAttention, the kernel's FP32 log-sum-exp (4asb). It does NOT apply to gated-MLP blocks: they have no dropout, an FP32 RMSNorm, three MLP matrices
// of width f ≠ 4h and an FP32 softmax; Korthikanti is 19–26 % below what such a block keeps at the measured
// BF16 shapes, 18 % for Llama-2-7B at s = 4096 and 31 % for Llama-3-8B with FlashAttention.
//
// GATED-MLP BLOCKS WITHOUT DROPOUT (Llama, Mistral, Qwen2; GatedMlpLayerBytes). The block as Meta's
// llama/model.py and Hugging Face's modeling_llama.py (eager attention) write it, term by term, with what
// each autograd node keeps (no checkpointing, no FlashAttention):
//   RMSNorm, twice:        4sbh   x.float(): an FP32 copy (x itself when e = 4), kept by pow(2) and by × rsqrt
//                          4sb    rsqrt of the mean square, FP32, kept by × rsqrt
//                          e·sbh  the normalized value cast back to the activation dtype, kept by × weight
//   q/k/v projections:     e·sbh  their shared input (the norm's output), one storage kept by all three
//   RoPE:                  0      q·cos + rotate_half(q)·sin keeps only cos and sin: tables shared by all
//                                 layers (computed once per model forward), not per-layer activations
//   Q, K, V for attention: 3e·sbh Q (after RoPE), K and V after repeat_kv: eager grouped-query attention
//                                 materializes K and V with all a heads, so n_kv does not reduce this term
//   scores:                4as²b  softmax(·, dtype=float32): its FP32 output, kept by softmax's backward
//                          e·as²b its cast back to the activation dtype, kept by probabilities·V (no copy
//                                 when e = 4); QK^T/√d and the additive causal mask keep nothing; attention
//                                 dropout is 0 (no mask)
//   output projection:     e·sbh  its input (the heads concatenated)
//   SwiGLU MLP:            e·sbh  gate and up projections' shared input
//                          e·sbf  the gate output, kept by SiLU
//                          2e·sbf silu(gate) and up, both kept by their product
//                          e·sbf  the product, the down projection's input
//   residual adds:         0
// Total: sbh(8 + 8e) + 4e·sbf + (4 + e)·as²b + 8sb (the (4 + e) is 4 when e = 4); with e = 2:
// sbh(24 + 8f/h) + 6as²b + 8sb, i.e. 45.5sbh + 6as²b for Llama-2-7B's f = 2.6875h (Korthikanti: 34sbh + 5as²b).
// FlashAttention (flash = true): the scores terms vanish; the kernel (flash-attn's FlashAttnFunc) keeps Q
// (e·sbh), K and V with their own n_kv heads (2e·sb·n_kv·d), its output (the output projection's input:
// the same storage, counted once) and an FP32 log-sum-exp (4asb); no dropout mask (an RNG state).
// Checkpointing (Korthikanti's kinds): kSelective recomputes the attention core (repeat_kv, QK^T, softmax,
// ·V — Megatron's core attention repeats the key/value heads inside), so the scores terms vanish and its
// inputs stay: Q (e·sbh), K and V with their own heads (2e·sb·n_kv·d); with flash there is nothing left to
// recompute (= flash). kFull keeps the layer input only: e·sbh.
// Not per layer, so not here: the RoPE tables, the causal mask, the final norm and the logits.
// Measured (the same reference test): equal to the byte at 3 BF16 shapes and one FP32 shape (MHA, GQA,
// MQA), except one PyTorch 1.13 artifact the test checks exactly: its mean(-1) keeps its input (x² in FP32,
// 4sbh per RMSNorm); current PyTorch's derivatives.yaml keeps only the input's sizes and element count.
// Fused RMSNorm kernels (Apex, Transformer Engine, Liger) keep only the input and rstd: e·sbh + 4sb a norm.
#pragma once

#include <string>
#include <vector>

#include "core/memory/architecture.h"
#include "core/memory/estimate.h"

namespace bw::memory {

// Activation bytes of ONE gated-MLP (SwiGLU, RMSNorm, no dropout) layer, head size d = h/a, as derived
// above. `value_bytes` e: 2 (16-bit activations) or 4 (FP32). Non-positive sizes give 0.
double GatedMlpLayerBytes(double s, double b, double h, double a, double kv_heads, double ffn, Checkpointing c,
                          bool flash, double value_bytes = 2);

// One term of a layer's formula: what is kept, its bytes, the expression with the numbers substituted.
struct ActivationTerm {
  std::string name;     // "RMSNorm ×2", "Q, K, V", "scores", ...
  double bytes = 0;     // for one layer
  std::string formula;  // "2·(4sbh + 2sbh + 4sb) = 2·(4·2048·1·4096 + ...)"
};

enum class ActivationFormula { kKorthikanti, kGatedMlp };
const char* ActivationFormulaName(ActivationFormula f);  // "korthikanti", "gated_mlp"

struct LayerActivation {
  ActivationFormula formula = ActivationFormula::kKorthikanti;
  double bytes = 0;                   // one layer (the sum of terms)
  std::string summary;                // "24sbh + 8sbf + 6as²b + 8sb" (symbols, e substituted)
  std::string note;                   // where the formula comes from and what it assumes
  std::vector<ActivationTerm> terms;  // line by line
};

// The formula for architecture `arch` (validated by the caller): gated MLP → GatedMlpLayerBytes with
// arch's heads × head_dim as the attention width; plain MLP (GPT-2, BERT) → Korthikanti (its 4h MLP terms
// scaled to arch's intermediate size when that is not 4h: 2e·sbf for GELU's input and output). A
// mixture-of-experts MLP uses the width one token passes through (experts_per_token × expert width + shared
// experts); that case is not measured against PyTorch and the note says so.
LayerActivation LayerActivationFor(const Architecture& arch, double s, double b, Checkpointing c, bool flash,
                                   double value_bytes = 2);

}  // namespace bw::memory
