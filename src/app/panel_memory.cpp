// Panel "Memory". Index: [SECTION] Helpers  [SECTION] Controls  [SECTION] Results  [SECTION] LiveLink
#include "app/panel_memory.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/mirror.h"
#include "app/widgets.h"
#include "core/links/links.h"
#include "core/memory/architecture.h"
#include "core/util/count.h"
#include "core/util/json.h"

namespace bw::app {

// =============================================================================================
// [SECTION] Helpers

namespace {

const char* const kDtypes[] = {"fp32", "bf16", "fp16", "fp8",    "int8",  "q8_0",
                               "int4", "q4_0", "nf4",  "nf4_dq", "mxfp4", "mxfp6_e3m2"};
const char* const kKvDtypes[] = {"bf16", "fp16", "fp32", "fp8", "int8", "int4"};

unsigned ItemColor(const std::string& name) {
  if (name == "weights") return IM_COL32(66, 120, 200, 255);
  if (name == "kv_cache") return IM_COL32(60, 170, 140, 255);
  if (name == "activations") return IM_COL32(235, 160, 60, 255);
  if (name == "gradients") return IM_COL32(200, 80, 80, 255);
  if (name == "optimizer") return IM_COL32(150, 100, 200, 255);
  if (name == "master_weights") return IM_COL32(120, 160, 220, 255);
  return IM_COL32(150, 150, 150, 255);
}

int ResizeCallback(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* s = static_cast<std::string*>(data->UserData);
    s->resize(static_cast<size_t>(data->BufTextLen));
    data->Buf = s->data();
  }
  return 0;
}

bool InputString(const char* label, std::string& s, ImGuiInputTextFlags flags = 0) {
  return ImGui::InputText(label, s.data(), s.capacity() + 1, flags | ImGuiInputTextFlags_CallbackResize, ResizeCallback,
                          &s);
}

bool InputMultiline(const char* label, std::string& s, ImVec2 size) {
  return ImGui::InputTextMultiline(label, s.data(), s.capacity() + 1, size, ImGuiInputTextFlags_CallbackResize,
                                   ResizeCallback, &s);
}

bool ComboStrings(const char* label, std::string& value, const char* const* items, int n) {
  bool changed = false;
  if (ImGui::BeginCombo(label, value.c_str())) {
    for (int i = 0; i < n; ++i) {
      bool selected = value == items[i];
      if (ImGui::Selectable(items[i], selected)) value = items[i], changed = true;
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  return changed;
}

template <typename E, size_t N>
void ComboEnum(const char* label, E& value, const E (&options)[N], const char* (*name)(E)) {
  if (ImGui::BeginCombo(label, name(value))) {
    for (E o : options)
      if (ImGui::Selectable(name(o), o == value)) value = o;
    ImGui::EndCombo();
  }
}

void InputInt64(const char* label, int64_t& v, int64_t lo, int64_t hi) {
  ImGui::InputScalar(label, ImGuiDataType_S64, &v);
  v = std::clamp(v, lo, hi);
}

void Tooltip(const std::string& text) {
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(TooltipWrapWidth(34));
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

std::optional<memory::Model> CurrentModel(const MemoryPanelState& st, std::string* error) {
  switch (st.source) {
    case MemorySource::kPreset: return memory::ModelFromPreset(st.preset, error);
    case MemorySource::kParams: {
      std::optional<double> n = ParseCount(st.params_text, error);
      if (!n) return std::nullopt;
      return memory::ModelFromParams(*n);
    }
    case MemorySource::kConfig:
      if (!st.config_ok) {
        if (error)
          *error =
              st.config_error.empty() ? "Paste a config.json and press \"Use this config.json\"." : st.config_error;
        return std::nullopt;
      }
      return memory::ModelFromArch(st.config_arch, "config.json (" + st.config_arch.name + ")");
  }
  return std::nullopt;
}

// =============================================================================================
// [SECTION] Controls

void DrawModelControls(MemoryPanelState& st, const AppContext& ctx) {
  SectionHeader(ctx, "Model");
  const bool wrap = ctx.answer_first;  // Study's live panel may be 360 px wide
  int source = static_cast<int>(st.source);
  ImGui::RadioButton("Preset", &source, 0);
  SameLineIfFits(ToggleWidth("Parameter count"), wrap);
  ImGui::RadioButton("Parameter count", &source, 1);
  SameLineIfFits(ToggleWidth("config.json"), wrap);
  ImGui::RadioButton("config.json", &source, 2);
  st.source = static_cast<MemorySource>(source);
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (st.source == MemorySource::kPreset) {
    const memory::Preset* current = memory::FindPreset(st.preset);
    if (ImGui::BeginCombo("##preset", current ? current->label : st.preset.c_str())) {
      for (const memory::Preset& p : memory::Presets())
        if (ImGui::Selectable(p.label, st.preset == p.name)) st.preset = p.name;
      ImGui::EndCombo();
    }
    if (current) MutedText((std::string("Shapes from ") + current->source).c_str());
  } else if (st.source == MemorySource::kParams) {
    InputString("##params", st.params_text);
    NoteTextField("memory-params");  // touch devices put a real <input> here (web/a11y.js)
    MutedText(
        "e.g. 13e9, 7.5e9, 13B, 125M. A bare count gives weights and training states, not KV cache or activations.");
  } else {
    InputMultiline("##config", st.config_text, ImVec2(-FLT_MIN, ImGui::GetTextLineHeight() * 6));
    if (ImGui::Button("Use this config.json")) {
      memory::ArchitectureParse r = memory::ParseHfConfig(st.config_text);
      st.config_ok = r.ok;
      st.config_error = r.error;
      st.config_notes = r.notes;
      if (r.ok) st.config_arch = r.arch;
    }
    HelpMarker("Paste the config.json of a Hugging Face model (llama, mistral, qwen2, gpt2 or bert field names).");
    if (!st.config_error.empty()) ErrorText(st.config_error);
    for (const std::string& n : st.config_notes) MutedText(n.c_str());
  }
}

void DrawScenarioControls(MemoryPanelState& st, const AppContext& ctx) {
  memory::Scenario& s = st.scenario;
  SectionHeader(ctx, "Scenario");
  const bool wrap = ctx.answer_first;  // Study's live panel may be 360 px wide
  int mode = s.mode == memory::Mode::kTrain ? 1 : 0;
  ImGui::RadioButton("Inference", &mode, 0);
  SameLineIfFits(ToggleWidth("Training / finetuning"), wrap);
  ImGui::RadioButton("Training / finetuning", &mode, 1);
  s.mode = mode ? memory::Mode::kTrain : memory::Mode::kInference;
  const float w = ImGui::GetFontSize() * 9;
  // The combo's frame: 9 font sizes, narrower in a live panel too narrow for it, its label and "(?)".
  auto width = [&](const char* label) { return wrap ? FitItemWidth(w, label) : w; };
  if (s.mode == memory::Mode::kInference) {
    ImGui::SetNextItemWidth(w);
    ComboStrings("Weights dtype", s.dtype, kDtypes, IM_ARRAYSIZE(kDtypes));
    HelpMarker(
        "Bytes per weight. Quantized schemes (q4_0, nf4, mxfp4...) include the bits of their scales, from the "
        "quantization engine.");
    std::string kv = s.kv_dtype.empty() ? "bf16" : s.kv_dtype;
    ImGui::SetNextItemWidth(w);
    if (ComboStrings("KV cache dtype", kv, kKvDtypes, IM_ARRAYSIZE(kKvDtypes))) s.kv_dtype = kv;
    HelpMarker(
        "Keys and values of every past token, per layer, for the KV heads only (grouped-query attention shares them).");
  } else {
    const memory::Optimizer opts[] = {memory::Optimizer::kSgd, memory::Optimizer::kMomentum, memory::Optimizer::kAdam,
                                      memory::Optimizer::kAdamW, memory::Optimizer::kAdam8bit};
    const memory::Precision precs[] = {memory::Precision::kFp32, memory::Precision::kBf16, memory::Precision::kFp16,
                                       memory::Precision::kMixed};
    const memory::Checkpointing ckpts[] = {memory::Checkpointing::kNone, memory::Checkpointing::kSelective,
                                           memory::Checkpointing::kFull};
    ImGui::SetNextItemWidth(w);
    ComboEnum("Optimizer", s.optimizer, opts, memory::OptimizerName);
    HelpMarker(
        "States kept per trainable parameter: SGD none, momentum 1, Adam/AdamW 2 (m and v), 8-bit Adam 2 of one byte.");
    ImGui::SetNextItemWidth(w);
    ComboEnum("Precision", s.precision, precs, memory::PrecisionName);
    HelpMarker(
        "mixed: 16-bit weights and gradients for the passes, an FP32 master copy and FP32 optimizer states for the "
        "update.");
    if (s.precision == memory::Precision::kMixed) {
      int mb = static_cast<int>(s.mixed_bytes);
      ImGui::SetNextItemWidth(width("Bytes/param convention"));
      ImGui::Combo("Bytes/param convention", &mb,
                   "16 (ZeRO)\0"
                   "18 (FP32 grads)\0"
                   "20 (both grads)\0");
      s.mixed_bytes = static_cast<memory::MixedBytes>(mb);
      HelpMarker(
          "Sources disagree on mixed-precision Adam: 16 B/param (ZeRO: 2+2+4+8), 18 with FP32 gradients (Hugging "
          "Face), "
          "20 when 16-bit and FP32 gradients coexist.");
    }
    ImGui::SetNextItemWidth(w);
    ComboEnum("Checkpointing", s.checkpointing, ckpts, memory::CheckpointingName);
    HelpMarker(
        "Korthikanti et al.: none keeps sbh(34 + 5as/h) bytes per layer; selective recomputes the attention scores "
        "(keeps 34sbh); full keeps only each layer's input (2sbh) and recomputes the rest.");
    int64_t rank = s.lora_rank;
    ImGui::SetNextItemWidth(w);
    InputInt64("LoRA rank", rank, 0, memory::kMaxLoraRank);
    NoteTextField("memory-lora_rank");
    s.lora_rank = rank;
    HelpMarker(
        "0 = full finetune. With rank r, each chosen matrix gets r·(in + out) trainable parameters; the base is "
        "frozen.");
    if (s.lora_rank > 0) {
      memory::LoraTargets& t = s.lora_targets;
      ImGui::Checkbox("q", &t.q), ImGui::SameLine(), ImGui::Checkbox("k", &t.k), ImGui::SameLine(),
          ImGui::Checkbox("v", &t.v), ImGui::SameLine(), ImGui::Checkbox("o", &t.o);
      ImGui::Checkbox("gate", &t.gate), ImGui::SameLine(), ImGui::Checkbox("up", &t.up), ImGui::SameLine(),
          ImGui::Checkbox("down", &t.down);
      ImGui::Checkbox("QLoRA (4-bit NF4 base)", &s.qlora);
    } else {
      s.qlora = false;
    }
    int zero = s.zero_stage;
    ImGui::SetNextItemWidth(w);
    ImGui::SliderInt("ZeRO stage", &zero, 0, 3);
    s.zero_stage = zero;
    HelpMarker(
        "ZeRO partitions over the GPUs: stage 1 the optimizer states (and FP32 master), stage 2 also the gradients, "
        "stage 3 also the weights.");
  }
  ImGui::SetNextItemWidth(w);
  InputInt64("Sequence length", s.seq_len, 1, memory::kMaxSeqLen);
  NoteTextField("memory-seq");
  ImGui::SetNextItemWidth(w);
  InputInt64("Batch", s.batch, 1, memory::kMaxBatch);
  NoteTextField("memory-batch");
  ImGui::SetNextItemWidth(w);
  InputInt64("GPUs", s.gpus, 1, memory::kMaxGpus);
  NoteTextField("memory-gpus");
  ImGui::Checkbox("FlashAttention", &s.flash_attention);
  HelpMarker("Computes attention in tiles and never stores the s×s score matrix: the 5as/h term disappears.");
  ImGui::Checkbox("Show GiB", &s.gib);
  HelpMarker("GB = 10^9 bytes, GiB = 2^30 bytes. Sources mix them up; every figure here is labelled.");
  ImGui::Checkbox("Count the LM head", &s.count_lm_head);
  HelpMarker("Some calculators leave the (untied) output layer out; it is real memory.");
  float overhead_gb = static_cast<float>(s.overhead_bytes / memory::kGB);
  ImGui::SetNextItemWidth(w);
  ImGui::SliderFloat("Overhead (GB)", &overhead_gb, 0.0f, 4.0f, "%.1f");
  s.overhead_bytes = std::round(static_cast<double>(overhead_gb) * 10) * 1e8;
  HelpMarker("CUDA context, allocator fragmentation, library workspaces: typically 0.6 to 1.3 GB in real runs.");
}

// =============================================================================================
// [SECTION] Results

void DrawStackedBar(const memory::Estimate& e, bool gib) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float width = ImGui::GetContentRegionAvail().x;
  const float height = ImGui::GetFontSize() * 1.8f;
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##bar", ImVec2(std::max(width, 10.0f), height));
  const bool hovered = ImGui::IsItemHovered();
  const float mx = ImGui::GetIO().MousePos.x;
  float x = p.x;
  for (const memory::Item& it : e.items) {
    float seg = e.total_bytes > 0 ? static_cast<float>(it.bytes / e.total_bytes) * width : 0;
    dl->AddRectFilled(ImVec2(x, p.y), ImVec2(x + seg, p.y + height), ItemColor(it.name));
    if (seg > ImGui::CalcTextSize(it.label.c_str()).x + 8)
      dl->AddText(ImVec2(x + 4, p.y + height * 0.25f), IM_COL32(255, 255, 255, 255), it.label.c_str());
    if (hovered && mx >= x && mx < x + seg)
      Tooltip(it.label + ": " + memory::FormatBytes(it.bytes, gib) + "\n" + it.formula + "\n\n" + it.note);
    x += seg;
  }
  dl->AddRect(p, ImVec2(p.x + width, p.y + height), IM_COL32(90, 90, 90, 255));
}

// compact (Study's live panel on a phone): two columns, each line's formula under its label.
void DrawBreakdownTable(const memory::Estimate& e, bool gib, const AppContext& ctx) {
  const bool compact = ctx.answer_first && ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * 30;
  if (!ImGui::BeginTable("##items", compact ? 2 : 3,
                         ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp))
    return;
  if (compact)
    ImGui::TableSetupColumn("Line", ImGuiTableColumnFlags_WidthStretch);
  else
    ImGui::TableSetupColumn("Line", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 9);
  ImGui::TableSetupColumn("Bytes", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 5);
  if (!compact) ImGui::TableSetupColumn("Formula", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  // The formula of a row: its own column, or under the label when compact (then before the bytes).
  auto formula = [&](const std::string& text, const std::string& note, bool in_label_column) {
    if (compact != in_label_column) return;
    if (!compact) ImGui::TableNextColumn();
    if (compact)
      MutedText(text.c_str());
    else
      WrappedText(text);
    Tooltip(note);
  };
  for (const memory::Item& it : e.items) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImVec2 p = ImGui::GetCursorScreenPos();
    float sz = ImGui::GetTextLineHeight() * 0.7f;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + sz * 0.2f), ImVec2(p.x + sz, p.y + sz * 1.2f),
                                              ItemColor(it.name));
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + sz + 4);
    ImGui::TextUnformatted(it.label.c_str());
    Tooltip(it.note);
    if (it.name == "activations" && !e.activation_formula.empty())  // which per-layer count this line used
      MutedText(e.activation_formula == "gated_mlp" ? "gated-MLP block count" : "Korthikanti (GPT block)");
    if (!it.card.empty() && ctx.open_link) {
      ImGui::PushID(&it);
      if (LinkButton("card ›")) ctx.open_link("study?card=" + it.card);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open the flashcard that explains this line");
      ImGui::PopID();
    }
    formula(it.formula, it.note, true);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(memory::FormatBytes(it.bytes, gib).c_str());
    formula(it.formula, it.note, false);
  }
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(e.items.size() > 1 || e.total_bytes > 0 ? "Total" : "");
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(memory::FormatBytes(e.total_bytes, gib).c_str());
  if (!compact) {
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(e.items.size() > 1 ? "sum of the lines above" : "");
  }
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted("Rule of thumb");
  formula(e.rule_of_thumb_formula, e.rule_of_thumb_note, true);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(memory::FormatBytes(e.rule_of_thumb_bytes, gib).c_str());
  formula(e.rule_of_thumb_formula, e.rule_of_thumb_note, false);
  ImGui::EndTable();
  MutedText(e.rule_of_thumb_note.c_str());
}

