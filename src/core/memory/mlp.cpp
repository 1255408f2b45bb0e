// MLP estimate: the byte counts from shapes, and the activation peak by replaying the documented
// acquire/release schedule on sizes only (no arithmetic on values).
#include "core/memory/mlp.h"

#include <algorithm>
#include <map>

namespace bw::memory {

namespace {

// Live-set bookkeeping on named buffers (sizes in bytes).
class LiveSet {
 public:
  void Acquire(const std::string& name, int64_t bytes) {
    if (live_.count(name)) return;
    live_[name] = bytes;
    current_ += bytes;
    if (current_ > peak_) {
      peak_ = current_;
      peak_names_.clear();
      for (const auto& kv : live_) peak_names_ += (peak_names_.empty() ? "" : ", ") + kv.first;
      peak_where_ = phase_;
    }
  }
  void Release(const std::string& name) {
    auto it = live_.find(name);
    if (it == live_.end()) return;
    current_ -= it->second;
    live_.erase(it);
  }
  void Phase(std::string p) { phase_ = std::move(p); }
  int64_t peak() const { return peak_; }
  std::string where() const { return peak_where_ + ": " + peak_names_; }

 private:
  std::map<std::string, int64_t> live_;
  int64_t current_ = 0, peak_ = 0;
  std::string phase_, peak_where_, peak_names_;
};

}  // namespace

MlpEstimate EstimateMlp(const MlpScenario& s) {
  MlpEstimate e;
  const int64_t kMax = int64_t{1} << 20;
  auto fail = [&](std::string m) {
    e.ok = false;
    e.error = std::move(m);
    return e;
  };
  if (s.widths.size() < 2) return fail("widths: need at least 2 (inputs and outputs)");
  if (s.widths.size() > 1025) return fail("widths: at most 1024 layers");
  for (size_t i = 0; i < s.widths.size(); ++i)
    if (s.widths[i] < 1 || s.widths[i] > kMax)
      return fail("widths: " + std::to_string(s.widths[i]) + " at position " + std::to_string(i) + " is outside 1.." +
                  std::to_string(kMax));
  if (s.batch < 1 || s.batch > kMax)
    return fail("batch: " + std::to_string(s.batch) + " is outside 1.." + std::to_string(kMax));
  const int L = static_cast<int>(s.widths.size()) - 1;
  std::vector<bool> frozen(static_cast<size_t>(L), false);
  for (int f : s.frozen_layers) {
    if (f < 0 || f >= L)
      return fail("frozen_layers: " + std::to_string(f) + " is not a layer index 0.." + std::to_string(L - 1));
    frozen[static_cast<size_t>(f)] = true;
  }
  const int K = s.checkpoint_every;
  if (K < 0 || K > std::max(L - 1, 0))
    return fail("checkpoint_every: " + std::to_string(K) + " is outside 0.." + std::to_string(L - 1));

  const bool mixed = s.precision == Precision::kMixed;
  const int64_t D = s.precision == Precision::kFp32 ? 4 : 2;
  const int64_t state_bytes = s.optimizer == Optimizer::kAdam8bit ? 1 : (mixed || D == 4 ? 4 : D);
  const int64_t states = s.optimizer == Optimizer::kSgd ? 0 : s.optimizer == Optimizer::kMomentum ? 1 : 2;

  // ---- parameters
  std::string param_terms, trainable_terms;
  for (int l = 0; l < L; ++l) {
    const int64_t I = s.widths[static_cast<size_t>(l)], O = s.widths[static_cast<size_t>(l) + 1];
    const int64_t n = O * I + O;
    e.params += n;
    std::string term = std::to_string(O) + "·" + std::to_string(I) + "+" + std::to_string(O);
    param_terms += (param_terms.empty() ? "" : " + ") + term;
    if (!frozen[static_cast<size_t>(l)]) {
      e.trainable_params += n;
      trainable_terms += (trainable_terms.empty() ? "" : " + ") + term;
    }
  }
  e.weights_bytes = e.params * D;
  e.gradient_bytes = e.trainable_params * D;
  e.optimizer_bytes = e.trainable_params * states * state_bytes;
  e.master_weight_bytes = mixed ? e.trainable_params * 4 : 0;

  // ---- activation peak: replay one step's schedule
  int lowest_trainable = -1;
  for (int l = 0; l < L; ++l)
    if (!frozen[static_cast<size_t>(l)]) {
      lowest_trainable = l;
      break;
    }
  auto out_bytes = [&](int l) { return s.batch * s.widths[static_cast<size_t>(l) + 1] * D; };
  const std::string lp = "layer";
  auto name = [&](int l, const char* what) { return lp + std::to_string(l) + "." + what; };
  std::vector<bool> need(static_cast<size_t>(std::max(L - 1, 0)), false), keep(need.size(), false);
  for (int l = 0; l < L - 1; ++l)
    need[static_cast<size_t>(l)] =
        lowest_trainable >= 0 && (!frozen[static_cast<size_t>(l) + 1] || l >= lowest_trainable);
  auto needed_by_next_segment = [&](int l) {
    int top = std::min(l + K - 1, L - 2);
    return l + 1 <= top && need[static_cast<size_t>(top)];
  };
  for (int l = 0; l < L - 1; ++l)
    keep[static_cast<size_t>(l)] =
        K < 2 ? need[static_cast<size_t>(l)]
              : ((l + 1) % K == 0 && (need[static_cast<size_t>(l)] || needed_by_next_segment(l)));
  const bool keep_input = lowest_trainable == 0 || (K >= 2 && needed_by_next_segment(-1));

  LiveSet live;
  auto acquire_output = [&](int l) {
    if (s.keeps_pre_activation) live.Acquire(name(l, "pre"), out_bytes(l));
    live.Acquire(name(l, "out"), out_bytes(l));
  };
  auto release_output = [&](int l) {
    if (l < 0) return live.Release("input");
    live.Release(name(l, "pre"));
    live.Release(name(l, "out"));
  };
  live.Phase("forward");
  live.Acquire("input", s.batch * s.widths[0] * D);
  for (int l = 0; l < L; ++l) {
    live.Phase("forward of layer " + std::to_string(l));
    if (l == L - 1)
      live.Acquire("logits", out_bytes(l));
    else
      acquire_output(l);
    if (l == 0 && !keep_input) release_output(-1);
    if (l >= 1 && !keep[static_cast<size_t>(l) - 1]) release_output(l - 1);
  }
  live.Phase("loss");
  live.Acquire("dlogits", out_bytes(L - 1));
  live.Release("logits");
  if (lowest_trainable >= 0) {
    std::vector<std::pair<int, int>> segments;
    if (K >= 2) {
      for (int a = 0; a < L; a += K) segments.push_back({a, std::min(a + K - 1, L - 1)});
    } else {
      segments.push_back({0, L - 1});
    }
    for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
      const int a = it->first, b = it->second;
      if (b < lowest_trainable) break;
      if (K >= 2 && b - 1 >= a && need[static_cast<size_t>(b) - 1] && !keep[static_cast<size_t>(b) - 1]) {
        for (int l = a; l <= b - 1; ++l) {
          live.Phase("recompute of layer " + std::to_string(l));
          acquire_output(l);
          if (l - 1 >= a && !need[static_cast<size_t>(l) - 1]) release_output(l - 1);
        }
      }
      for (int l = b; l >= std::max(a, lowest_trainable); --l) {
        live.Phase("backward of layer " + std::to_string(l));
        const std::string incoming = l == L - 1 ? "dlogits" : name(l, "dout");
        if (l > lowest_trainable) live.Acquire(name(l - 1, "dout"), out_bytes(l - 1));
        live.Release(incoming);
        release_output(l - 1);
      }
    }
  }
  e.activation_peak_bytes = live.peak();
  e.peak_where = live.where();
  e.total_bytes =
      e.weights_bytes + e.gradient_bytes + e.optimizer_bytes + e.master_weight_bytes + e.activation_peak_bytes;

