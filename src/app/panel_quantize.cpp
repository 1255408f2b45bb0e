// Panel "Quantize".
// Index: [SECTION] Helpers  [SECTION] Engine calls  [SECTION] Drawing  [SECTION] Panel  [SECTION] LiveLink
#include "app/panel_quantize.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <tuple>

#include "app/mirror.h"
#include "app/widgets.h"
#include "core/formats/formats.h"
#include "core/links/links.h"
#include "core/memory/architecture.h"
#include "core/memory/estimate.h"
#include "core/nn/trainer.h"

namespace bw::app {

// =============================================================================================
// [SECTION] Helpers

namespace {

const std::vector<std::string>& kDists = links::EnumNames("quantize", "dist");
const std::vector<std::string>& kGranularities = links::EnumNames("quantize", "granularity");
const std::vector<std::string>& kScaleFormats = links::EnumNames("quantize", "scale");
const int64_t kSizes[] = {1024, 4096, 16384, 65536, 262144, 1048576, 4194304};
constexpr int64_t kElementsPerFrame = 1 << 18;  // slice size: keeps a frame well under 16 ms in wasm
constexpr int kHistogramBins = 80;

std::string Fmt(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string Db(double v) { return std::isfinite(v) ? Fmt("%.2f", v) : std::string(v > 0 ? "∞ (exact)" : "−∞"); }

bool Combo(const char* label, std::string& value, const std::vector<std::string>& items, const char* shown = nullptr) {
  bool changed = false;
  if (ImGui::BeginCombo(label, shown ? shown : value.c_str())) {
    for (const std::string& item : items) {
      const bool selected = value == item;
      if (ImGui::Selectable(item.c_str(), selected)) {
        changed = value != item;
        value = item;
      }
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  return changed;
}

std::string ConfigLabel(const quant::QuantConfig& c) {
  std::string s = quant::GranularityName(c.granularity);
  if (c.granularity == quant::Granularity::kBlock) s += " " + std::to_string(c.block);
  s += ", " + c.scale_format;
  if (c.scheme == "nvfp4") s += c.tensor_scale ? " + fp32 per tensor" : ", no tensor scale";
  if (c.double_quant) s += ", DQ";
  return s;
}

// The tensor's identity: everything MakeTensor depends on.
std::string TensorKey(const QuantizePanelState& s) {
  return s.dist + "|" + std::to_string(s.n) + "|" + std::to_string(s.seed) + "|" + Fmt("%.6g", s.outlier_magnitude) +
         "|" + Fmt("%.6g", s.outlier_fraction) + "|" + Fmt("%.9g", s.sigma);
}

std::string ConfigKey(const quant::QuantConfig& c) {
  return c.scheme + "|" + quant::GranularityName(c.granularity) + "|" + std::to_string(c.block) + "|" + c.scale_format +
         "|" + (c.double_quant ? "dq" : "") + (c.tensor_scale ? "" : "|no-tensor-scale");
}

}  // namespace

namespace {
links::Quantize LinkState(const QuantizePanelState& s) {
  return links::Quantize{s.dist,
                         s.n,
                         s.seed,
                         s.scheme,
                         s.granularity,
                         s.block,
                         s.scale_format,
                         s.double_quant,
                         s.outlier_magnitude,
                         s.outlier_fraction,
                         s.preset,
                         s.full_range,
                         s.sigma,
                         s.tensor_scale};
}
}  // namespace

quant::QuantConfig PanelConfig(const QuantizePanelState& state) { return links::EngineConfig(LinkState(state)); }

// =============================================================================================
// [SECTION] Engine calls

namespace {

// Regenerates the tensor and restarts the quantizers when the controls changed; advances the
// sliced work by one frame's budget. Returns true while work remains.
bool Advance(QuantizePanelState& s) {
  const std::string tkey = TensorKey(s);
  if (tkey != s.tensor_key) {
    s.tensor_key = tkey;
    s.result_key.clear();
    quant::TensorSpec spec;
    spec.dist = quant::ParseDistribution(s.dist).value_or(quant::Distribution::kNormal);
    spec.n = s.n;
    spec.seed = static_cast<uint64_t>(s.seed);
    spec.outlier_magnitude = s.outlier_magnitude;
    spec.outlier_fraction = s.outlier_fraction;
    spec.stddev = s.sigma;
    s.tensor_error.clear();
    s.tensor = std::make_shared<std::vector<float>>(quant::MakeTensor(spec, &s.tensor_error));
    // The comparison: per-tensor absmax (the one outliers break) and every scheme's reference config.
    s.compare_configs.clear();
    for (const char* scheme : {"int8_sym", "int4_sym"}) {
      quant::QuantConfig c = quant::DefaultConfig(scheme);
      c.granularity = quant::Granularity::kTensor;
      c.scale_format = "fp32";
      s.compare_configs.push_back(c);
    }
    for (const std::string& scheme : quant::SchemeNames()) s.compare_configs.push_back(quant::DefaultConfig(scheme));
    quant::QuantConfig bare = quant::DefaultConfig("nvfp4");  // NVFP4 without its FP32 tensor scale (the demo)
    bare.tensor_scale = false;
    s.compare_configs.push_back(bare);
    s.compare_rows.clear();
    s.compare_quantizer.reset();
  }
  if (!s.tensor || s.tensor->empty()) return false;
  const int64_t row_length = quant::DefaultRowLength(s.n);

  const quant::QuantConfig config = PanelConfig(s);
  const std::string rkey = tkey + "#" + ConfigKey(config);
  if (rkey != s.result_key) {
    s.result_key = rkey;
    s.quantizer = std::make_shared<quant::Quantizer>();
    s.quantizer->Begin(*s.tensor, row_length, config);
    s.computing = true;
  }
  int64_t budget = kElementsPerFrame;
  if (s.computing) {
    if (s.quantizer->Step(budget)) {
      s.result = s.quantizer->TakeResult();
      s.quantizer.reset();
      s.computing = false;
      if (s.result.ok) {
        s.error_hist = quant::ErrorHistogram(*s.tensor, s.result, kHistogramBins);
        s.levels = quant::FirstGroupLevels(s.result);
      }
    }
    budget = 0;  // the comparison waits for the main result
  }
  const std::string hkey = rkey + (s.full_range ? "|full" : "|zoom");
  if (!s.computing && s.result.ok && hkey != s.hist_key) {
    s.hist_key = hkey;
    const double rms = std::sqrt(s.result.metrics.signal_power);  // lo == hi == 0: the data's whole range
    s.values_hist = s.full_range ? quant::MakeHistogram(*s.tensor, kHistogramBins)
                                 : quant::MakeHistogram(*s.tensor, kHistogramBins, -5 * rms, 5 * rms);
  }
  // Comparison rows: one Quantizer at a time, sliced like the main one.
  if (budget > 0 && s.compare_rows.size() < s.compare_configs.size()) {
    const quant::QuantConfig& c = s.compare_configs[s.compare_rows.size()];
    if (!s.compare_quantizer) {
      s.compare_quantizer = std::make_shared<quant::Quantizer>();
      s.compare_quantizer->Begin(*s.tensor, row_length, c);
    }
    if (s.compare_quantizer->Step(budget)) {
      const quant::QuantResult& r = s.compare_quantizer->result();
      quant::ComparisonRow row;
      row.config = r.ok ? r.config : c;
      row.ok = r.ok;
      row.error = r.error;
      row.metrics = r.metrics;
      s.compare_rows.push_back(row);
      s.compare_quantizer.reset();
    }
  }
  return s.computing || s.compare_rows.size() < s.compare_configs.size();
}

// =============================================================================================
// [SECTION] Drawing

// Bars of a histogram in a box of the given height; optional vertical lines at `levels` (value axis).
void DrawHistogram(const char* id, const quant::Histogram& h, float height, unsigned bar_color,
                   const std::vector<double>* levels) {
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float width = std::max(120.0f, ImGui::GetContentRegionAvail().x);
  ImGui::InvisibleButton(id, ImVec2(width, height));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, ImVec2(p0.x + width, p0.y + height), IM_COL32(248, 249, 252, 255));
  dl->AddRect(p0, ImVec2(p0.x + width, p0.y + height), IM_COL32(210, 214, 222, 255));
  if (h.counts.empty() || h.hi <= h.lo) return;
  int64_t peak = 1;
  for (int64_t c : h.counts) peak = std::max(peak, c);
  const float bw = width / static_cast<float>(h.counts.size());
  for (size_t i = 0; i < h.counts.size(); ++i) {
    const float bh = (height - 4) * static_cast<float>(h.counts[i]) / static_cast<float>(peak);
    const float x = p0.x + bw * static_cast<float>(i);
    if (bh > 0)
      dl->AddRectFilled(ImVec2(x + 0.5f, p0.y + height - bh), ImVec2(x + bw - 0.5f, p0.y + height), bar_color);
  }
  auto to_x = [&](double v) { return p0.x + static_cast<float>((v - h.lo) / (h.hi - h.lo)) * width; };
  if (levels) {
    for (double v : *levels) {
      if (v < h.lo || v > h.hi) continue;
      const float x = to_x(v);
      dl->AddLine(ImVec2(x, p0.y), ImVec2(x, p0.y + height), IM_COL32(200, 60, 60, 150), 1.0f);
    }
  }
  if (h.lo < 0 && h.hi > 0) {
    const float x0 = to_x(0);
    dl->AddLine(ImVec2(x0, p0.y + height), ImVec2(x0, p0.y + height + 4), IM_COL32(90, 90, 90, 255));
  }
  if (ImGui::IsItemHovered()) {
    const float mx = ImGui::GetIO().MousePos.x;
    const int bin = std::clamp(static_cast<int>((mx - p0.x) / bw), 0, static_cast<int>(h.counts.size()) - 1);
    const double step = (h.hi - h.lo) / static_cast<double>(h.counts.size());
    ImGui::SetTooltip("[%.4g, %.4g): %lld values", h.lo + bin * step, h.lo + (bin + 1) * step,
                      static_cast<long long>(h.counts[static_cast<size_t>(bin)]));
  }
  char range[96];
  std::snprintf(range, sizeof range, "%.3g", h.lo);
  ImGui::TextDisabled("%s", range);
  std::snprintf(range, sizeof range, "%.3g", h.hi);
  ImGui::SameLine(std::max(0.0f, width - ImGui::CalcTextSize(range).x));
  ImGui::TextDisabled("%s", range);
}

// A section header with its "(?)" on the same line (widgets' SectionHeader ends with the separator).
// In Study's live panel (answer_first) a long header wraps, keeping its "(?)" inside the window.
void Header(const AppContext& ctx, const char* text, const char* help) {
  ImGui::Spacing();
  const ImVec4 color(0.16f, 0.36f, 0.72f, 1);
  if (ctx.answer_first) {
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    WrappedText(text, ImGui::GetContentRegionAvail().x - HelpMarkerWidth());
    ImGui::PopStyleColor();
  } else {
    ImGui::TextColored(color, "%s", text);
  }
  HelpMarker(help);
  ImGui::Separator();
}

// wrap: start a new line where a row would not fit (Study's live panel, as narrow as a phone);
// otherwise the rows as the section lays them out.
void DrawControls(QuantizePanelState& s, bool wrap) {
  const float w = 150;
  const ImGuiStyle& style = ImGui::GetStyle();
  // The next control on this line if it fits: its frame, its label and its "(?)".
  auto next = [&](float frame_w, const char* label, bool help) {
    const float help_w = help ? HelpMarkerWidth() : 0.0f;
    SameLineIfFits(frame_w + style.ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x + help_w, wrap, 24);
  };
  ImGui::SetNextItemWidth(w);
  Combo("Distribution", s.dist, kDists);
  HelpMarker(
      "The synthetic tensor (seeded, spread σ below). 'outliers' is normal data with a few large spikes, as seen in "
      "LLM "
      "activations.");
  next(w, "Size", false);
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("Size", std::to_string(s.n).c_str())) {
    for (int64_t n : kSizes) {
      if (ImGui::Selectable(std::to_string(n).c_str(), n == s.n)) s.n = n;
    }
    ImGui::EndCombo();
  }
  next(90, "Seed", false);
  ImGui::SetNextItemWidth(90);
  ImGui::InputScalar("Seed", ImGuiDataType_S64, &s.seed);
  NoteTextField("quantize-seed");
  s.seed = std::clamp<int64_t>(s.seed, 0, int64_t{1} << 53);

  ImGui::SetNextItemWidth(w);
  Combo("Scheme", s.scheme, quant::SchemeNames());
  HelpMarker(quant::SchemeDescription(s.scheme));
  next(w, "Granularity", true);
  ImGui::SetNextItemWidth(w);
  Combo("Granularity", s.granularity, kGranularities);
  HelpMarker(
      "Which elements share one scale: the whole tensor, one row (channel), or a block of consecutive elements. "
      "'default' is the scheme's reference choice.");
  ImGui::SetNextItemWidth(w);
  int block = s.block;
  if (ImGui::SliderInt("Block", &block, 0, quant::kMaxBlock, block == 0 ? "default" : "%d")) {
    // Snap to 0 (default) or a value in 16..256 that divides the 4096-long rows (powers of two).
    s.block = block < quant::kMinBlock / 2 ? 0 : 1 << std::clamp(static_cast<int>(std::lround(std::log2(block))), 4, 8);
  }
  HelpMarker(
      "Elements per block for block granularity (16…256). The scale is stored once per block, so smaller blocks "
      "track the data better but cost more bits.");
  next(w, "Scale format", true);
  std::string scale = s.scale_format.empty() ? "default" : s.scale_format;
  ImGui::SetNextItemWidth(w);
  if (Combo("Scale format", scale, kScaleFormats)) s.scale_format = scale == "default" ? "" : scale;
  HelpMarker(
      "How each scale is stored: FP32 (bitsandbytes NF4), FP16 (llama.cpp), BF16, or E8M0 (a power of two, as in MX).");
  ImGui::Checkbox("Double quantization", &s.double_quant);
  HelpMarker(
      "QLoRA: store the block scales themselves in 8 bits (blocks of 256 scales, one FP32 each). NF4: 4.5 → 4.127 "
      "bits/param.");
  if (s.scheme == "nvfp4") {
    next(ToggleWidth("FP32 tensor scale"), "", true);
    ImGui::Checkbox("FP32 tensor scale", &s.tensor_scale);
    HelpMarker(
        "NVFP4 stores one FP32 scale for the whole tensor on top of its E4M3 block scales. Switch it off and the "
        "block scales must hold the data's magnitude on their own: E4M3 reaches only 2^-9 to 448.");
  }
  ImGui::SetNextItemWidth(wrap ? FitItemWidth(w, "Tensor σ") : w);
  float sigma = static_cast<float>(s.sigma);
  if (ImGui::SliderFloat("Tensor σ", &sigma, 1e-6f, 1e6f, "%.3g", ImGuiSliderFlags_Logarithmic))
    s.sigma = std::clamp(static_cast<double>(sigma), 1e-8, 1e8);
  HelpMarker(
      "The spread of the tensor's values (1: unit variance). Most schemes do not care, their scales follow the "
      "data; NVFP4 without its tensor scale does: try 0.001 or 1000.");
  if (s.dist == "outliers") {
    ImGui::SetNextItemWidth(wrap ? FitItemWidth(w * 1.6f, "Outlier size (σ)") : w * 1.6f);
    float mag = static_cast<float>(s.outlier_magnitude);
    if (ImGui::SliderFloat("Outlier size (σ)", &mag, 0.0f, 100.0f, "%.0f σ")) s.outlier_magnitude = std::round(mag);
    HelpMarker(
        "Move it up: per-tensor absmax stretches one scale over the spike and most values round to zero, "
        "while per-block scales and NF4 only lose the blocks that hold a spike.");
    next(w, "Outliers (%)", false);
    ImGui::SetNextItemWidth(w);
    float frac = static_cast<float>(s.outlier_fraction * 100);
    if (ImGui::SliderFloat("Outliers (%)", &frac, 0.01f, 5.0f, "%.2f %%", ImGuiSliderFlags_Logarithmic)) {
      s.outlier_fraction = frac / 100.0;
    }
  }
}

// The two histograms: values with the grid, and the error. stacked: one above the other (one column).
void DrawPlots(QuantizePanelState& s, AppContext& ctx, bool stacked) {
  auto values = [&] {
    Header(ctx, "Values and the quantization grid",
           "Histogram of the original values; red lines are the values the first scale group can store "
           "(each block has its own grid, scaled by its own absmax).");
    ImGui::Checkbox("Full range", &s.full_range);
    HelpMarker("Off: ±5 RMS around zero, so the bulk is visible. On: every value, outliers included.");
    DrawHistogram("##values", s.values_hist, 140, IM_COL32(66, 120, 200, 255), &s.levels);
    if (s.values_hist.outside > 0)
      MutedText((std::to_string(s.values_hist.outside) + " values outside this view").c_str());
  };
  auto errors = [&](bool align) {
    Header(ctx, "Error: dequantized − original",
           "Histogram of the quantization error over all finite elements. Rounding inside the range gives at most "
           "half a step; clipping gives the long tails.");
    if (align) ImGui::Dummy(ImVec2(0, ImGui::GetFrameHeight()));  // level with the other column's checkbox
    DrawHistogram("##errors", s.error_hist, 140, IM_COL32(235, 140, 60, 255), nullptr);
  };
  if (stacked) {
    values();
    errors(false);
    return;
  }
  if (ImGui::BeginTable("##quant_plots", 2, ImGuiTableFlags_SizingStretchSame)) {
    ImGui::TableNextColumn();
    values();
    ImGui::TableNextColumn();
    errors(true);
    ImGui::EndTable();
  }
}

// The metrics a card asks about, as label/value pairs: `pairs` of them per table row (2 in the
// section; 1 in a narrow live panel, so no label is cut).
void DrawMetrics(const quant::Metrics& m, int pairs) {
  struct Metric {
    const char* label;
    const char* help;  // nullptr: none
    std::string value;
  };
  const Metric metrics[] = {
      {"bits per parameter", "Code bits plus the scale (and zero-point) bits spread over the elements that share them.",
       Fmt("%.4f", m.bits_per_param)},
      {"SQNR", "Signal-to-quantization-noise ratio: 10·log10(Σ x² / Σ error²). Each extra bit adds about 6 dB.",
       Db(m.sqnr_db) + " dB"},
      {"MSE / RMSE", nullptr, Fmt("%.4g", m.mse) + " / " + Fmt("%.4g", m.rmse)},
      {"max |error|", nullptr, Fmt("%.4g", m.max_abs_error)},
      {"cosine", nullptr, Fmt("%.6f", m.cosine)},
      {"clipped / flushed to 0",
       "Clipped: beyond the grid's end by more than half a step (saturated). Flushed: a non-zero value stored as 0.",
       Fmt("%.3f %%", 100 * m.clipped_fraction) + " / " + Fmt("%.3f %%", 100 * m.zero_fraction)},
  };
  if (!ImGui::BeginTable("##metrics", 2 * pairs, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) return;
  if (pairs == 1) {  // narrow: labels at their width, values wrap in what is left
    ImGui::TableSetupColumn("metric", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  }
  int i = 0;
  for (const Metric& metric : metrics) {
    if (i++ % pairs == 0) ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(metric.label);
    if (metric.help) HelpMarker(metric.help);
    ImGui::TableNextColumn();
    if (pairs == 1)  // narrow: wraps at spaces only ("0.03634 /" "0.1906"), never inside a number
      WrappedText(metric.value);
    else
      ImGui::TextUnformatted(metric.value.c_str());
  }
  ImGui::EndTable();
}

void DrawResolved(const quant::QuantResult& r) {
  if (!r.warning.empty()) ErrorText(r.warning);
  MutedText(("Resolved: " + r.config.scheme + " — " + ConfigLabel(r.config) + "; " + std::to_string(r.num_groups) +
             " scale(s) of " + std::to_string(r.group_size) + " elements; rows of " + std::to_string(r.row_length) +
             ".")
                .c_str());
}

void DrawResult(QuantizePanelState& s, AppContext& ctx) {
  const quant::QuantResult& r = s.result;
  if (!r.ok) {
    ErrorText(r.error);
    return;
  }
  DrawResolved(r);
  DrawPlots(s, ctx, false);
  SectionHeader(ctx, "Metrics");
  DrawMetrics(r.metrics, 2);
}

void DrawComparison(QuantizePanelState& s, AppContext& ctx) {
  Header(ctx, "Every scheme on the same tensor",
         "The same values quantized by each scheme at its reference configuration, plus per-tensor absmax for "
         "INT8/INT4. Bits per parameter include the scales.");
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  // Study's live panel on a phone: scheme, bits and SQNR only (the configuration shows on hover).
  const bool compact = ctx.answer_first && ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * 36;
  const ImGuiTableColumnFlags wide_only = compact ? ImGuiTableColumnFlags_Disabled : 0;
  if (!ImGui::BeginTable("##compare", 7, flags)) return;
  ImGui::TableSetupColumn("scheme", ImGuiTableColumnFlags_WidthStretch, 1.3f);
  ImGui::TableSetupColumn("configuration", ImGuiTableColumnFlags_WidthStretch | wide_only, 1.6f);
  ImGui::TableSetupColumn("bits/param", ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableSetupColumn("SQNR dB", ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableSetupColumn("RMSE", ImGuiTableColumnFlags_WidthStretch | wide_only, 0.8f);
  ImGui::TableSetupColumn("clipped %", ImGuiTableColumnFlags_WidthStretch | wide_only, 0.8f);
  ImGui::TableSetupColumn("to zero %", ImGuiTableColumnFlags_WidthStretch | wide_only, 0.8f);
  ImGui::TableHeadersRow();
  for (size_t i = 0; i < s.compare_configs.size(); ++i) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    const quant::QuantConfig& c = s.compare_configs[i];
    const bool current = c.scheme == s.scheme;
    if (current) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, IM_COL32(255, 240, 200, 255));
    ImGui::TextUnformatted(c.scheme.c_str());
    const quant::ComparisonRow* row = i < s.compare_rows.size() ? &s.compare_rows[i] : nullptr;
    if (compact && row && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ConfigLabel(row->config).c_str());
    ImGui::TableNextColumn();
    if (compact) ImGui::TableSetColumnIndex(2);  // what follows goes in the first shown column
    if (!row) {
      ImGui::TextDisabled("computing…");
      continue;
    }
    if (!compact) ImGui::TextUnformatted(ConfigLabel(row->config).c_str());
    if (!row->ok) {
      if (!compact) ImGui::TableNextColumn();
      ErrorText(row->error);
      continue;
    }
    if (!compact) ImGui::TableNextColumn();
    ImGui::Text("%.3f", row->metrics.bits_per_param);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(Db(row->metrics.sqnr_db).c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%.3g", row->metrics.rmse);
    ImGui::TableNextColumn();
    ImGui::Text("%.3f", 100 * row->metrics.clipped_fraction);
    ImGui::TableNextColumn();
    ImGui::Text("%.2f", 100 * row->metrics.zero_fraction);
  }
  ImGui::EndTable();
}

// NVFP4 against MXFP4 on the learner's tensor: the same 4-bit E2M1 elements, different scales. Shown when
// either is the chosen scheme; the rows come from the comparison's runs (their reference configurations,
// plus NVFP4 without its FP32 tensor scale).
void DrawFp4Comparison(QuantizePanelState& s, AppContext& ctx) {
  if (s.scheme != "nvfp4" && s.scheme != "mxfp4") return;
  Header(ctx, "NVFP4 and MXFP4 side by side",
         "Both store each value in 4-bit E2M1 (largest value 6). MXFP4 (OCP MX) shares one power-of-two E8M0 scale "
         "among 32 values; NVFP4 (NVIDIA) shares an E4M3 scale among 16 values and adds one FP32 scale per tensor.");
  const quant::ComparisonRow* mx = nullptr;
  const quant::ComparisonRow* nv = nullptr;
  const quant::ComparisonRow* bare = nullptr;
  for (size_t i = 0; i < s.compare_rows.size() && i < s.compare_configs.size(); ++i) {
    const quant::QuantConfig& c = s.compare_configs[i];
    if (c.scheme == "mxfp4") mx = &s.compare_rows[i];
    if (c.scheme == "nvfp4") (c.tensor_scale ? nv : bare) = &s.compare_rows[i];
  }
  if (!mx || !nv || !bare) {
    ImGui::TextDisabled("computing…");
    return;
  }
  if (!mx->ok || !nv->ok || !bare->ok) {
    ErrorText(!mx->ok ? mx->error : !nv->ok ? nv->error : bare->error);
    return;
  }
  const quant::ComparisonRow* rows[3] = {mx, nv, bare};
  if (ImGui::BeginTable("##fp4", 4,
                        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("MXFP4", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("NVFP4", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("NVFP4, no tensor scale", ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableHeadersRow();
    auto row = [&](const char* label, auto cell) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      WrappedText(label);
      for (const quant::ComparisonRow* r : rows) {
        ImGui::TableNextColumn();
        const std::string text = cell(*r);
        WrappedText(text);
      }
    };
    row("scales", [](const quant::ComparisonRow& r) {
      return r.config.scale_format + " per " + std::to_string(r.config.block) +
             (r.config.scheme == "nvfp4" && r.config.tensor_scale ? " + fp32 per tensor" : "");
    });
    row("bits/param", [](const quant::ComparisonRow& r) { return Fmt("%.3f", r.metrics.bits_per_param); });
    row("SQNR", [](const quant::ComparisonRow& r) { return Db(r.metrics.sqnr_db) + " dB"; });
    row("max |error|", [](const quant::ComparisonRow& r) { return Fmt("%.4g", r.metrics.max_abs_error); });
    row("flushed to 0", [](const quant::ComparisonRow& r) { return Fmt("%.2f %%", 100 * r.metrics.zero_fraction); });
    row("clipped", [](const quant::ComparisonRow& r) { return Fmt("%.3f %%", 100 * r.metrics.clipped_fraction); });
    ImGui::EndTable();
  }
  // What the numbers say, in words (every figure from the runs above and the formats engine).
  const double gain = nv->metrics.sqnr_db - mx->metrics.sqnr_db;
  std::string why =
      "On this tensor NVFP4 is " + Fmt("%.1f", std::fabs(gain)) + " dB " + (gain >= 0 ? "better" : "worse") +
      " than MXFP4 for " + Fmt("%.3f", nv->metrics.bits_per_param - mx->metrics.bits_per_param) +
      " more bits per value. " +
      (gain >= 0 ? "Its scale follows 16 values instead of 32 and can be any E4M3 number, not only a power "
                   "of two, so each block's largest value lands close to E2M1's largest code."
                 : "");
  MutedText(why.c_str());
  const formats::FormatSpec* e4m3 = formats::FindFormat("ue4m3");
  if (e4m3) {
    const formats::FormatFacts f = formats::Facts(*e4m3);
    const double loss = nv->metrics.sqnr_db - bare->metrics.sqnr_db;
    std::string bare_text;
    if (loss > 1.0 || bare->metrics.zero_fraction > nv->metrics.zero_fraction + 0.001 ||
        bare->metrics.clipped_fraction > nv->metrics.clipped_fraction + 0.001)
      bare_text = "Without the FP32 tensor scale NVFP4 loses " + Fmt("%.1f", loss) +
                  " dB here: each block scale (the block's largest value / 6) must fit E4M3 on its own, from " +
                  Fmt("%.4g", f.min_subnormal) + " to " + Fmt("%.4g", f.max) +
                  ", so small values flush to zero and large ones clip.";
    else
      bare_text = "Without the FP32 tensor scale NVFP4 does as well here: with σ = " + Fmt("%.3g", s.sigma) +
                  " every block scale (the block's largest value / 6) fits E4M3's range, " +
                  Fmt("%.4g", f.min_subnormal) + " to " + Fmt("%.4g", f.max) +
                  ". Set the tensor's σ to 0.001 or 1000 to see it fail.";
    MutedText(bare_text.c_str());
  }
}

void DrawModelNeeds(QuantizePanelState& s, AppContext& ctx) {
  Header(ctx, "What would this model need?",
         "Weight memory of a real model stored with this scheme, from the memory engine: weight matrices at the "
         "scheme's bits per parameter (scales included), norms and biases in 16 bits.");
  std::vector<std::string> presets;
  for (const memory::Preset& p : memory::Presets()) presets.emplace_back(p.name);
  ImGui::SetNextItemWidth(180);
  Combo("Model", s.preset, presets);
  std::optional<memory::Model> model = memory::ModelFromPreset(s.preset);
  if (!model) {
    ErrorText("unknown preset '" + s.preset + "'");
    return;
  }
  // The memory engine knows each scheme at its reference configuration (nf4_dq = NF4 + double quant).
  std::string dtype = s.scheme == "nf4" && s.double_quant ? "nf4_dq" : s.scheme;
  memory::Scenario quantized;
  quantized.dtype = dtype;
  memory::Scenario bf16;
  bf16.dtype = "bf16";
  const memory::Estimate eq = memory::EstimateMemory(*model, quantized);
  const memory::Estimate eb = memory::EstimateMemory(*model, bf16);
  if (!eq.ok || !eb.ok) {
    ErrorText(eq.ok ? eb.error : eq.error);
    return;
  }
  const memory::Item* wq = memory::FindItem(eq, memory::ItemKind::kWeights);
  const memory::Item* wb = memory::FindItem(eb, memory::ItemKind::kWeights);
  if (!wq || !wb) return;
  if (ImGui::BeginTable("##model_needs", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
    ImGui::TableSetupColumn("storage", ImGuiTableColumnFlags_WidthStretch, 0.6f);
    ImGui::TableSetupColumn("weights", ImGuiTableColumnFlags_WidthStretch, 0.5f);
    ImGui::TableSetupColumn("formula", ImGuiTableColumnFlags_WidthStretch, 2.4f);
    ImGui::TableHeadersRow();
    for (auto [label, e, it] : {std::make_tuple(dtype.c_str(), &eq, wq), std::make_tuple("bf16", &eb, wb)}) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(label);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(memory::FormatBytes(it->bytes).c_str());
      ImGui::TableNextColumn();
      WrappedText(it->formula);
      (void)e;
    }
    ImGui::EndTable();
  }
  const quant::QuantConfig reference = [&] {
    quant::QuantConfig c = quant::DefaultConfig(s.scheme);
    c.double_quant = dtype == "nf4_dq";
    return c;
  }();
  std::optional<quant::QuantConfig> mine = quant::Resolve(PanelConfig(s));
  if (mine && ConfigKey(*mine) != ConfigKey(reference)) {
    std::optional<double> ref_bits = quant::BitsPerParam(reference);
    std::optional<double> my_bits = quant::BitsPerParam(*mine);
    if (ref_bits && my_bits) {
      MutedText(("The memory engine uses " + s.scheme + "'s reference configuration (" + ConfigLabel(reference) + ", " +
                 Fmt("%.4f", *ref_bits) + " bits/param); your configuration costs " + Fmt("%.4f", *my_bits) +
                 " bits/param on 4096-long rows.")
                    .c_str());
    }
  }
}

void DrawPtq(QuantizePanelState& s, const nn::Trainer* network, AppContext& ctx) {
  Header(ctx, "Post-training quantization of the Train network",
         "Quantize the weights of the network trained in the Train panel with each scheme, keep biases in FP32, "
         "and measure its test accuracy again.");
  if (!network) {
    MutedText(
        "No trained network yet: train one in the Train panel, then come back to see its test accuracy "
        "before and after quantization with each scheme.");
    return;
  }
  ImGui::SetNextItemWidth(150);
  Combo("Weight scales", s.ptq_granularity, {"channel", "tensor"});
  HelpMarker(
      "channel: one scale per output neuron (the usual choice for weights); tensor: one scale per layer. "
      "Block scales need rows of at least 16 inputs, which tiny networks don't have.");
  const int64_t steps = network->Status().steps;
  const std::string key = std::to_string(steps) + "|" + s.ptq_granularity;
  // Recompute on request, or by itself once the network stops changing (not every frame of training).
  const bool idle = steps == s.ptq_seen_steps;
  s.ptq_seen_steps = steps;
  if (ImGui::Button("Quantize the network") || (key != s.ptq_key && idle)) {
    s.ptq_rows = quant::StudyPostTraining(
                     *network, quant::ParseGranularity(s.ptq_granularity).value_or(quant::Granularity::kChannel))
                     .schemes;
    s.ptq_key = key;
    s.ptq_steps = steps;
  }
  if (s.ptq_rows.empty()) return;
  MutedText(("Computed after " + std::to_string(s.ptq_steps) + " training steps.").c_str());
  if (!ImGui::BeginTable("##ptq", 5,
                         ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp))
    return;
  ImGui::TableSetupColumn("scheme");
  ImGui::TableSetupColumn("bits/param");
  ImGui::TableSetupColumn("accuracy before");
  ImGui::TableSetupColumn("after");
  ImGui::TableSetupColumn("worst layer SQNR dB");
  ImGui::TableHeadersRow();
  for (const PtqRow& row : s.ptq_rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(row.scheme.c_str());
    if (!row.ok) {
      ImGui::TableNextColumn();
      ErrorText(row.error);
      continue;
    }
    ImGui::TableNextColumn();
    ImGui::Text("%.3f", row.bits_per_param);
    ImGui::TableNextColumn();
    ImGui::Text("%.1f %%", 100 * row.accuracy_before);
    ImGui::TableNextColumn();
    ImGui::Text("%.1f %%", 100 * row.accuracy_after);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(Db(row.sqnr_db).c_str());
  }
  ImGui::EndTable();
}

// =============================================================================================
// [SECTION] Panel

// Study's live panel (ctx.answer_first): the metrics first, then the controls, then the pictures and
// tables. Beside the card the metrics stay in view and the rest scrolls under them; stacked under the
// card (single_scroll) all of it flows in Study's window. The slice of work runs before the metrics are
// drawn; a control changed this frame shows in the next one (the app draws a few frames after input).
void DrawAnswerFirst(QuantizePanelState& state, const nn::Trainer* train_network, AppContext& ctx) {
  if (Advance(state)) ctx.wants_animation = true;
  const quant::QuantResult& r = state.result;
  const bool done = state.tensor_error.empty() && !state.computing && !state.result_key.empty();
  if (!state.tensor_error.empty()) {
    ErrorText(state.tensor_error);
  } else if (state.computing && state.quantizer) {
    ImGui::ProgressBar(static_cast<float>(state.quantizer->progress()), ImVec2(-1, 0), "quantizing…");
  } else if (done && !r.ok) {
    ErrorText(r.error);
  } else if (done) {
    ImGui::BeginGroup();
    WrappedText(r.config.scheme + ", " + ConfigLabel(r.config));
    DrawMetrics(r.metrics, ImGui::GetContentRegionAvail().x >= ImGui::GetFontSize() * 36 ? 2 : 1);
    ImGui::EndGroup();
    RecordAnswerRect(ctx);
  }
  const bool one_scroll = ctx.single_scroll;
  if (!one_scroll) ImGui::BeginChild("##quantize_scroll", ImVec2(0, 0), false);
  DrawControls(state, true);
  if (state.tensor_error.empty()) {
    if (done && r.ok) {
      DrawResolved(r);
      DrawPlots(state, ctx, one_scroll);
    }
    DrawFp4Comparison(state, ctx);
    DrawComparison(state, ctx);
    DrawModelNeeds(state, ctx);
    DrawPtq(state, train_network, ctx);
  }
  if (!one_scroll) ImGui::EndChild();
}

}  // namespace

void DrawQuantizePanel(QuantizePanelState& state, const nn::Trainer* train_network, AppContext& ctx) {
  if (ctx.answer_first) {
    DrawAnswerFirst(state, train_network, ctx);
    return;
  }
  PanelTitle(ctx, "Quantize", "Quantize a tensor to INT8, INT4, NF4, FP8 or MX and see the error it costs.");
  ImGui::BeginChild("##quantize_scroll", ImVec2(0, 0), false);
  DrawControls(state, false);
  if (Advance(state)) ctx.wants_animation = true;
  if (!state.tensor_error.empty()) {
    ErrorText(state.tensor_error);
    ImGui::EndChild();
    return;
  }
  if (state.computing && state.quantizer) {
    ImGui::ProgressBar(static_cast<float>(state.quantizer->progress()), ImVec2(-1, 0), "quantizing…");
  }
  if (!state.computing && !state.result_key.empty()) DrawResult(state, ctx);
  DrawFp4Comparison(state, ctx);
  DrawComparison(state, ctx);
  DrawModelNeeds(state, ctx);
  DrawPtq(state, train_network, ctx);
  ImGui::EndChild();
}

// =============================================================================================
// [SECTION] LiveLink

std::vector<std::string> ApplyQuantizeLink(QuantizePanelState& state, const LiveLink& link) {
  // A link describes a whole state: keys it leaves out take their defaults (so a card's link shows
  // the same thing whatever the learner did before). Derived data is recomputed from the new keys.
  links::Applied<links::Quantize> a = links::ApplyQuantize(link);
  const links::Quantize& c = a.config;
  state.dist = c.dist;
  state.n = c.n;
  state.seed = c.seed;
  state.scheme = c.scheme;
  state.granularity = c.granularity;
  state.block = c.block;
  state.scale_format = c.scale_format;
  state.double_quant = c.double_quant;
  state.outlier_magnitude = c.outlier_magnitude;
  state.outlier_fraction = c.outlier_fraction;
  state.preset = c.preset;
  state.full_range = c.full_range;
  state.sigma = c.sigma;
  state.tensor_scale = c.tensor_scale;
  return a.errors;
}

LiveLink MakeQuantizeLink(const QuantizePanelState& state) { return links::MakeQuantize(LinkState(state)); }

}  // namespace bw::app
