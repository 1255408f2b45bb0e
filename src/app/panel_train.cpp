// Panel "Train".
//
// [SECTION] Helpers: colours, names, config ↔ network
// [SECTION] Network diagram (step mode animation, hover values)
// [SECTION] Heatmap, loss curves, memory bar
// [SECTION] Controls
// [SECTION] Panel
// [SECTION] LiveLink
#include "app/panel_train.h"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "app/widgets.h"
#include "core/links/links.h"
#include "core/memory/estimate.h"
#include "core/util/count.h"
#include "core/util/json.h"

namespace bw::app {
namespace {

// =============================================================================================
// [SECTION] Helpers: colours, names, config ↔ network

constexpr ImU32 kClass0 = IM_COL32(245, 147, 34, 255);  // TensorFlow Playground's orange (#F59322): class 0 / negative
constexpr ImU32 kClass1 = IM_COL32(8, 119, 189, 255);   // Playground's blue (#0877BD): class 1 / positive
constexpr ImU32 kNeutral = IM_COL32(150, 150, 150, 255);
constexpr ImU32 kGradient = IM_COL32(220, 60, 90, 255);  // gradients flowing back
constexpr double kStageSeconds = 0.45;                   // step mode: time per layer
constexpr int kMaxPanelWidth = 64;                       // the diagram stays readable up to 64 nodes per layer
constexpr int kMaxPanelHidden = 8;
constexpr int kGridResolution = 50;

const ImU32 kCategoryColors[nn::kCategoryCount] = {IM_COL32(8, 119, 189, 255), IM_COL32(220, 60, 90, 255),
                                                   IM_COL32(245, 147, 34, 255), IM_COL32(120, 90, 200, 255),
                                                   IM_COL32(79, 179, 138, 255)};

ImU32 Mix(ImU32 a, ImU32 b, float t, float alpha) {
  t = std::clamp(t, 0.0f, 1.0f);
  auto ch = [&](int shift) {
    float x = static_cast<float>((a >> shift) & 0xFF), y = static_cast<float>((b >> shift) & 0xFF);
    return static_cast<ImU32>(x + (y - x) * t) & 0xFF;
  };
  ImU32 al = static_cast<ImU32>(std::clamp(alpha, 0.0f, 1.0f) * 255.0f);
  return ch(IM_COL32_R_SHIFT) << IM_COL32_R_SHIFT | ch(IM_COL32_G_SHIFT) << IM_COL32_G_SHIFT |
         ch(IM_COL32_B_SHIFT) << IM_COL32_B_SHIFT | al << IM_COL32_A_SHIFT;
}

// −1 … 1 → orange … grey … blue.
ImU32 ScoreColor(float s, float alpha) {
  if (!std::isfinite(s)) return IM_COL32(255, 0, 255, 255);
  return s < 0 ? Mix(kNeutral, kClass0, -s, alpha) : Mix(kNeutral, kClass1, s, alpha);
}

// "8, 8" → {8, 8}: each width a whole number through util's count parser (as the layers key reads
// them), refused with the widths' own range rather than clamped.
bool ParseInts(const std::string& text, std::vector<int>* out, std::string* error) {
  out->clear();
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, ',')) {
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    if (part.empty()) continue;
    std::optional<long long> v = ParseIntCount(part, "a width", 1, nn::kMaxWidth, error);
    if (!v) return false;
    out->push_back(static_cast<int>(*v));
  }
  return true;
}

// hidden_text + features + loss → config.layers. Returns an error ("" if fine).
std::string SyncLayers(TrainPanelState& st) {
  std::vector<int> hidden;
  std::string error;
  if (!ParseInts(st.hidden_text, &hidden, &error)) return "hidden layers: " + error;
  if (static_cast<int>(hidden.size()) > kMaxPanelHidden)
    return "hidden layers: the panel draws up to " + std::to_string(kMaxPanelHidden) + " hidden layers";
  for (int w : hidden)
    if (w > kMaxPanelWidth)
      return "hidden layers: the panel draws up to " + std::to_string(kMaxPanelWidth) +
             " nodes per layer (the CLI trains up to " + std::to_string(nn::kMaxWidth) + ")";
  std::vector<int> layers{static_cast<int>(st.config.features.size())};
  layers.insert(layers.end(), hidden.begin(), hidden.end());
  layers.push_back(st.config.loss == nn::Loss::kCrossEntropy ? 2 : 1);
  st.config.layers = layers;
  return "";
}

// Builds or reconfigures the trainer when the config changed; validation errors keep the old network.
void EnsureTrainer(TrainPanelState& st) {
  if (!st.rebuild && !st.reconfigure && st.trainer) return;
  st.config_errors.clear();
  std::string layer_error = SyncLayers(st);
  if (!layer_error.empty()) st.config_errors.push_back(layer_error);
  const int L = static_cast<int>(st.config.layers.size()) - 1;
  std::vector<int> frozen;
  for (int f : st.config.frozen_layers)
    if (f >= 0 && f < L && std::find(frozen.begin(), frozen.end(), f) == frozen.end()) frozen.push_back(f);
  st.config.frozen_layers = frozen;
  if (st.config_errors.empty()) st.config_errors = nn::ValidateConfig(st.config);
  if (st.config_errors.empty()) {
    if (st.rebuild || !st.trainer) {
      st.trainer = std::make_shared<nn::Trainer>(st.config);
      st.running = false;
      st.trace_sample = 0;
    } else {
      st.config_errors = st.trainer->Reconfigure(st.config);
    }
    st.grid_step = -1;
    st.animating = false;
    if (st.autorun) st.running = true;
  }
  st.autorun = false;
  st.rebuild = st.reconfigure = false;
}

