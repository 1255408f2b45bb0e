// Panel "Study": the due queue, reveal, grading with next-interval buttons, undo, session summary,
// settings, and the split view with the card's live panel.
//
// [SECTION] card text
// [SECTION] grading
// [SECTION] panel
// [SECTION] links
#include "app/panel_study.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <unordered_map>
#include <utility>
#include <vector>

#include "app/app.h"
#include "app/host_api.h"
#include "app/mirror.h"
#include "app/theme.h"
#include "app/widgets.h"
#include "core/cards/card_text.h"
#include "core/cards/deck.h"
#include "core/cards/study.h"
#include "core/links/links.h"
#include "core/util/count.h"

namespace bw::app {

// ---------------------------------------------------------------------------------------------
// [SECTION] card text

namespace {

// Mono text on a tinted box spanning the available width.
void TintedMono(const std::string& text, const AppContext& ctx, ImU32 tint) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float pad = 6.0f;
  float width = ImGui::GetContentRegionAvail().x;
  ImVec2 start = ImGui::GetCursorScreenPos();
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  ImGui::SetCursorScreenPos(ImVec2(start.x + pad, start.y + pad));
  if (ctx.fonts.mono) ImGui::PushFont(ctx.fonts.mono);
  WrappedText(text, width - 2 * pad);
  if (ctx.fonts.mono) ImGui::PopFont();
  ImVec2 end = ImGui::GetItemRectMax();
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(start, ImVec2(start.x + width, end.y + pad), tint, 4.0f);
  dl->ChannelsMerge();
  ImGui::SetCursorScreenPos(ImVec2(start.x, end.y + pad));
  ImGui::Dummy(ImVec2(width, ImGui::GetStyle().ItemSpacing.y));
}

// Layouts are computed once per card text, not every frame: keyed by FNV-1a 64 of the text and its
// length. The cache holds the texts of the cards on screen; it is emptied when it grows past
// kLayoutCacheSize (a deck browsed end to end), so its memory stays bounded.
const std::vector<cards::TextBlock>& CachedLayout(const std::string& markdown) {
  constexpr size_t kLayoutCacheSize = 256;
  static std::unordered_map<uint64_t, std::pair<size_t, std::vector<cards::TextBlock>>> cache;
  uint64_t key = cards::Fnv1a64(markdown);
  auto it = cache.find(key);
  if (it != cache.end() && it->second.first == markdown.size()) return it->second.second;
  if (cache.size() >= kLayoutCacheSize) cache.clear();
  auto& entry = cache[key];
  entry = {markdown.size(), cards::LayoutCardText(markdown)};
  return entry.second;
}

}  // namespace

