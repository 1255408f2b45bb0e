// Panel "Study": Review the cards that are due, with spaced repetition (FSRS-6).
//
// The queue runs across all decks (or one, with study?deck=KEY): question → reveal (Space/Enter) →
// Again/Hard/Good/Easy (1–4, each button shows its next interval) → progress saved at once. U or
// Ctrl+Z undoes the last grade. Single-key shortcuts can be switched off in the settings (WCAG 2.1.4).
// A card's `live:` link is drawn beside it (split view); a `quiz:` line asks a computed question.
// Decks and progress live in the card library (card_library.h), which the panel table hands it.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "app/card_library.h"
#include "app/context.h"
#include "core/quiz/quiz.h"
#include "core/util/json.h"
#include "core/util/livelink.h"

namespace bw::app {

struct StudyPanelState {
  std::string deck;       // deck key to study ("" = every deck); LiveLink key "deck"
  bool show_live = true;  // split view with the card's live panel; LiveLink key "live"
  bool show_settings = false;
  std::string card_id;          // card on screen ("" = take the next one from the queue)
  std::string open_card;        // LiveLink key "card": a card id or topic to show next, due or not
  std::string open_card_error;  // "no card has id or topic 'x'", shown in the panel
  bool revealed = false;
  int64_t session_start_ms = 0;              // for the session summary (0 = not started)
  std::string applied_live;                  // "<card id> <link>" last applied, so a link is applied once per card
  std::set<std::string> hidden_suggestions;  // cards whose suggested live panel the learner hid
  std::vector<std::string> live_errors;
  // Computed quiz of the current card.
  std::string quiz_for;  // card id the quiz belongs to
  uint64_t quiz_seed = 0;
  cards::QuizMake quiz;
  char quiz_input[96] = {};
  bool quiz_checked = false;
  cards::GradeResult quiz_grade;
  // Where the bridge (and the browser tests) find the controls: screen rectangles (CSS px) and the ImGui
  // frame that drew them: the quiz's answer field, "Show answer", the four grade buttons, the "Settings"
  // toggle and the desired-retention slider.
  struct DrawnRect {
    ScreenRect rect;
    int frame = -1;
  };
  DrawnRect quiz_field, reveal_button, grade_buttons[4], settings_toggle, retention_slider, hide_suggestion;
  // Embed mode (a course page's card widget, study?card=X): the one card shown, and after grading
  // how it was graded and when it comes back.
  std::string pinned;
  std::string pinned_rating;
  int64_t pinned_due_ms = 0;
};

// How Study shows a card's `live:` section beside the card; the panel table supplies both.
struct LiveSections {
  std::function<std::vector<std::string>(const LiveLink& link)> apply;  // the link onto its section's state
  std::function<void(const std::string& section)> draw;                 // that section's body, here
};

void DrawStudyPanel(StudyPanelState& state, CardLibrary& library, const LiveSections& live, AppContext& ctx);
// LiveLink "study?deck=KEY&live=0&card=ID_OR_TOPIC" → state (card: show that card now, e.g. from a
// Memory breakdown line's "card" link; studying it early is allowed). Returns errors (bad values, unknown keys); valid keys still apply.
std::vector<std::string> ApplyStudyLink(StudyPanelState& state, const LiveLink& link);
// state → LiveLink "study?..." (the inverse of ApplyStudyLink).
LiveLink MakeStudyLink(const StudyPanelState& state);

inline constexpr const char* kGradeNames[4] = {"Again", "Hard", "Good", "Easy"};  // ratings 1..4

// The learner's actions on the card on screen. The panel's buttons and keys and the parallel DOM
// (mirror.h) all call these; each says what happened in the live region. False when it does not
// apply (no card, answer not revealed, quiz answer unreadable, nothing to undo).
bool StudyReveal(StudyPanelState& state, const CardLibrary& library);
bool StudyCheckQuiz(StudyPanelState& state, const CardLibrary& library, const std::string& typed, AppContext& ctx);
bool StudyGrade(StudyPanelState& state, CardLibrary& library, int rating, AppContext& ctx);  // 1..4
bool StudyUndo(StudyPanelState& state, CardLibrary& library, AppContext& ctx);
// Changes one learner setting and saves it (the parallel DOM's settings form; the canvas has sliders):
// desired_retention 0.70..0.99, single_key_shortcuts and suggested_panels on/off, the daily limits
// new_cards_per_day, reviews_per_day, new_cards_all_decks, reviews_all_decks 0..9999. False + error
// naming the key when the value is refused (nothing changes then).
bool StudySetSetting(CardLibrary& library, const std::string& key, const std::string& value, std::string* error);
// Hides the suggested live panel of the card on screen (this session). False if it has none.
bool StudyHideSuggestion(StudyPanelState& state, const CardLibrary& library);
// What browser tests and embedding pages can read about studying (for the bridge's state()):
// {"loaded", "new", "learning", "review" (due now, all decks), "reviews" (graded, not undone),
//  "log_entries", "card" (id on screen), "revealed", "saves", "save_error", "read_only",
//  "quiz_input" {x, y, w, h} while a computed question is shown,
//  "reveal" {x, y, w, h} while "Show answer" is on screen, "grades" [{rating, x, y, w, h}] x 4 while the
//  grade buttons are, "settings" {x, y, w, h} (the Settings toggle) and "retention" {x, y, w, h, value}
//  (the desired-retention slider while the settings are open), all as drawn in the last frame}.
json::Value StudyBridgeState(const CardLibrary& library, const StudyPanelState& study);

// Draws card Markdown in the current window: wrapped paragraphs, LaTeX as Unicode, code blocks in
// the mono font on a tinted background (used by Study and by the Decks card browser).
void DrawCardText(const std::string& markdown, const AppContext& ctx);

}  // namespace bw::app