void FitCell(const memory::GpuFit& f) {
  ImGui::TextColored(f.fits ? ImVec4(0.15f, 0.55f, 0.25f, 1) : ImVec4(0.75f, 0.15f, 0.1f, 1), "%s %.0f%%",
                     f.fits ? "yes" : "no", f.used_fraction * 100);
  Tooltip("Needs " + json::FormatNumber(std::round(f.used_fraction * 1000) / 10) + "% of the card's " +
          json::FormatNumber(f.gpu_bytes) + " bytes (the marketed GB taken as GiB).");
}

// One column per GPU when they fit side by side; on a phone or a narrow iframe one row per GPU.
void DrawFits(const memory::Estimate& e) {
  const ImGuiStyle& style = ImGui::GetStyle();
  float cell = ImGui::CalcTextSize("fits?").x;
  for (const memory::GpuFit& f : e.fits) {
    cell = std::max(cell, ImGui::CalcTextSize((json::FormatNumber(f.gpu_gb) + " GB").c_str()).x);
    cell = std::max(cell, ImGui::CalcTextSize(f.fits ? "yes 100%" : "no 100%").x);
  }
  const float wide = (cell + style.CellPadding.x * 2 + 1) * static_cast<float>(e.fits.size() + 1);
  if (wide > ImGui::GetContentRegionAvail().x) {
    if (!ImGui::BeginTable("##fits_rows", 2, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) return;
    ImGui::TableSetupColumn("GPU");
    ImGui::TableSetupColumn("fits? (used)");
    ImGui::TableHeadersRow();
    for (const memory::GpuFit& f : e.fits) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%s GB", json::FormatNumber(f.gpu_gb).c_str());
      ImGui::TableNextColumn();
      FitCell(f);
    }
    ImGui::EndTable();
    return;
  }
  if (!ImGui::BeginTable("##fits", static_cast<int>(e.fits.size()) + 1,
                         ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchSame))
    return;
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted("GPU");
  for (const memory::GpuFit& f : e.fits) {
    ImGui::TableNextColumn();
    ImGui::Text("%s GB", json::FormatNumber(f.gpu_gb).c_str());
  }
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted("fits?");
  for (const memory::GpuFit& f : e.fits) {
    ImGui::TableNextColumn();
    FitCell(f);
  }
  ImGui::EndTable();
}