void DrawCardText(const std::string& markdown, const AppContext& ctx) {
  for (const cards::TextBlock& b : CachedLayout(markdown)) {
    switch (b.kind) {
      case cards::TextBlockKind::kParagraph: WrappedText(b.text); break;
      case cards::TextBlockKind::kHeading:
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kAccentText);
        WrappedText(b.text);
        ImGui::PopStyleColor();
        break;
      case cards::TextBlockKind::kListItem:
        ImGui::Indent(12.0f);
        WrappedText(b.bullet + " " + b.text);
        ImGui::Unindent(12.0f);
        break;
      case cards::TextBlockKind::kDisplayMath:
        ImGui::Indent(24.0f);
        WrappedText(b.text);
        ImGui::Unindent(24.0f);
        break;
      case cards::TextBlockKind::kCode: TintedMono(b.text, ctx, ImGui::GetColorU32(theme::kCodeBg)); break;
      case cards::TextBlockKind::kTable: TintedMono(b.text, ctx, ImGui::GetColorU32(theme::kTableBg)); break;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] grading

namespace {

void HideSuggestion(StudyPanelState& s, const std::string& card_id) {
  s.hidden_suggestions.insert(card_id);
  Announce("Suggested live panel hidden for this card.");
}

void ResetCard(StudyPanelState& s) {
  s.card_id.clear();
  s.revealed = false;
  s.quiz_checked = false;
  s.quiz_input[0] = 0;
  s.quiz_for.clear();
}

}  // namespace

// The learner's actions: the panel's buttons and keys call these, and so does the parallel DOM
// (mirror.cpp) — one code path, one announcement each.
bool StudyReveal(StudyPanelState& s, const CardLibrary& lib) {
  if (s.card_id.empty() || s.revealed) return false;
  s.revealed = true;
  LocatedCard at = FindCard(lib, s.card_id);
  if (at.card) Announce("Answer: " + CardPlainText(at.card->answer));
  return true;
}

bool StudyCheckQuiz(StudyPanelState& s, const CardLibrary& lib, const std::string& typed, AppContext& ctx) {
  if (s.card_id.empty() || s.quiz_for != s.card_id || !s.quiz.ok) return false;
  std::snprintf(s.quiz_input, sizeof s.quiz_input, "%s", typed.c_str());
  s.quiz_grade = cards::Grade(s.quiz.question, typed);
  if (!s.quiz_grade.parsed) {
    Announce(s.quiz_grade.message);
    return false;
  }
  s.quiz_checked = true;
  s.revealed = true;
  if (ctx.host_event) {
    LocatedCard at = FindCard(lib, s.card_id);
    if (at.card) ctx.host_event("quiz-answered", QuizAnsweredEventJson(*at.card, s.quiz.question, typed, s.quiz_grade));
  }
  Announce((s.quiz_grade.correct ? "Correct. " : "Not quite. ") + s.quiz_grade.message);
  return true;
}

bool StudyGrade(StudyPanelState& s, CardLibrary& lib, int rating, AppContext& ctx) {
  LocatedCard at = FindCard(lib, s.card_id);
  if (!at.card || !s.revealed || rating < 1 || rating > 4) return false;
  cards::Fsrs fsrs(cards::FsrsParamsFor(lib.progress.settings));
  bool quiz = !at.card->quiz.empty() && s.quiz_checked;
  int64_t now = NowMs();
  const cards::SchedCard next =
      cards::RecordReview(lib.progress, fsrs, at.card->id, at.deck->key, now, static_cast<cards::Rating>(rating),
                          quiz ? cards::ReviewSource::kQuiz : cards::ReviewSource::kCard);
  std::string said = std::string(kGradeNames[rating - 1]) + " recorded; the card comes back in " +
                     SpokenInterval(next.due_ms - now) + ".";
  std::string error;
  if (!SaveCardProgress(lib, &error)) {
    said += " Progress not saved: " + error;
    if (ctx.notify) ctx.notify("Progress not saved: " + error);
  } else if (int64_t skew = lib.progress.log.back().clock_skew_ms; skew > 0) {
    // The scheduler counted it as 0 days since the last review (logged in the review's entry).
    std::string note = "This card's last review is " + cards::FormatInterval(skew) +
                       " after this device's clock: the clock may be wrong; the review counts as made just after it.";
    said += " " + note;
    if (ctx.notify) ctx.notify(note);
  }
  if (ctx.host_event)
    ctx.host_event("graded", GradedEventJson(*at.card, at.deck->key, static_cast<cards::Rating>(rating), next));
  if (!s.pinned.empty())
    s.pinned_rating = cards::RatingName(static_cast<cards::Rating>(rating)), s.pinned_due_ms = next.due_ms;
  ResetCard(s);
  Announce(said);
  return true;
}

bool StudySetSetting(CardLibrary& lib, const std::string& key, const std::string& value, std::string* error) {
  cards::ProgressSettings& st = lib.progress.settings;
  auto fail = [error](const std::string& e) {
    if (error) *error = e;
    return false;
  };
  std::string why;
  if (key == "desired_retention") {
    std::optional<double> v = ParseReal(value, &why);
    if (!v) return fail(key + ": " + why);
    if (*v < 0.70 || *v > 0.99) return fail(key + ": " + OutOfRange(value, 0.70, 0.99));
    st.desired_retention = *v;
  } else if (key == "single_key_shortcuts" || key == "suggested_panels") {
    bool on = value == "1" || value == "on" || value == "true";
    if (!on && value != "0" && value != "off" && value != "false") return fail(key + ": give on or off");
    (key == "suggested_panels" ? st.suggested_panels : st.single_key_shortcuts) = on;
  } else {
    int* field = key == "new_cards_per_day"     ? &st.new_cards_per_day
                 : key == "reviews_per_day"     ? &st.reviews_per_day
                 : key == "new_cards_all_decks" ? &st.new_cards_all_decks
                 : key == "reviews_all_decks"   ? &st.reviews_all_decks
                                                : nullptr;
    if (!field) return fail("setting: unknown key '" + key + "'");
    std::optional<long long> v = ParseIntCount(value, key, 0, cards::kMaxDailyLimit, &why);
    if (!v) return fail(why);
    *field = static_cast<int>(*v);
  }
  if (!SaveCardProgress(lib, &why)) {
    Announce("Setting changed for this session; progress not saved: " + why);
    return true;
  }
  Announce("Setting saved.");
  return true;
}

bool StudyHideSuggestion(StudyPanelState& s, const CardLibrary& lib) {
  LocatedCard at = FindCard(lib, s.card_id);
  if (!LiveFor(at, !s.hidden_suggestions.count(s.card_id)).suggested) return false;
  HideSuggestion(s, s.card_id);
  return true;
}

bool StudyUndo(StudyPanelState& s, CardLibrary& lib, AppContext& ctx) {
  std::string id;
  if (!cards::UndoLastReview(lib.progress, NowMs(), &id)) return false;
  ResetCard(s);
  s.card_id = id;  // the undone card comes back, question side up
  std::string error;
  if (!SaveCardProgress(lib, &error) && ctx.notify)
    ctx.notify("Progress not saved: " + error);
  else if (ctx.notify)
    ctx.notify("Undone: the card is back");
  return true;
}

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] panel

