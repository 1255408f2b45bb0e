// What a course page or an LMS can ask of the app, and what the app tells it (web/host.js carries
// the messages, web/scorm12.js the SCORM calls; this file does the work behind them).
//
//   HostCall(app, "get-progress", "", "")            → {"ok": true, "data": "<progress document>", ...}
//   HostCall(app, "set-progress", "", doc)           → {"ok": true, "message": "Progress imported: ..."}
//   HostCall(app, "load-deck", "unit3.md", text)     → {"ok": true, "deck": "imported/unit3.md", "cards": 12}
//   HostCall(app, "compact-get", "", tally)          → {"ok": true, "data": "B1|...", "kept": 38, "total": 38}
//   HostCall(app, "compact-set", "", "B1|...")       → {"ok": true, "taken": 38, "quiz_correct": 3, ...}
//   GradedEventJson(...), QuizAnsweredEventJson(...) → the `graded` / `quiz-answered` event fields
//   MeasurePreferredSize()                           → CSS px the open section would like (embed `resize`)
//   DarkenDrawData(ImGui::GetDrawData())             → theme=dark: lightness inverted, hues kept
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "app/app.h"
#include "core/cards/deck.h"
#include "core/cards/fsrs.h"
#include "core/quiz/quiz.h"

struct ImDrawData;

namespace bw::app {

// The bridge's dispatch (window.bytewise.dispatch, host.js `open`, the parallel DOM's controls): one
// JSON message such as {"type": "open", "panel": "memory"} or {"type": "grade", "rating": 3}, read with
// a size limit, answered with {"ok", "errors": [...], "panel"} or {"ok": false, "error"}. Never throws.
// Messages over kMaxDispatchBytes are refused unread.
inline constexpr size_t kMaxDispatchBytes = 1u << 20;
std::string DispatchMessage(AppState& app, AppContext& ctx, const std::string& message);

// One host request. `name` is the deck file name for load-deck; `payload` is the deck text, the
// progress document, the compact text, or for compact-get the quiz tally "correct.answered".
// Never throws; always returns a JSON object with "ok" (and "error" when false).
std::string HostCall(AppState& app, std::string_view type, std::string_view name, std::string_view payload);

std::string GradedEventJson(const cards::Card& card, const std::string& deck, cards::Rating rating,
                            const cards::SchedCard& after);
std::string QuizAnsweredEventJson(const cards::Card& card, const cards::QuizQuestion& q, std::string_view typed,
                                  const cards::GradeResult& grade);

// "2026-12-02T05:07:00.000Z"
std::string Iso8601(int64_t unix_ms);

struct PreferredSize {
  int width = 0, height = 0;
};
// Call after DrawApp and before ImGui::Render: the size at which the open section would show all of
// its content without scrolling (height 360..4000, width ≥ 320), from the windows' content extents.
PreferredSize MeasurePreferredSize();

// Dark theme: maps every vertex colour drawn with the font atlas to the same hue with inverted
// lightness (light backgrounds become dark, dark text light, mid-tone accents stay).
void DarkenDrawData(ImDrawData* data);
// The same mapping for one colour (r, g, b in 0..1), e.g. the clear colour.
void DarkenColor(float* r, float* g, float* b);

}  // namespace bw::app