void DrawSweepPlot(const memory::Sweep& sw, bool gib) {
  const float width = ImGui::GetContentRegionAvail().x;
  const float height = ImGui::GetFontSize() * 11;
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##plot", ImVec2(std::max(width, 10.0f), height));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + width, p.y + height), IM_COL32(250, 250, 252, 255));
  dl->AddRect(p, ImVec2(p.x + width, p.y + height), IM_COL32(170, 170, 170, 255));
  size_t n = sw.points.size();
  double ymax = 0;
  for (const memory::SweepPoint& pt : sw.points)
    if (pt.ok) ymax = std::max(ymax, pt.total_bytes);
  if (n < 2 || ymax <= 0) {
    dl->AddText(ImVec2(p.x + 8, p.y + 8), IM_COL32(120, 120, 120, 255), "No valid points to plot.");
    return;
  }
  const float pad = 4;
  auto X = [&](size_t i) { return p.x + pad + (width - 2 * pad) * static_cast<float>(i) / static_cast<float>(n - 1); };
  auto Y = [&](double bytes) { return p.y + height - pad - (height - 2 * pad) * static_cast<float>(bytes / ymax); };
  // GPU sizes as dashed reference lines; a label only where it does not overlap the one below it (a
  // terabyte-scale plot squeezes every GPU line near the floor).
  float last_label_y = p.y + height + ImGui::GetFontSize();
  for (double gb : memory::GpuSizesGb()) {
    double bytes = gb * memory::kGiB;
    if (bytes > ymax) break;
    float y = Y(bytes);
    for (float x = p.x; x < p.x + width; x += 8)
      dl->AddLine(ImVec2(x, y), ImVec2(std::min(x + 4, p.x + width), y), IM_COL32(120, 120, 120, 160));
    if (last_label_y - y < ImGui::GetFontSize()) continue;
    dl->AddText(ImVec2(p.x + 4, y - ImGui::GetFontSize()), IM_COL32(110, 110, 110, 255),
                (json::FormatNumber(gb) + " GB GPU").c_str());
    last_label_y = y;
  }
  for (size_t i = 0; i + 1 < n; ++i) {
    if (!sw.points[i].ok || !sw.points[i + 1].ok) continue;
    double lo0 = 0, lo1 = 0;
    for (size_t k = 0; k < sw.item_names.size(); ++k) {
      double hi0 = lo0 + sw.points[i].item_bytes[k], hi1 = lo1 + sw.points[i + 1].item_bytes[k];
      dl->AddQuadFilled(ImVec2(X(i), Y(lo0)), ImVec2(X(i), Y(hi0)), ImVec2(X(i + 1), Y(hi1)), ImVec2(X(i + 1), Y(lo1)),
                        ItemColor(sw.item_names[k]));
      lo0 = hi0, lo1 = hi1;
    }
  }
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s %s", json::FormatNumber(sw.points.front().x).c_str(), sw.axis.c_str());
  const float left_w = ImGui::CalcTextSize(buf).x;
  dl->AddText(ImVec2(p.x + 4, p.y + height + 2), IM_COL32(100, 100, 100, 255), buf);
  std::snprintf(buf, sizeof buf, "%s (doubling steps)", json::FormatNumber(sw.points.back().x).c_str());
  // The right-hand label goes under the left one when both do not fit on one line (phones).
  const float right_w = ImGui::CalcTextSize(buf).x;
  const bool stacked = left_w + right_w + 24 > width;
  const float right_y = p.y + height + 2 + (stacked ? ImGui::GetFontSize() + 2 : 0);
  dl->AddText(ImVec2(p.x + width - right_w - 4, right_y), IM_COL32(100, 100, 100, 255), buf);
  if (stacked) ImGui::Dummy(ImVec2(1, ImGui::GetFontSize() + 2));
  dl->AddText(ImVec2(p.x + width - 90, p.y + 4), IM_COL32(100, 100, 100, 255), memory::FormatBytes(ymax, gib).c_str());
  ImGui::Dummy(ImVec2(1, ImGui::GetFontSize() + 4));
  if (hovered) {
    float fx = (ImGui::GetIO().MousePos.x - p.x - pad) / (width - 2 * pad) * static_cast<float>(n - 1);
    size_t i = static_cast<size_t>(std::clamp(std::lround(fx), 0l, static_cast<long>(n - 1)));
    dl->AddLine(ImVec2(X(i), p.y), ImVec2(X(i), p.y + height), IM_COL32(40, 40, 40, 200));
    const memory::SweepPoint& pt = sw.points[i];
    std::string tip =
        sw.axis + " = " + json::FormatNumber(pt.x) + ": total " + memory::FormatBytes(pt.total_bytes, gib);
    for (size_t k = 0; k < sw.item_names.size(); ++k)
      tip += "\n  " + sw.item_names[k] + " " + memory::FormatBytes(pt.item_bytes[k], gib);
    Tooltip(tip);
  }
}