// Study's content width from which the live panel sits beside the card (a 900 px window) instead of
// under it.
constexpr float kSplitMinWidth = 800.0f;

// Where the last item was drawn, this frame (for the bridge).
void Store(StudyPanelState::DrawnRect& d) { d = {LastItemRect(), ImGui::GetFrameCount()}; }

void DrawSettings(StudyPanelState& s, CardLibrary& lib, AppContext& ctx) {
  cards::ProgressSettings& st = lib.progress.settings;
  bool save = false;
  float retention = static_cast<float>(st.desired_retention);
  ImGui::SetNextItemWidth(220);
  if (ImGui::SliderFloat("Desired retention", &retention, 0.70f, 0.99f, "%.2f")) st.desired_retention = retention;
  Store(s.retention_slider);
  save |= ImGui::IsItemDeactivatedAfterEdit();
  HelpMarker(
      "The recall probability FSRS aims for when a card comes back. Higher means shorter intervals and more "
      "reviews; 0.90 is the default.");
  save |= ImGui::Checkbox("Single-key shortcuts (Space, Enter, 1-4, U)", &st.single_key_shortcuts);
  HelpMarker(
      "Switch off if single keys clash with your assistive technology (WCAG 2.1.4). Ctrl+Z still undoes; "
      "the buttons always work.");
  save |= ImGui::Checkbox("Suggested live panels", &st.suggested_panels);
  HelpMarker(
      "For cards whose deck has no live: line, Bytewise suggests a panel from what the card talks about (marked "
      "'suggested'). Switch off to show only the panels decks write.");
  // Daily limits per deck (Anki's defaults 20 and 200); the caps across decks are off at 0.
  auto limit = [&save](const char* label, int* v, int most, const char* help) {
    ImGui::SetNextItemWidth(220);
    ImGui::SliderInt(label, v, 0, most);
    save |= ImGui::IsItemDeactivatedAfterEdit();
    HelpMarker(help);
  };
  limit("New cards per day, per deck", &st.new_cards_per_day, 200,
        "Unseen cards each deck introduces per day (UTC). A deck you import has its own allowance.");
  limit("Reviews per day, per deck", &st.reviews_per_day, 1000,
        "Review cards each deck shows per day, most overdue first. Learning steps are never held back.");
  limit("New cards per day, all decks", &st.new_cards_all_decks, 500, "A cap across all decks; 0 = no cap.");
  limit("Reviews per day, all decks", &st.reviews_all_decks, 2000, "A cap across all decks; 0 = no cap.");
  if (save) {
    std::string error;
    if (!SaveCardProgress(lib, &error) && ctx.notify) ctx.notify("Settings not saved: " + error);
  }
}

void DrawSummary(const StudyPanelState& s, const CardLibrary& lib, const cards::StudyQueue& q, AppContext& ctx) {
  cards::SessionSummary sum = cards::SummarizeSession(lib.progress, s.session_start_ms);
  if (sum.reviews == 0 && q.total.cards == 0) {
    EmptyState(ctx, "No cards to study",
               "Pick the built-in deck in Decks, or import your own Markdown deck. Cards you review come back just "
               "before you would forget them.");
    return;
  }
  SectionHeader(ctx, "Nothing is due right now");
  if (sum.reviews > 0) {
    ImGui::Text("This session: %d reviews (%d new cards, %d from quizzes)", sum.reviews, sum.new_cards,
                sum.quiz_answers);
    ImGui::Text("Again %d · Hard %d · Good %d · Easy %d · recalled %.0f%%", sum.again, sum.hard, sum.good, sum.easy,
                sum.recall_rate * 100);
  }
  int64_t now = NowMs();
  if (q.total.next_due_ms >= 0) {
    std::string next = "Next card due in " + cards::FormatInterval(q.total.next_due_ms - now) + ".";
    MutedText(next.c_str());
    if (q.total.next_due_ms - now < 3600 * 1000) ctx.wants_animation = true;  // bring it up when it is due
  }
  if (q.total.new_total > 0 && q.new_limit_left == 0)
    MutedText(
        "Today's new cards are done (the limit is per deck; see Settings). Pick another deck above to learn its new "
        "cards, or raise the limit.");
  if (q.total.review_due > q.total.review)
    MutedText((std::to_string(q.total.review_due - q.total.review) +
               " more reviews are due; the daily review limit holds them until tomorrow (see Settings).")
                  .c_str());
}

