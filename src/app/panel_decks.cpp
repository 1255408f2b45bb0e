// Panel "Decks": the card library's decks, their cards, import and export.
//
// [SECTION] panel
// [SECTION] links
#include "app/panel_decks.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/app.h"
#include "app/panel_study.h"
#include "app/storage.h"
#include "app/widgets.h"
#include "core/cards/study.h"
#include "core/links/links.h"
#include "core/util/text.h"

namespace bw::app {

// ---------------------------------------------------------------------------------------------
// [SECTION] panel

namespace {

void DrawToolbar(DecksPanelState& state, CardLibrary& lib, AppContext& ctx) {
  // The buttons flow onto more lines in a narrow window (a phone), each whole.
  [[maybe_unused]] auto button_w = [](const char* label) {
    return ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
  };
#ifdef __EMSCRIPTEN__
  if (ImGui::Button("Import deck...")) RequestDeckFile();
  SameLineIfFits(button_w("Export progress"));
#endif
  if (ImGui::Button("Export progress")) ExportCardProgress(lib, ctx);
#ifdef __EMSCRIPTEN__
  SameLineIfFits(button_w("Import progress...") + HelpMarkerWidth());
  if (ImGui::Button("Import progress...")) RequestProgressFile();
#endif
  HelpMarker(
      "Decks are Markdown files (#### title, :p question, ??x, answer, x?\?). Drop a .md file on the window to "
      "import it. Progress (every card's schedule and the review log) is saved after each grade; export it to "
      "keep a copy or move it to another browser.");
  std::string where =
      "Saved in " + GetStorage().Location() + "; " + std::to_string(lib.progress.log.size()) + " log entries.";
  MutedText(where.c_str());
  if (!lib.notice.empty()) MutedText(lib.notice.c_str());
}

void DrawDeckTable(DecksPanelState& state, const CardLibrary& lib, const cards::StudyQueue& queue, AppContext& ctx) {
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

void DrawBrowser(DecksPanelState& state, const CardLibrary& lib, const LoadedDeck& d, AppContext& ctx) {
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
  {  // study exactly this deck (its own daily limits)
    LiveLink study{"study", {}};
    study.Set("deck", d.key);
    if (ImGui::Button("Study this deck") && ctx.open_link) ctx.open_link(FormatLiveLink(study));
    if (d.suggested > 0 || d.findings > 0) {
      ImGui::SameLine();
      MutedText((std::to_string(d.suggested) + " cards get a suggested live panel; the number check found " +
                 std::to_string(d.findings) + (d.findings == 1 ? " claim" : " claims") + " to correct")
                    .c_str());
    }
  }
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 420.0f));
  ImGui::InputTextWithHint("##search", "Search title, question, answer", state.search, sizeof state.search);
  std::string needle = Lower(state.search);
  int64_t now = NowMs();
  const bool own_scroll = !ctx.single_scroll;  // a phone: the list flows in the section's scroll region
  if (own_scroll) ImGui::BeginChild("cards", ImVec2(0, 0), true);
  int shown = 0;
  for (size_t ci = 0; ci < d.deck.cards.size(); ++ci) {
    const cards::Card& c = d.deck.cards[ci];
    const std::string& suggested = ci < d.teaching.size() ? d.teaching[ci].suggested_live : std::string();
    if (!CardMatches(c, needle)) continue;
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
    std::string status = when +
                         (!c.live.empty()     ? " · live"
                          : suggested.empty() ? ""
                                              : " · suggested live") +
                         (c.quiz.empty() ? "" : " · quiz");
    ImGui::TextDisabled("%s", status.c_str());
    if (!beside) ImGui::Unindent();
    if (state.open_card == c.id) {
      ImGui::Indent();
      DrawCardText(c.question, ctx);
      ImGui::Separator();
      DrawCardText(c.answer, ctx);
      const std::string& live = c.live.empty() ? suggested : c.live;
      if (!live.empty()) {
        std::string link = (c.live.empty() ? "Open suggested live: " : "Open live: ") + live;
        if (LinkButton(link.c_str()) && ctx.open_link) ctx.open_link(live);
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

void DrawDecksPanel(DecksPanelState& state, CardLibrary& lib, AppContext& ctx) {
  PanelTitle(ctx, "Decks", "The decks you study: the built-in one and any Markdown deck you import.");
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
  DrawToolbar(state, lib, ctx);
  if (lib.decks.empty()) {
    EmptyState(ctx, "No deck loaded",
               "Drop a Markdown deck (.md) on the window or use Import deck. A card is '#### Title', ':p question', "
               "'??x', the answer, and 'x?\?'.");
    return;
  }
  cards::StudyQueue queue = LibraryQueue(lib, "", NowMs());
  DrawDeckTable(state, lib, queue, ctx);
  const LoadedDeck* shown = &lib.decks.front();
  for (const auto& d : lib.decks)
    if (d.key == state.selected) shown = &d;
  DrawBrowser(state, lib, *shown, ctx);
}

bool CardMatches(const cards::Card& c, const std::string& needle) {
  return needle.empty() || Lower(c.title).find(needle) != std::string::npos ||
         Lower(c.question).find(needle) != std::string::npos || Lower(c.answer).find(needle) != std::string::npos;
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
