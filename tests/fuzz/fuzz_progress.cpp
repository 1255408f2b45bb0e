// Saved progress. Properties: LoadProgress never crashes; whatever it accepts saves (validated) and
// loads back to the same cards and log, and saving that gives the same text; every grade of every
// card (up to 8 cards) then records, saves and loads.
#include <string_view>

#include "core/cards/progress.h"
#include "fuzz_check.h"

using namespace bw::cards;

namespace {
bool SameCard(const SchedCard& a, const SchedCard& b) {
  auto same = [](double x, double y) { return x == y || (x != x && y != y); };
  return a.due_ms == b.due_ms && same(a.stability, b.stability) && same(a.difficulty, b.difficulty) &&
         a.elapsed_days == b.elapsed_days && a.scheduled_days == b.scheduled_days && a.reps == b.reps &&
         a.lapses == b.lapses && a.learning_steps == b.learning_steps && a.state == b.state &&
         a.last_review_ms == b.last_review_ms;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ProgressLoad l = LoadProgress(text);
  (void)RecoverProgress(std::string(text), std::string(text));
  if (l.status != LoadStatus::kOk && l.status != LoadStatus::kChecksumMismatch) return 0;
  FUZZ_CHECK(l.skipped.size() <= static_cast<size_t>(l.skipped_total), "skipped list");
  const Progress& p = l.progress;
  std::string doc, error;
  FUZZ_CHECK(SaveProgressChecked(p, &doc, &error), "accepted progress does not save: %s", error.c_str());
  ProgressLoad back = LoadProgress(doc);
  FUZZ_CHECK(back.status == LoadStatus::kOk && back.skipped_total == 0, "saved progress does not load: %s",
             back.message.c_str());
  FUZZ_CHECK(back.progress.cards.size() == p.cards.size() && back.progress.log.size() == p.log.size(), "sizes");
  for (const auto& [id, c] : p.cards)
    FUZZ_CHECK(SameCard(back.progress.cards.at(id), c), "card %s changed", id.c_str());
  FUZZ_CHECK(SaveProgress(back.progress) == doc, "save/load/save not stable");
  (void)SummarizeSession(p, 0);
  (void)NewCardsIntroducedToday(p, 0);

  // Every grade of every card, at a clock taken from the card itself (its due date) and at 0.
  Fsrs fsrs(FsrsParamsFor(p.settings));
  int cards = 0;
  for (const auto& [id, c] : p.cards) {
    if (++cards > 8) break;
    for (int64_t now : {c.due_ms, c.last_review_ms, int64_t(0)}) {
      for (int g = 1; g <= 4; ++g) {
        Progress q = p;
        RecordReview(q, fsrs, id, "fuzz.md", now, static_cast<Rating>(g));
        FUZZ_CHECK(SaveProgressChecked(q, &doc, &error), "grade %d of %s at %lld does not save: %s", g, id.c_str(),
                   static_cast<long long>(now), error.c_str());
      }
    }
    Progress u = p;
    while (UndoLastReview(u, 0)) {
      FUZZ_CHECK(SaveProgressChecked(u, &doc, &error), "undo does not save: %s", error.c_str());
      if (u.log.size() > p.log.size() + 8) break;
    }
  }
  return 0;
}