void DrawCard(StudyPanelState& s, CardLibrary& lib, const LocatedCard& at, AppContext& ctx) {
  const cards::Card& c = *at.card;
  int64_t now = NowMs();
  cards::SchedCard state = cards::CardStateOrNew(lib.progress, c.id, now);
  {
    const std::string where = at.deck->deck.title + " · " + cards::StateName(state.state) +
                              (state.reps ? ", reviewed " + std::to_string(state.reps) + "x" : "");
    MutedText(where.c_str());  // wrapped: a long deck title never runs under the edge
  }
  if (ctx.fonts.heading) ImGui::PushFont(ctx.fonts.heading);
  WrappedText(c.title.empty() ? std::string("(untitled card)") : c.title);
  if (ctx.fonts.heading) ImGui::PopFont();
  if (!c.background.empty()) DrawCardText(c.background, ctx);
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, theme::kQuestion);
  DrawCardText(c.question, ctx);
  ImGui::PopStyleColor();

  // Computed quiz: a fresh question from the engines, typed answer graded with a stated tolerance.
  if (!c.quiz.empty()) {
    if (s.quiz_for != c.id) {
      s.quiz_for = c.id;
      s.quiz_seed = static_cast<uint64_t>(now);
      s.quiz = cards::MakeQuiz(c.quiz, s.quiz_seed);
      s.quiz_checked = false;
      s.quiz_input[0] = 0;
    }
    ImGui::Spacing();
    if (!s.quiz.ok) {
      ErrorText("Quiz line: " + s.quiz.error);
    } else {
      const cards::QuizQuestion& qq = s.quiz.question;
      SectionHeader(ctx, "Computed question");
      WrappedText(qq.question);
      ImGui::SetNextItemWidth(std::min(260.0f, ImGui::GetContentRegionAvail().x));
      bool enter =
          ImGui::InputTextWithHint("##quiz", qq.unit.empty() ? "your answer" : ("answer in " + qq.unit).c_str(),
                                   s.quiz_input, sizeof s.quiz_input, ImGuiInputTextFlags_EnterReturnsTrue);
      Store(s.quiz_field);
      ImGui::SameLine();
      NoteTextField("quiz-answer");  // touch devices put a real <input> here (web/a11y.js)
      if ((ImGui::Button("Check") || enter) && s.quiz_input[0] && StudyCheckQuiz(s, lib, s.quiz_input, ctx))
        ImGui::ClearActiveID();  // leave the text field so Space / 1-4 grade again
      if (s.quiz_input[0] && !s.quiz_grade.parsed && !s.quiz_grade.message.empty()) ErrorText(s.quiz_grade.message);
      if (s.quiz_checked) {
        ImGui::PushStyleColor(ImGuiCol_Text, s.quiz_grade.correct ? theme::kCorrect : theme::kError);
        WrappedText((s.quiz_grade.correct ? "Correct. " : "Not quite. ") + s.quiz_grade.message);
        ImGui::PopStyleColor();
        TintedMono(qq.solution, ctx, ImGui::GetColorU32(theme::kSolutionBg));
      }
    }
  }

  ImGui::Spacing();
  bool single = lib.progress.settings.single_key_shortcuts;
  // A reveal key and a grade key in one frame (a digit pressed while Enter is held): the answer shows
  // and the digit still grades; the key that revealed does not also pick a grade.
  bool revealed_now = false;
  if (!s.revealed) {
    std::string label = single ? "Show answer (Space)" : "Show answer";
    const bool clicked = ImGui::Button(label.c_str(), ImVec2(std::min(260.0f, ImGui::GetContentRegionAvail().x), 0));
    Store(s.reveal_button);
    if (clicked || (single && (KeyPressed(keys::kSpace) || KeyPressed(keys::kEnter) || KeyPressed(keys::kKeypadEnter))))
      revealed_now = StudyReveal(s, lib);
    if (!revealed_now) return;
  }
  ImGui::Separator();
  DrawCardText(c.answer, ctx);
  if (!c.explanation.empty()) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    DrawCardText(c.explanation, ctx);
    ImGui::PopStyleColor();
  }
  if (at.teaching && !at.teaching->findings.empty()) {
    // The number check (issue 17): what this card says against what the engines compute.
    ImGui::Spacing();
    SectionHeader(ctx, "Number check");
    for (const links::NumberFinding& f : at.teaching->findings)
      ErrorText("Line " + std::to_string(f.line) + ": " + f.message);
    MutedText("Bytewise recomputed this claim from the card's own numbers; the card's text is as the deck wrote it.");
  }
  ImGui::Spacing();

  // Four buttons with their next intervals (FSRS preview); a checked quiz suggests Good or Again.
  cards::Fsrs fsrs(cards::FsrsParamsFor(lib.progress.settings));
  cards::ButtonPreview preview = cards::PreviewButtons(fsrs, lib.progress, c.id, now);
  const ImVec4* kColors = theme::kGradeButton;
  int suggested = s.quiz_checked ? (s.quiz_grade.correct ? 2 : 0) : 2;
  // One row of four where the labels fit (at most 140 px each), else two rows of two (phones).
  char labels[4][64];
  float label_w = 0;
  for (int i = 0; i < 4; ++i) {
    std::snprintf(labels[i], sizeof labels[i], "%s%s\n%s", kGradeNames[i],
                  single ? (" (" + std::to_string(i + 1) + ")").c_str() : "",
                  preview.labels[static_cast<size_t>(i)].c_str());
    label_w = std::max(label_w, ImGui::CalcTextSize(labels[i]).x + ImGui::GetStyle().FramePadding.x * 2);
  }
  const float avail = ImGui::GetContentRegionAvail().x, gap = ImGui::GetStyle().ItemSpacing.x;
  const int per_row = (avail - 3 * gap) / 4 >= label_w ? 4 : 2;
  const float w = std::max(label_w, std::min(per_row == 4 ? 140.0f : 220.0f, (avail - (per_row - 1) * gap) / per_row));
  int chosen = -1;
  for (int i = 0; i < 4; ++i) {
    if (i % per_row) ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, kColors[i]);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered,
                          ImVec4(kColors[i].x + theme::kGradeHoverLift, kColors[i].y + theme::kGradeHoverLift,
                                 kColors[i].z + theme::kGradeHoverLift, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kGradeText);
    if (ImGui::Button(labels[i], ImVec2(w, ImGui::GetTextLineHeight() * 2 + ImGui::GetStyle().FramePadding.y * 2)))
      chosen = i;
    Store(s.grade_buttons[i]);
    ImGui::PopStyleColor(3);
    if (i == suggested && s.quiz_checked) {
      ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
      ImGui::GetWindowDrawList()->AddRect(ImVec2(a.x - 2, a.y - 2), ImVec2(b.x + 2, b.y + 2), IM_COL32(30, 30, 30, 255),
                                          4, 0, 2);
    }
  }
  if (single) {
    for (int i = 0; i < 4; ++i)
      if (KeyPressed(keys::kDigit(i + 1))) chosen = i;
    if (!revealed_now && (KeyPressed(keys::kSpace) || KeyPressed(keys::kEnter) || KeyPressed(keys::kKeypadEnter)))
      chosen = suggested;
  }
  MutedText(s.quiz_checked ? "Your quiz result suggests the outlined button (Space/Enter picks it)."
                           : "How well did you remember? Each button shows when the card comes back.");
  if (chosen >= 0) StudyGrade(s, lib, chosen + 1, ctx);
}

