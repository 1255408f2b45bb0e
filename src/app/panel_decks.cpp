// Panel "Decks" and the card library it owns (decks + progress, loaded from and saved to storage).
//
// [SECTION] library: loading, import, save
// [SECTION] panel
// [SECTION] links
#include "app/panel_decks.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "app/app.h"
#include "app/panel_study.h"
#include "app/storage.h"
#include "app/widgets.h"
#include "core/cards/study.h"
#include "core/links/deck_check.h"
#include "core/links/links.h"
#include "core/quiz/quiz.h"
#include "core/util/text.h"

namespace bw::app {

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] library: loading, import, save

constexpr const char* kProgressName = "progress.json";
constexpr const char* kDeckPrefix = "deck-";

std::string BuiltinDeckDir() {
#ifdef __EMSCRIPTEN__
  return "/assets/decks";
#elif defined(BW_ASSETS_DIR)
  return std::string(BW_ASSETS_DIR) + "/decks";
#else
  return "assets/decks";
#endif
}

// "My Deck (1).md" -> "My_Deck__1_.md": a name storage accepts.
std::string SafeName(const std::string& name) {
  std::string base = name.substr(name.find_last_of("/\\") == std::string::npos ? 0 : name.find_last_of("/\\") + 1);
  std::string out;
  for (char c : base) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    out += ok ? c : '_';
  }
  while (!out.empty() && out[0] == '.') out.erase(0, 1);
  if (out.size() > 100) out = out.substr(out.size() - 100);
  if (out.empty()) out = "deck.md";
  return out;
}

LoadedDeck MakeLoaded(const std::string& key, const std::string& source, const std::string& file_name,
                      const std::string& text) {
  LoadedDeck d;
  d.key = key;
  d.source = source;
  d.deck = cards::ParseDeck(text, file_name, cards::CheckQuizLine);
  links::CheckLiveLines(d.deck);
  d.stats = cards::ComputeDeckStats(d.deck);
  return d;
}

void LoadBuiltinDecks(CardLibrary& lib) {
  std::string dir = BuiltinDeckDir();
  const std::vector<std::string> names = GetStorage().ListAssets(dir, ".md");
  const std::string prefix = dir + "/";
  for (const auto& n : names)
    if (auto text = GetStorage().ReadAsset(prefix + n))
      lib.decks.push_back(MakeLoaded("builtin/" + n, "built-in", n, *text));
}

void LoadImportedDecks(CardLibrary& lib) {
  for (const std::string& stored : GetStorage().List(kDeckPrefix)) {
    if (stored.size() > 4 &&
        (stored.compare(stored.size() - 4, 4, ".bak") == 0 || stored.compare(stored.size() - 4, 4, ".tmp") == 0))
      continue;
    auto text = GetStorage().Read(stored);
    if (!text) continue;
    std::string name = stored.substr(std::char_traits<char>::length(kDeckPrefix));
    LoadedDeck d = MakeLoaded("imported/" + name, "imported", name, *text);
    d.storage_name = stored;
    lib.decks.push_back(std::move(d));
  }
}

void LoadProgress(CardLibrary& lib) {
  auto main_text = GetStorage().Read(kProgressName);
  auto backup_text = GetStorage().Read(std::string(kProgressName) + ".bak");
  cards::ProgressRecovery r = cards::RecoverProgress(main_text, backup_text);
  lib.progress = std::move(r.progress);
  lib.read_only = r.read_only;
  lib.recovery_message = r.message;
  if (r.keep_main_aside && main_text) {
    std::string kept = "progress-kept-" + std::to_string(NowMs()) + ".json";
    std::string error;
    if (GetStorage().Write(kept, *main_text, &error))
      lib.recovery_message += " (Kept as " + kept + ".)";
    else
      lib.recovery_message += " (Could not keep a copy: " + error + ".)";
  }
}

void TakeOpenedFiles(DecksPanelState& state, AppContext& ctx) {
  OpenedFile f;
  while (GetStorage().TakeOpenedFile(&f)) {
    std::string message;
    bool deck = f.purpose != "progress";
    bool ok = deck ? ImportDeckText(state, f.name, f.text, &message) : ImportProgressText(state, f.text, &message);
    state.message = message;
    if (ctx.notify) ctx.notify(message);
    if (ok && ctx.open_link) {  // show what arrived: the deck in the browser, or the study queue
      LiveLink link{deck ? "decks" : "study", {}};
      if (deck) link.Set("deck", state.selected);
      ctx.open_link(FormatLiveLink(link));
    }
  }
}

