// Activation bytes per layer against PyTorch's own count: tests/data/memory/activations_torch.json, written
// by tests/ref/activations_torch.py (torch.autograd.graph.saved_tensors_hooks over one forward pass of one
// block, each storage once, parameters and buffers excluded; PyTorch 1.13 on the CPU, BF16 and FP32).
//
// Tolerance: none on the formula. Every byte PyTorch saved is either a term of our formula or one of the
// documented non-formula items below, and each of those is checked separately against the JSON's own
// per-storage breakdown (which op saved it), so an error in the formula cannot hide in a tolerance:
//   GPT-2 block vs Korthikanti (KorthikantiLayerBytes):
//     + LayerNorm mean and rstd, 2 norms × 2 × sb values (activation dtype on the CPU; FP32 on CUDA): the
//       paper leaves them out (< 0.1 % of the layer: 2e·sb against 34sbh);
//     + 8 B: the divide by √d keeps its divisor as a 0-dim FP64 tensor (outside recomputation only);
//     + FlashAttention's FP32 log-sum-exp, 4asb (the paper only drops the as²b terms).
//     Overall |measured − formula| / measured < 0.5 % at every shape: Korthikanti is right for GPT-2.
//   Llama block vs GatedMlpLayerBytes:
//     + PyTorch 1.13's mean(-1) keeps its input (x² in FP32, 4sbh per RMSNorm, 8sbh a layer): a version
//       artifact (current derivatives.yaml keeps the sizes only), so the formula leaves it out; it is
//       10–16 % of the 1.13 measurement in BF16, 7–9 % in FP32;
//     + the same 8 B divisor.
//     Without the artifact the formula equals the measurement to the byte (GQA, MHA and MQA shapes).
//   Korthikanti applied to the Llama block is 19–26 % too low at these BF16 shapes (checked below; in FP32
//   without recomputation its 9as²b happens to land within 2 % of the gated block's 4as²b + more sbh).
//
// Measured vs formula, bytes (BF16 unless noted; "none" = no recomputation, eager attention):
//   GPT-2 s=128 b=2 h=256 a=4    none 2885640 vs Korthikanti 2883584 (+0.071 %), flash 2234368 vs 2228224 (+0.28 %)
//   GPT-2 s=256 b=1 h=512 a=8    none 7079944 vs 7077888 (+0.029 %), selective 4458496 vs 4456448 (+0.046 %)
//   GPT-2 s=64 b=4 h=384 a=6     none 3835912 vs 3833856 (+0.054 %)
//   GPT-2 FP32 s=128 b=2 h=256   none 5509128 vs 5505024 (+0.074 %)
//   Llama MHA s=128 b=2 h=256 a=4 f=704      none 4327432 = gated 3803136 + 524288 artifact + 8 (Korthikanti 2883584)
//   Llama GQA s=256 b=1 h=512 a=8/2 f=1408   none 10225672 = 9177088 + 1048576 + 8; flash 6694912 = 5646336 + 1048576
//   Llama MQA s=64 b=4 h=384 a=6/1 f=1024    none 5834760 = 5048320 + 786432 + 8
//   Llama GQA FP32 s=256 b=1 h=512 f=1408    none 14157832 = 13109248 + 1048576 + 8
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/memory/activations.h"
#include "core/util/json.h"

using namespace bw;
using namespace bw::memory;