// The card's linked panel, its result first (answer_first); single_scroll: stacked under the card in
// the panel's one scroll region, so the linked panel opens no scroll region of its own.
void DrawLive(StudyPanelState& s, const cards::Card& c, const CardLive& cl, const LiveSections& live, AppContext& ctx,
              bool single_scroll) {
  std::string applied = c.id + " " + cl.link;
  LinkParse parsed = ParseLiveLink(cl.link);
  if (!parsed.ok) {
    ErrorText("Live link: " + parsed.error);
    return;
  }
  const PanelInfo* info = FindPanel(parsed.link.panel);
  if (!info || info->id == PanelId::kStudy) {
    ErrorText("Live link names a panel that cannot be shown here: " + parsed.link.panel);
    return;
  }
  if (s.applied_live != applied && live.apply) {
    s.live_errors = live.apply(parsed.link);
    s.applied_live = applied;
  }
  for (const auto& e : s.live_errors) ErrorText("Live link: " + e);
  if (single_scroll || cl.suggested)
    SectionHeader(ctx, ((cl.suggested ? "Suggested live panel: " : "Live panel: ") + std::string(info->label)).c_str());
  if (cl.suggested) {
    // Not written by the deck's author: say so, say why, and let the learner hide it.
    MutedText(("Suggested by Bytewise: " + cl.why + ". The deck has no live: line for this card.").c_str());
    if (ImGui::SmallButton("Hide suggestion")) HideSuggestion(s, c.id);
    Store(s.hide_suggestion);
    ImGui::SameLine();
  }
  std::string open = std::string("Open ") + info->label + " in its own section";
  if (LinkButton(open.c_str()) && ctx.open_link) ctx.open_link(cl.link);
  if (!live.draw) return;
  ctx.answer_first = true;
  ctx.single_scroll = single_scroll;
  live.draw(info->name);
  ctx.answer_first = false;
  ctx.single_scroll = false;
}

