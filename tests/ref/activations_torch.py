#!/usr/bin/python3
"""Bytes one transformer block saves for backward, counted by PyTorch itself.

An independent measurement for bw::memory's activation formulas (src/core/memory/estimate.h's
KorthikantiLayerBytes, src/core/memory/activations.h's GatedMlpLayerBytes): one forward pass of one
block in training mode, every tensor autograd saves for backward seen through
torch.autograd.graph.saved_tensors_hooks, each storage counted once. The result is written to
tests/data/memory/activations_torch.json (committed); tests/core/memory/test_activations.cpp reads
it and compares with the formulas.

    /usr/bin/python3 tests/ref/activations_torch.py            # rewrite the JSON
    /usr/bin/python3 tests/ref/activations_torch.py --check    # measure again, compare with the JSON (exit 1 if not equal)

Needs only PyTorch (Debian: apt-get install python3-torch, 1.13 in bookworm; the machine's pyenv
python3 does not see Debian's dist-packages, hence /usr/bin/python3). Runs on the CPU in seconds.

The two blocks are written here in plain PyTorch, no transformers library:
  - gpt2: GPT-2 / GPT-3 / Megatron block as Korthikanti et al. (arXiv:2205.05198) analyse it: pre-LayerNorm,
    fused QKV Linear, causal softmax attention computed explicitly (no SDPA, no FlashAttention), dropout
    p = 0.1 on the attention probabilities and on both residual branches, 4h MLP with tanh-GELU
    (GPT-2's gelu_new). Dropout is torch.native_dropout, the kernel F.dropout uses on CUDA (a 1-byte bool
    mask); on the CPU F.dropout would instead multiply by a noise tensor of the activation dtype
    (2 bytes a value), which no GPU training run does.
  - llama: Llama / Mistral / Qwen block as Meta's llama/model.py and Hugging Face's modeling_llama.py
    (eager attention) write it: RMSNorm computed in FP32 (x.float(), pow, mean, rsqrt, cast back, times the
    weight), separate q/k/v/o projections without bias, grouped-query heads (k/v repeated to the query
    heads, repeat_kv), rotary embeddings (rotate_half), causal softmax in FP32 cast back to the activation
    dtype, SwiGLU MLP down(silu(gate(x)) * up(x)) with the intermediate size given per shape, no dropout.

Activations are bfloat16 (value_bytes 2): this PyTorch runs every op of both blocks in BF16 on the CPU,
so nothing is measured in FP32 and scaled. One shape per block is measured in FP32 as well (value_bytes 4).

What is counted. The pack hook receives every tensor an autograd node saves (inputs, outputs, masks,
the FP32 copies the blocks make). Saved tensors are often views (a weight saved as weight.t(), q/k/v as
slices of one QKV output, a bmm operand as a reshape): a view keeps its whole storage alive, so the unit
is the storage: key storage().data_ptr(), size storage().nbytes(), each counted once however many nodes
save it. Module state is not an activation: a saved tensor whose storage is the storage of one of the
module's nn.Parameters (weights, biases, norm gains, also when saved as a transposed view) or registered
buffers (the causal mask, the RoPE cos/sin tables, shared by all layers of a model) is listed under
"excluded" and not counted. The block input x (a leaf that requires grad, but not a Parameter) is
counted: it is the layer's input, as in Korthikanti's accounting. Scalars saved by value (a Python float
exponent, a divisor) are not tensors and cost nothing.

Variants per shape (the Checkpointing of estimate.h plus attention kernels):
  none      plain forward;
  selective the attention core (QK^T, mask, softmax, dropout, ·V; for Llama also repeat_kv, as Megatron's
            core attention repeats the key/value heads itself) under torch.utils.checkpoint (reentrant), as
            Korthikanti's selective recomputation: it saves only q, k, v (k, v with their own heads);
  full      the whole block under torch.utils.checkpoint: it saves only the block input;
  flash     attention core replaced by an autograd.Function that saves exactly what flash-attn's
            FlashAttnFunc saves (q, k, v as given — k/v with the key/value heads, not repeated —,
            the output, the FP32 log-sum-exp [b, a, s]; dropout regenerated from an RNG state, no mask).
            This is an emulation: CPU PyTorch 1.13 has no FlashAttention, so what the kernel saves is
            taken from flash_attn_interface.py, and the rest of the block is measured around it.
Each variant also runs backward once, so the graph that was measured is a working one.
"""