// The memory engine's byte formatting ("420 B", "15.4 kB"), so every panel prints sizes one way.
std::string Bytes(int64_t b) { return memory::FormatBytes(static_cast<double>(b)); }

// A combo over one of the Train link's enum keys: its items and their count come from core/links.
template <class E>
bool EnumCombo(const char* label, E& value, const char* key, const char* (*name)(E)) {
  const int count = static_cast<int>(links::EnumNames("train", key).size());
  bool changed = false;
  if (ImGui::BeginCombo(label, name(value))) {
    for (int i = 0; i < count; ++i) {
      E e = static_cast<E>(i);
      if (ImGui::Selectable(name(e), e == value)) {
        changed = e != value;
        value = e;
      }
    }
    ImGui::EndCombo();
  }
  return changed;
}

// =============================================================================================
// [SECTION] Network diagram (step mode animation, hover values)

struct AnimStage {
  int forward_revealed = -1;  // layers whose outputs are shown (0..L−1); L−1 = all
  int backward_from = -1;     // layers ≥ this show their gradients (L = none yet)
};

AnimStage CurrentStage(const TrainPanelState& st, double now, int L) {
  AnimStage s;
  if (!st.animating) {  // idle: node values of the last trace; edges show the weights again
    s.forward_revealed = st.has_trace ? L - 1 : -1;
    s.backward_from = L;
    return s;
  }
  int stage = static_cast<int>((now - st.anim_start) / kStageSeconds);
  s.forward_revealed = std::min(stage, L - 1);
  s.backward_from = stage < L ? L : std::max(0, 2 * L - 1 - stage);
  return s;
}

float DistanceToSegment(ImVec2 p, ImVec2 a, ImVec2 b) {
  float dx = b.x - a.x, dy = b.y - a.y;
  float len2 = dx * dx + dy * dy;
  float t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0f, 1.0f) : 0.0f;
  float ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
  return std::sqrt(ex * ex + ey * ey);
}