// study?deck=NAME: a deck key ("builtin/model-memory.md"), its file name, file stem or title.
void ResolveDeckName(StudyPanelState& s, const CardLibrary& lib) {
  auto lower = [](std::string t) {
    for (char& c : t) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return t;
  };
  std::string want = lower(s.deck);
  for (const auto& d : lib.decks)
    if (d.key == s.deck) return;
  for (const auto& d : lib.decks) {
    std::string file = lower(d.key.substr(d.key.find('/') + 1));
    std::string stem = file.substr(0, file.rfind('.'));
    if (want == file || want == stem || want == lower(d.deck.title)) {
      s.deck = d.key;
      return;
    }
  }
  ErrorText("No deck is named '" + s.deck + "' (yet): showing no cards.");
}

// A card widget after its card was graded: when it comes back, and a way to review it again.
void DrawPinnedDone(StudyPanelState& s, const CardLibrary& lib, AppContext& ctx) {
  LocatedCard at = FindCard(lib, s.pinned);
  if (!at.card) {
    ErrorText("The card of this widget is no longer in any deck.");
    return;
  }
  if (ctx.fonts.heading) ImGui::PushFont(ctx.fonts.heading);
  WrappedText(at.card->title);
  if (ctx.fonts.heading) ImGui::PopFont();
  if (!s.pinned_rating.empty()) {
    std::string when = "Graded " + s.pinned_rating + ". The card comes back in " +
                       cards::FormatInterval(s.pinned_due_ms - NowMs()) + "; your progress is saved.";
    WrappedText(when);
  }
  ImGui::Spacing();
  if (ImGui::Button("Review this card again")) s.card_id = s.pinned, s.pinned_rating.clear();
}

}  // namespace