  // ---- items with formulas
  const std::string dname = D == 4 ? "fp32" : "16-bit";
  auto add = [&](ItemKind kind, int64_t bytes, std::string formula, std::string note) {
    const double b = static_cast<double>(bytes);
    e.items.push_back(MakeItem(kind, b, std::move(formula) + " = " + FormatBytes(b, s.gib), std::move(note)));
  };
  add(ItemKind::kWeights, e.weights_bytes,
      "(" + param_terms + ") = " + std::to_string(e.params) + " params × " + std::to_string(D) + " B",
      "W [O,I] and b [O] of every layer in " + dname);
  add(ItemKind::kActivations, e.activation_peak_bytes,
      "peak of the live buffers, " + e.peak_where + " = " + std::to_string(e.activation_peak_bytes / D) + " values × " +
          std::to_string(D) + " B",
      "batch × width per buffer; outputs are kept only while backward still needs them");
  e.items.back().label = "Activations (peak)";
  add(ItemKind::kGradients, e.gradient_bytes,
      (trainable_terms.empty() ? std::string("0") : "(" + trainable_terms + ")") + " = " +
          std::to_string(e.trainable_params) + " trainable × " + std::to_string(D) + " B",
      "frozen layers have no gradient buffers");
  add(ItemKind::kOptimizer, e.optimizer_bytes,
      std::to_string(e.trainable_params) + " trainable × " + std::to_string(states) + " states × " +
          std::to_string(state_bytes) + " B",
      OptimizerName(s.optimizer));
  if (mixed)
    add(ItemKind::kMasterWeights, e.master_weight_bytes, std::to_string(e.trainable_params) + " trainable × 4 B",
        "mixed precision keeps an FP32 copy of what it trains");
  e.ok = true;
  return e;
}

}  // namespace bw::memory