import argparse
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.utils.checkpoint as checkpoint

DTYPES = {"bf16": torch.bfloat16, "fp32": torch.float32}
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "memory", "activations_torch.json")

# (s, b, h, a) for GPT-2; (s, b, h, a, kv_heads, ffn) for Llama. ffn = Llama's rule
# multiple_of * ceil(int(8h/3) / multiple_of) with multiple_of 64 (Llama-2-7B: 256, giving 11008 for 4096).
# Every shape in BF16; the first (GQA) one also in FP32, which checks the formulas' value_bytes = 4 case.
GPT2_SHAPES = [("bf16", 128, 2, 256, 4), ("bf16", 256, 1, 512, 8), ("bf16", 64, 4, 384, 6), ("fp32", 128, 2, 256, 4)]
LLAMA_SHAPES = [("bf16", 128, 2, 256, 4, 4, 704), ("bf16", 256, 1, 512, 8, 2, 1408), ("bf16", 64, 4, 384, 6, 1, 1024),
                ("fp32", 256, 1, 512, 8, 2, 1408)]
VARIANTS = ["none", "selective", "full", "flash"]


def dropout(x, p, training):
    # torch.native_dropout is what F.dropout runs on CUDA: it saves a bool mask (1 byte a value).
    if not training or p == 0:
        return x
    return torch.native_dropout(x, p, True)[0]


class FlashLikeAttention(torch.autograd.Function):
    """Saves what flash-attn's FlashAttnFunc.forward saves: q, k, v, out, softmax_lse (FP32), and an RNG
    state instead of a dropout mask. Forward and backward are plain math (recomputed), only the set of
    saved tensors matters here. q: [b, s, a, d]; k, v: [b, s, kv, d]; returns out [b, s, a, d]."""

    @staticmethod
    def forward(ctx, q, k, v, p, scale):
        with torch.no_grad():
            out, lse = _attention_math(q, k, v, p, scale, with_lse=True)
        ctx.save_for_backward(q, k, v, out, lse)
        ctx.p, ctx.scale = p, scale
        return out

    @staticmethod
    def backward(ctx, grad):
        q, k, v, _, _ = ctx.saved_tensors
        with torch.enable_grad():
            q, k, v = (t.detach().requires_grad_() for t in (q, k, v))
            out = _attention_math(q, k, v, 0.0, ctx.scale)  # dropout replay omitted: gradients not checked
            dq, dk, dv = torch.autograd.grad(out, (q, k, v), grad)
        return dq, dk, dv, None, None


def _attention_math(q, k, v, p, scale, with_lse=False):
    b, s, a, d = q.shape
    rep = a // k.shape[2]
    qh = q.transpose(1, 2)
    kh = k.transpose(1, 2).repeat_interleave(rep, dim=1)
    vh = v.transpose(1, 2).repeat_interleave(rep, dim=1)
    scores = (qh.float() @ kh.float().transpose(-1, -2)) * scale
    future = torch.ones(s, s, dtype=torch.bool, device=q.device).triu(1)
    scores = scores.masked_fill(future, float("-inf"))
    lse = torch.logsumexp(scores, dim=-1)
    probs = torch.softmax(scores, dim=-1)
    if p > 0:
        probs = F.dropout(probs, p, True)
    out = (probs @ vh.float()).to(q.dtype).transpose(1, 2).contiguous()
    return (out, lse) if with_lse else out