namespace {

json::Value Fixture() {
  std::ifstream in(std::string(BW_SOURCE_DIR) + "/tests/data/memory/activations_torch.json", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  json::ParseResult r = json::Parse(ss.str());
  REQUIRE_MESSAGE(r.ok, r.error);
  return r.value;
}

double Num(const json::Value& v, const char* key) {
  const json::Value* x = v.Find(key);
  REQUIRE_MESSAGE(x != nullptr, key);
  REQUIRE(x->IsNumber());
  return x->AsNumber();
}

// Bytes of the storages that only the given autograd nodes (NodeName.field) kept.
double SavedOnlyBy(const json::Value& variant, const std::set<std::string>& by) {
  double sum = 0;
  for (const json::Value& st : variant.Find("storages")->AsArray()) {
    const json::Array& names = st.Find("saved_by")->AsArray();
    bool only = !names.empty();
    for (const json::Value& n : names) only = only && by.count(n.AsString()) > 0;
    if (only) sum += Num(st, "bytes");
  }
  return sum;
}

struct Variant {
  const char* name;
  Checkpointing c;
  bool flash;
};
const Variant kVariants[] = {{"none", Checkpointing::kNone, false},
                             {"selective", Checkpointing::kSelective, false},
                             {"full", Checkpointing::kFull, false},
                             {"flash", Checkpointing::kNone, true}};

// One measured shape and variant; `where` names both for failure messages.
struct Case {
  double s, b, h, a, e, kv, f;
  std::string where;
};
Case Read(const json::Value& row, const Variant& v) {
  Case c{Num(row, "s"), Num(row, "b"), Num(row, "h"), Num(row, "a"), Num(row, "value_bytes"), 0, Num(row, "ffn"), ""};
  const json::Value* kv = row.Find("kv_heads");
  c.kv = kv ? kv->AsNumber() : c.a;
  c.where = std::string(v.name) + " s=" + json::FormatNumber(c.s) + " b=" + json::FormatNumber(c.b) +
            " h=" + json::FormatNumber(c.h) + " a=" + json::FormatNumber(c.a) + " kv=" + json::FormatNumber(c.kv) +
            " ffn=" + json::FormatNumber(c.f) + " e=" + json::FormatNumber(c.e);
  return c;
}

const json::Array& Rows(const json::Value& doc, const char* block) {
  const json::Value* rows = doc.Find(block);
  REQUIRE(rows != nullptr);
  REQUIRE(rows->AsArray().size() >= 3);  // at least three shapes
  return rows->AsArray();
}

}  // namespace

TEST_CASE("the PyTorch measurement is there and is a measurement") {
  json::Value doc = Fixture();
  CHECK(doc.Find("torch_version")->AsString().rfind("1.13", 0) == 0);  // the artifacts below are 1.13's
  for (const char* block : {"gpt2", "llama"}) {
    for (const json::Value& row : Rows(doc, block)) {
      for (const Variant& v : kVariants) {
        const json::Value* m = row.Find(v.name);
        REQUIRE(m != nullptr);
        double sum = 0;
        for (const json::Value& st : m->Find("storages")->AsArray()) sum += Num(st, "bytes");
        CHECK(sum == Num(*m, "measured_bytes"));              // the total is the sum of its storages
        if (v.c != Checkpointing::kFull)                      // (full recomputation keeps no weight)
          CHECK(Num(*m, "excluded_module_state_bytes") > 0);  // weights were seen and left out
      }
    }
  }
}

TEST_CASE("GPT-2 block: PyTorch keeps Korthikanti's bytes plus LayerNorm statistics, within 0.5 %") {
  json::Value doc = Fixture();
  for (const json::Value& row : Rows(doc, "gpt2")) {
    REQUIRE(Num(row, "ffn") == 4 * Num(row, "h"));  // the block the paper analyses
    REQUIRE(Num(row, "dropout") > 0);
    for (const Variant& v : kVariants) {
      const Case k = Read(row, v);
      const double s = k.s, b = k.b, h = k.h, a = k.a, e = k.e;
      CAPTURE(k.where);
      const json::Value& m = *row.Find(v.name);
      const double measured = Num(m, "measured_bytes");
      const double formula = KorthikantiLayerBytes(s, b, h, a, v.c, v.flash, e);
      const bool full = v.c == Checkpointing::kFull;
      const double ln_stats = SavedOnlyBy(m, {"NativeLayerNormBackward0.result1", "NativeLayerNormBackward0.result2"});
      const double divisor = SavedOnlyBy(m, {"DivBackward0.other"});
      CHECK(ln_stats == (full ? 0 : 2 * 2 * s * b * e));
      CHECK(divisor == (std::string(v.name) == "none" ? 8 : 0));
      const double lse = v.flash ? 4 * a * s * b : 0;
      CHECK(measured == formula + ln_stats + divisor + lse);
      CHECK(std::fabs(measured - formula) / measured < 0.005);
    }
  }
}

TEST_CASE("Llama block: PyTorch keeps exactly GatedMlpLayerBytes, apart from PyTorch 1.13's mean artifact") {
  json::Value doc = Fixture();
  std::set<double> kv_layouts;
  for (const json::Value& row : Rows(doc, "llama")) {
    for (const Variant& v : kVariants) {
      const Case k = Read(row, v);
      const double s = k.s, b = k.b, h = k.h, a = k.a, e = k.e, kv = k.kv, f = k.f;
      CAPTURE(k.where);
      kv_layouts.insert(kv == a ? 0 : kv == 1 ? 1 : 2);
      const json::Value& m = *row.Find(v.name);
      const double measured = Num(m, "measured_bytes");
      const double formula = GatedMlpLayerBytes(s, b, h, a, kv, f, v.c, v.flash, e);
      const bool full = v.c == Checkpointing::kFull;
      const double mean_artifact = SavedOnlyBy(m, {"MeanBackward1.self"});
      const double divisor = SavedOnlyBy(m, {"DivBackward0.other"});
      CHECK(mean_artifact == (full ? 0 : 2 * 4 * s * b * h));
      CHECK(divisor == (std::string(v.name) == "none" ? 8 : 0));
      CHECK(measured - mean_artifact - divisor == formula);
      if (!full) {  // the artifact is large, so it is checked exactly above rather than tolerated
        const double share = mean_artifact / measured;
        CHECK(share > 0.07);
        CHECK(share < 0.17);
      }
    }
  }
  CHECK(kv_layouts.size() == 3);  // MHA, GQA and MQA shapes were measured
}

TEST_CASE("the comparison tells formulas apart: Korthikanti and a wrong width miss the Llama measurement") {
  json::Value doc = Fixture();
  for (const json::Value& row : Rows(doc, "llama")) {
    for (const Variant& v : kVariants) {
      if (v.c == Checkpointing::kFull) continue;  // both keep the layer input only
      const Case k = Read(row, v);
      const double s = k.s, b = k.b, h = k.h, a = k.a, e = k.e, kv = k.kv, f = k.f;
      CAPTURE(k.where);
      const json::Value& m = *row.Find(v.name);
      const double target = Num(m, "measured_bytes") - SavedOnlyBy(m, {"MeanBackward1.self", "DivBackward0.other"});
      const double korthikanti = KorthikantiLayerBytes(s, b, h, a, v.c, v.flash, e);
      CHECK(std::fabs(korthikanti - target) > 0.015 * target);
      if (e == 2) CHECK(korthikanti < 0.85 * target);  // 19–26 % low: the gated block keeps much more
      CHECK(GatedMlpLayerBytes(s, b, h, a, kv, 4 * h, v.c, v.flash, e) > 1.1 * target);  // a 4h MLP
      CHECK(GatedMlpLayerBytes(s, b, h, a, kv, f + 64, v.c, v.flash, e) != target);
      if (v.flash && kv < a)  // FlashAttention keeps K and V with the key/value heads only
        CHECK(GatedMlpLayerBytes(s, b, h, a, a, f, v.c, v.flash, e) > target);
    }
  }
}

TEST_CASE("LayerActivationFor picks the family from the architecture and lists its terms") {
  const Architecture gpt2 = FindPreset("gpt2")->arch, llama = FindPreset("llama-2-7b")->arch;
  for (const Variant& v : kVariants) {
    const std::string variant = v.name;
    CAPTURE(variant);
    LayerActivation g = LayerActivationFor(gpt2, 1024, 4, v.c, v.flash, 2);
    CHECK(g.formula == ActivationFormula::kKorthikanti);
    CHECK(g.bytes == KorthikantiLayerBytes(1024, 4, 768, 12, v.c, v.flash, 2));
    LayerActivation l = LayerActivationFor(llama, 4096, 1, v.c, v.flash, 2);
    CHECK(l.formula == ActivationFormula::kGatedMlp);
    CHECK(l.bytes == GatedMlpLayerBytes(4096, 1, 4096, 32, 32, 11008, v.c, v.flash, 2));
    for (const LayerActivation* la : {&g, &l}) {
      double sum = 0;
      for (const ActivationTerm& t : la->terms) sum += t.bytes;
      CHECK(sum == la->bytes);
    }
  }
  LayerActivation g = LayerActivationFor(gpt2, 1024, 4, Checkpointing::kNone, false, 2);
  CHECK(g.summary == "sbh(34 + 5as/h)");
  CHECK(std::string(ActivationFormulaName(g.formula)) == "korthikanti");
  LayerActivation l = LayerActivationFor(llama, 4096, 1, Checkpointing::kNone, false, 2);
  CHECK(l.summary == "24sbh + 8sbf + 6as²b + 8sb");
  CHECK(std::string(ActivationFormulaName(l.formula)) == "gated_mlp");
  CHECK(l.terms[0].formula == "2·(4sbh + 2sbh + 4sb) = 2·(4·4096·1·4096 + 2·4096·1·4096 + 4·4096·1)");
  // Llama-2-7B at s = 4096, b = 1: 24sbh + 8sbf + 6as²b + 8sb.
  CHECK(l.bytes == 24.0 * 4096 * 4096 + 8.0 * 4096 * 11008 + 6.0 * 32 * 4096 * 4096 + 8.0 * 4096);
  CHECK(LayerActivationFor(llama, 4096, 1, Checkpointing::kFull, false, 4).bytes == 4.0 * 4096 * 4096);
  // FP32 activations: no cast of the FP32 softmax output, 4as²b.
  CHECK(GatedMlpLayerBytes(8, 1, 64, 4, 4, 128, Checkpointing::kNone, false, 4) ==
        40.0 * 8 * 64 + 16.0 * 8 * 128 + 4.0 * 4 * 64 + 8.0 * 8);
  CHECK(GatedMlpLayerBytes(0, 1, 64, 4, 4, 128, Checkpointing::kNone, false, 2) == 0);
  // activations.h's claims for real shapes: Korthikanti 18 % below Llama-2-7B's block at s = 4096 (194sbh
  // against 237.5sbh + 8sb), 31 % below Llama-3-8B's with FlashAttention (34sbh against 49sbh + 4asb + 8sb).
  const double k2 = KorthikantiLayerBytes(4096, 1, 4096, 32, Checkpointing::kNone, false, 2);
  const double g2 = GatedMlpLayerBytes(4096, 1, 4096, 32, 32, 11008, Checkpointing::kNone, false, 2);
  CHECK(1 - k2 / g2 == doctest::Approx(0.183).epsilon(0.005));
  const double k3 = KorthikantiLayerBytes(8192, 1, 4096, 32, Checkpointing::kNone, true, 2);
  const double g3 = GatedMlpLayerBytes(8192, 1, 4096, 32, 8, 14336, Checkpointing::kNone, true, 2);
  CHECK(g3 == 49.0 * 8192 * 4096 + 4.0 * 32 * 8192 + 8.0 * 8192);
  CHECK(1 - k3 / g3 == doctest::Approx(0.306).epsilon(0.005));
}