// One evaluation per frame: the model the choice describes and its estimate (or why there is none).
struct Evaluation {
  std::optional<memory::Model> model;
  std::string error;  // why there is no model
  memory::Estimate estimate;
};

Evaluation Evaluate(const MemoryPanelState& st) {
  Evaluation ev;
  ev.model = CurrentModel(st, &ev.error);
  if (ev.model) ev.estimate = memory::EstimateMemory(*ev.model, st.scenario);
  return ev;
}

// The answer: "<model>: <total>", the parameter count, warnings and the stacked bar. Returns false
// when there is nothing more to show (no model, or the engine's error).
bool DrawHeadline(const Evaluation& ev, const MemoryPanelState& st, const AppContext& ctx) {
  if (!ev.model) {
    EmptyState(ctx, "No model yet", ev.error.c_str());
    return false;
  }
  const memory::Estimate& e = ev.estimate;
  if (!e.ok) {
    ErrorText(e.error);
    return false;
  }
  const bool gib = st.scenario.gib;
  const bool wrap = ctx.answer_first;  // Study's live panel may be 360 px wide: wrap instead of overflowing
  if (ctx.fonts.heading) ImGui::PushFont(ctx.fonts.heading);
  if (wrap)
    WrappedText(e.model_label + ": " + memory::FormatBytes(e.total_bytes, gib));
  else
    ImGui::Text("%s: %s", e.model_label.c_str(), memory::FormatBytes(e.total_bytes, gib).c_str());
  if (ctx.fonts.heading) ImGui::PopFont();
  ImGui::Text("%s parameters", FormatGrouped(e.params).c_str());
  Tooltip(e.params_formula);
  char more[64];
  if (st.scenario.mode == memory::Mode::kTrain) {
    std::snprintf(more, sizeof more, "· %s trainable", FormatGrouped(e.trainable_params).c_str());
    SameLineIfFits(ImGui::CalcTextSize(more).x, wrap);
    ImGui::TextDisabled("%s", more);
  }
  if (st.scenario.gpus > 1) {
    std::snprintf(more, sizeof more, "· per GPU of %lld", static_cast<long long>(st.scenario.gpus));
    SameLineIfFits(ImGui::CalcTextSize(more).x, wrap);
    ImGui::TextDisabled("%s", more);
  }
  for (const std::string& w : e.warnings) ErrorText(w);
  DrawStackedBar(e, gib);
  return true;
}