void DrawStudyPanel(StudyPanelState& s, CardLibrary& lib, const LiveSections& live, AppContext& ctx) {
  PanelTitle(ctx, "Study", "Review the cards that are due, with spaced repetition.");
  if (!lib.loaded) {
    MutedText("Loading your saved progress...");
    return;
  }
  if (!s.open_card.empty()) {  // a link asked for a particular card
    LocatedCard wanted = FindCard(lib, s.open_card, /*with_topic=*/true);
    ResetCard(s);
    if (wanted.card)
      s.card_id = wanted.card->id;
    else
      s.open_card_error = "No card has the id or topic '" + s.open_card + "'.";
    if (ctx.embed) s.pinned = wanted.card ? wanted.card->id : "", s.pinned_rating.clear();  // a card widget
    s.open_card.clear();
  }
  if (!s.open_card_error.empty()) ErrorText(s.open_card_error);
  int64_t now = NowMs();
  if (s.session_start_ms == 0) s.session_start_ms = now;
  if (!lib.recovery_message.empty()) {
    ErrorText(lib.recovery_message);
    if (ImGui::SmallButton("Dismiss")) lib.recovery_message.clear();
  }
  if (!lib.save_error.empty()) ErrorText("Progress is not being saved: " + lib.save_error);
  if (!lib.storage_error.empty()) ErrorText(lib.storage_error);

  if (!s.deck.empty()) ResolveDeckName(s, lib);
  // Queue across decks (or the chosen deck).
  cards::StudyQueue q = LibraryQueue(lib, s.deck, now);

  // Header: deck choice, due counts, settings, split view, undo (a course page's widget: counts and undo).
  const bool full_header = !ctx.embed;
  if (full_header) {
    ImGui::SetNextItemWidth(std::min(240.0f, ImGui::GetContentRegionAvail().x * 0.4f));
    std::string current = s.deck.empty() ? std::string("All decks") : s.deck;
    for (const auto& d : lib.decks)
      if (d.key == s.deck) current = d.deck.title;
    if (ImGui::BeginCombo("##deck", current.c_str())) {
      // Each deck with what it has due now under its own daily limits.
      cards::StudyQueue all = LibraryQueue(lib, "", now);
      if (ImGui::Selectable(("All decks · " + DueLabel(all.total)).c_str(), s.deck.empty()))
        s.deck.clear(), ResetCard(s);
      for (size_t i = 0; i < lib.decks.size() && i < all.per_deck.size(); ++i) {
        const LoadedDeck& d = lib.decks[i];
        std::string label = d.deck.title + " · " + DueLabel(all.per_deck[i]) + "##" + d.key;
        if (ImGui::Selectable(label.c_str(), s.deck == d.key)) s.deck = d.key, ResetCard(s);
      }
      ImGui::EndCombo();
    }
  }
  // The toolbar flows onto more lines when it does not fit (phones): an item moves down whole, never
  // cut or overlapping.
  bool first_item = !full_header;
  auto next_item = [&first_item](float width) {
    if (!first_item) SameLineIfFits(width);
    first_item = false;
  };
  auto text_w = [](const char* t) { return ImGui::CalcTextSize(t).x; };
  if (s.pinned.empty()) {
    char counts[3][32];
    std::snprintf(counts[0], sizeof counts[0], "New %d", q.total.new_available);
    std::snprintf(counts[1], sizeof counts[1], "Learning %d", q.total.learning);
    std::snprintf(counts[2], sizeof counts[2], "Review %d", q.total.review);
    const ImVec4 colors[3] = {theme::kDueNew, theme::kDueLearning, theme::kDueReview};
    for (int i = 0; i < 3; ++i) {
      next_item(text_w(counts[i]) + (i == 2 ? HelpMarkerWidth() : 0.0f));
      ImGui::TextColored(colors[i], "%s", counts[i]);
    }
    HelpMarker(
        "Due now. New: unseen cards still allowed today. Learning: cards in their first short steps (1 and 10 "
        "minutes) or relearning after a lapse. Review: cards whose FSRS interval has run out.");
  }
  bool single = lib.progress.settings.single_key_shortcuts;
  bool can_undo = cards::LastUndoableReview(lib.progress) >= 0;
  const char* undo_label = single ? "Undo (U)" : "Undo";
  next_item(text_w(undo_label) + ImGui::GetStyle().FramePadding.x * 2);
  if (!can_undo) ImGui::BeginDisabled();
  if (ImGui::SmallButton(undo_label)) StudyUndo(s, lib, ctx);
  if (!can_undo) ImGui::EndDisabled();
  if (full_header) {
    next_item(ToggleWidth("Live panel"));
    ImGui::Checkbox("Live panel", &s.show_live);
    next_item(ToggleWidth("Settings"));
    ImGui::Checkbox("Settings", &s.show_settings);
    Store(s.settings_toggle);
  }
  if (can_undo &&
      ((single && KeyPressed(keys::kLetter('u'))) || (ImGui::GetIO().KeyCtrl && KeyPressed(keys::kLetter('z')))))
    StudyUndo(s, lib, ctx);
  if (s.show_settings) DrawSettings(s, lib, ctx);
  ImGui::Separator();

  // The card on screen: keep it until graded, else take the head of the queue.
  LocatedCard at;
  if (!s.card_id.empty()) at = FindCard(lib, s.card_id);
  if (!at.card) {
    ResetCard(s);
    if (!s.pinned.empty()) {  // a card widget shows its one card only
      DrawPinnedDone(s, lib, ctx);
      return;
    }
    if (!q.items.empty()) {
      s.card_id = q.items.front().id;
      at = FindCard(lib, s.card_id);
    }
  }
  if (!at.card) {
    DrawSummary(s, lib, q, ctx);
    return;
  }

  // Wide enough for two columns (a 900 px window and up): the card on the left, its live panel on the
  // right with its result at the top. Narrower (phones): one column in the panel's one scroll region —
  // the card, its answer, the grade buttons, then the live panel.
  CardLive cl = LiveFor(at, lib.progress.settings.suggested_panels && !s.hidden_suggestions.count(at.card->id));
  bool split = s.show_live && !cl.link.empty();
  float avail = ImGui::GetContentRegionAvail().x;
  if (split && avail >= kSplitMinWidth) {
    if (ImGui::BeginTable("study_split", 2, ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV,
                          ImVec2(0, ImGui::GetContentRegionAvail().y))) {
      ImGui::TableSetupColumn("card", ImGuiTableColumnFlags_WidthStretch, 0.45f);
      ImGui::TableSetupColumn("live", ImGuiTableColumnFlags_WidthStretch, 0.55f);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::BeginChild("card_side", ImVec2(0, 0), false);
      DrawCard(s, lib, at, ctx);
      ImGui::EndChild();
      ImGui::TableNextColumn();
      ImGui::BeginChild("live_side", ImVec2(0, 0), false);
      if (s.card_id == at.card->id) DrawLive(s, *at.card, cl, live, ctx, /*single_scroll=*/false);
      ImGui::EndChild();
      ImGui::EndTable();
    }
  } else {
    DrawCard(s, lib, at, ctx);
    if (split && s.card_id == at.card->id) {
      ImGui::Spacing();
      DrawLive(s, *at.card, cl, live, ctx, /*single_scroll=*/true);
    }
  }
}