void DrawNetwork(TrainPanelState& st, AppContext& ctx, float height) {
  const nn::Trainer& t = *st.trainer;
  const std::vector<int>& widths = t.Config().layers;
  const int L = t.LayerCount();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 size(std::max(ImGui::GetContentRegionAvail().x, 200.0f), height);
  ImGui::InvisibleButton("##network", size);
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), ImGui::GetColorU32(ImGuiCol_FrameBg), 4.0f);

  const float left = 52, right = 60, top = 10, bottom = 16;
  std::vector<std::vector<ImVec2>> pos(widths.size());
  float radius = 9;
  for (size_t c = 0; c < widths.size(); ++c) {
    float x = p0.x + left + (size.x - left - right) * static_cast<float>(c) / static_cast<float>(L);
    int n = widths[c];
    float spacing = std::min(26.0f, (size.y - top - bottom) / static_cast<float>(n));
    radius = std::min(radius, std::max(2.0f, spacing * 0.38f));
    float cy = p0.y + top + (size.y - top - bottom) * 0.5f;
    for (int i = 0; i < n; ++i) pos[c].push_back(ImVec2(x, cy + (static_cast<float>(i) - (n - 1) * 0.5f) * spacing));
  }
  const AnimStage stage = CurrentStage(st, ctx.time_seconds, L);
  const std::vector<nn::LayerParams> params = t.GetParams();
  const bool trace = st.has_trace && static_cast<int>(st.trace.layers.size()) == L;

  // Edges: colour = sign of the weight, width = |w|; during backward, gradient edges in red, width = |∂L/∂w|.
  int64_t edges = 0;
  for (int l = 0; l < L; ++l) edges += int64_t{widths[l]} * widths[l + 1];
  const bool show_hover_edges = edges <= 2500;
  int hover_l = -1, hover_o = -1, hover_i = -1;
  float best = 4.0f;
  for (int l = 0; l < L; ++l) {
    const nn::LayerParams& p = params[static_cast<size_t>(l)];
    const bool frozen = t.IsFrozen(l);
    const bool grad_shown = trace && l >= stage.backward_from;  // red edges: this layer's ∂loss/∂w
    float gmax = 1e-12f;
    if (grad_shown)
      for (float g : st.trace.layers[static_cast<size_t>(l)].dweight) gmax = std::max(gmax, std::fabs(g));
    for (int o = 0; o < p.outputs; ++o)
      for (int i = 0; i < p.inputs; ++i) {
        ImVec2 a = pos[static_cast<size_t>(l)][static_cast<size_t>(i)],
               b = pos[static_cast<size_t>(l) + 1][static_cast<size_t>(o)];
        float w = p.weight[static_cast<size_t>(o) * p.inputs + i];
        ImU32 col = Mix(kNeutral, w > 0 ? kClass1 : kClass0, std::min(1.0f, std::fabs(w)), frozen ? 0.25f : 0.75f);
        float thick = std::clamp(std::fabs(w) * 1.6f, 0.4f, 4.0f);
        if (grad_shown) {
          float g =
              std::fabs(st.trace.layers[static_cast<size_t>(l)].dweight[static_cast<size_t>(o) * p.inputs + i]) / gmax;
          col = Mix(kNeutral, kGradient, g, 0.35f + 0.6f * g);
          thick = 0.5f + 3.5f * g;
        }
        dl->AddLine(a, b, col, thick);
        if (hovered && show_hover_edges) {
          float d = DistanceToSegment(mouse, a, b);
          if (d < best) {
            best = d;
            hover_l = l;
            hover_o = o;
            hover_i = i;
          }
        }
      }
    if (frozen) {
      ImVec2 mid((pos[static_cast<size_t>(l)][0].x + pos[static_cast<size_t>(l) + 1][0].x) * 0.5f,
                 p0.y + size.y - bottom + 1);
      dl->AddText(ImVec2(mid.x - 16, mid.y), ImGui::GetColorU32(ImGuiCol_TextDisabled), "frozen");
    }
  }

  // Nodes: coloured by their value once the forward pass reached them; numbers when there is room.
  int hover_c = -1, hover_n = -1;
  for (size_t c = 0; c < pos.size(); ++c) {
    const int l = static_cast<int>(c) - 1;  // the layer whose output this column is (−1: inputs)
    const bool revealed = trace && l <= stage.forward_revealed;
    for (size_t n = 0; n < pos[c].size(); ++n) {
      float v = 0;
      if (revealed) v = c == 0 ? st.trace.layers[0].input[n] : st.trace.layers[static_cast<size_t>(l)].out[n];
      ImU32 fill = revealed ? ScoreColor(std::tanh(v), 1.0f) : IM_COL32(90, 90, 90, 255);
      dl->AddCircleFilled(pos[c][n], radius, fill);
      dl->AddCircle(pos[c][n], radius, IM_COL32(255, 255, 255, 160), 0, 1.0f);
      if (revealed && radius >= 6 && pos[c].size() <= 10) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2f", v);
        if (ctx.fonts.mono) ImGui::PushFont(ctx.fonts.mono);
        dl->AddText(ImVec2(pos[c][n].x + radius + 2, pos[c][n].y - radius - 4), ImGui::GetColorU32(ImGuiCol_Text), buf);
        if (ctx.fonts.mono) ImGui::PopFont();
      }
      float dx = mouse.x - pos[c][n].x, dy = mouse.y - pos[c][n].y;
      if (hovered && dx * dx + dy * dy <= (radius + 3) * (radius + 3)) {
        hover_c = static_cast<int>(c);
        hover_n = static_cast<int>(n);
      }
    }
  }
  for (size_t i = 0; i < pos[0].size() && i < t.Config().features.size(); ++i)
    dl->AddText(ImVec2(p0.x + 6, pos[0][i].y - 7), ImGui::GetColorU32(ImGuiCol_Text),
                nn::FeatureName(t.Config().features[i]));
  const char* out_label = t.Config().loss == nn::Loss::kCrossEntropy ? "logits" : "output";
  dl->AddText(ImVec2(pos.back()[0].x - 18, pos.back().back().y + radius + 2), ImGui::GetColorU32(ImGuiCol_TextDisabled),
              out_label);

  // Hover: numbers of the traced sample.
  if (hover_c >= 0) {
    ImGui::BeginTooltip();
    if (hover_c == 0) {
      ImGui::Text("Input %s", nn::FeatureName(t.Config().features[static_cast<size_t>(hover_n)]));
      if (trace) ImGui::Text("value %.4f", st.trace.layers[0].input[static_cast<size_t>(hover_n)]);
    } else {
      const int l = hover_c - 1;
      ImGui::Text("Layer %d, node %d%s", l, hover_n, l == L - 1 ? " (output)" : "");
      if (trace) {
        const nn::LayerTrace& lt = st.trace.layers[static_cast<size_t>(l)];
        const size_t k = static_cast<size_t>(hover_n);
        ImGui::Text("z = b + Σ w·x  = %.5f", lt.pre[k]);
        if (l < L - 1) ImGui::Text("a = %s(z)     = %.5f", nn::ActivationName(t.Config().activation), lt.out[k]);
        if (!st.animating || l >= stage.backward_from) {
          if (l < L - 1) ImGui::Text("∂loss/∂a      = %.3g", lt.dout[k]);
          ImGui::Text("∂loss/∂z      = %.3g", lt.dpre[k]);
          ImGui::Text("∂loss/∂b      = %.3g", lt.dbias[k]);
        }
      } else {
        MutedText("Press Step to trace a sample through the network.");
      }
    }
    ImGui::EndTooltip();
  } else if (hover_l >= 0) {
    const nn::LayerParams& p = params[static_cast<size_t>(hover_l)];
    ImGui::BeginTooltip();
    ImGui::Text("Weight layer %d: input %d → node %d", hover_l, hover_i, hover_o);
    ImGui::Text("w = %.5f%s", p.weight[static_cast<size_t>(hover_o) * p.inputs + hover_i],
                t.IsFrozen(hover_l) ? "  (frozen)" : "");
    if (trace && (!st.animating || hover_l >= stage.backward_from))
      ImGui::Text(
          "∂loss/∂w = x·∂loss/∂z = %.3g (this sample)",
          st.trace.layers[static_cast<size_t>(hover_l)].dweight[static_cast<size_t>(hover_o) * p.inputs + hover_i]);
    ImGui::EndTooltip();
  }
}

// =============================================================================================
// [SECTION] Heatmap, loss curves, memory bar