std::string TodayStamp() {
  std::time_t t = static_cast<std::time_t>(NowMs() / 1000);
  std::tm tm{};
#ifdef _WIN32
  gmtime_s(&tm, &t);
#else
  gmtime_r(&t, &tm);
#endif
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void UpdateCardLibrary(DecksPanelState& state, AppContext& ctx) {
  CardLibrary& lib = state.library;
  if (!lib.loaded) {
    GetStorage().Init();  // idempotent; normally already called by the main loop at start-up
    if (!GetStorage().Ready() && GetStorage().Busy()) {
      ctx.wants_animation = true;  // the IndexedDB load finishes asynchronously
      return;
    }
    // Not ready and not busy: storage is unavailable; study anyway (saves then report the problem).
    LoadBuiltinDecks(lib);
    LoadImportedDecks(lib);
    LoadProgress(lib);
    lib.loaded = true;
    lib.loaded_at_ms = NowMs();
  }
  if (GetStorage().Busy()) ctx.wants_animation = true;  // a file pick or sync is in flight
  lib.storage_error = GetStorage().Error();             // asynchronous sync results arrive here
  TakeOpenedFiles(state, ctx);
}

bool ImportDeckText(DecksPanelState& state, const std::string& name, const std::string& text, std::string* message) {
  CardLibrary& lib = state.library;
  std::string safe = SafeName(name);
  LoadedDeck d = MakeLoaded("imported/" + safe, "imported", safe, text);
  if (d.deck.cards.empty()) {
    std::string why = d.deck.diagnostics.empty() ? "no cards found" : d.deck.diagnostics.front().message;
    if (message) *message = "Not imported: " + safe + " has no usable card (" + why + ").";
    return false;
  }
  d.storage_name = kDeckPrefix + safe;
  std::string error;
  bool stored = lib.loaded && GetStorage().Write(d.storage_name, text, &error);
  char summary[160];
  std::snprintf(summary, sizeof summary, "Deck imported: %s, %d cards (%d errors, %d warnings)", safe.c_str(),
                d.stats.cards, d.stats.errors, d.stats.warnings);
  std::string msg = summary;
  if (!stored) msg += lib.loaded ? "; not kept for next time: " + error : "; not kept yet (storage still loading)";
  auto it = std::find_if(lib.decks.begin(), lib.decks.end(), [&](const LoadedDeck& x) { return x.key == d.key; });
  state.selected = d.key;
  if (it != lib.decks.end()) {
    *it = std::move(d);
    msg += " (replaced the earlier import)";
  } else {
    lib.decks.push_back(std::move(d));
  }
  if (message) *message = msg + ".";
  return true;
}

bool SaveCardProgress(DecksPanelState& state, std::string* error) {
  CardLibrary& lib = state.library;
  std::string err;
  if (lib.read_only) {
    err = "progress is read-only (saved by a newer Bytewise)";
  } else if (!lib.loaded) {
    err = "progress is not loaded yet";
  } else {
    // Validate before writing: a document that would not load back never replaces the last good copy.
    std::string doc;
    if (cards::SaveProgressChecked(lib.progress, &doc, &err) && GetStorage().Write(kProgressName, doc, &err)) {
      lib.save_error.clear();
      lib.saves++;
      return true;
    }
  }
  lib.save_error = err;
  if (error) *error = err;
  return false;
}

bool ImportProgressText(DecksPanelState& state, const std::string& text, std::string* message) {
  CardLibrary& lib = state.library;
  cards::ProgressLoad l = cards::LoadProgress(text);
  if (l.status != cards::LoadStatus::kOk) {
    if (message)
      *message = "Progress not imported: " + (l.message.empty() ? std::string("the file is empty") : l.message) + ".";
    return false;
  }
  std::string error;
  std::string kept = "progress-before-import-" + std::to_string(NowMs()) + ".json";
  if (lib.loaded && !lib.read_only && !lib.progress.log.empty())
    GetStorage().Write(kept, cards::SaveProgress(lib.progress), &error);
  lib.progress = std::move(l.progress);
  lib.read_only = false;
  lib.recovery_message.clear();
  bool saved = SaveCardProgress(state, &error);
  if (message)
    *message = "Progress imported: " + std::to_string(lib.progress.log.size()) + " log entries, " +
               std::to_string(lib.progress.cards.size()) + " cards" + (saved ? "." : "; not saved: " + error + ".");
  return true;
}

bool DecksImportDeck() { return GetStorage().RequestOpenFile(".md,.markdown,.txt", "deck"); }
bool DecksImportProgress() { return GetStorage().RequestOpenFile(".json", "progress"); }

void DecksExportProgress(DecksPanelState& state, AppContext& ctx) {
  std::string where;
  GetStorage().ExportTextFile("bytewise-progress-" + TodayStamp() + ".json",
                              cards::SaveProgress(state.library.progress), &where);
  state.message = "Progress exported: " + where + ".";
  if (ctx.notify) ctx.notify(state.message);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] panel

namespace {

void DrawToolbar(DecksPanelState& state, AppContext& ctx) {
  CardLibrary& lib = state.library;
  // The buttons flow onto more lines in a narrow window (a phone), each whole.
  [[maybe_unused]] auto button_w = [](const char* label) {
    return ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
  };
#ifdef __EMSCRIPTEN__
  if (ImGui::Button("Import deck...")) DecksImportDeck();
  SameLineIfFits(button_w("Export progress"));
#endif
  if (ImGui::Button("Export progress")) DecksExportProgress(state, ctx);
#ifdef __EMSCRIPTEN__
  SameLineIfFits(button_w("Import progress...") + HelpMarkerWidth());
  if (ImGui::Button("Import progress...")) DecksImportProgress();
#endif
  HelpMarker(
      "Decks are Markdown files (#### title, :p question, ??x, answer, x?\?). Drop a .md file on the window to "
      "import it. Progress (every card's schedule and the review log) is saved after each grade; export it to "
      "keep a copy or move it to another browser.");
  std::string where =
      "Saved in " + GetStorage().Location() + "; " + std::to_string(lib.progress.log.size()) + " log entries.";
  MutedText(where.c_str());
  if (!state.message.empty()) MutedText(state.message.c_str());
}

void DrawDeckTable(DecksPanelState& state, const cards::StudyQueue& queue, AppContext& ctx) {
  CardLibrary& lib = state.library;
  // Narrow (a phone, ctx.single_scroll): the deck, its cards, what is due and its problems, in the
  // section's one scroll region; wider: every column, the table scrolling past six decks.
  const bool narrow = ctx.single_scroll;
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp |
                          (narrow ? 0 : ImGuiTableFlags_ScrollY);
  float rows = static_cast<float>(std::min<size_t>(lib.decks.size(), 6) + 1);
  const int columns = narrow ? 4 : 7;
  if (!ImGui::BeginTable("decks", columns, flags,
                         ImVec2(0, narrow ? 0.0f : ImGui::GetFrameHeightWithSpacing() * (rows + 0.3f))))
    return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Deck", ImGuiTableColumnFlags_WidthStretch, 3.0f);
  if (!narrow) ImGui::TableSetupColumn("Source", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("Cards", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn(narrow ? "Due" : "Due now", ImGuiTableColumnFlags_WidthFixed);
  if (!narrow) ImGui::TableSetupColumn("Live", ImGuiTableColumnFlags_WidthFixed);
  if (!narrow) ImGui::TableSetupColumn("Quiz", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("Problems", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableHeadersRow();
  for (size_t i = 0; i < lib.decks.size(); ++i) {
    const LoadedDeck& d = lib.decks[i];
    const cards::DeckDue& due = queue.per_deck[i];
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    bool selected = state.selected == d.key;
    std::string label = d.deck.title + "##" + d.key;
    bool picked = false;
    if (!narrow) {
      picked = ImGui::Selectable(label.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns);
    } else {  // the title wrapped in its column
      picked = WrappedSelectable(d.deck.title, ("##" + d.key).c_str(), selected, ImGuiSelectableFlags_SpanAllColumns);
    }
    if (picked) {
      state.selected = d.key;
      state.open_card.clear();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", d.deck.file_name.c_str());
    if (!narrow) {
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(d.source.c_str());
    }
    ImGui::TableNextColumn();
    ImGui::Text("%d", d.stats.cards);
    ImGui::TableNextColumn();
    ImGui::Text("%d", due.DueNow());
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%d new (of %d unseen), %d learning, %d review due now; %d later", due.new_available,
                        due.new_total, due.learning, due.review, due.due_later);
    if (!narrow) {
      ImGui::TableNextColumn();
      ImGui::Text("%d", d.stats.with_live);
      ImGui::TableNextColumn();
      ImGui::Text("%d", d.stats.with_quiz);
    }
    ImGui::TableNextColumn();
    if (d.stats.errors + d.stats.warnings == 0)
      ImGui::TextDisabled("none");
    else
      ImGui::Text("%d err, %d warn", d.stats.errors, d.stats.warnings);
  }
  ImGui::EndTable();
}

void DrawBrowser(DecksPanelState& state, const LoadedDeck& d, AppContext& ctx) {
  const CardLibrary& lib = state.library;
  SectionHeader(ctx, (d.deck.title + ": cards").c_str());
  if (!d.deck.diagnostics.empty()) {
    std::string header = std::to_string(d.deck.diagnostics.size()) + " problem(s) in " + d.deck.file_name + "###diag";
    if (ImGui::CollapsingHeader(header.c_str())) {
      for (const auto& diag : d.deck.diagnostics) {
        std::string line = cards::FormatDiagnostic(d.deck.file_name, diag);
        if (diag.severity == cards::Severity::kError)
          ErrorText(line);
        else
          MutedText(line.c_str());
      }
    }
  }
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 420.0f));
  ImGui::InputTextWithHint("##search", "Search title, question, answer", state.search, sizeof state.search);
  std::string needle = Lower(state.search);
  int64_t now = NowMs();
  const bool own_scroll = !ctx.single_scroll;  // a phone: the list flows in the section's scroll region
  if (own_scroll) ImGui::BeginChild("cards", ImVec2(0, 0), true);
  int shown = 0;
  for (const cards::Card& c : d.deck.cards) {
    if (!needle.empty() && Lower(c.title).find(needle) == std::string::npos &&
        Lower(c.question).find(needle) == std::string::npos && Lower(c.answer).find(needle) == std::string::npos)
      continue;
    ++shown;
    ImGui::PushID(c.id.c_str());
    cards::SchedCard s = cards::CardStateOrNew(lib.progress, c.id, now);
    std::string when = s.state == cards::CardState::kNew ? "new"
                       : s.due_ms <= now                 ? std::string(cards::StateName(s.state)) + ", due now"
                                                         : std::string(cards::StateName(s.state)) + ", due in " +
                                               cards::FormatInterval(s.due_ms - now);
    std::string title = (c.title.empty() ? std::string("(untitled)") : c.title);
    bool open = state.open_card == c.id;
    // The card's state in a column at 68% of the width, or under the title when the title reaches it
    // (long titles, phones): never drawn over the title.
    const float status_x = ImGui::GetContentRegionAvail().x * 0.68f;
    const bool beside = ImGui::CalcTextSize(title.c_str()).x + ImGui::GetStyle().ItemSpacing.x * 2 < status_x;
    bool clicked = false;
    if (beside) {
      clicked = ImGui::Selectable(title.c_str(), open);
      ImGui::SameLine(status_x);
    } else {  // a row as tall as the wrapped title
      clicked = WrappedSelectable(title, "##card", open);
      ImGui::Indent();
    }
    if (clicked) state.open_card = open ? "" : c.id;
    std::string status = when + (c.live.empty() ? "" : " · live") + (c.quiz.empty() ? "" : " · quiz");
    ImGui::TextDisabled("%s", status.c_str());
    if (!beside) ImGui::Unindent();
    if (state.open_card == c.id) {
      ImGui::Indent();
      DrawCardText(c.question, ctx);
      ImGui::Separator();
      DrawCardText(c.answer, ctx);
      if (!c.live.empty()) {
        std::string link = "Open live: " + c.live;
        if (LinkButton(link.c_str()) && ctx.open_link) ctx.open_link(c.live);
      }
      ImGui::TextDisabled("line %d · id %s", c.line, c.id.c_str());
      ImGui::Unindent();
    }
    ImGui::PopID();
  }
  if (shown == 0) MutedText("No card matches the search.");
  if (own_scroll) ImGui::EndChild();
}

}  // namespace

void DrawDecksPanel(DecksPanelState& state, AppContext& ctx) {
  PanelTitle(ctx, "Decks", "The decks you study: the built-in one and any Markdown deck you import.");
  CardLibrary& lib = state.library;
  if (!lib.loaded) {
    MutedText("Loading your saved progress...");
    return;
  }
  if (!lib.recovery_message.empty()) {
    ErrorText(lib.recovery_message);
    if (ImGui::SmallButton("Dismiss")) lib.recovery_message.clear();
  }
  if (!lib.save_error.empty()) ErrorText("Last save failed: " + lib.save_error);
  if (!lib.storage_error.empty()) ErrorText(lib.storage_error);
  DrawToolbar(state, ctx);
  if (lib.decks.empty()) {
    EmptyState(ctx, "No deck loaded",
               "Drop a Markdown deck (.md) on the window or use Import deck. A card is '#### Title', ':p question', "
               "'??x', the answer, and 'x?\?'.");
    return;
  }
  std::vector<const cards::Deck*> decks;
  for (const auto& d : lib.decks) decks.push_back(&d.deck);
  cards::StudyQueue queue = cards::BuildStudyQueue(decks, lib.progress, NowMs());
  DrawDeckTable(state, queue, ctx);
  const LoadedDeck* shown = &lib.decks.front();
  for (const auto& d : lib.decks)
    if (d.key == state.selected) shown = &d;
  DrawBrowser(state, *shown, ctx);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] links

std::vector<std::string> ApplyDecksLink(DecksPanelState& state, const LiveLink& link) {
  links::Applied<links::Decks> a = links::ApplyDecks(link, links::Decks{state.selected, state.search});
  state.selected = a.config.deck;
  std::snprintf(state.search, sizeof state.search, "%s", a.config.q.c_str());
  return a.errors;
}

LiveLink MakeDecksLink(const DecksPanelState& state) {
  return links::MakeDecks(links::Decks{state.selected, state.search});
}

}  // namespace bw::app
