// [SECTION] host calls (progress, decks, compact state)
// [SECTION] events
// [SECTION] embed size
// [SECTION] dark theme
#include "app/host_api.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <unordered_set>
#include <vector>

#include "app/mirror.h"
#include "core/cards/compact.h"
#include "core/cards/progress.h"
#include "core/util/json.h"

namespace bw::app {

// ---------------------------------------------------------------------------------------------
// [SECTION] host calls (progress, decks, compact state)

namespace {

constexpr size_t kCompactLimit = 4096;  // SCORM 1.2 cmi.suspend_data

std::string Fail(const std::string& error) {
  return json::Write(json::Value(json::Object{{"ok", false}, {"error", error}}));
}

std::vector<std::string> KnownIds(const CardLibrary& lib) {
  std::vector<std::string> ids;
  for (const auto& d : lib.decks)
    for (const auto& c : d.deck.cards) ids.push_back(c.id);
  return ids;
}

cards::QuizTally ParseTally(std::string_view s) {
  cards::QuizTally t;
  int c = 0, a = 0;
  std::string text(s.substr(0, 40));
  if (std::sscanf(text.c_str(), "%d.%d", &c, &a) == 2 && c >= 0 && a >= c && a < 1000000) t = {c, a};
  return t;
}

}  // namespace

std::string DispatchMessage(AppState& app, AppContext& ctx, const std::string& message) {
  json::Object reply;
  auto fail = [&](const std::string& e) {
    reply.Set("ok", false);
    reply.Set("error", e);
    return json::Write(json::Value(reply));
  };
  if (message.size() > kMaxDispatchBytes)
    return fail("dispatch: message is " + std::to_string(message.size()) + " bytes; messages are limited to " +
                std::to_string(kMaxDispatchBytes) + " bytes");
  json::ParseResult parsed = json::Parse(message);
  if (!parsed.ok) return fail("dispatch: message is not JSON (" + parsed.error + ")");
  const json::Value& m = parsed.value;
  if (!m.IsObject())
    return fail("dispatch: message must be an object like {\"type\": \"open\", \"panel\": \"memory\"}");
  const std::string& type = m.Find("type") ? m.Find("type")->AsString() : std::string();
  std::vector<std::string> errors;
  if (type == "open") {
    std::string link;
    if (const json::Value* l = m.Find("link"))
      link = l->AsString();
    else if (const json::Value* pn = m.Find("panel"))
      link = pn->AsString();
    if (link.empty())
      return fail("dispatch open: give \"panel\" (e.g. \"memory\") or \"link\" (e.g. \"formats?value=0.1\")");
    errors = OpenLink(app, link);
  } else if (IsMirrorAction(type)) {  // the parallel DOM's controls (app/mirror.h)
    std::string error;
    if (!MirrorDispatch(app, ctx, m, &error)) errors.push_back(error);
  } else {
    return fail("dispatch: unknown type '" + type.substr(0, 60) +
                "' (known: open, reveal, grade, undo, quiz-answer, set, train, "
                "deck-import, progress-export, progress-import, prefs)");
  }
  reply.Set("ok", errors.empty());
  json::Array arr;
  for (const auto& e : errors) arr.push_back(e);
  reply.Set("errors", std::move(arr));
  reply.Set("panel", GetPanelInfo(app.panel).name);
  return json::Write(json::Value(std::move(reply)));
}

std::string HostCall(AppState& app, std::string_view type, std::string_view name, std::string_view payload) {
  CardLibrary& lib = app.library;
  if (!lib.loaded) return Fail("progress is still loading; try again after the app has drawn its study queue");
  if (type == "get-progress") {
    json::Object o{{"ok", true}, {"data", cards::SaveProgress(lib.progress)}};
    o.Set("format", cards::kProgressFormat);
    o.Set("schema_version", cards::kProgressSchemaVersion);
    o.Set("cards", static_cast<double>(lib.progress.cards.size()));
    o.Set("log_entries", static_cast<double>(lib.progress.log.size()));
    return json::Write(json::Value(std::move(o)));
  }
  if (type == "set-progress") {
    cards::ProgressLoad l = cards::LoadProgress(payload);
    if (l.status != cards::LoadStatus::kOk)
      return Fail("set-progress: " + (l.message.empty() ? std::string("the document is empty") : l.message));
    std::string message;
    if (cards::SaveProgress(l.progress) == cards::SaveProgress(lib.progress) && !lib.read_only) {
      message = "Progress unchanged (the same document is already loaded).";
    } else if (!ImportProgressText(lib, std::string(payload), &message)) {
      return Fail("set-progress: " + message);
    }
    json::Object o{{"ok", true}, {"message", message}};
    o.Set("cards", static_cast<double>(lib.progress.cards.size()));
    o.Set("log_entries", static_cast<double>(lib.progress.log.size()));
    return json::Write(json::Value(std::move(o)));
  }
  if (type == "load-deck") {
    std::string message;
    std::string key;
    if (!ImportDeckText(lib, std::string(name), std::string(payload), &message, &key))
      return Fail("load-deck: " + message);
    app.decks.selected = key;  // the Decks section shows the deck that arrived
    json::Object o{{"ok", true}, {"message", message}, {"deck", key}};
    for (const auto& d : lib.decks)
      if (d.key == key) {
        o.Set("title", d.deck.title);
        o.Set("cards", d.stats.cards);
        o.Set("errors", d.stats.errors);
        o.Set("warnings", d.stats.warnings);
      }
    return json::Write(json::Value(std::move(o)));
  }
  if (type == "compact-get") {
    cards::CompactEncode e = cards::EncodeCompactEx(lib.progress, ParseTally(payload), kCompactLimit);
    json::Object o{{"ok", true}, {"data", e.text}, {"kept", e.kept}, {"total", e.total}};
    o.Set("length", static_cast<double>(e.text.size()));
    return json::Write(json::Value(std::move(o)));
  }
  if (type == "compact-set") {
    cards::CompactDecode d = cards::DecodeCompact(payload, KnownIds(lib));
    if (!d.ok) return Fail("suspend_data is not usable (" + d.error + "); starting from this browser's progress");
    int taken = cards::MergeCompact(lib.progress, d);
    std::string error;
    bool saved = taken == 0 || SaveCardProgress(lib, &error);
    json::Object o{{"ok", true}, {"taken", taken}, {"kept", d.kept}, {"total", d.total}};
    o.Set("unknown", static_cast<double>(d.unknown.size()));
    o.Set("quiz_correct", d.quiz.correct);
    o.Set("quiz_answered", d.quiz.answered);
    o.Set("saved", saved);
    if (!saved) o.Set("save_error", error);
    return json::Write(json::Value(std::move(o)));
  }
  return Fail("unknown host call '" + std::string(type.substr(0, 40)) + "'");
}

// ---------------------------------------------------------------------------------------------
// [SECTION] events

std::string Iso8601(int64_t unix_ms) {
  std::time_t t = static_cast<std::time_t>(unix_ms >= 0 ? unix_ms / 1000 : (unix_ms - 999) / 1000);
  int ms = static_cast<int>(unix_ms - static_cast<int64_t>(t) * 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
  return buf;
}

std::string GradedEventJson(const cards::Card& card, const std::string& deck, cards::Rating rating,
                            const cards::SchedCard& after) {
  json::Object o{{"card", card.id},
                 {"deck", deck},
                 {"grade", static_cast<int>(rating)},
                 {"rating", cards::RatingName(rating)},
                 {"due", Iso8601(after.due_ms)}};
  o.Set("title", card.title);
  o.Set("state", cards::StateName(after.state));
  return json::Write(json::Value(std::move(o)));
}

std::string QuizAnsweredEventJson(const cards::Card& card, const cards::QuizQuestion& q, std::string_view typed,
                                  const cards::GradeResult& grade) {
  double raw = grade.correct ? 1 : 0;
  json::Object score{{"raw", raw}, {"min", 0}, {"max", 1}, {"scaled", raw}};
  json::Object o{{"card", card.id},
                 {"generator", q.generator},
                 {"correct", grade.correct},
                 {"typed", std::string(typed)},
                 {"answer", q.answer}};
  o.Set("unit", q.unit);
  o.Set("score", std::move(score));
  return json::Write(json::Value(std::move(o)));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] embed size

// Every panel fills the window with children of size 0 (= the space left). The innermost windows
// that reach the bottom of their parent's content region are those that take the slack; each one's
// own content extent minus its height is how much taller (or shorter) the page would like to be.
PreferredSize MeasurePreferredSize() {
  ImGuiContext& g = *GImGui;
  ImGuiViewport* vp = ImGui::GetMainViewport();
  PreferredSize out{static_cast<int>(vp->Size.x), static_cast<int>(vp->Size.y)};
  ImGuiWindow* root = ImGui::FindWindowByName("Bytewise");
  if (!root || !root->Active) return out;
  auto fills = [&](ImGuiWindow* w) {
    while (w != root) {
      ImGuiWindow* p = w->ParentWindow;
      if (!p || !(w->Flags & ImGuiWindowFlags_ChildWindow)) return false;
      if (std::fabs(w->Pos.y + w->Size.y - p->ContentRegionRect.Max.y) > 1.5f) return false;
      w = p;
    }
    return true;
  };
  // Windows that take the slack, and of those the innermost (a fill window holding another one only
  // passes its size on; children that do not fill are just part of their parent's content).
  std::vector<ImGuiWindow*> filling;
  std::unordered_set<ImGuiWindow*> parents;
  for (ImGuiWindow* w : g.Windows)
    if (w->Active && w->RootWindow == root && fills(w)) {
      filling.push_back(w);
      if (w != root) parents.insert(w->ParentWindow);
    }
  float dy = -FLT_MAX, dx = 0;
  for (ImGuiWindow* w : filling) {
    if (parents.count(w)) continue;
    float content_h = w->DC.CursorMaxPos.y - w->DC.CursorStartPos.y + w->WindowPadding.y * 2;
    float content_w = w->DC.CursorMaxPos.x - w->DC.CursorStartPos.x + w->WindowPadding.x * 2;
    dy = std::max(dy, content_h - w->Size.y);
    dx = std::max(dx, content_w - w->Size.x);
  }
  if (dy == -FLT_MAX) dy = 0;
  out.height = std::clamp(static_cast<int>(std::ceil(vp->Size.y + dy)), 360, 4000);
  out.width = std::max(320, static_cast<int>(std::ceil(vp->Size.x + std::max(0.0f, dx))));
  return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] dark theme

void DarkenColor(float* r, float* g, float* b) {
  float mx = std::max({*r, *g, *b}), mn = std::min({*r, *g, *b});
  float l = (mx + mn) * 0.5f, d = mx - mn;
  float h = 0, s = 0;
  if (d > 1e-6f) {
    s = l > 0.5f ? d / (2 - mx - mn) : d / (mx + mn);
    if (mx == *r)
      h = (*g - *b) / d + (*g < *b ? 6 : 0);
    else if (mx == *g)
      h = (*b - *r) / d + 2;
    else
      h = (*r - *g) / d + 4;
    h /= 6;
  }
  float l2 = 0.09f + 0.84f * (1 - l);  // white → 0.09 (background), near-black text → 0.8
  auto hue = [](float p, float q, float t) {
    if (t < 0) t += 1;
    if (t > 1) t -= 1;
    if (t < 1.0f / 6) return p + (q - p) * 6 * t;
    if (t < 0.5f) return q;
    if (t < 2.0f / 3) return p + (q - p) * (2.0f / 3 - t) * 6;
    return p;
  };
  if (s <= 1e-6f) {
    *r = *g = *b = l2;
    return;
  }
  float q = l2 < 0.5f ? l2 * (1 + s) : l2 + s - l2 * s;
  float p = 2 * l2 - q;
  *r = hue(p, q, h + 1.0f / 3);
  *g = hue(p, q, h);
  *b = hue(p, q, h - 1.0f / 3);
}

void DarkenDrawData(ImDrawData* data) {
  if (!data) return;
  ImTextureID font = ImGui::GetIO().Fonts->TexID;
  std::vector<char> skip;
  for (int n = 0; n < data->CmdListsCount; ++n) {
    ImDrawList* list = data->CmdLists[n];
    skip.assign(static_cast<size_t>(list->VtxBuffer.Size), 0);
    for (const ImDrawCmd& cmd : list->CmdBuffer) {  // images keep their colours
      if (cmd.UserCallback || cmd.TextureId == font) continue;
      for (unsigned i = 0; i < cmd.ElemCount; ++i) {
        unsigned v = list->IdxBuffer[static_cast<int>(cmd.IdxOffset + i)] + cmd.VtxOffset;
        if (v < skip.size()) skip[v] = 1;
      }
    }
    ImU32 last_in = 0, last_out = 0;
    bool have = false;
    for (int i = 0; i < list->VtxBuffer.Size; ++i) {
      if (skip[static_cast<size_t>(i)]) continue;
      ImU32& c = list->VtxBuffer[i].col;
      if (have && c == last_in) {
        c = last_out;
        continue;
      }
      last_in = c;
      float r = static_cast<float>(c & 0xFF) / 255.0f, gr = static_cast<float>((c >> 8) & 0xFF) / 255.0f,
            b = static_cast<float>((c >> 16) & 0xFF) / 255.0f;
      DarkenColor(&r, &gr, &b);
      auto byte = [](float x) { return static_cast<ImU32>(std::lround(std::clamp(x, 0.0f, 1.0f) * 255.0f)); };
      c = (c & 0xFF000000u) | byte(r) | (byte(gr) << 8) | (byte(b) << 16);
      last_out = c;
      have = true;
    }
  }
}

}  // namespace bw::app