void DrawHeatmap(TrainPanelState& st, AppContext& ctx, float side) {
  const nn::Trainer& t = *st.trainer;
  const int64_t step = t.Status().steps;
  if (st.grid_step != step && (!st.running || ctx.time_seconds - st.grid_time > 0.15 || st.grid_step < 0)) {
    st.grid = t.PredictGrid(kGridResolution);
    st.grid_step = step;
    st.grid_time = ctx.time_seconds;
  }
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##heatmap", ImVec2(side, side));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const int n = st.grid.resolution;
  const float cell = side / static_cast<float>(std::max(n, 1));
  // Opaque cells with shared edges (semi-transparent overlapping cells would show seams).
  const ImU32 base = IM_COL32(246, 246, 246, 255);
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      float s = st.grid.score[static_cast<size_t>(r) * n + c];
      ImU32 col = Mix(base, s < 0 ? kClass0 : kClass1, 0.12f + 0.5f * std::fabs(s), 1.0f);
      ImVec2 a(std::floor(p0.x + c * cell), std::floor(p0.y + r * cell));
      ImVec2 b(std::floor(p0.x + (c + 1) * cell), std::floor(p0.y + (r + 1) * cell));
      dl->AddRectFilled(a, b, col);
    }
  const double extent = st.grid.extent;
  auto to_screen = [&](double x1, double x2) {
    return ImVec2(p0.x + static_cast<float>((x1 + extent) / (2 * extent)) * side,
                  p0.y + static_cast<float>((extent - x2) / (2 * extent)) * side);
  };
  const bool regression = nn::IsRegression(t.Config().data.kind);
  auto point_color = [&](const nn::DataPoint& p) {
    return regression ? ScoreColor(static_cast<float>(p.target), 1.0f) : (p.label ? kClass1 : kClass0);
  };
  for (const nn::DataPoint& p : t.Data().train) {
    ImVec2 s = to_screen(p.x1, p.x2);
    dl->AddCircleFilled(s, 3.0f, point_color(p));
    dl->AddCircle(s, 3.0f, IM_COL32(255, 255, 255, 200), 0, 1.0f);
  }
  if (st.show_test)
    for (const nn::DataPoint& p : t.Data().test) dl->AddCircle(to_screen(p.x1, p.x2), 3.0f, point_color(p), 0, 1.5f);
  if (st.has_trace) dl->AddCircle(to_screen(st.trace.x1, st.trace.x2), 7.0f, IM_COL32(255, 255, 255, 255), 0, 2.0f);
  dl->AddRect(p0, ImVec2(p0.x + side, p0.y + side), ImGui::GetColorU32(ImGuiCol_Border));
}

void DrawLossCurves(const nn::Trainer& t, ImVec2 size) {
  const std::vector<nn::HistoryPoint>& h = t.History();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##loss", size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), ImGui::GetColorU32(ImGuiCol_FrameBg), 4.0f);
  if (h.size() < 2) {
    dl->AddText(ImVec2(p0.x + 8, p0.y + 8), ImGui::GetColorU32(ImGuiCol_TextDisabled),
                "Loss curves appear once training runs.");
    return;
  }
  double ymax = 1e-9;
  for (const nn::HistoryPoint& p : h) {
    if (std::isfinite(p.train_loss)) ymax = std::max(ymax, p.train_loss);
    if (std::isfinite(p.test_loss)) ymax = std::max(ymax, p.test_loss);
  }
  const size_t stride = std::max<size_t>(1, h.size() / static_cast<size_t>(std::max(size.x, 1.0f)));
  for (int series = 0; series < 2; ++series) {
    std::vector<ImVec2> pts;
    for (size_t i = 0; i < h.size(); i += stride) {
      double v = series == 0 ? h[i].train_loss : h[i].test_loss;
      if (!std::isfinite(v)) v = ymax;
      float x = p0.x + 4 + (size.x - 8) * static_cast<float>(i) / static_cast<float>(h.size() - 1);
      float y = p0.y + size.y - 14 - (size.y - 28) * static_cast<float>(v / ymax);
      pts.push_back(ImVec2(x, y));
    }
    dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), series == 0 ? IM_COL32(110, 110, 110, 255) : kClass0,
                    ImDrawFlags_None, 1.6f);
  }
  char buf[96];
  std::snprintf(buf, sizeof buf, "max %.3g", ymax);
  dl->AddText(ImVec2(p0.x + 6, p0.y + 2), ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);
  std::snprintf(buf, sizeof buf, "step %lld", static_cast<long long>(h.back().step));
  dl->AddText(ImVec2(p0.x + size.x - 80, p0.y + size.y - 16), ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);
  ImGui::TextColored(ImVec4(0.43f, 0.43f, 0.43f, 1), "— train loss");
  ImGui::SameLine();
  ImGui::TextColored(ImVec4(245 / 255.f, 147 / 255.f, 34 / 255.f, 1), "— test loss");
}