// Everything below the bar: the breakdown, the GPUs it fits on, the sweep and the conventions.
void DrawDetails(const Evaluation& ev, MemoryPanelState& st, const AppContext& ctx) {
  const memory::Estimate& e = ev.estimate;
  const bool gib = st.scenario.gib;
  SectionHeader(ctx, "Breakdown (hover a line for why)");
  DrawBreakdownTable(e, gib, ctx);
  SectionHeader(ctx, "Fits on");
  MutedText("GPUs are sold by their GiB count (an \"80 GB\" card holds 80 GiB), so the percentages divide by GiB.");
  DrawFits(e);
  SectionHeader(ctx, "Memory as the input grows");
  const bool wrap = ctx.answer_first;  // Study's live panel may be 360 px wide
  int axis = st.sweep_batch ? 1 : 0;
  ImGui::RadioButton("vs sequence length", &axis, 0);
  SameLineIfFits(ToggleWidth("vs batch"), wrap);
  ImGui::RadioButton("vs batch", &axis, 1);
  st.sweep_batch = axis == 1;
  SameLineIfFits(ImGui::GetFontSize() * 6 + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize("up to").x,
                 wrap);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  InputInt64("up to", st.sweep_max, st.sweep_batch ? 2 : 256, st.sweep_batch ? memory::kMaxBatch : memory::kMaxSeqLen);
  memory::Sweep sw = memory::SweepMemory(*ev.model, st.scenario, st.sweep_batch, st.sweep_max);
  DrawSweepPlot(sw, gib);
  SectionHeader(ctx, "Conventions");
  for (const std::string& n : e.notes) MutedText(n.c_str());
}