json::Value StudyBridgeState(const CardLibrary& lib, const StudyPanelState& study) {
  json::Object o{{"loaded", lib.loaded}};
  if (!lib.loaded) return o;
  int64_t now = NowMs();
  cards::StudyQueue q = LibraryQueue(lib, "", now);
  cards::SessionSummary all = cards::SummarizeSession(lib.progress, INT64_MIN);
  o.Set("new", q.total.new_available);
  o.Set("learning", q.total.learning);
  o.Set("review", q.total.review);
  o.Set("reviews", all.reviews);
  o.Set("log_entries", static_cast<double>(lib.progress.log.size()));
  o.Set("card", study.card_id);
  o.Set("revealed", study.revealed);
  o.Set("deck", study.deck);
  const cards::ProgressSettings& st = lib.progress.settings;
  o.Set("preferences", json::Object{{"desired_retention", st.desired_retention},
                                    {"single_key_shortcuts", st.single_key_shortcuts},
                                    {"suggested_panels", st.suggested_panels},
                                    {"new_cards_per_day", st.new_cards_per_day},
                                    {"reviews_per_day", st.reviews_per_day},
                                    {"new_cards_all_decks", st.new_cards_all_decks},
                                    {"reviews_all_decks", st.reviews_all_decks}});
  if (!study.deck.empty()) {  // the chosen deck's own counts (its daily limits)
    cards::StudyQueue dq = LibraryQueue(lib, study.deck, now);
    o.Set("deck_due",
          json::Object{{"new", dq.total.new_available}, {"learning", dq.total.learning}, {"review", dq.total.review}});
  }
  LocatedCard at = FindCard(lib, study.card_id);
  CardLive cl = LiveFor(at, lib.progress.settings.suggested_panels && !study.hidden_suggestions.count(study.card_id));
  o.Set("live", cl.link);
  o.Set("live_suggested", cl.suggested);
  json::Array findings;  // the number check's messages for the card on screen
  if (at.teaching)
    for (const links::NumberFinding& f : at.teaching->findings) findings.push_back(f.message);
  o.Set("findings", std::move(findings));
  o.Set("saves", lib.saves);
  o.Set("save_error", lib.save_error);
  o.Set("storage_error", lib.storage_error);
  o.Set("recovery_message", lib.recovery_message);
  o.Set("read_only", lib.read_only);
  if (!study.quiz_for.empty() && study.quiz_for == study.card_id && study.quiz.ok)  // where to click to type (tests)
    o.Set("quiz_input", RectJson(study.quiz_field.rect));
  // The controls drawn in the last frame, where a tap or a click reaches them.
  const int frame = ImGui::GetCurrentContext() ? ImGui::GetFrameCount() : -2;
  auto drawn = [frame](const StudyPanelState::DrawnRect& d) { return d.frame == frame; };
  if (!study.revealed && drawn(study.reveal_button)) o.Set("reveal", RectJson(study.reveal_button.rect));
  if (drawn(study.settings_toggle)) o.Set("settings", RectJson(study.settings_toggle.rect));
  if (cl.suggested && drawn(study.hide_suggestion)) o.Set("hide_suggestion", RectJson(study.hide_suggestion.rect));
  if (drawn(study.retention_slider)) {
    json::Object r = RectJson(study.retention_slider.rect);
    r.Set("value", lib.progress.settings.desired_retention);
    o.Set("retention", std::move(r));
  }
  if (study.revealed && drawn(study.grade_buttons[0])) {
    json::Array grades;
    for (int i = 0; i < 4; ++i) {
      json::Object g = RectJson(study.grade_buttons[i].rect);
      g.Set("rating", kGradeNames[i]);
      grades.push_back(std::move(g));
    }
    o.Set("grades", std::move(grades));
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] links

std::vector<std::string> ApplyStudyLink(StudyPanelState& state, const LiveLink& link) {
  links::Applied<links::Study> a = links::ApplyStudy(link, links::Study{state.deck, state.show_live, ""});
  if (a.config.deck != state.deck) {
    state.deck = a.config.deck;
    ResetCard(state);
  }
  state.show_live = a.config.live;
  if (link.Get("card") && !a.config.card.empty()) {
    state.open_card = a.config.card;
    state.open_card_error.clear();
  }
  return a.errors;
}

LiveLink MakeStudyLink(const StudyPanelState& state) {
  LiveLink link = links::MakeStudy(links::Study{state.deck, state.show_live, ""});
  if (!state.pinned.empty()) link.Set("card", state.pinned);  // a card widget keeps its card on reload
  return link;
}

}  // namespace bw::app