class GPT2Block(nn.Module):
    def __init__(self, h, a, max_s, p=0.1):
        super().__init__()
        self.h, self.a, self.p = h, a, p
        self.ln_1 = nn.LayerNorm(h)
        self.c_attn = nn.Linear(h, 3 * h)
        self.attn_proj = nn.Linear(h, h)
        self.ln_2 = nn.LayerNorm(h)
        self.c_fc = nn.Linear(h, 4 * h)
        self.mlp_proj = nn.Linear(4 * h, h)
        # True above the diagonal: the future positions a token may not see (a buffer, shared by layers).
        self.register_buffer("future", torch.ones(max_s, max_s, dtype=torch.bool).triu(1))
        self.attention = "eager"  # or "selective" (core under checkpoint) or "flash" (emulated)

    def core(self, q, k, v):  # [b, a, s, d] each
        s, d = q.shape[2], q.shape[3]
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(d)  # bmm saves q and k; the scalar divide saves nothing
        scores = scores.masked_fill(self.future[:s, :s], float("-inf"))  # saves the mask: a buffer, excluded
        probs = torch.softmax(scores, dim=-1)  # saves its output (2as²b)
        probs = dropout(probs, self.p, self.training)  # bool mask (as²b)
        return probs @ v  # saves the dropped-out probabilities (2as²b) and v

    def forward(self, x):  # x: [b, s, h]
        b, s, h = x.shape
        a, d = self.a, h // self.a
        qkv = self.c_attn(self.ln_1(x))
        q, k, v = qkv.split(h, dim=2)
        if self.attention == "flash":
            y = FlashLikeAttention.apply(q.view(b, s, a, d), k.view(b, s, a, d), v.view(b, s, a, d), self.p,
                                         1 / math.sqrt(d)).reshape(b, s, h)
        else:
            q, k, v = (t.view(b, s, a, d).transpose(1, 2) for t in (q, k, v))
            if self.attention == "selective":
                y = checkpoint.checkpoint(self.core, q, k, v, use_reentrant=True)
            else:
                y = self.core(q, k, v)
            y = y.transpose(1, 2).reshape(b, s, h)
        x = x + dropout(self.attn_proj(y), self.p, self.training)
        m = self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))
        return x + dropout(m, self.p, self.training)


class RMSNorm(nn.Module):
    def __init__(self, h, eps=1e-5):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(h))
        self.eps = eps

    def forward(self, x):  # as HF LlamaRMSNorm and Meta's RMSNorm: the statistics in FP32
        xf = x.float()  # a new FP32 tensor (4sbh) when x is 16-bit; pow and mul save it
        xf = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)  # rsqrt saves its output (4sb)
        return self.weight * xf.to(x.dtype)  # saves the normalized 16-bit tensor (2sbh) for the weight's grad


def rotate_half(x):
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