// The section's results column: evaluated after the controls, so a change shows in the same frame.
void DrawResults(MemoryPanelState& st, const AppContext& ctx) {
  const Evaluation ev = Evaluate(st);
  if (DrawHeadline(ev, st, ctx)) DrawDetails(ev, st, ctx);
}

// Study's live panel (ctx.answer_first): the total and the bar first, where the card's question is
// answered, then the controls, then the details. The estimate is taken once, before the controls: a
// change made this frame shows in the next one (the app draws a few frames after any input).
void DrawAnswerFirst(MemoryPanelState& st, AppContext& ctx) {
  const Evaluation ev = Evaluate(st);
  ImGui::BeginGroup();
  const bool ok = DrawHeadline(ev, st, ctx);
  ImGui::EndGroup();
  if (ok) RecordAnswerRect(ctx);
  ImGui::Spacing();
  auto rest = [&] {
    DrawModelControls(st, ctx);
    DrawScenarioControls(st, ctx);
    if (ok) DrawDetails(ev, st, ctx);
  };
  if (ctx.single_scroll) {  // stacked under the card: Study's window is the one scroll region
    rest();
    return;
  }
  ImGui::BeginChild("##memory_stacked", ImVec2(0, 0), false);
  rest();
  ImGui::EndChild();
}

}  // namespace

