// Panel "Formats": a value in every format, a bit editor, and a range/precision picture.
//
// [SECTION] cache  [SECTION] bits  [SECTION] table  [SECTION] bit editor  [SECTION] range picture
// [SECTION] panel  [SECTION] LiveLink
#include "app/panel_formats.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "app/mirror.h"
#include "app/widgets.h"
#include "core/links/links.h"
#include "core/util/text.h"

namespace bw::app {
namespace {

namespace fmt = bw::formats;

// =============================================================================================
// [SECTION] cache

fmt::RoundOptions Options(const FormatsPanelState& s) {
  fmt::RoundOptions o;
  o.rounding = fmt::ParseRounding(s.rounding).value_or(fmt::Rounding::kNearestEven);
  o.overflow = s.saturate ? fmt::Overflow::kSaturate : fmt::Overflow::kStandard;
  o.seed = s.seed;
  return o;
}

const fmt::FormatSpec* Spec(const std::string& name) { return fmt::FindFormat(name); }

void Recompute(FormatsPanelState& s) {
  char seed[32];
  std::snprintf(seed, sizeof seed, "%llu", static_cast<unsigned long long>(s.seed));
  std::string key = s.value + '\x1f' + s.format + '\x1f' + s.rounding + '\x1f' + seed + (s.saturate ? "S" : "s") +
                    (s.via_fp32 ? "V" : "v") + (s.editor_from_value ? "E" : "e") + std::to_string(s.editor_bits);
  if (key == s.computed_key) return;
  s.computed_key = key;
  s.parsed = fmt::ParseNumber(s.value);
  s.error = s.parsed.ok ? "" : s.parsed.error;
  s.rows.clear();
  s.row_formats.clear();
  fmt::ConvertOptions opt;
  opt.round = Options(s);
  opt.via_fp32 = s.via_fp32;
  const fmt::FormatSpec* chosen = Spec(s.format);
  s.format_error = chosen ? "" : fmt::ParseFormat(s.format).error;
  if (s.parsed.ok) {
    for (const fmt::FormatSpec& f : fmt::AllFormats()) {
      s.rows.push_back(fmt::Convert(s.parsed, f, opt));
      s.row_formats.push_back(f.name);
    }
    if (chosen && chosen->custom) {
      s.rows.push_back(fmt::Convert(s.parsed, *chosen, opt));
      s.row_formats.push_back(chosen->name);
    }
  }
  if (chosen) {
    if (s.editor_from_value && s.parsed.ok) s.editor_bits = fmt::Convert(s.parsed, *chosen, opt).bits;
    s.editor = fmt::Inspect(s.editor_bits, *chosen);
  }
}

void RecomputeRange(FormatsPanelState& s) {
  std::string key = s.format + '\x1f' + s.compare;
  if (key == s.range_key) return;
  s.range_key = key;
  const fmt::FormatSpec* a = Spec(s.format);
  const fmt::FormatSpec* b = Spec(s.compare);
  s.range_a = a ? fmt::Range(*a) : fmt::RangeProfile{};
  s.range_b = b ? fmt::Range(*b) : fmt::RangeProfile{};
}

// =============================================================================================
// [SECTION] bits

enum class Field { kSign, kExponent, kMantissa };

// Field of bit `pos` (0 = least significant of the format's `bits`).
Field FieldOf(const fmt::FormatSpec& f, int pos) {
  if (f.kind == fmt::Kind::kE8M0) return Field::kExponent;
  if (f.kind == fmt::Kind::kInt) return (f.is_signed && pos == f.bits - 1) ? Field::kSign : Field::kMantissa;
  if (pos == f.bits - 1) return Field::kSign;
  return pos >= f.mantissa_bits ? Field::kExponent : Field::kMantissa;
}

ImVec4 FieldColor(Field fl) {
  unsigned c = fl == Field::kSign ? colors::kSign : fl == Field::kExponent ? colors::kExponent : colors::kMantissa;
  return ImGui::ColorConvertU32ToFloat4(c);
}

// The stored bits as coloured 0/1 characters, a thin space between fields.
// Draws the code's bits coloured by field. wrap_at > 0 starts a new line after that many bits
// (FP64's 64 bits as two rows of 32 keep the table inside a 900-px iframe).
void DrawColouredBits(const fmt::FormatSpec& f, uint64_t bits, int wrap_at = 0) {
  uint64_t code = fmt::BitsToCode(bits, f);
  ImGui::BeginGroup();
  for (int pos = f.bits - 1; pos >= 0; --pos) {
    Field fl = FieldOf(f, pos);
    char ch[2] = {((code >> pos) & 1) ? '1' : '0', 0};
    ImGui::TextColored(FieldColor(fl), "%s", ch);
    if (pos > 0 && wrap_at > 0 && (f.bits - pos) % wrap_at == 0) continue;  // next bit on a new line
    if (pos > 0) {
      ImGui::SameLine(0, 0);
      if (FieldOf(f, pos - 1) != fl) {
        ImGui::TextUnformatted(" ");
        ImGui::SameLine(0, 0);
      }
    }
  }
  ImGui::EndGroup();
}

std::string Fmt(const char* format, double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string Shorten(const std::string& s, size_t n) { return s.size() <= n ? s : s.substr(0, n) + "…"; }

// =============================================================================================
// [SECTION] table

void DrawTable(FormatsPanelState& s, AppContext& ctx) {
  // single_scroll: the caller's window is the one scroll region, so the table takes its full height.
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit |
                                (ctx.single_scroll ? 0 : ImGuiTableFlags_ScrollY);
  // Budget for the exact-value column: what is left of the width after the other columns.
  float char_w = ImGui::CalcTextSize("0").x;
  float avail_w = ImGui::GetContentRegionAvail().x;
  // Study's live panel narrower than the table (a phone): format, exact value and error only; the bit
  // editor below shows the bits.
  const bool compact = ctx.answer_first && avail_w < ImGui::GetFontSize() * 38;
  size_t exact_chars = 0;
  if (compact) {
    // Measured, so the error column is never cut (320 px): the format names, the error column's widest
    // text, each cell's padding and the borders; the exact value (mono digits) gets the rest.
    float fmt_w = ImGui::CalcTextSize("Format").x;
    for (const std::string& name : s.row_formats) fmt_w = std::max(fmt_w, ImGui::CalcTextSize(name.c_str()).x);
    const float rel_w = std::max(ImGui::CalcTextSize("Rel. error").x, ImGui::CalcTextSize("-0.000000").x);
    const float pad = ImGui::GetStyle().CellPadding.x * 2 * 3 + 4;
    if (ctx.fonts.mono) ImGui::PushFont(ctx.fonts.mono);
    const float digit_w = ImGui::CalcTextSize("0").x;
    if (ctx.fonts.mono) ImGui::PopFont();
    exact_chars = static_cast<size_t>(std::clamp((avail_w - fmt_w - rel_w - pad) / digit_w, 6.0f, 42.0f));
  } else {
    exact_chars = static_cast<size_t>(std::clamp((avail_w - 40 * char_w - 300) / char_w, 12.0f, 42.0f));
  }
  const ImGuiTableColumnFlags wide_only = compact ? ImGuiTableColumnFlags_Disabled : 0;
  float height = std::min(ImGui::GetTextLineHeightWithSpacing() * (static_cast<float>(s.rows.size()) + 2.6f),
                          std::max(160.0f, ImGui::GetContentRegionAvail().y * 0.45f));
  if (!ImGui::BeginTable("formats_table", 5, flags, ImVec2(0, ctx.single_scroll ? 0.0f : height))) return;
  ImGui::TableSetupScrollFreeze(1, 1);
  ImGui::TableSetupColumn("Format");
  ImGui::TableSetupColumn("Stored bits (sign · exponent · mantissa)", wide_only);
  ImGui::TableSetupColumn(compact ? "Exact value" : "Exact stored value");
  ImGui::TableSetupColumn("Rel. error");
  ImGui::TableSetupColumn("Flags", wide_only);
  ImGui::TableHeadersRow();
  for (size_t i = 0; i < s.rows.size(); ++i) {
    const fmt::Conversion& c = s.rows[i];
    const fmt::FormatSpec* f = Spec(s.row_formats[i]);
    if (!f) continue;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    bool selected = s.format == f->name;
    if (ImGui::Selectable(f->name.c_str(), selected, ImGuiSelectableFlags_None)) {
      s.format = f->name;
      s.editor_from_value = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\nClick to open it in the bit editor.", f->description.c_str());
    ImGui::TableNextColumn();
    if (ctx.fonts.mono) ImGui::PushFont(ctx.fonts.mono);
    DrawColouredBits(*f, c.bits, 32);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(Shorten(c.exact, exact_chars).c_str());
    if (ctx.fonts.mono) ImGui::PopFont();
    if (c.exact.size() > exact_chars && ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(TooltipWrapWidth(40));
      ImGui::TextUnformatted(c.exact.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    ImGui::TableNextColumn();
    if (std::isnan(c.rel_error))
      ImGui::TextDisabled("—");
    else
      ImGui::Text("%.3g", c.rel_error);
    ImGui::TableNextColumn();
    std::vector<std::string> names = fmt::FlagNames(c.flags);
    if (c.paths_differ && !s.via_fp32 && f->name != "fp64" && f->name != "fp32") names.push_back("via fp32 differs");
    if (!names.empty()) ImGui::TextUnformatted(Join(names).c_str());
  }
  ImGui::EndTable();
}

// =============================================================================================
// [SECTION] bit editor

void DrawNeighbor(const char* label, const fmt::Neighbor& n, bool wrap) {
  if (n.exists)
    TextLine((std::string(label) + " " + Shorten(n.exact, 40)).c_str(), wrap);
  else
    ImGui::TextDisabled("%s none", label);
}

void DrawBitEditor(FormatsPanelState& s, AppContext& ctx) {
  const fmt::FormatSpec* f = Spec(s.format);
  if (!f) {
    ErrorText(s.format_error);
    return;
  }
  const fmt::Conversion& e = s.editor;
  const bool wrap = ctx.answer_first;  // Study's live panel may be as narrow as a phone
  TextLine((f->name + " — " + f->description).c_str(), wrap);
  // One button per bit, coloured by field, each wide enough for its digit: up to 32 per line, fewer
  // (in rows of equal length) when the window is narrow, so FP64 and a 320 px phone both fit.
  if (ctx.fonts.mono) ImGui::PushFont(ctx.fonts.mono);
  const float min_w = ImGui::CalcTextSize("0").x + 4;
  const float avail = ImGui::GetContentRegionAvail().x - 8;
  const int fit = std::max(1, static_cast<int>((avail + 2) / (min_w + 2)));
  const int most = std::min({f->bits, 32, fit});
  const int rows = (f->bits + most - 1) / most;
  const int per_line = (f->bits + rows - 1) / rows;
  const float w = std::max(min_w, std::min(22.0f, avail / static_cast<float>(per_line) - 2));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(1, ImGui::GetStyle().FramePadding.y));
  uint64_t code = fmt::BitsToCode(s.editor_bits, *f);
  for (int pos = f->bits - 1; pos >= 0; --pos) {
    int index = f->bits - 1 - pos;
    if (index % per_line != 0) ImGui::SameLine(0, 2);
    ImGui::PushID(pos);
    ImVec4 col = FieldColor(FieldOf(*f, pos));
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(col.x, col.y, col.z, 0.35f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(col.x, col.y, col.z, 0.6f));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(col.x, col.y, col.z, 0.85f));
    if (ImGui::Button(((code >> pos) & 1) ? "1" : "0", ImVec2(w, 0))) {
      s.editor_from_value = false;
      s.editor_bits = fmt::CodeToBits(code ^ (uint64_t{1} << pos), *f);
    }
    ImGui::PopStyleColor(3);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("bit %d (%s): click to flip", pos,
                        FieldOf(*f, pos) == Field::kSign       ? "sign"
                        : FieldOf(*f, pos) == Field::kExponent ? "exponent"
                                                               : "mantissa");
    ImGui::PopID();
  }
  ImGui::PopStyleVar();
  TextLine((e.bits_hex + " = " + Shorten(e.exact, 60)).c_str(), wrap);
  if (ctx.fonts.mono) ImGui::PopFont();
  if (f->kind == fmt::Kind::kFloat) {
    char fields[160];
    std::snprintf(fields, sizeof fields, "sign %llu · exponent field %llu (2^%d%s) · mantissa field %llu",
                  static_cast<unsigned long long>(e.fields.sign), static_cast<unsigned long long>(e.fields.exponent),
                  e.fields.unbiased_exponent, e.fields.subnormal ? ", subnormal" : "",
                  static_cast<unsigned long long>(e.fields.mantissa));
    TextLine(fields, wrap, true);
    HelpMarker(
        "value = (−1)^sign · 2^(exponent − bias) · (1 + mantissa / 2^M); with exponent field 0 it is a subnormal: "
        "2^(1 − bias) · (mantissa / 2^M). The all-ones exponent may mean Inf/NaN depending on the format.");
  } else if (f->kind == fmt::Kind::kE8M0) {
    ImGui::Text("exponent field %llu → 2^%d", static_cast<unsigned long long>(e.fields.exponent),
                e.fields.unbiased_exponent);
  }
  DrawNeighbor("next up:  ", e.next_up, wrap);
  DrawNeighbor("next down:", e.next_down, wrap);
  if (!std::isnan(e.ulp)) {
    TextLine(("gap to the next value (ULP): " + Fmt("%.6g", e.ulp)).c_str(), wrap, true);
    HelpMarker("Unit in the last place: how far apart neighbouring values are at this magnitude.");
  }
  if (!fmt::FlagNames(e.flags).empty()) ImGui::TextDisabled("%s", Join(fmt::FlagNames(e.flags)).c_str());
  if (!s.editor_from_value) {
    if (ImGui::Button("Use this value as input") && e.exact != "nan") {
      s.value = e.exact;
      s.editor_from_value = true;
    }
    ImGui::SameLine();
    if (ImGui::Button("Back to the input's bits")) s.editor_from_value = true;
  }
}

// =============================================================================================
// [SECTION] range picture

// Log2 axis over both formats; one band per format (subnormals lighter), ticks at every value where a
// binade is wide enough to show them, and below, each format's relative gap (precision) per binade.
void DrawRangePicture(FormatsPanelState& s, AppContext& ctx) {
  const fmt::RangeProfile* profiles[2] = {&s.range_a, &s.range_b};
  if (s.range_a.binades.empty() || s.range_b.binades.empty()) {
    MutedText("Choose two formats to compare.");
    return;
  }
  double lo = std::floor(std::log2(std::min(s.range_a.min_positive, s.range_b.min_positive)));
  double hi = std::ceil(std::log2(std::max(s.range_a.max, s.range_b.max)));
  if (hi - lo < 4) hi = lo + 4;
  const ImU32 band_col[2] = {colors::kAccent, colors::kExponent};
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float width = std::max(200.0f, ImGui::GetContentRegionAvail().x - 4);
  const float band_h = 18, gap_h = 110, axis_h = 18, label_w = 70;
  ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float x0 = p0.x + label_w, x1 = p0.x + width;
  auto X = [&](double log2v) { return static_cast<float>(x0 + (log2v - lo) / (hi - lo) * (x1 - x0)); };
  ImGui::InvisibleButton("range_canvas", ImVec2(width, 2 * (band_h + 4) + gap_h + axis_h + 8));
  const bool hovered = ImGui::IsItemHovered();
  const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text), muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  // Bands.
  for (int k = 0; k < 2; ++k) {
    const fmt::RangeProfile& r = *profiles[k];
    float y = p0.y + k * (band_h + 4);
    dl->AddText(ImVec2(p0.x, y + 2), text_col, r.name.c_str());
    for (const fmt::Binade& b : r.binades) {
      float a = X(std::log2(b.start)), z = X(std::log2(b.end) + (b.subnormal ? 0 : std::log2(1 + b.gap / b.end)));
      ImU32 c = band_col[k];
      if (b.subnormal) c = (c & 0x00FFFFFF) | 0x60000000;
      dl->AddRectFilled(ImVec2(a, y), ImVec2(std::max(z, a + 1), y + band_h), c);
      // Individual values when there are few per binade and room to show them.
      if (!b.subnormal && b.values <= 16 && (z - a) > 3.0f * static_cast<float>(b.values)) {
        for (uint64_t i = 0; i < b.values; ++i) {
          float t = X(std::log2(b.start + static_cast<double>(i) * b.gap));
          dl->AddLine(ImVec2(t, y), ImVec2(t, y + band_h), IM_COL32(255, 255, 255, 200));
        }
      }
    }
  }
  // Relative gap per binade: log2 scale from 2^0 (top) down to the finest of both formats.
  float gy0 = p0.y + 2 * (band_h + 4) + 4, gy1 = gy0 + gap_h;
  double finest = 0;
  for (const fmt::RangeProfile* r : profiles)
    for (const fmt::Binade& b : r->binades) finest = std::min(finest, std::log2(b.gap / b.end));
  finest = std::floor(finest) - 1;
  auto Y = [&](double log2rel) { return static_cast<float>(gy0 + (log2rel / finest) * (gy1 - gy0)); };
  dl->AddRect(ImVec2(x0, gy0), ImVec2(x1, gy1), muted);
  char buf[64];
  std::snprintf(buf, sizeof buf, "gap 2^%d", static_cast<int>(finest));
  dl->AddText(ImVec2(p0.x, gy1 - 14), muted, buf);
  dl->AddText(ImVec2(p0.x, gy0), muted, "gap 1×");
  for (int k = 0; k < 2; ++k) {
    for (const fmt::Binade& b : profiles[k]->binades) {
      // Within a binade the gap is fixed, so gap/value falls from gap/start to gap/end.
      ImVec2 a(X(std::log2(b.start)), Y(std::log2(b.gap / b.start)));
      ImVec2 z(X(std::log2(b.end)), Y(std::log2(b.gap / b.end)));
      dl->AddLine(a, z, band_col[k], 2.0f);
    }
  }
  // Powers-of-ten axis.
  float ay = gy1 + 3;
  int d_lo = static_cast<int>(std::ceil(lo * std::log10(2.0))),
      d_hi = static_cast<int>(std::floor(hi * std::log10(2.0)));
  int step = 1;
  while ((d_hi - d_lo) / step > static_cast<int>((x1 - x0) / 46)) step *= 2;
  for (int d = d_lo - (d_lo % step); d <= d_hi; d += step) {
    if (d < d_lo) continue;
    float x = X(d / std::log10(2.0));
    dl->AddLine(ImVec2(x, gy1), ImVec2(x, gy1 + 3), muted);
    std::snprintf(buf, sizeof buf, "1e%d", d);
    dl->AddText(ImVec2(x - 10, ay), muted, buf);
  }
  // The input value.
  if (s.parsed.ok && std::isfinite(s.parsed.approx) && s.parsed.approx != 0) {
    float x = X(std::log2(std::fabs(s.parsed.approx)));
    if (x >= x0 && x <= x1) dl->AddLine(ImVec2(x, p0.y), ImVec2(x, gy1), IM_COL32(200, 40, 40, 255), 1.5f);
  }
  if (hovered) {
    double lv = lo + (ImGui::GetIO().MousePos.x - x0) / (x1 - x0) * (hi - lo);
    ImGui::BeginTooltip();
    ImGui::Text("around %.3g (2^%.1f)", std::exp2(lv), lv);
    for (const fmt::RangeProfile* r : profiles) {
      const fmt::Binade* hit = nullptr;
      for (const fmt::Binade& b : r->binades)
        if (std::log2(b.start) <= lv) hit = &b;
      if (!hit || lv > std::log2(r->max) + 1e-9)
        ImGui::Text("%s: out of range", r->name.c_str());
      else
        ImGui::Text("%s: neighbours %.3g apart (%llu values from %.3g to %.3g)", r->name.c_str(), hit->gap,
                    static_cast<unsigned long long>(hit->values), hit->start, hit->end);
    }
    ImGui::EndTooltip();
  }
  (void)ctx;
}

bool FormatCombo(const char* label, std::string& name) {
  bool changed = false;
  if (ImGui::BeginCombo(label, name.c_str())) {
    for (const fmt::FormatSpec& f : fmt::AllFormats()) {
      if (ImGui::Selectable(f.name.c_str(), f.name == name)) {
        name = f.name;
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  return changed;
}

// The value field and how it is rounded. wrap: start a new line where a row would not fit (Study's
// live panel, as narrow as a phone); otherwise the rows as the section lays them out.
void DrawInputControls(FormatsPanelState& state, bool wrap) {
  ImGui::SetNextItemWidth(std::min(260.0f, ImGui::GetContentRegionAvail().x * 0.35f));
  if (ImGui::InputText("Value", state.input.data(), state.input.size())) state.value = state.input.data();
  NoteTextField("formats-value");  // touch devices put a real <input> here (web/a11y.js)
  HelpMarker("Any decimal number. It is rounded exactly from the digits you type (no hidden trip through a double).");
  SameLineIfFits(ImGui::CalcTextSize("Try:").x, wrap);
  ImGui::TextDisabled("Try:");
  for (const char* example : {"0.0123456789", "1234.56789", "0.1", "65519", "464"}) {
    SameLineIfFits(ImGui::CalcTextSize(example).x + ImGui::GetStyle().FramePadding.x * 2, wrap);
    if (ImGui::SmallButton(example)) {
      state.value = example;
      state.editor_from_value = true;
    }
  }
  ImGui::TextUnformatted("Rounding:");
  const char* modes[3][2] = {{"rne", "nearest, ties to even"}, {"rtz", "toward zero"}, {"stochastic", "stochastic"}};
  for (auto& m : modes) {
    SameLineIfFits(ToggleWidth(m[1]) + (&m == &modes[2] ? HelpMarkerWidth() : 0.0f), wrap);  // the last has a (?)
    if (ImGui::RadioButton(m[1], state.rounding == m[0])) state.rounding = m[0];
  }
  HelpMarker(
      "Nearest-even is what hardware does by default. Toward zero truncates. Stochastic rounds up with "
      "probability equal to how far the value lies toward the next one (seeded, reproducible).");
  if (state.rounding == "stochastic") {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90);
    ImGui::InputScalar("seed", ImGuiDataType_U64, &state.seed);
    NoteTextField("formats-seed");
  }
  ImGui::Checkbox("Saturate on overflow", &state.saturate);
  HelpMarker(
      "Default: each format's own standard. IEEE formats overflow to ±Inf; OCP FP8 E4M3 has no Inf and gives NaN; "
      "MX FP6/FP4 and integers have neither and saturate to ±max. Saturating clamps every format to its largest "
      "value.");
  SameLineIfFits(ToggleWidth("Via FP32") + HelpMarkerWidth(), wrap);
  ImGui::Checkbox("Via FP32", &state.via_fp32);
  HelpMarker(
      "Round to FP32 first, then to the target, as a program reading a float would. When the two trips "
      "disagree, that is double rounding: the flag 'via fp32 differs' marks it.");
}

// The answer a card asks about: what the chosen format stores for the value (exact decimal, bits,
// error, flags), and what the format it is compared with stores. False when there is nothing to show.
bool DrawStoredValue(const FormatsPanelState& s, AppContext& ctx) {
  if (!s.error.empty()) {
    ErrorText(s.error);
    return false;
  }
  auto row = [&s](const std::string& name) -> const fmt::Conversion* {
    for (size_t i = 0; i < s.rows.size(); ++i)
      if (s.row_formats[i] == name) return &s.rows[i];
    return nullptr;
  };
  const fmt::Conversion* c = row(s.format);
  const fmt::FormatSpec* f = Spec(s.format);
  if (!c || !f) {
    ErrorText(s.format_error.empty() ? "Choose a format." : s.format_error);
    return false;
  }
  const std::string error = std::isnan(c->rel_error) ? "" : "rel. error " + Fmt("%.3g", c->rel_error);
  const std::string flags = Join(fmt::FlagNames(c->flags));
  WrappedText(s.value + " stored in " + f->name + ":");
  if (ctx.fonts.heading) ImGui::PushFont(ctx.fonts.heading);
  // At most two lines of digits (1e-40 in BF16 has 130): the table below has them all.
  const float digits_per_line = ImGui::GetContentRegionAvail().x / ImGui::CalcTextSize("0").x;
  WrappedText(Shorten(c->exact, std::clamp(static_cast<size_t>(2 * digits_per_line) - 1, size_t{12}, size_t{60})));
  if (ctx.fonts.heading) ImGui::PopFont();
  if (ctx.fonts.mono) ImGui::PushFont(ctx.fonts.mono);
  DrawColouredBits(*f, c->bits, 32);
  SameLineIfFits(ImGui::CalcTextSize(c->bits_hex.c_str()).x);
  ImGui::TextDisabled("%s", c->bits_hex.c_str());
  if (ctx.fonts.mono) ImGui::PopFont();
  if (!error.empty() || !flags.empty())
    MutedText((error + (error.empty() || flags.empty() ? "" : " · ") + flags).c_str());
  const fmt::Conversion* other = s.compare != s.format ? row(s.compare) : nullptr;
  if (other)
    WrappedText(s.compare + " stores " + Shorten(other->exact, 40) +
                (std::isnan(other->rel_error) ? "" : " (rel. error " + Fmt("%.3g", other->rel_error) + ")"));
  return true;
}

}  // namespace

// =============================================================================================
// [SECTION] panel

void DrawFormatsPanel(FormatsPanelState& state, AppContext& ctx) {
  const bool answer_first = ctx.answer_first;  // Study's live panel: the stored value, then the controls
  if (!answer_first)
    PanelTitle(ctx, "Formats", "See what storing a number in FP32, BF16, FP16, FP8 or INT8 really does to it.");
  if (std::strncmp(state.input.data(), state.value.c_str(), state.input.size()) != 0) {
    std::snprintf(state.input.data(), state.input.size(), "%s", state.value.c_str());
  }
  if (answer_first) {
    Recompute(state);
    ImGui::BeginGroup();
    const bool shown = DrawStoredValue(state, ctx);
    ImGui::EndGroup();
    if (shown) RecordAnswerRect(ctx);
    ImGui::Spacing();
  }
  // Beside the card the stored value stays in view and the rest scrolls under it; stacked under the card
  // (single_scroll) all of it flows in Study's window.
  const bool rest_child = answer_first && !ctx.single_scroll;
  if (rest_child) ImGui::BeginChild("##formats_rest", ImVec2(0, 0), false);
  DrawInputControls(state, answer_first);

  Recompute(state);
  if (!state.error.empty() && !answer_first) ErrorText(state.error);  // answer_first: the headline said it

  SectionHeader(ctx, "The value in every format");
  if (state.rows.empty()) {
    MutedText("Type a number above (or click an example) to see it in every format.");
  } else {
    DrawTable(state, ctx);
  }

  SectionHeader(ctx, "Bit editor");
  ImGui::SetNextItemWidth(150);
  if (FormatCombo("Format##editor", state.format)) state.editor_from_value = true;
  HelpMarker(
      "Click any bit to flip it; value, fields and neighbours update. Custom minifloats: type e.g. "
      "e3m4, e4m3b7_fn or e2m1_fin in the box next to it.");
  SameLineIfFits(140, answer_first);
  ImGui::SetNextItemWidth(140);
  if (ImGui::InputTextWithHint("##custom", "custom e.g. e3m4", state.custom_input.data(), state.custom_input.size(),
                               ImGuiInputTextFlags_EnterReturnsTrue)) {
    state.format = state.custom_input.data();
    state.editor_from_value = true;
  }
  Recompute(state);
  DrawBitEditor(state, ctx);

  SectionHeader(ctx, "Range and precision");
  ImGui::SetNextItemWidth(150);
  FormatCombo("##range_a", state.format);
  ImGui::SameLine();
  ImGui::TextUnformatted("vs");
  SameLineIfFits(150, answer_first);
  ImGui::SetNextItemWidth(150);
  FormatCombo("##range_b", state.compare);
  HelpMarker(
      "Top: where each format's positive values lie on a log scale (lighter: subnormals; white ticks: every value, "
      "where few). Bottom: the gap between neighbours relative to the value — lower is more precise. BF16 spans "
      "FP32's range with a coarse gap; FP16 is finer but ends at 65504. The red line is your value.");
  RecomputeRange(state);
  DrawRangePicture(state, ctx);
  if (rest_child) ImGui::EndChild();
}

// =============================================================================================
// [SECTION] LiveLink

namespace {
links::Formats LinkState(const FormatsPanelState& s) {
  return links::Formats{
      s.value, s.format, s.compare, s.rounding, s.seed, s.saturate, s.via_fp32, !s.editor_from_value, s.editor_bits};
}
}  // namespace

std::vector<std::string> ApplyFormatsLink(FormatsPanelState& state, const LiveLink& link) {
  links::Applied<links::Formats> a = links::ApplyFormats(link, LinkState(state));
  const links::Formats& c = a.config;
  if (const std::string* v = link.Get("value"); v && *v == c.value) state.editor_from_value = true;
  state.value = c.value;
  state.format = c.format;
  state.compare = c.compare;
  state.rounding = c.rounding;
  state.seed = c.seed;
  state.saturate = c.saturate;
  state.via_fp32 = c.via_fp32;
  if (c.has_bits && link.Get("bits")) {
    state.editor_bits = c.bits;
    state.editor_from_value = false;
  }
  state.computed_key.clear();
  return a.errors;
}

LiveLink MakeFormatsLink(const FormatsPanelState& state) { return links::MakeFormats(LinkState(state)); }

}  // namespace bw::app