// wrap: legend entries move to the next line where they would not fit (Study's live panel).
void DrawMemory(const nn::Trainer& t, AppContext& ctx, bool wrap) {
  const nn::LedgerTotals m = t.Ledger().Totals();
  const int64_t parts[nn::kCategoryCount] = {m.weights_bytes, m.gradient_bytes, m.optimizer_bytes,
                                             m.master_weight_bytes, m.activation_bytes_peak};
  const char* names[nn::kCategoryCount] = {"weights", "gradients", "optimizer", "master", "activations (peak)"};
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x, h = 18;
  ImGui::InvisibleButton("##membar", ImVec2(w, h));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float x = p0.x;
  for (int i = 0; i < nn::kCategoryCount; ++i) {
    float seg = m.total_bytes > 0 ? w * static_cast<float>(parts[i]) / static_cast<float>(m.total_bytes) : 0;
    dl->AddRectFilled(ImVec2(x, p0.y), ImVec2(x + seg, p0.y + h), kCategoryColors[i]);
    x += seg;
  }
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    for (const nn::BufferInfo& b : t.Ledger().Buffers()) {
      if (b.freed || b.category == nn::Category::kActivations) continue;
      ImGui::Text("%-22s %-6s %s", b.name.c_str(), nn::DTypeName(b.dtype), Bytes(b.bytes).c_str());
    }
    ImGui::EndTooltip();
  }
  for (int i = 0; i < nn::kCategoryCount; ++i) {
    const std::string entry = std::string(names[i]) + " " + Bytes(parts[i]);
    const float fh = ImGui::GetFontSize();
    if (i) SameLineIfFits(fh * 0.8f + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(entry.c_str()).x, wrap);
    ImVec2 c = ImGui::GetCursorScreenPos();
    dl->AddRectFilled(ImVec2(c.x, c.y + fh * 0.2f), ImVec2(c.x + fh * 0.7f, c.y + fh * 0.9f), kCategoryColors[i]);
    ImGui::Dummy(ImVec2(fh * 0.8f, fh));
    ImGui::SameLine();
    ImGui::TextUnformatted(entry.c_str());
  }
  ImGui::Text("Total %s", Bytes(m.total_bytes).c_str());
  HelpMarker(
      "Measured from the network's own buffers, allocated through a ledger (name, shape, dtype, bytes). "
      "Weights live in the compute format; gradients exist only for trainable layers; Adam keeps two "
      "states per parameter (momentum one, SGD none); mixed precision adds an fp32 master copy; "
      "activations count the peak held during one step. Hover the bar for every buffer.");
  (void)ctx;
}

// =============================================================================================
// [SECTION] Controls