void DrawMemoryPanel(MemoryPanelState& state, AppContext& ctx) {
  if (ctx.answer_first) {
    DrawAnswerFirst(state, ctx);
    return;
  }
  PanelTitle(ctx, "Memory",
             "Will this model fit? Weights, KV cache, activations, gradients and optimizer states, counted.");
  const float avail = ImGui::GetContentRegionAvail().x;
  const float controls_w = std::clamp(avail * 0.34f, ImGui::GetFontSize() * 24.5f, ImGui::GetFontSize() * 28.0f);
  if (avail < controls_w + ImGui::GetFontSize() * 24.0f) {
    // Narrow (Study's split view, a small iframe): controls above results in one scrolling column,
    // so no label or formula gets cut.
    ImGui::BeginChild("##memory_stacked", ImVec2(0, 0), false);
    DrawModelControls(state, ctx);
    DrawScenarioControls(state, ctx);
    ImGui::Spacing();
    DrawResults(state, ctx);
    ImGui::EndChild();
    return;
  }
  if (!ImGui::BeginTable("##memory_layout", 2, ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp,
                         ImGui::GetContentRegionAvail()))
    return;
  ImGui::TableSetupColumn("controls", ImGuiTableColumnFlags_WidthFixed, controls_w);
  ImGui::TableSetupColumn("results", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::BeginChild("##memory_controls", ImVec2(0, 0), false);
  DrawModelControls(state, ctx);
  DrawScenarioControls(state, ctx);
  ImGui::EndChild();
  ImGui::TableNextColumn();
  ImGui::BeginChild("##memory_results", ImVec2(0, 0), false);
  DrawResults(state, ctx);
  ImGui::EndChild();
  ImGui::EndTable();
}

// =============================================================================================
// [SECTION] LiveLink

namespace {
links::Memory LinkState(const MemoryPanelState& state) {
  links::Memory m;
  m.source = state.source == MemorySource::kPreset   ? links::MemorySource::kPreset
             : state.source == MemorySource::kParams ? links::MemorySource::kParams
                                                     : links::MemorySource::kConfig;
  m.preset = state.preset;
  m.params = state.params_text;
  m.scenario = state.scenario;
  m.sweep_batch = state.sweep_batch;
  return m;
}
}  // namespace

std::vector<std::string> ApplyMemoryLink(MemoryPanelState& state, const LiveLink& link) {
  links::Applied<links::Memory> a = links::ApplyMemory(link, LinkState(state));
  if (a.config.source != links::MemorySource::kConfig)
    state.source = a.config.source == links::MemorySource::kPreset ? MemorySource::kPreset : MemorySource::kParams;
  state.preset = a.config.preset;
  state.params_text = a.config.params;
  state.scenario = a.config.scenario;
  state.sweep_batch = a.config.sweep_batch;
  return a.errors;
}

LiveLink MakeMemoryLink(const MemoryPanelState& state) { return links::MakeMemory(LinkState(state)); }

std::optional<memory::Model> MemoryPanelModel(const MemoryPanelState& state, std::string* error) {
  return CurrentModel(state, error);
}

}  // namespace bw::app
