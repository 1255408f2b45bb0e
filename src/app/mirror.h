// The parallel DOM (PhET's "interactive description"): a plain description of what the visible
// section shows, so screen readers, keyboards and phones get the real content of the canvas.
//
//   json::Value doc = MirrorDocument(app, ctx);   // after DrawApp, once per drawn frame
//   Announce("Good recorded; ...");               // one polite live-region message per action
//   MirrorDispatch(app, ctx, {"type": "grade", "grade": 3}, &error);  // a DOM control was used
//
// MirrorDocument only reads: every figure in it comes from the engine result structs the panels
// hold (or from the same engine calls the panels make), never computed here. The platform layer
// hashes the document and calls web/a11y.js only when it changed (src/platform/mirror_bridge.cpp).
//
// Document: {"panel", "label", "sections": [{"name", "label", "current"}], "body": [node...],
// "focus": id of the control to focus after a rebuild when the focused one is gone}. Nodes
// ({"t": ...}): h2/h3/h4 {text}, p {text}, ul {items}, pre {text}, table {caption, head, rows},
// group/section {label, kids}, button {id, text, act, disabled, keys}, input {id, label, value,
// hint, act, submit ("enter" = act on Enter/Check, "change" = act on every change), inputmode},
// select {id, label, value, options: [[value, label]...], act}. `act` is the dispatch message the
// control sends; inputs and selects add "text"/"value".
#pragma once

#include <cstdint>
#include <string>

#include "app/context.h"
#include "core/util/json.h"

namespace bw::app {

struct AppState;

json::Value MirrorDocument(const AppState& app, const AppContext& ctx);

// Each section's part of the document (the panel table's `mirror` entries, app.h): its headline,
// controls and tables, appended to `body`.
void MirrorStudy(json::Array& body, const AppState& app, const AppContext& ctx);
void MirrorFormats(json::Array& body, const AppState& app, const AppContext& ctx);
void MirrorQuantize(json::Array& body, const AppState& app, const AppContext& ctx);
void MirrorTrain(json::Array& body, const AppState& app, const AppContext& ctx);
void MirrorMemory(json::Array& body, const AppState& app, const AppContext& ctx);
void MirrorDecks(json::Array& body, const AppState& app, const AppContext& ctx);

// Queues a polite announcement; the last one queued before the next mirror update wins, so one
// action gives one message (never a flood). Taken by the platform layer with TakeAnnouncement().
void Announce(const std::string& text);
std::string TakeAnnouncement();

// The dispatch types the parallel DOM sends (reveal, grade, undo, quiz-answer, set, train,
// deck-import, progress-export, progress-import, prefs).
bool IsMirrorAction(const std::string& type);
// Applies one through the same functions the ImGui buttons call. False + error when it does not
// apply ("no answer to grade: reveal it first", unknown key...).
bool MirrorDispatch(AppState& app, AppContext& ctx, const json::Value& message, std::string* error);

// Records the screen rectangle of the ImGui text field just drawn (call right after InputText),
// so touch devices can put a real <input> over it (the on-screen keyboard needs one).
void NoteTextField(const char* id);
// {"quiz-answer": [x, y, w, h], ...} of the fields drawn in the last frame (CSS px).
json::Value TextFieldRects();

// Card Markdown as one line of plain text (LaTeX as Unicode, emphasis dropped) for announcements.
std::string CardPlainText(const std::string& markdown);
// A button's interval label said in words: "10m" → "10 minutes", "1d" → "1 day", "<1m" → "less than a minute".
std::string SpokenInterval(const std::string& label);
std::string SpokenInterval(int64_t ms);

}  // namespace bw::app