// wrap: the input checkboxes move to the next line where they would not fit (Study's live panel).
void DrawControls(TrainPanelState& st, AppContext& ctx, bool wrap) {
  nn::TrainConfig& c = st.config;
  const float label_w = ImGui::GetFontSize() * 7.5f;
  auto field = [&](const char* label) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 1.6f);
  };

  SectionHeader(ctx, "Data");
  field("Dataset");
  if (EnumCombo("##dataset", c.data.kind, "dataset", nn::DatasetName)) {
    if (nn::IsRegression(c.data.kind)) c.loss = nn::Loss::kMse;
    st.rebuild = true;
  }
  field("Noise");
  float noise = static_cast<float>(c.data.noise);
  if (ImGui::SliderFloat("##noise", &noise, 0.0f, 0.5f, "%.2f")) {
    c.data.noise = noise;
    st.rebuild = true;
  }
  ImGui::TextUnformatted("Inputs");
  HelpMarker(
      "Features fed to the network: the coordinates x1, x2 and derived ones (x1², x2², x1·x2, sin x1, sin x2). "
      "With x1² and x2² the circle is a straight line in feature space.");
  for (int f = 0; f < nn::kFeatureCount; ++f) {
    nn::Feature feature = static_cast<nn::Feature>(f);
    bool on = std::find(c.features.begin(), c.features.end(), feature) != c.features.end();
    if (f % 4) SameLineIfFits(ToggleWidth(nn::FeatureName(feature)), wrap);
    if (ImGui::Checkbox(nn::FeatureName(feature), &on)) {
      if (on) {
        c.features.push_back(feature);
        std::sort(c.features.begin(), c.features.end());
      } else if (c.features.size() > 1) {
        c.features.erase(std::remove(c.features.begin(), c.features.end(), feature), c.features.end());
      }
      st.rebuild = true;
    }
  }
  ImGui::Checkbox("Show test points", &st.show_test);

  SectionHeader(ctx, "Network");
  field("Hidden");
  char buf[128];
  std::snprintf(buf, sizeof buf, "%s", st.hidden_text.c_str());
  if (ImGui::InputText("##hidden", buf, sizeof buf)) st.hidden_text = buf;
  if (ImGui::IsItemDeactivatedAfterEdit()) st.rebuild = true;
  HelpMarker(
      "Widths of the hidden layers, comma separated (e.g. 8,8 or 4,2). Empty = no hidden layer. "
      "Input and output widths follow from the inputs and the loss.");
  field("Activation");
  if (EnumCombo("##act", c.activation, "activation", nn::ActivationName)) st.rebuild = true;
  field("Loss");
  if (EnumCombo("##loss", c.loss, "loss", nn::LossName)) st.rebuild = true;
  HelpMarker(
      "mse: squared error against ±1 labels (the Playground's loss). bce: binary cross-entropy, a sigmoid "
      "inside the loss. ce: softmax cross-entropy over two outputs, one per class.");
  if (st.trainer) {
    const int L = st.trainer->LayerCount();
    ImGui::TextUnformatted("Freeze");
    HelpMarker(
        "A frozen layer keeps its weights: it needs no gradient buffers, no optimizer state and no master "
        "copy — watch the memory bar shrink. Gradients stop flowing below the lowest trainable layer.");
    for (int l = 0; l < L; ++l) {
      bool frozen = std::find(c.frozen_layers.begin(), c.frozen_layers.end(), l) != c.frozen_layers.end();
      char label[32];
      std::snprintf(label, sizeof label, "L%d", l);
      if (l % 5) SameLineIfFits(ToggleWidth(label), wrap);
      if (ImGui::Checkbox(label, &frozen)) {
        if (frozen)
          c.frozen_layers.push_back(l);
        else
          c.frozen_layers.erase(std::remove(c.frozen_layers.begin(), c.frozen_layers.end(), l), c.frozen_layers.end());
        st.reconfigure = true;
      }
    }
  }

  SectionHeader(ctx, "Optimizer");
  field("Optimizer");
  if (EnumCombo("##opt", c.optimizer, "optimizer", nn::OptimizerName)) st.reconfigure = true;
  HelpMarker(
      "sgd: w −= lr·g. momentum: a running sum of gradients. adam: per-parameter step sizes from running "
      "means of g and g², with bias correction by the optimizer step. adamw: adam + decoupled weight decay.");
  field("Learning rate");
  double lr_min = 1e-4, lr_max = 3;
  if (ImGui::SliderScalar("##lr", ImGuiDataType_Double, &c.learning_rate, &lr_min, &lr_max, "%.4g",
                          ImGuiSliderFlags_Logarithmic))
    st.reconfigure = true;
  field("Batch");
  int train_size = static_cast<int>(std::floor(c.data.samples * c.data.train_fraction));
  if (ImGui::SliderInt("##batch", &c.batch_size, 1, std::min(100, train_size))) st.reconfigure = true;
  HelpMarker("Samples per step. The gradient is the average over the batch.");
  field("L2");
  double l2_max = 0.1, zero = 0;
  if (ImGui::SliderScalar("##l2", ImGuiDataType_Double, &c.l2, &zero, &l2_max, "%.4f")) st.reconfigure = true;
  HelpMarker("L2 regularization: adds l2·w to every gradient (all optimizers).");
  if (c.optimizer == nn::Optimizer::kAdamW) {
    field("Weight decay");
    double wd_max = 0.5;
    if (ImGui::SliderScalar("##wd", ImGuiDataType_Double, &c.weight_decay, &zero, &wd_max, "%.3f"))
      st.reconfigure = true;
    HelpMarker("AdamW's decoupled weight decay: w −= lr·wd·w each step, outside the adaptive step.");
  }

  SectionHeader(ctx, "Precision and memory");
  field("Precision");
  if (EnumCombo("##prec", c.precision, "precision", nn::PrecisionName)) st.reconfigure = true;
  HelpMarker(
      "fp32: everything in 32-bit floats. bf16/fp16: pure 16-bit — weights, activations, gradients and "
      "optimizer states rounded after every operation (small updates vanish, small gradients flush to zero). "
      "mixed-*: 16-bit compute with an fp32 master copy receiving the updates; mixed-fp16 adds dynamic loss "
      "scaling (skip the step on overflow and halve the scale).");
  field("Checkpoint");
  const char* ck_names[] = {"none", "every-2", "every-3"};
  int ck = std::clamp(c.checkpoint_every <= 1 ? 0 : c.checkpoint_every - 1, 0, 2);
  if (ImGui::Combo("##ckpt", &ck, ck_names, 3)) {
    c.checkpoint_every = ck == 0 ? 0 : ck + 1;
    st.reconfigure = true;
  }
  HelpMarker(
      "Gradient checkpointing: keep only every K-th layer's activations and recompute the others during the "
      "backward pass — less activation memory for more compute. Try it on a deep network (e.g. 8,8,8,8).");
  field("Gradient size");
  const char* mult_names[] = {"normal", "× 1e-4", "× 1e-7 (tiny)"};
  const double mults[] = {1, 1e-4, 1e-7};
  int mi = c.loss_multiplier == 1e-7 ? 2 : c.loss_multiplier == 1e-4 ? 1 : 0;
  if (ImGui::Combo("##mult", &mi, mult_names, 3)) {
    c.loss_multiplier = mults[mi];
    st.reconfigure = true;
  }
  HelpMarker(
      "Shrinks every gradient of the backward pass (it is divided out again before the update, so fp32 "
      "trains exactly as before). At × 1e-7 the gradients fall below fp16's smallest value 6e-8: pure fp16 "
      "flushes them to zero and stalls; mixed-fp16's loss scaling (× 65536) rescues them.");
  field("Seed");
  int seed = static_cast<int>(c.seed);
  if (ImGui::InputInt("##seed", &seed)) {
    c.seed = static_cast<uint64_t>(std::max(seed, 0));
    c.data.seed = c.seed;
    st.rebuild = true;
  }
}

// =============================================================================================
// [SECTION] Panel

