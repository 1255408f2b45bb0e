// The parallel DOM's description of each section, and the DOM's actions (see mirror.h).
//
// [SECTION] helpers (node builders, card text)
// [SECTION] study
// [SECTION] formats, quantize, train, memory, decks
// [SECTION] document
// [SECTION] actions
#include "app/mirror.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <utility>

#include "app/app.h"
#include "app/panel_decks.h"
#include "core/cards/card_text.h"
#include "core/cards/study.h"
#include "core/links/links.h"
#include "core/memory/architecture.h"
#include "core/memory/estimate.h"
#include "core/quant/quant.h"
#include "core/util/count.h"
#include "core/util/text.h"

namespace bw::app {

// ---------------------------------------------------------------------------------------------
// [SECTION] helpers

namespace {

using json::Array;
using json::Object;
using json::Value;

std::string g_announcement;

struct FieldRect {
  float x = 0, y = 0, w = 0, h = 0;
  int frame = -1;
};
std::map<std::string, FieldRect> g_fields;

Value Node(const char* t, const std::string& text) { return Object{{"t", t}, {"text", text}}; }
Value Para(const std::string& text) { return Node("p", text); }

Value Button(const std::string& id, const std::string& text, Value act, bool disabled = false, const char* keys = "") {
  Object o{{"t", "button"}, {"id", id}, {"text", text}, {"act", std::move(act)}};
  if (disabled) o.Set("disabled", true);
  if (*keys) o.Set("keys", keys);
  return o;
}

Value Group(const char* t, const std::string& label, Array kids) {
  return Object{{"t", t}, {"label", label}, {"kids", std::move(kids)}};
}

Value Table(const std::string& caption, Array head, Array rows) {
  return Object{{"t", "table"}, {"caption", caption}, {"head", std::move(head)}, {"rows", std::move(rows)}};
}

// A select that sets one LiveLink key of a panel: {type: "set", panel, key, value}.
Value Select(const std::string& panel, const std::string& key, const std::string& label, const std::string& value,
             const std::vector<std::pair<std::string, std::string>>& options) {
  Array opts;
  for (const auto& [v, l] : options) opts.push_back(Array{v, l});
  return Object{
      {"t", "select"},  {"id", panel + "-" + key},    {"label", label},
      {"value", value}, {"options", std::move(opts)}, {"act", Object{{"type", "set"}, {"panel", panel}, {"key", key}}}};
}

// A select over an enum key's values as core/links' table lists them (never a copy here); `labels`
// gives some values friendlier text ("stochastic" is fine as it is, "gauss" reads "two gaussians").
Value SelectKey(const std::string& panel, const std::string& key, const std::string& label, const std::string& value,
                const std::vector<std::pair<std::string, std::string>>& labels = {}) {
  std::vector<std::pair<std::string, std::string>> options;
  for (const std::string& name : links::EnumNames(panel, key)) {
    std::string text = name;
    for (const auto& [v, l] : labels)
      if (v == name) text = l;
    options.emplace_back(name, text);
  }
  return Select(panel, key, label, value, options);
}

Value SelectNames(const std::string& panel, const std::string& key, const std::string& label, const std::string& value,
                  const std::vector<std::string>& names) {
  std::vector<std::pair<std::string, std::string>> options;
  options.reserve(names.size());
  for (const auto& n : names) options.emplace_back(n, n);
  return Select(panel, key, label, value, options);
}

// A text field that sets one LiveLink key when its text changes (Formats value, Memory numbers).
Value SetField(const std::string& panel, const std::string& key, const std::string& label, const std::string& value,
               const char* inputmode = "text") {
  return Object{{"t", "input"},
                {"id", panel + "-" + key},
                {"label", label},
                {"value", value},
                {"submit", "change"},
                {"inputmode", inputmode},
                {"act", Object{{"type", "set"}, {"panel", panel}, {"key", key}}}};
}

std::string Num(double v, const char* fmt = "%.4g") {
  if (!std::isfinite(v)) return std::isnan(v) ? "—" : (v > 0 ? "infinite" : "minus infinite");
  char buf[48];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string Upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// Card Markdown → nodes: paragraphs, headings one level below `level`, lists, code as <pre>.
void AppendCardText(Array& out, const std::string& markdown, int level) {
  Array items;
  auto flush = [&] {
    if (!items.empty()) out.push_back(Object{{"t", "ul"}, {"items", std::move(items)}});
    items = Array{};
  };
  const std::string heading = "h" + std::to_string(std::min(level + 1, 6));
  for (const cards::TextBlock& b : cards::LayoutCardText(markdown)) {
    if (b.kind == cards::TextBlockKind::kListItem) {
      items.push_back(b.text);
      continue;
    }
    flush();
    switch (b.kind) {
      case cards::TextBlockKind::kHeading: out.push_back(Node(heading.c_str(), b.text)); break;
      case cards::TextBlockKind::kCode:
      case cards::TextBlockKind::kTable: out.push_back(Node("pre", b.text)); break;
      default: out.push_back(Para(b.text)); break;
    }
  }
  flush();
}

}  // namespace

void Announce(const std::string& text) { g_announcement = text; }

std::string TakeAnnouncement() {
  std::string s;
  s.swap(g_announcement);
  return s;
}

void NoteTextField(const char* id) {
  // The text frame alone: the item's full rectangle also holds its label, which an overlay would hide
  // (ImGui's InputText registers its frame as the item's navigation rectangle).
  const ImRect frame = ImGui::GetCurrentContext()->LastItemData.NavRect;
  g_fields[id] = FieldRect{frame.Min.x, frame.Min.y, frame.GetWidth(), frame.GetHeight(), ImGui::GetFrameCount()};
}

json::Value TextFieldRects() {
  Object o;
  if (!ImGui::GetCurrentContext()) return o;
  for (const auto& [id, r] : g_fields)
    if (r.frame == ImGui::GetFrameCount()) o.Set(id, Array{r.x, r.y, r.w, r.h});
  return o;
}

std::string CardPlainText(const std::string& markdown) {
  std::string out;
  for (const cards::TextBlock& b : cards::LayoutCardText(markdown)) {
    if (!out.empty()) out += ' ';
    out += b.text;
  }
  for (char& c : out)
    if (c == '\n') c = ' ';
  return out;
}

std::string SpokenInterval(const std::string& label) {
  if (label.empty() || label[0] == '<') return "less than a minute";
  size_t unit_at = label.find_first_not_of("0123456789.");
  if (unit_at == std::string::npos || unit_at == 0) return label;
  std::string number = label.substr(0, unit_at), unit = label.substr(unit_at);
  static const std::map<std::string, std::string> kUnits = {
      {"m", "minute"}, {"h", "hour"}, {"d", "day"}, {"mo", "month"}, {"y", "year"}};
  auto it = kUnits.find(unit);
  if (it == kUnits.end()) return label;
  return number + " " + it->second + (number == "1" ? "" : "s");
}

std::string SpokenInterval(int64_t ms) { return SpokenInterval(cards::FormatInterval(ms)); }

// ---------------------------------------------------------------------------------------------
// [SECTION] study

namespace {

// The learner's settings as a form (the canvas shows them under Study's Settings toggle): each field
// sends {type: "setting", key, value} (StudySetSetting).
void AppendStudySettings(Array& body, const cards::ProgressSettings& st) {
  auto field = [](const char* key, const std::string& label, const std::string& value, const char* mode) {
    return Object{{"t", "input"},
                  {"id", std::string("setting-") + key},
                  {"label", label},
                  {"value", value},
                  {"submit", "change"},
                  {"inputmode", mode},
                  {"act", Object{{"type", "setting"}, {"key", key}}}};
  };
  auto toggle = [](const char* key, const std::string& label, bool on) {
    return Object{{"t", "select"},
                  {"id", std::string("setting-") + key},
                  {"label", label},
                  {"value", on ? "on" : "off"},
                  {"options", Array{Array{"on", "On"}, Array{"off", "Off"}}},
                  {"act", Object{{"type", "setting"}, {"key", key}}}};
  };
  Array kids;
  kids.push_back(
      field("desired_retention", "Desired retention (0.70 to 0.99)", Num(st.desired_retention, "%.2f"), "decimal"));
  kids.push_back(
      toggle("single_key_shortcuts", "Single-key shortcuts (Space, Enter, 1-4, U)", st.single_key_shortcuts));
  kids.push_back(toggle("suggested_panels", "Suggested live panels", st.suggested_panels));
  kids.push_back(
      field("new_cards_per_day", "New cards per day, per deck", std::to_string(st.new_cards_per_day), "numeric"));
  kids.push_back(field("reviews_per_day", "Reviews per day, per deck", std::to_string(st.reviews_per_day), "numeric"));
  kids.push_back(field("new_cards_all_decks", "New cards per day, all decks (0 = no cap)",
                       std::to_string(st.new_cards_all_decks), "numeric"));
  kids.push_back(field("reviews_all_decks", "Reviews per day, all decks (0 = no cap)",
                       std::to_string(st.reviews_all_decks), "numeric"));
  body.push_back(Group("group", "Study settings", std::move(kids)));
}

void AppendQuiz(Array& card, const StudyPanelState& s) {
  if (s.quiz_for != s.card_id) return;
  if (!s.quiz.ok) {
    card.push_back(Para("Quiz line: " + s.quiz.error));
    return;
  }
  const cards::QuizQuestion& q = s.quiz.question;
  card.push_back(Node("h3", "Computed question"));
  card.push_back(Para(q.question));
  std::string label = q.unit.empty() ? "Your answer" : "Your answer in " + q.unit;
  card.push_back(Object{{"t", "input"},
                        {"id", "quiz-answer"},
                        {"label", label},
                        {"value", std::string(s.quiz_input)},
                        {"hint", q.unit},
                        {"submit", "enter"},
                        {"inputmode", "text"},
                        {"field", "quiz-answer"},
                        {"act", Object{{"type", "quiz-answer"}}},
                        {"button", "quiz-check"}});
  card.push_back(Button("quiz-check", "Check", Object{{"type", "quiz-answer"}, {"from", "quiz-answer"}}));
  if (s.quiz_input[0] && !s.quiz_grade.parsed && !s.quiz_grade.message.empty())
    card.push_back(Object{{"t", "p"}, {"text", s.quiz_grade.message}, {"error", true}});
  if (s.quiz_checked) {
    card.push_back(Para((s.quiz_grade.correct ? "Correct. " : "Not quite. ") + s.quiz_grade.message));
    card.push_back(Node("h4", "Worked solution"));
    card.push_back(Node("pre", q.solution));
  }
}

// What the screen says in red about saved progress (Study and Decks draw the same lines): a recovery,
// a failed save, and the browser store's own fault (IndexedDB unavailable, full, failing), each with
// what to do.
void AppendStorageProblems(Array& body, const CardLibrary& lib) {
  if (!lib.recovery_message.empty())
    body.push_back(Object{{"t", "p"}, {"text", lib.recovery_message}, {"error", true}});
  if (!lib.save_error.empty())
    body.push_back(Object{{"t", "p"}, {"text", "Progress is not being saved: " + lib.save_error}, {"error", true}});
  if (!lib.storage_error.empty()) body.push_back(Object{{"t", "p"}, {"text", lib.storage_error}, {"error", true}});
}

void AppendStudy(Array& body, const AppState& app, const AppContext& ctx) {
  const StudyPanelState& s = app.study;
  const CardLibrary& lib = app.library;
  if (!lib.loaded) {
    body.push_back(Para("Loading your saved progress…"));
    return;
  }
  if (!s.open_card_error.empty()) body.push_back(Object{{"t", "p"}, {"text", s.open_card_error}, {"error", true}});
  AppendStorageProblems(body, lib);

  std::string deck_name = "All decks";
  for (const auto& d : lib.decks)
    if (!s.deck.empty() && d.key == s.deck) deck_name = d.deck.title;
  const int64_t now = NowMs();
  cards::StudyQueue q = LibraryQueue(lib, s.deck, now);
  const bool single = lib.progress.settings.single_key_shortcuts;
  cards::StudyQueue all = s.deck.empty() ? q : LibraryQueue(lib, "", now);
  std::vector<std::pair<std::string, std::string>> decks = {{"", "All decks: " + DueLabel(all.total)}};
  for (size_t i = 0; i < lib.decks.size() && i < all.per_deck.size(); ++i)
    decks.emplace_back(lib.decks[i].key, lib.decks[i].deck.title + ": " + DueLabel(all.per_deck[i]));
  body.push_back(Select("study", "deck", "Deck", s.deck, decks));
  body.push_back(Para("Due now: " + std::to_string(q.total.new_available) + " new, " +
                      std::to_string(q.total.learning) + " learning, " + std::to_string(q.total.review) + " review."));
  bool can_undo = cards::LastUndoableReview(lib.progress) >= 0;
  body.push_back(
      Button("undo", "Undo last grade", Object{{"type", "undo"}}, !can_undo, single ? "U Control+Z" : "Control+Z"));

  LocatedCard at = FindCard(lib, s.card_id);
  if (!at.card) {
    cards::SessionSummary sum = cards::SummarizeSession(lib.progress, s.session_start_ms);
    if (sum.reviews == 0 && q.total.cards == 0) {
      body.push_back(Node("h2", "No cards to study"));
      body.push_back(Para("Pick the built-in deck in Decks, or import your own Markdown deck."));
      return;
    }
    body.push_back(Node("h2", "Nothing is due right now"));
    if (sum.reviews > 0)
      body.push_back(Para("This session: " + std::to_string(sum.reviews) + " reviews: Again " +
                          std::to_string(sum.again) + ", Hard " + std::to_string(sum.hard) + ", Good " +
                          std::to_string(sum.good) + ", Easy " + std::to_string(sum.easy) + "."));
    if (q.total.next_due_ms >= 0)
      body.push_back(Para("Next card due in " + SpokenInterval(q.total.next_due_ms - now) + "."));
    return;
  }

  const cards::Card& c = *at.card;
  cards::SchedCard state = cards::CardStateOrNew(lib.progress, c.id, now);
  Array card;
  card.push_back(Para(std::string("Deck: ") + at.deck->deck.title + " · " + cards::StateName(state.state) + " card" +
                      (state.reps ? ", reviewed " + std::to_string(state.reps) + " times" : "")));
  card.push_back(Node("h2", c.title.empty() ? std::string("(untitled card)") : c.title));
  if (!c.background.empty()) AppendCardText(card, c.background, 2);
  card.push_back(Node("h3", "Question"));
  AppendCardText(card, c.question, 3);
  if (!c.quiz.empty()) AppendQuiz(card, s);
  if (!s.revealed) {
    card.push_back(Button("reveal", "Show answer", Object{{"type", "reveal"}}, false, single ? "Space Enter" : ""));
  } else {
    card.push_back(Node("h3", "Answer"));
    AppendCardText(card, c.answer, 3);
    if (!c.explanation.empty()) AppendCardText(card, c.explanation, 3);
    if (at.teaching && !at.teaching->findings.empty()) {
      card.push_back(Node("h3", "Number check"));
      for (const links::NumberFinding& f : at.teaching->findings)
        card.push_back(Para("Line " + std::to_string(f.line) + ": " + f.message));
    }
    cards::Fsrs fsrs(cards::FsrsParamsFor(lib.progress.settings));
    cards::ButtonPreview preview = cards::PreviewButtons(fsrs, lib.progress, c.id, now);
    int suggested = s.quiz_checked ? (s.quiz_grade.correct ? 2 : 0) : -1;
    Array grades;
    for (int i = 0; i < 4; ++i) {
      std::string name = std::string(kGradeNames[i]) + ", " + SpokenInterval(preview.labels[static_cast<size_t>(i)]);
      if (i == suggested) name += " (suggested by your quiz result)";
      static const char* kKeys[4] = {"1", "2", "3", "4"};
      grades.push_back(Button("grade-" + std::to_string(i + 1), name, Object{{"type", "grade"}, {"grade", i + 1}},
                              false, single ? kKeys[i] : ""));
    }
    card.push_back(
        Group("group", "How well did you remember? Each button says when the card comes back.", std::move(grades)));
  }
  body.push_back(Group("section", "Card", std::move(card)));

  // The card's live panel (split view): its headline and controls, as in its own section.
  CardLive cl = LiveFor(at, lib.progress.settings.suggested_panels && !s.hidden_suggestions.count(c.id));
  if (s.show_live && !cl.link.empty()) {
    LinkParse parsed = ParseLiveLink(cl.link);
    const PanelInfo* info = parsed.ok ? FindPanel(parsed.link.panel) : nullptr;
    if (info && info->id != PanelId::kStudy) {
      Array inner;  // the panel's own headline goes first in it: keep the heading above it
      info->mirror(inner, app, ctx);
      const std::string title = (cl.suggested ? "Suggested live panel: " : "Live panel: ") + std::string(info->label);
      Array live{Node("h2", title)};
      if (cl.suggested) {
        live.push_back(Para("Suggested by Bytewise: " + cl.why + ". The deck has no live: line for this card."));
        live.push_back(Button("hide-suggestion", "Hide suggestion", Object{{"type", "hide-suggestion"}}));
      }
      for (Value& v : inner) live.push_back(std::move(v));
      body.push_back(Group("section", title, std::move(live)));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] formats, quantize, train, memory, decks

void AppendFormats(Array& body, const FormatsPanelState& s) {
  body.push_back(SetField("formats", "value", "Value (a decimal number)", s.value, "decimal"));
  body.push_back(SelectNames("formats", "format", "Format shown in the bit editor", s.format, s.row_formats));
  body.push_back(SelectKey("formats", "rounding", "Rounding", s.rounding,
                           {{"rne", "round to nearest, ties to even"}, {"rtz", "toward zero"}}));
  if (s.rounding == "stochastic")
    body.push_back(SetField("formats", "seed", "Seed of stochastic rounding", std::to_string(s.seed), "numeric"));
  if (!s.error.empty()) {
    body.push_back(Object{{"t", "p"}, {"text", s.error}, {"error", true}});
    return;
  }
  Array rows;
  for (size_t i = 0; i < s.rows.size() && i < s.row_formats.size(); ++i) {
    const formats::Conversion& c = s.rows[i];
    std::string flags = Join(formats::FlagNames(c.flags), ", ");
    std::string rel =
        std::isnan(c.rel_error) ? "—" : Num(c.rel_error, "%.3g") + " (" + Num(c.rel_error * 100, "%.3g") + "%)";
    rows.push_back(Array{s.row_formats[i], c.bits_hex, c.exact, rel, flags.empty() ? "none" : flags});
    if (s.row_formats[i] == s.format)
      body.insert(body.begin(),
                  Object{{"t", "p"},
                         {"headline", true},
                         {"text", s.value + " is stored in " + Upper(s.format) + " as " + c.exact +
                                      (std::isnan(c.rel_error) ? "." : ", a relative error of " + rel + ".")}});
  }
  body.push_back(Table("The value in every format",
                       Array{"Format", "Stored bits", "Exact stored value", "Relative error", "Flags"},
                       std::move(rows)));
}

void AppendQuantize(Array& body, const QuantizePanelState& s) {
  body.push_back(SelectKey("quantize", "dist", "Tensor distribution", s.dist,
                           {{"laplace", "Laplace"}, {"outliers", "normal with outliers"}}));
  body.push_back(SelectKey("quantize", "scheme", "Scheme", s.scheme));
  body.push_back(SetField("quantize", "seed", "Seed of the tensor's values", std::to_string(s.seed), "numeric"));
  if (!s.tensor_error.empty()) body.push_back(Object{{"t", "p"}, {"text", s.tensor_error}, {"error", true}});
  if (s.computing) {
    body.insert(body.begin(), Para("Quantizing " + std::to_string(s.n) + " values…"));
  } else if (s.result.ok) {
    const quant::Metrics& m = s.result.metrics;
    body.insert(body.begin(),
                Object{{"t", "p"},
                       {"headline", true},
                       {"text", Upper(s.result.config.scheme) + " stores these " + std::to_string(s.result.n) +
                                    " values in " + Num(m.bits_per_param) + " bits per parameter (scales included), " +
                                    "SQNR " + Num(m.sqnr_db, "%.2f") + " dB, RMSE " + Num(m.rmse) + ", largest error " +
                                    Num(m.max_abs_error) + "."}});
  } else if (!s.result.error.empty()) {
    body.push_back(Object{{"t", "p"}, {"text", s.result.error}, {"error", true}});
  }
  Array rows;
  for (const quant::ComparisonRow& r : s.compare_rows) {
    if (!r.ok) {
      rows.push_back(Array{r.config.scheme, r.error, "", "", ""});
      continue;
    }
    rows.push_back(Array{r.config.scheme, Num(r.metrics.bits_per_param), Num(r.metrics.sqnr_db, "%.2f"),
                         Num(r.metrics.rmse), Num(r.metrics.clipped_fraction * 100, "%.3g")});
  }
  if (!rows.empty())
    body.push_back(Table("Every scheme on this tensor",
                         Array{"Scheme", "Bits per parameter", "SQNR (dB)", "RMSE", "Clipped (%)"}, std::move(rows)));
}

void AppendTrain(Array& body, const TrainPanelState& s) {
  const nn::TrainConfig& c = s.config;
  body.push_back(SelectKey("train", "dataset", "Dataset", nn::DatasetName(c.data.kind),
                           {{"gauss", "two gaussians"}, {"plane", "plane (regression)"}}));
  body.push_back(SelectKey("train", "optimizer", "Optimizer", nn::OptimizerName(c.optimizer)));
  body.push_back(SelectKey("train", "precision", "Precision", nn::PrecisionName(c.precision)));
  body.push_back(SetField("train", "lr", "Learning rate", json::FormatNumber(c.learning_rate), "decimal"));
  for (const std::string& e : s.config_errors) body.push_back(Object{{"t", "p"}, {"text", e}, {"error", true}});
  if (!s.trainer) {
    body.insert(body.begin(), Para("Building the network…"));
    return;
  }
  const nn::Trainer& t = *s.trainer;
  const nn::TrainStatus& st = t.Status();
  body.push_back(Button("train-run", s.running ? "Pause training" : "Run training",
                        Object{{"type", "train"}, {"action", s.running ? "pause" : "run"}}, st.diverged));
  body.push_back(Button("train-step", "Animate one step", Object{{"type", "train"}, {"action", "step"}},
                        st.diverged || s.animating || s.running));
  std::string head = "Step " + std::to_string(st.steps);
  if (!t.History().empty()) {
    const nn::HistoryPoint& h = t.History().back();
    head += ": training loss " + Num(h.train_loss, "%.4f") + ", test loss " + Num(h.test_loss, "%.4f");
    if (std::isfinite(h.test_accuracy)) head += ", test accuracy " + Num(100 * h.test_accuracy, "%.1f") + "%";
    if (h.step != st.steps) head += " (measured at step " + std::to_string(h.step) + ")";
  }
  if (st.diverged) head += ". " + st.divergence_message;
  body.insert(body.begin(),
              Object{{"t", "p"}, {"headline", true}, {"text", head + (s.running ? " — training." : ".")}});
  const nn::LedgerTotals m = t.Ledger().Totals();
  auto bytes = [](int64_t b) { return FormatGrouped(static_cast<double>(b)) + " B"; };
  body.push_back(
      Table("Bytes the network's buffers hold", Array{"Buffer", "Bytes"},
            Array{Array{"Weights", bytes(m.weights_bytes)}, Array{"Gradients", bytes(m.gradient_bytes)},
                  Array{"Optimizer state", bytes(m.optimizer_bytes)},
                  Array{"FP32 master weights", bytes(m.master_weight_bytes)},
                  Array{"Activations (peak)", bytes(m.activation_bytes_peak)}, Array{"Total", bytes(m.total_bytes)}}));
}

void AppendMemory(Array& body, const MemoryPanelState& s) {
  const memory::Scenario& sc = s.scenario;
  std::vector<std::pair<std::string, std::string>> presets;
  for (const memory::Preset& p : memory::Presets()) presets.emplace_back(p.name, p.label);
  if (s.source == MemorySource::kPreset)
    body.push_back(Select("memory", "preset", "Model", s.preset, presets));
  else
    body.push_back(SetField("memory", "params", "Parameters (e.g. 7B)", s.params_text));
  body.push_back(SelectKey("memory", "mode", "Mode", memory::ModeName(sc.mode), {{"train", "training"}}));
  body.push_back(SetField("memory", "seq", "Sequence length (tokens)", std::to_string(sc.seq_len), "numeric"));
  body.push_back(SetField("memory", "batch", "Batch size", std::to_string(sc.batch), "numeric"));
  body.push_back(SetField("memory", "gpus", "GPUs", std::to_string(sc.gpus), "numeric"));
  if (sc.mode == memory::Mode::kTrain)
    body.push_back(
        SetField("memory", "lora_rank", "LoRA rank (0 = full finetune)", std::to_string(sc.lora_rank), "numeric"));
  std::string error;
  std::optional<memory::Model> model = MemoryPanelModel(s, &error);
  if (!model) {
    body.insert(body.begin(), Para(error));
    return;
  }
  memory::Estimate e = memory::EstimateMemory(*model, sc);
  if (!e.ok) {
    body.insert(body.begin(), Object{{"t", "p"}, {"text", e.error}, {"error", true}});
    return;
  }
  std::string head = e.model_label + " needs " + memory::FormatBytes(e.total_bytes, sc.gib) + " for " +
                     (sc.mode == memory::Mode::kTrain ? "training" : "inference") + (sc.gpus > 1 ? " per GPU" : "");
  for (size_t i = 0; i < e.items.size(); ++i)
    head += (i ? ", " : ": ") + e.items[i].label + " " + memory::FormatBytes(e.items[i].bytes, sc.gib);
  body.insert(body.begin(), Object{{"t", "p"}, {"headline", true}, {"text", head + "."}});
  Array rows;
  for (const memory::Item& it : e.items)
    rows.push_back(Array{it.label, memory::FormatBytes(it.bytes, sc.gib), it.formula});
  rows.push_back(Array{"Total", memory::FormatBytes(e.total_bytes, sc.gib), "sum of the lines above"});
  rows.push_back(Array{"Rule of thumb", memory::FormatBytes(e.rule_of_thumb_bytes, sc.gib), e.rule_of_thumb_formula});
  body.push_back(Table("Breakdown", Array{"Line", "Bytes", "Formula"}, std::move(rows)));
  Array fits;
  for (const memory::GpuFit& f : e.fits)
    fits.push_back(
        Array{json::FormatNumber(f.gpu_gb) + " GB", f.fits ? "yes" : "no", Num(f.used_fraction * 100, "%.0f") + "%"});
  body.push_back(Table("Fits on one GPU of", Array{"GPU", "Fits", "Share used"}, std::move(fits)));
  for (const std::string& w : e.warnings) body.push_back(Object{{"t", "p"}, {"text", w}, {"error", true}});
}

void AppendDecks(Array& body, const CardLibrary& lib, const DecksPanelState& ds) {
#ifdef __EMSCRIPTEN__
  body.push_back(Button("deck-import", "Import deck…", Object{{"type", "deck-import"}}));
#endif
  body.push_back(Button("progress-export", "Export progress", Object{{"type", "progress-export"}}));
#ifdef __EMSCRIPTEN__
  body.push_back(Button("progress-import", "Import progress…", Object{{"type", "progress-import"}}));
#endif
  if (!lib.notice.empty()) body.push_back(Para(lib.notice));
  if (!lib.loaded) {
    body.push_back(Para("Loading your decks…"));
    return;
  }
  AppendStorageProblems(body, lib);
  cards::StudyQueue q = LibraryQueue(lib, "", NowMs());
  Array rows;
  for (size_t i = 0; i < lib.decks.size() && i < q.per_deck.size(); ++i) {
    const LoadedDeck& d = lib.decks[i];
    const cards::DeckDue& due = q.per_deck[i];
    rows.push_back(Array{d.deck.title, d.source, std::to_string(d.stats.cards), std::to_string(due.DueNow()),
                         std::to_string(d.stats.with_live), std::to_string(d.stats.with_quiz),
                         d.stats.errors + d.stats.warnings == 0 ? std::string("none")
                                                                : std::to_string(d.stats.errors) + " errors, " +
                                                                      std::to_string(d.stats.warnings) + " warnings"});
  }
  body.push_back(Table("Your decks",
                       Array{"Deck", "Source", "Cards", "Due now", "With live panel", "With quiz", "Problems"},
                       std::move(rows)));
  if (lib.decks.empty()) return;
  // The card browser: the deck shown, its search, the cards that match (as the canvas lists them).
  const LoadedDeck* shown = &lib.decks.front();
  std::vector<std::pair<std::string, std::string>> options;
  for (const auto& d : lib.decks) {
    options.emplace_back(d.key, d.deck.title);
    if (d.key == ds.selected) shown = &d;
  }
  body.push_back(Node("h2", shown->deck.title + ": cards"));
  body.push_back(Select("decks", "deck", "Deck shown", shown->key, options));
  body.push_back(SetField("decks", "q", "Search title, question, answer", ds.search));
  const std::string needle = Lower(ds.search);
  constexpr size_t kMaxListed = 100;  // a 10,000-card deck: the first 100 matches, then a count
  Array items;
  size_t matches = 0;
  const int64_t now = NowMs();
  for (size_t i = 0; i < shown->deck.cards.size(); ++i) {
    const cards::Card& c = shown->deck.cards[i];
    if (!CardMatches(c, needle)) continue;
    if (++matches > kMaxListed) continue;
    cards::SchedCard st = cards::CardStateOrNew(lib.progress, c.id, now);
    bool suggested = i < shown->teaching.size() && !shown->teaching[i].suggested_live.empty();
    items.push_back((c.title.empty() ? std::string("(untitled)") : c.title) + " — " + cards::StateName(st.state) +
                    (!c.live.empty() ? ", live panel"
                     : suggested     ? ", suggested live panel"
                                     : "") +
                    (c.quiz.empty() ? "" : ", quiz"));
  }
  if (matches == 0) body.push_back(Para("No card matches the search."));
  if (!items.empty()) body.push_back(Object{{"t", "ul"}, {"items", std::move(items)}});
  if (matches > kMaxListed)
    body.push_back(Para("and " + std::to_string(matches - kMaxListed) + " more; search to narrow the list."));
}

// The control to focus after a rebuild when the focused one is gone (e.g. "Show answer" after Reveal).
std::string FocusHint(const AppState& app) {
  if (app.panel != PanelId::kStudy) return "";
  const StudyPanelState& s = app.study;
  if (s.card_id.empty()) return "undo";
  if (!s.revealed) return s.quiz_for == s.card_id && s.quiz.ok ? "quiz-answer" : "reveal";
  int suggested = s.quiz_checked && !s.quiz_grade.correct ? 1 : 3;
  return "grade-" + std::to_string(suggested);
}

}  // namespace

void MirrorStudy(Array& body, const AppState& app, const AppContext& ctx) {
  AppendStudy(body, app, ctx);
  // After the card, so a screen reader meets the card first; not in a course page's widget.
  if (!ctx.embed && app.library.loaded) AppendStudySettings(body, app.library.progress.settings);
}
void MirrorFormats(Array& body, const AppState& app, const AppContext&) { AppendFormats(body, app.formats); }
void MirrorQuantize(Array& body, const AppState& app, const AppContext&) { AppendQuantize(body, app.quantize); }
void MirrorTrain(Array& body, const AppState& app, const AppContext&) { AppendTrain(body, app.train); }
void MirrorMemory(Array& body, const AppState& app, const AppContext&) { AppendMemory(body, app.memory); }
void MirrorDecks(Array& body, const AppState& app, const AppContext&) { AppendDecks(body, app.library, app.decks); }

// ---------------------------------------------------------------------------------------------
// [SECTION] document

json::Value MirrorDocument(const AppState& app, const AppContext& ctx) {
  const PanelInfo& info = GetPanelInfo(app.panel);
  Array sections;
  for (const PanelInfo& p : Panels())
    sections.push_back(Object{{"name", p.name}, {"label", p.label}, {"current", p.id == app.panel}, {"keys", p.key}});
  Array body;
  for (const std::string& e : app.link_errors) body.push_back(Object{{"t", "p"}, {"text", e}, {"error", true}});
  info.mirror(body, app, ctx);
  return Object{{"panel", info.name},
                {"label", info.label},
                {"sections", std::move(sections)},
                {"body", std::move(body)},
                {"focus", FocusHint(app)}};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] actions

bool IsMirrorAction(const std::string& type) {
  static const char* kTypes[] = {
      "reveal",          "grade",           "undo",  "quiz-answer",     "set",    "train", "deck-import",
      "progress-export", "progress-import", "prefs", "hide-suggestion", "setting"};
  for (const char* t : kTypes)
    if (type == t) return true;
  return false;
}

bool MirrorDispatch(AppState& app, AppContext& ctx, const json::Value& m, std::string* error) {
  auto fail = [&](const std::string& e) {
    if (error) *error = e;
    return false;
  };
  auto str = [&](const char* key) { return m.Find(key) ? m.Find(key)->AsString() : std::string(); };
  const std::string type = str("type");
  const bool studying = app.panel == PanelId::kStudy && !app.study.card_id.empty();
  if (type == "reveal" || type == "grade" || type == "quiz-answer") {
    if (!studying) return fail(type + ": no card on screen (open the Study section with a card due)");
  }
  if (type == "reveal") {
    if (!StudyReveal(app.study, app.library)) return fail("reveal: the answer is already shown");
    return true;
  }
  if (type == "grade") {
    int grade = 0;
    if (const json::Value* g = m.Find("grade")) {
      if (g->IsNumber()) grade = static_cast<int>(g->AsNumber());
      for (int i = 0; i < 4; ++i)
        if (g->IsString() && Lower(g->AsString()) == Lower(kGradeNames[i])) grade = i + 1;
    }
    if (grade < 1 || grade > 4) return fail("grade: give \"grade\" 1-4 or again/hard/good/easy");
    if (!app.study.revealed) return fail("grade: reveal the answer first");
    return StudyGrade(app.study, app.library, grade, ctx) || fail("grade: the card is gone");
  }
  if (type == "undo") return StudyUndo(app.study, app.library, ctx) || fail("undo: nothing to undo");
  if (type == "setting") {
    const json::Value* v = m.Find("value");
    std::string value = v && v->IsNumber() ? json::FormatNumber(v->AsNumber()) : str("value");
    std::string why;
    if (!StudySetSetting(app.library, str("key"), value, &why)) {
      Announce(why);
      return fail(why);
    }
    return true;
  }
  if (type == "hide-suggestion")
    return StudyHideSuggestion(app.study, app.library) || fail("hide-suggestion: no suggested live panel on screen");
  if (type == "quiz-answer") {
    std::string text = str("text");
    if (text.empty()) return fail("quiz-answer: type an answer first");
    if (text.size() >= sizeof app.study.quiz_input) return fail("quiz-answer: the answer is too long");
    if (!StudyCheckQuiz(app.study, app.library, text, ctx))
      return fail(app.study.quiz_grade.message.empty() ? "quiz-answer: this card has no quiz"
                                                       : app.study.quiz_grade.message);
    return true;
  }
  if (type == "set") {
    std::string panel = str("panel").empty() ? GetPanelInfo(app.panel).name : str("panel");
    std::string key = str("key");
    if (key.empty()) return fail("set: give \"key\" (a LiveLink key of the panel, e.g. \"value\")");
    const json::Value* v = m.Find("value");
    std::string value = v && v->IsNumber() ? json::FormatNumber(v->AsNumber()) : str("value");
    LiveLink link{panel, {}};
    link.Set(key, value);
    std::vector<std::string> errors = ApplyLinkToPanel(app, link);
    if (!errors.empty()) {
      Announce(errors.front());
      return fail(errors.front());
    }
    return true;
  }
  if (type == "train") {
    std::string action = str("action");
    if (action == "run" || action == "pause") {
      app.train.running = action == "run";  // what the Run/Pause button does
      Announce(app.train.running ? "Training started." : "Training paused.");
      return true;
    }
    if (action == "step")
      return TrainStep(app.train, ctx) || fail("train: a step is playing, or the network is not built or diverged");
    return fail("train: action must be run, pause or step");
  }
  if (type == "deck-import") return RequestDeckFile() || fail("deck-import: only the web app opens a file picker");
  if (type == "progress-import")
    return RequestProgressFile() || fail("progress-import: only the web app opens a file picker");
  if (type == "progress-export") {
    ExportCardProgress(app.library, ctx);
    return true;
  }
  if (type == "prefs") {
    if (const json::Value* r = m.Find("reduced_motion")) ctx.reduced_motion = r->AsBool();
    return true;
  }
  return fail("unknown mirror action '" + type + "'");
}

}  // namespace bw::app