class LlamaBlock(nn.Module):
    def __init__(self, h, a, kv, ffn, max_s, theta=10000.0):
        super().__init__()
        self.h, self.a, self.kv, self.d = h, a, kv, h // a
        d = self.d
        self.input_layernorm = RMSNorm(h)
        self.q_proj = nn.Linear(h, a * d, bias=False)
        self.k_proj = nn.Linear(h, kv * d, bias=False)
        self.v_proj = nn.Linear(h, kv * d, bias=False)
        self.o_proj = nn.Linear(a * d, h, bias=False)
        self.post_attention_layernorm = RMSNorm(h)
        self.gate_proj = nn.Linear(h, ffn, bias=False)
        self.up_proj = nn.Linear(h, ffn, bias=False)
        self.down_proj = nn.Linear(ffn, h, bias=False)
        inv_freq = 1.0 / (theta ** (torch.arange(0, d, 2).float() / d))
        ang = torch.outer(torch.arange(max_s).float(), inv_freq)
        ang = torch.cat((ang, ang), dim=-1)
        # RoPE tables and the additive causal mask: buffers (HF computes cos/sin once per model forward and
        # hands them to every layer), so module state, excluded from the per-layer count.
        self.register_buffer("cos", ang.cos())
        self.register_buffer("sin", ang.sin())
        self.register_buffer("mask", torch.full((max_s, max_s), float("-inf")).triu(1))
        self.attention = "eager"

    def core(self, q, k, v):  # q [b, a, s, d]; k, v [b, n_kv, s, d]
        b, a, s, d = q.shape
        kv = k.shape[1]
        rep = a // kv  # HF repeat_kv: expand + reshape, a copy of k and v with all a heads (a view when
        if rep > 1:  # n_kv = 1, but the bmm's own reshape then copies); inside the recomputed part, as Megatron
            k = k[:, :, None].expand(b, kv, rep, s, d).reshape(b, a, s, d)  # repeats inside its core attention
            v = v[:, :, None].expand(b, kv, rep, s, d).reshape(b, a, s, d)
        scores = (q @ k.transpose(2, 3)) / math.sqrt(self.d) + self.mask[:s, :s]  # bmm saves q, k; the adds nothing
        probs = torch.softmax(scores, dim=-1, dtype=torch.float32)  # saves its FP32 output (4as²b)
        probs = probs.to(q.dtype)  # a 16-bit copy (2as²b), saved by the next bmm
        return probs @ v

    def forward(self, x):
        b, s, h = x.shape
        a, kv, d = self.a, self.kv, self.d
        r = self.input_layernorm(x)
        q = self.q_proj(r).view(b, s, a, d).transpose(1, 2)
        k = self.k_proj(r).view(b, s, kv, d).transpose(1, 2)
        v = self.v_proj(r).view(b, s, kv, d).transpose(1, 2)
        cos, sin = self.cos[:s], self.sin[:s]
        q = q * cos + rotate_half(q) * sin  # the muls save cos and sin (buffers), not q
        k = k * cos + rotate_half(k) * sin
        if self.attention == "flash":
            y = FlashLikeAttention.apply(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2), 0.0,
                                         1 / math.sqrt(d)).reshape(b, s, a * d)
        else:
            if self.attention == "selective":
                y = checkpoint.checkpoint(self.core, q, k, v, use_reentrant=True)
            else:
                y = self.core(q, k, v)
            y = y.transpose(1, 2).reshape(b, s, a * d)
        x = x + self.o_proj(y)
        r = self.post_attention_layernorm(x)
        return x + self.down_proj(F.silu(self.gate_proj(r)) * self.up_proj(r))


def storage_of(t):
    st = t.storage()  # PyTorch 1.13 (untyped_storage() from 2.0 on): the storage a view shares
    return st.data_ptr(), st.nbytes()


def walk_saved(root):
    """storage key -> ["NodeName.field", ...]: which autograd nodes saved a storage (for the breakdown)."""
    names, seen, stack = {}, set(), [root]
    while stack:
        n = stack.pop()
        if n is None or n in seen:
            continue
        seen.add(n)
        fields = []
        for attr in dir(n):
            if attr.startswith("_saved_"):
                try:
                    fields.append((attr[len("_saved_"):], getattr(n, attr)))
                except RuntimeError:
                    pass
        if hasattr(n, "saved_tensors"):  # custom autograd.Function (checkpoint, FlashLikeAttention)
            fields.append(("saved_tensors", n.saved_tensors))
        for field, val in fields:
            for t in val if isinstance(val, (tuple, list)) else [val]:
                if isinstance(t, torch.Tensor) and t.numel() > 0:
                    names.setdefault(storage_of(t)[0], set()).add(n.name() + "." + field)
        stack.extend(f for f, _ in n.next_functions)
    return names


def measure(block, x, variant):
    block.attention = {"selective": "selective", "flash": "flash"}.get(variant, "eager")
    state = {storage_of(t)[0] for t in list(block.parameters()) + list(block.buffers())}
    packed = []

    def pack(t):
        packed.append(t)  # keeps the tensor alive, so no storage address is reused while we count
        return t

    torch.manual_seed(1)
    x = x.detach().requires_grad_()
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        if variant == "full":
            y = checkpoint.checkpoint(block, x, use_reentrant=True)
        else:
            y = block(x)
    counted, excluded = {}, {}
    for t in packed:
        if t.numel() == 0:
            continue
        key, nbytes = storage_of(t)
        (excluded if key in state else counted)[key] = (nbytes, t)
    names = walk_saved(y.grad_fn)
    rows = sorted(
        ({"bytes": nb, "dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape),
          "saved_by": sorted(names.get(key, []))} for key, (nb, t) in counted.items()),
        key=lambda r: (-r["bytes"], r["saved_by"]))
    y.float().sum().backward()  # the measured graph works
    return {
        "measured_bytes": sum(nb for nb, _ in counted.values()),
        "excluded_module_state_bytes": sum(nb for nb, _ in excluded.values()),
        "storages": rows,
    }