// wrap: the pieces of the first line move to the next line, and long lines wrap, where they would
// not fit (Study's live panel); otherwise the lines as the section lays them out.
void DrawStatus(TrainPanelState& st, bool wrap) {
  const nn::Trainer& t = *st.trainer;
  const nn::TrainStatus& s = t.Status();
  const nn::HistoryPoint* last = t.History().empty() ? nullptr : &t.History().back();
  char buf[192];
  auto piece = [&](bool muted) {  // the next piece of the first line, from buf
    SameLineIfFits(ImGui::CalcTextSize(buf).x, wrap);
    if (muted)
      ImGui::TextDisabled("%s", buf);
    else
      ImGui::TextUnformatted(buf);
  };
  ImGui::Text("Step %lld", static_cast<long long>(s.steps));
  if (last) {
    std::snprintf(buf, sizeof buf, "· train loss %.4f · test loss %.4f", last->train_loss, last->test_loss);
    piece(false);
    if (std::isfinite(last->test_accuracy)) {
      std::snprintf(buf, sizeof buf, "· test accuracy %.1f%%", 100.0 * last->test_accuracy);
      piece(false);
    }
    if (last->step != s.steps) {  // losses are measured every few steps
      std::snprintf(buf, sizeof buf, "(at step %lld)", static_cast<long long>(last->step));
      piece(true);
    }
  }
  const nn::TrainConfig& c = t.Config();
  if (c.precision != nn::Precision::kFp32 || c.checkpoint_every >= 2) {
    if (nn::UsesLossScaling(c.precision) && c.dynamic_loss_scaling) {
      std::snprintf(buf, sizeof buf, "Loss scale %g · skipped steps %lld", s.loss_scale,
                    static_cast<long long>(s.skipped_steps));
      TextLine(buf, wrap);
    }
    if (c.precision != nn::Precision::kFp32 && s.steps > 0) {
      std::snprintf(buf, sizeof buf, "Gradient underflows: %lld last step (of %lld values), %lld in all",
                    static_cast<long long>(s.last_step_underflows), static_cast<long long>(s.gradient_elements),
                    static_cast<long long>(s.gradient_underflows));
      TextLine(buf, wrap, true);
      HelpMarker("Gradient values that were nonzero but rounded to zero in the 16-bit format: information lost.");
      if (!nn::HasMasterCopy(c.precision)) {
        ImGui::Text("Lost updates: %lld", static_cast<long long>(s.lost_updates));
        HelpMarker(
            "Updates too small to change a 16-bit weight: rounding gave back the old value. A master copy in "
            "fp32 keeps them.");
      }
    }
    if (c.checkpoint_every >= 2) {
      std::snprintf(buf, sizeof buf,
                    "Recomputed layer forwards: %lld per step, %lld in all · activation bytes saved %lld",
                    static_cast<long long>(s.recompute_per_step), static_cast<long long>(s.recomputed_layer_forwards),
                    static_cast<long long>(s.checkpoint_bytes_saved));
      TextLine(buf, wrap);
    }
  }
}

void StartStep(TrainPanelState& st, AppContext& ctx) {
  const int n = static_cast<int>(st.trainer->Data().train.size());
  st.trace = st.trainer->TraceSample(n > 0 ? st.trace_sample % n : 0);
  st.has_trace = true;
  st.animating = true;
  st.anim_start = ctx.time_seconds;
  if (ctx.reduced_motion) st.anim_start -= 1e6;  // prefers-reduced-motion: show the step's end at once
  st.running = false;
}

void Advance(TrainPanelState& st, AppContext& ctx) {
  nn::Trainer& t = *st.trainer;
  if (st.animating) {
    ctx.wants_animation = true;
    if (ctx.time_seconds - st.anim_start >= 2 * t.LayerCount() * kStageSeconds + 0.3) {
      t.Step(1);
      st.animating = false;
      ++st.trace_sample;
    }
    return;
  }
  if (t.Status().diverged) st.running = false;
  if (!st.running) return;
  ctx.wants_animation = true;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < st.max_steps_per_frame; ++i) {
    t.Step(1);
    if (t.Status().diverged) break;
    if (std::chrono::steady_clock::now() - start > std::chrono::milliseconds(6)) break;  // keep the UI above 30 fps
  }
  if (st.has_trace) {
    const int n = static_cast<int>(t.Data().train.size());
    st.trace = t.TraceSample(n > 0 ? st.trace_sample % n : 0);
  }
}

// Run / Step / Reset, the speed, and what the trainer reports (step, losses, counters).
void DrawRunBar(TrainPanelState& st, AppContext& ctx, bool wrap) {
  const nn::Trainer& t = *st.trainer;
  const bool diverged = t.Status().diverged;
  if (!diverged) {
    if (ImGui::Button(st.running ? "Pause" : "Run")) st.running = !st.running;
    ImGui::SameLine();
    if (ImGui::Button("Step") && !st.animating) StartStep(st, ctx);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "Animate one step: a sample's forward pass layer by layer, its gradients flowing back, then the update.");
    ImGui::SameLine();
  }
  if (ImGui::Button("Reset")) {
    st.rebuild = true;
    st.has_trace = false;
  }
  SameLineIfFits(ImGui::GetFontSize() * 7 + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize("steps/frame").x,
                 wrap);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::SliderInt("steps/frame", &st.max_steps_per_frame, 1, 200);
  if (diverged) {
    ErrorText(t.Status().divergence_message);
    MutedText(
        "When the loss is NaN or infinite, every later number is too: training stopped. Reset starts over "
        "with fresh weights.");
  }
  DrawStatus(st, wrap);
  if (st.animating) {
    int L = t.LayerCount();
    int stage = static_cast<int>((ctx.time_seconds - st.anim_start) / kStageSeconds);
    MutedText(stage < L ? "Forward pass: each layer computes z = W·x + b, then its activation."
                        : "Backward pass: gradients flow from the loss back through every trainable layer.");
  }
}

// The decision regions over the data, and the train/test loss curves beside them. fit_height: the
// heatmap is no taller than the room left in the window when it is not scrolled (Study's live panel
// under a card: the answer stays above the fold), but at least 120 px.
void DrawPlots(TrainPanelState& st, AppContext& ctx, bool fit_height) {
  const ImGuiStyle& style = ImGui::GetStyle();  // the room: independent of scrolling; less the table's cell padding
  const float room = ImGui::GetContentRegionAvail().y - style.ItemSpacing.y - 2 * style.CellPadding.y;
  if (ImGui::GetContentRegionAvail().x < 2 * 180.0f) {  // a phone: the loss under the heatmap, both full width
    const float side =
        std::clamp(ImGui::GetContentRegionAvail().x, 120.0f, fit_height ? std::max(120.0f, room) : 280.0f);
    DrawHeatmap(st, ctx, std::min(side, ImGui::GetContentRegionAvail().x));
    SectionHeader(ctx, "Loss");
    DrawLossCurves(*st.trainer, ImVec2(ImGui::GetContentRegionAvail().x, std::max(80.0f, side * 0.45f)));
    return;
  }
  if (ImGui::BeginTable("##plots", 2, ImGuiTableFlags_None)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    const float most = fit_height ? std::min(280.0f, room) : 280.0f;
    const float side = std::clamp(ImGui::GetContentRegionAvail().x, 120.0f, std::max(120.0f, most));
    DrawHeatmap(st, ctx, side);
    ImGui::TableNextColumn();
    SectionHeader(ctx, "Loss");
    DrawLossCurves(*st.trainer, ImVec2(ImGui::GetContentRegionAvail().x, std::max(80.0f, side * 0.55f)));
    ImGui::EndTable();
  }
}

void DrawNetworkAndMemory(TrainPanelState& st, AppContext& ctx, bool wrap) {
  SectionHeader(ctx, "Network");
  DrawNetwork(st, ctx, std::clamp(ImGui::GetContentRegionAvail().y * 0.34f, 150.0f, 260.0f));
  SectionHeader(ctx, "Memory");
  DrawMemory(*st.trainer, ctx, wrap);
}

// Study's live panel (ctx.answer_first): the heatmap and the loss first, then the run bar and the
// settings, then the network and its memory. Beside the card the plots and the run bar stay in view
// and the rest scrolls under them; stacked under the card (single_scroll) all of it flows in Study's
// window.
void DrawAnswerFirst(TrainPanelState& st, AppContext& ctx) {
  ImGui::BeginGroup();
  DrawPlots(st, ctx, true);
  ImGui::EndGroup();
  RecordAnswerRect(ctx);
  DrawRunBar(st, ctx, true);
  if (!ctx.single_scroll) ImGui::BeginChild("##train_rest", ImVec2(0, 0), false);
  DrawControls(st, ctx, true);
  DrawNetworkAndMemory(st, ctx, true);
  if (!ctx.single_scroll) ImGui::EndChild();
}

}  // namespace

void DrawTrainPanel(TrainPanelState& st, AppContext& ctx) {
  if (!ctx.answer_first)
    PanelTitle(ctx, "Train", "Train a small network live and watch its forward pass, gradients and memory.");
  EnsureTrainer(st);
  for (const std::string& e : st.config_errors) ErrorText(e);
  if (!st.trainer) {
    EmptyState(ctx, "No network yet", "Fix the settings above (see the messages) to build the network.");
    return;
  }
  Advance(st, ctx);
  if (ctx.answer_first) {
    DrawAnswerFirst(st, ctx);
    return;
  }

  if (!ImGui::BeginTable("##train", 2, ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV)) return;
  ImGui::TableSetupColumn("controls", ImGuiTableColumnFlags_WidthStretch, 0.36f);
  ImGui::TableSetupColumn("view", ImGuiTableColumnFlags_WidthStretch, 0.64f);
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::BeginChild("##controls", ImVec2(0, 0), false);
  DrawControls(st, ctx, false);
  ImGui::EndChild();

  ImGui::TableNextColumn();
  ImGui::BeginChild("##view", ImVec2(0, 0), false);
  DrawRunBar(st, ctx, false);
  SectionHeader(ctx, "Network");
  DrawNetwork(st, ctx, std::clamp(ImGui::GetContentRegionAvail().y * 0.34f, 150.0f, 260.0f));
  DrawPlots(st, ctx, false);
  SectionHeader(ctx, "Memory");
  DrawMemory(*st.trainer, ctx, false);
  ImGui::EndChild();
  ImGui::EndTable();
}

// =============================================================================================
// [SECTION] LiveLink

std::vector<std::string> ApplyTrainLink(TrainPanelState& st, const LiveLink& link) {
  links::Applied<links::Train> a = links::ApplyTrain(link, links::Train{st.config, false});
  st.config = a.config.train;
  st.hidden_text = links::HiddenWidths(st.config.layers);
  st.rebuild = true;
  st.running = false;
  st.autorun = a.config.run;
  st.has_trace = false;
  return a.errors;
}

LiveLink MakeTrainLink(const TrainPanelState& st) { return links::MakeTrain(links::Train{st.config, false}); }

json::Value TrainBridgeState(const TrainPanelState& state) {
  json::Array layers;
  for (int w : state.config.layers) layers.push_back(w);
  json::Object o{{"running", state.running}, {"layers", std::move(layers)}};
  const nn::Trainer* t = state.trainer.get();
  o.Set("steps", t ? static_cast<double>(t->Status().steps) : 0.0);
  o.Set("history_points", t ? static_cast<double>(t->History().size()) : 0.0);
  o.Set("diverged", t && t->Status().diverged);
  o.Set("animating", state.animating);  // a Step's forward/backward animation is playing
  return o;
}

bool TrainStep(TrainPanelState& state, AppContext& ctx) {
  if (!state.trainer || state.animating || state.trainer->Status().diverged) return false;
  StartStep(state, ctx);
  return true;
}

}  // namespace bw::app