def run():
    torch.set_num_threads(1)
    out = {
        "_source": "tests/ref/activations_torch.py (see its docstring): bytes one block saves for backward, "
                   "counted with torch.autograd.graph.saved_tensors_hooks, each storage once, parameters and "
                   "buffers excluded; 'flash' emulates flash-attn's saved set (CPU PyTorch has no FlashAttention)",
        "torch_version": torch.__version__,
        "gpt2": [],
        "llama": [],
    }
    for dt, s, b, h, a in GPT2_SHAPES:
        torch.manual_seed(0)
        block = GPT2Block(h, a, s).to(DTYPES[dt]).train()
        x = torch.randn(b, s, h, dtype=DTYPES[dt])
        row = {"dtype": dt, "value_bytes": torch.finfo(DTYPES[dt]).bits // 8,
               "s": s, "b": b, "h": h, "a": a, "ffn": 4 * h, "dropout": block.p}
        row.update({v: measure(block, x, v) for v in VARIANTS})
        out["gpt2"].append(row)
    for dt, s, b, h, a, kv, ffn in LLAMA_SHAPES:
        torch.manual_seed(0)
        block = LlamaBlock(h, a, kv, ffn, s).to(DTYPES[dt]).train()
        x = torch.randn(b, s, h, dtype=DTYPES[dt])
        row = {"dtype": dt, "value_bytes": torch.finfo(DTYPES[dt]).bits // 8,
               "s": s, "b": b, "h": h, "a": a, "kv_heads": kv, "ffn": ffn}
        row.update({v: measure(block, x, v) for v in VARIANTS})
        out["llama"].append(row)
    return out


def totals(doc):
    return {(blk, i, v): row[v]["measured_bytes"] for blk in ("gpt2", "llama")
            for i, row in enumerate(doc[blk]) for v in VARIANTS}


def dumps(v, depth=0):
    """JSON indented one space a level, each storage row (depth 5) on one line."""
    pad = "\n" + " " * (depth + 1)
    if depth >= 5 or not isinstance(v, (dict, list)) or not v:
        return json.dumps(v, separators=(", ", ": "))
    if isinstance(v, dict):
        items = [json.dumps(k) + ": " + dumps(x, depth + 1) for k, x in v.items()]
        return "{" + pad + ("," + pad).join(items) + "\n" + " " * depth + "}"
    return "[" + pad + ("," + pad).join(dumps(x, depth + 1) for x in v) + "\n" + " " * depth + "]"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="compare a new measurement with the committed JSON")
    args = ap.parse_args()
    doc = run()
    for blk in ("gpt2", "llama"):
        for row in doc[blk]:
            shape = " ".join(f"{k}={row[k]}" for k in ("dtype", "s", "b", "h", "a", "kv_heads", "ffn") if k in row)
            print(f"{blk:5} {shape:50} " + "  ".join(f"{v} {row[v]['measured_bytes']}" for v in VARIANTS))
    if args.check:
        with open(OUT) as f:
            old = json.load(f)
        if totals(old) != totals(doc):
            print("measured totals differ from", OUT, file=sys.stderr)
            return 1
        if json.loads(dumps(doc)) != old:
            print("the per-storage breakdown differs from", OUT, file=sys.stderr)
            return 1
        print("matches", os.path.relpath(OUT))
        return 0
    with open(OUT, "w") as f:
        f.write(dumps(doc) + "\n")
    print("wrote", os.path.relpath(OUT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
