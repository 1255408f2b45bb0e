// Progress store: round trip, corruption, version handling, recovery, undo, session summary.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#include "core/cards/deck.h"
#include "core/cards/progress.h"
#include "core/util/json.h"

using namespace bw;
using namespace bw::cards;

namespace {

constexpr int64_t kT0 = 1669725000000;  // 2022-11-29T12:30:00Z

Progress Sample() {
  Progress p;
  p.settings.desired_retention = 0.85;
  p.settings.single_key_shortcuts = false;
  p.settings.new_cards_per_day = 7;
  p.settings.reviews_per_day = 150;
  p.settings.reviews_all_decks = 400;
  Fsrs fsrs(FsrsParamsFor(p.settings));
  RecordReview(p, fsrs, "aaaaaaaaaaaaaaaa", "deck.md", kT0, Rating::kGood);
  RecordReview(p, fsrs, "bbbbbbbbbbbbbbbb", "deck.md", kT0 + 1000, Rating::kAgain);
  RecordReview(p, fsrs, "aaaaaaaaaaaaaaaa", "deck.md", kT0 + 11 * kMsPerMinute, Rating::kEasy, ReviewSource::kQuiz);
  UndoLastReview(p, kT0 + 12 * kMsPerMinute);
  RecordReview(p, fsrs, "aaaaaaaaaaaaaaaa", "deck.md", kT0 + 13 * kMsPerMinute, Rating::kHard);
  return p;
}

bool SameCard(const SchedCard& a, const SchedCard& b) {
  return a.due_ms == b.due_ms && a.stability == b.stability && a.difficulty == b.difficulty &&
         a.elapsed_days == b.elapsed_days && a.scheduled_days == b.scheduled_days && a.reps == b.reps &&
         a.lapses == b.lapses && a.learning_steps == b.learning_steps && a.state == b.state &&
         a.last_review_ms == b.last_review_ms;
}

std::string ReplaceFirst(std::string s, const std::string& from, const std::string& to) {
  size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

// A document with a valid checksum over a body we choose (the checksum rule from progress.h,
// computed here with the published FNV-1a 64 over json::Write(body)).
std::string DocumentWithBody(const json::Value& body, int version = kProgressSchemaVersion) {
  char sum[40];
  std::snprintf(sum, sizeof sum, "fnv1a64:%016llx", static_cast<unsigned long long>(Fnv1a64(json::Write(body))));
  json::Object doc{{"format", "bytewise-progress"}, {"schema_version", version}, {"checksum", sum}, {"body", body}};
  return json::Write(json::Value(std::move(doc)));
}

}  // namespace

TEST_CASE("progress survives a save/load round trip exactly") {
  Progress p = Sample();
  std::string text = SaveProgress(p);
  ProgressLoad l = LoadProgress(text);
  REQUIRE(l.status == LoadStatus::kOk);
  CHECK(l.schema_version == 1);
  const Progress& q = l.progress;
  CHECK(q.settings.desired_retention == 0.85);
  CHECK(q.settings.single_key_shortcuts == false);
  CHECK(q.settings.new_cards_per_day == 7);
  CHECK(q.settings.reviews_per_day == 150);
  CHECK(q.settings.new_cards_all_decks == 0);
  CHECK(q.settings.reviews_all_decks == 400);
  REQUIRE(q.cards.size() == p.cards.size());
  for (const auto& [id, c] : p.cards) CHECK(SameCard(q.cards.at(id), c));
  REQUIRE(q.log.size() == p.log.size());
  for (size_t i = 0; i < p.log.size(); ++i) {
    CAPTURE(i);
    CHECK(q.log[i].kind == p.log[i].kind);
    CHECK(q.log[i].time_ms == p.log[i].time_ms);
    CHECK(q.log[i].card_id == p.log[i].card_id);
    CHECK(q.log[i].undoes == p.log[i].undoes);
    if (p.log[i].kind == LogKind::kReview) {
      CHECK(q.log[i].rating == p.log[i].rating);
      CHECK(q.log[i].source == p.log[i].source);
      CHECK(q.log[i].deck == p.log[i].deck);
      CHECK(SameCard(q.log[i].before, p.log[i].before));
      CHECK(SameCard(q.log[i].after, p.log[i].after));
    }
  }
  CHECK(SaveProgress(q) == text);  // canonical: saving what was loaded gives the same bytes
  CHECK(text.find("\"schema_version\": 1") != std::string::npos);
}

TEST_CASE("empty text means first start, not an error") {
  CHECK(LoadProgress("").status == LoadStatus::kEmpty);
  CHECK(LoadProgress("  \n").status == LoadStatus::kEmpty);
  ProgressRecovery r = RecoverProgress(std::nullopt, std::nullopt);
  CHECK(r.main_status == LoadStatus::kEmpty);
  CHECK(r.message.empty());
  CHECK(!r.keep_main_aside);
  CHECK(r.progress.log.empty());
}

TEST_CASE("damage is detected and named") {
  std::string text = SaveProgress(Sample());
  SUBCASE("an edited number fails the checksum but is still readable") {
    std::string edited = ReplaceFirst(text, "\"reps\": 1", "\"reps\": 9");
    ProgressLoad l = LoadProgress(edited);
    CHECK(l.status == LoadStatus::kChecksumMismatch);
    CHECK(l.message.find("checksum") != std::string::npos);
    CHECK(!l.progress.log.empty());
  }
  SUBCASE("truncated") {
    ProgressLoad l = LoadProgress(text.substr(0, text.size() / 2));
    CHECK(l.status == LoadStatus::kCorrupt);
    CHECK(l.message.find("line") != std::string::npos);
  }
  SUBCASE("binary garbage") {
    CHECK(LoadProgress(std::string("\x00\x01\x02garbage", 10)).status == LoadStatus::kCorrupt);
  }
  SUBCASE("another JSON document") {
    ProgressLoad l = LoadProgress("{\"hello\": 1}");
    CHECK(l.status == LoadStatus::kCorrupt);
    CHECK(l.message.find("not a Bytewise progress document") != std::string::npos);
  }
  SUBCASE("a wrongly typed field under a valid checksum names its path") {
    json::ParseResult parsed = json::Parse(text);
    REQUIRE(parsed.ok);
    json::Value body = *parsed.value.Find("body");
    body["log"].MutableArray()[1]["rating"] = "superb";
    ProgressLoad l = LoadProgress(DocumentWithBody(body));
    CHECK(l.status == LoadStatus::kOk);  // the entry is left out, the rest kept (see "one bad card")
    CHECK(l.skipped_total == 1);
    CHECK(l.message.find("body.log[1].rating") != std::string::npos);
    CHECK(l.progress.log.size() == 4);
  }
  SUBCASE("an undo pointing forward is left out") {
    json::ParseResult parsed = json::Parse(text);
    REQUIRE(parsed.ok);
    json::Value body = *parsed.value.Find("body");
    body["log"].MutableArray()[3]["undoes"] = 4;
    ProgressLoad l = LoadProgress(DocumentWithBody(body));
    CHECK(l.status == LoadStatus::kOk);
    CHECK(l.skipped_total == 1);
    CHECK(l.message.find("body.log[3].undoes") != std::string::npos);
  }
}

TEST_CASE("a newer schema version is reported and left untouched") {
  json::ParseResult parsed = json::Parse(SaveProgress(Sample()));
  REQUIRE(parsed.ok);
  std::string newer = DocumentWithBody(*parsed.value.Find("body"), 2);
  ProgressLoad l = LoadProgress(newer);
  CHECK(l.status == LoadStatus::kNewerVersion);
  CHECK(l.schema_version == 2);
  ProgressRecovery r = RecoverProgress(newer, std::nullopt);
  CHECK(r.read_only);
  CHECK(!r.keep_main_aside);  // nothing will be written, so nothing needs moving
  CHECK(r.message.find("newer") != std::string::npos);
}

TEST_CASE("recovery prefers a sound backup and keeps the damaged copy") {
  Progress good = Sample();
  std::string good_text = SaveProgress(good);
  std::string damaged = good_text.substr(0, 40);

  ProgressRecovery r = RecoverProgress(damaged, good_text);
  CHECK(r.main_status == LoadStatus::kCorrupt);
  CHECK(r.used_backup);
  CHECK(r.keep_main_aside);
  CHECK(r.progress.log.size() == good.log.size());
  CHECK(!r.message.empty());

  ProgressRecovery none = RecoverProgress(damaged, std::nullopt);
  CHECK(none.keep_main_aside);
  CHECK(!none.used_backup);
  CHECK(none.progress.log.empty());
  CHECK(none.message.find("kept") != std::string::npos);

  std::string edited = ReplaceFirst(good_text, "\"reps\": 1", "\"reps\": 9");
  ProgressRecovery best_effort = RecoverProgress(edited, damaged);
  CHECK(best_effort.main_status == LoadStatus::kChecksumMismatch);
  CHECK(best_effort.keep_main_aside);
  CHECK(best_effort.progress.log.size() == good.log.size());

  ProgressRecovery missing = RecoverProgress(std::nullopt, good_text);
  CHECK(missing.used_backup);
  CHECK(!missing.keep_main_aside);
}

TEST_CASE("undo appends to the log and restores the previous state") {
  Progress p;
  Fsrs fsrs;
  RecordReview(p, fsrs, "a", "d.md", kT0, Rating::kGood);
  SchedCard after_first = p.cards.at("a");
  RecordReview(p, fsrs, "a", "d.md", kT0 + 10 * kMsPerMinute, Rating::kGood);
  RecordReview(p, fsrs, "b", "d.md", kT0 + 11 * kMsPerMinute, Rating::kAgain);
  REQUIRE(p.log.size() == 3);

  std::string id;
  CHECK(UndoLastReview(p, kT0 + 12 * kMsPerMinute, &id));
  CHECK(id == "b");
  CHECK(p.cards.count("b") == 0);  // back to never seen
  CHECK(UndoLastReview(p, kT0 + 13 * kMsPerMinute, &id));
  CHECK(id == "a");
  CHECK(SameCard(p.cards.at("a"), after_first));
  CHECK(p.log.size() == 5);  // append-only: 3 reviews + 2 undos
  CHECK(p.log[3].kind == LogKind::kUndo);
  CHECK(p.log[3].undoes == 2);
  CHECK(p.log[4].undoes == 1);
  CHECK(LastUndoableReview(p) == 0);

  RecordReview(p, fsrs, "a", "d.md", kT0 + 14 * kMsPerMinute, Rating::kEasy);
  CHECK(LastUndoableReview(p) == 5);
  CHECK(UndoLastReview(p, kT0 + 15 * kMsPerMinute));
  CHECK(UndoLastReview(p, kT0 + 16 * kMsPerMinute));
  CHECK(p.cards.empty());
  CHECK(!UndoLastReview(p, kT0 + 17 * kMsPerMinute));
  CHECK(LastUndoableReview(p) == -1);
}

TEST_CASE("session summary counts the reviews that stand") {
  Progress p = Sample();  // good(a), again(b), easy(a, quiz, undone), hard(a)
  SessionSummary s = SummarizeSession(p, kT0);
  CHECK(s.reviews == 3);
  CHECK(s.good == 1);
  CHECK(s.again == 1);
  CHECK(s.hard == 1);
  CHECK(s.easy == 0);
  CHECK(s.quiz_answers == 0);
  CHECK(s.new_cards == 2);
  CHECK(s.recall_rate == doctest::Approx(2.0 / 3));
  CHECK(SummarizeSession(p, kT0 + 2000).reviews == 1);
  CHECK(NewCardsIntroducedToday(p, kT0) == 2);
  CHECK(NewCardsIntroducedToday(p, kT0 + kMsPerDay) == 0);
}

// ---------------------------------------------------------------------------------------------
// Hardening regressions (issue 15), each from a minimal input.

TEST_CASE("regression: reviews made while the clock ran ahead survive a reload") {
  // The red-team reproduction: four reviews with the clock 30 days fast, one Good after the clock is
  // corrected. Before the fix the Good produced NaN stability, saved as null, and the reload failed.
  Progress p;
  Fsrs fsrs;
  const int64_t fast = kT0 + 30 * kMsPerDay;
  const std::string id = "cccccccccccccccc";
  for (int i = 0; i < 4; ++i) RecordReview(p, fsrs, id, "deck.md", fast + i * 11 * kMsPerMinute, Rating::kGood);
  const SchedCard& after = RecordReview(p, fsrs, id, "deck.md", kT0, Rating::kGood);
  CHECK(std::isfinite(after.stability));
  CHECK(after.stability > 0);
  CHECK(after.elapsed_days == 0);         // a review "in the future" counts as just made
  CHECK(p.log.back().clock_skew_ms > 0);  // and the case is logged
  CHECK(p.log[0].clock_skew_ms == 0);
  std::string doc, error;
  REQUIRE(SaveProgressChecked(p, &doc, &error));
  ProgressLoad l = LoadProgress(doc);
  REQUIRE(l.status == LoadStatus::kOk);
  CHECK(l.skipped_total == 0);
  CHECK(l.progress.log.size() == 5);
  CHECK(l.progress.log.back().clock_skew_ms == p.log.back().clock_skew_ms);
  CHECK(SameCard(l.progress.cards.at(id), after));
}

TEST_CASE("regression: a document that would not load is refused before it is written") {
  Progress p = Sample();
  p.cards["aaaaaaaaaaaaaaaa"].stability = std::nan("");  // a state that saves as null
  std::string doc = "last good copy", error;
  CHECK(!SaveProgressChecked(p, &doc, &error));
  CHECK(doc == "last good copy");  // untouched: the caller keeps what it had
  CHECK(error.find("last good copy is kept") != std::string::npos);
  CHECK(error.find("body.cards['aaaaaaaaaaaaaaaa'].stability") != std::string::npos);
  Progress fine = Sample();
  CHECK(SaveProgressChecked(fine, &doc, &error));
  CHECK(LoadProgress(doc).status == LoadStatus::kOk);
}

TEST_CASE("regression: one bad card keeps every other card and review, and is reported") {
  Progress p = Sample();
  Fsrs fsrs;
  RecordReview(p, fsrs, "dddddddddddddddd", "deck.md", kT0 + 20 * kMsPerMinute, Rating::kGood);
  json::ParseResult parsed = json::Parse(SaveProgress(p));
  REQUIRE(parsed.ok);
  json::Value body = *parsed.value.Find("body");
  body["cards"]["aaaaaaaaaaaaaaaa"]["stability"] = nullptr;  // what the NaN bug wrote
  ProgressLoad l = LoadProgress(DocumentWithBody(body));
  REQUIRE(l.status == LoadStatus::kOk);
  CHECK(l.skipped_total == 1);
  CHECK(l.message.find("body.cards['aaaaaaaaaaaaaaaa'].stability") != std::string::npos);
  CHECK(l.progress.log.size() == p.log.size());
  REQUIRE(l.progress.cards.size() == p.cards.size());
  // The bad card's state is rebuilt from its log; the others are read as stored.
  for (const auto& [id, c] : p.cards) CHECK(SameCard(l.progress.cards.at(id), c));
  ProgressRecovery r = RecoverProgress(DocumentWithBody(body), std::nullopt);
  CHECK(r.keep_main_aside);  // the next save drops what was left out: the original is kept
  CHECK(r.skipped == 1);
  CHECK(r.progress.log.size() == p.log.size());
  CHECK(r.message.find("kept") != std::string::npos);

  SUBCASE("a bad log entry: the others stay, an undo of it is left out too") {
    json::Value b2 = *parsed.value.Find("body");
    b2["log"].MutableArray()[2]["time"] = "noon";  // the review that entry 3 undoes
    ProgressLoad l2 = LoadProgress(DocumentWithBody(b2));
    REQUIRE(l2.status == LoadStatus::kOk);
    CHECK(l2.skipped_total == 2);
    CHECK(l2.progress.log.size() == p.log.size() - 2);
    CHECK(LastUndoableReview(l2.progress) == static_cast<int>(l2.progress.log.size()) - 1);
  }
}

TEST_CASE("regression: a negative last_review is refused on load (it could not be saved back)") {
  json::ParseResult parsed = json::Parse(SaveProgress(Sample()));
  REQUIRE(parsed.ok);
  json::Value body = *parsed.value.Find("body");
  body["cards"]["bbbbbbbbbbbbbbbb"]["last_review"] = -5;
  ProgressLoad l = LoadProgress(DocumentWithBody(body));
  REQUIRE(l.status == LoadStatus::kOk);
  CHECK(l.skipped_total == 1);
  CHECK(l.message.find("last_review") != std::string::npos);
  std::string doc, error;
  CHECK(SaveProgressChecked(l.progress, &doc, &error));  // what was kept saves and loads back
}

TEST_CASE("regression: every grade of a card at extreme clocks saves and loads back") {
  const int64_t clocks[] = {0, -5, 1, kT0, kMaxTimeMs, INT64_MAX, INT64_MIN};
  Fsrs fsrs;
  for (int64_t first : clocks)
    for (int64_t second : clocks)
      for (int g = 1; g <= 4; ++g) {
        Progress p;
        RecordReview(p, fsrs, "eeeeeeeeeeeeeeee", "deck.md", first, Rating::kGood);
        RecordReview(p, fsrs, "eeeeeeeeeeeeeeee", "deck.md", second, static_cast<Rating>(g));
        std::string doc, error;
        INFO("clocks " << first << ", " << second << ", grade " << g << ": " << error);
        CHECK(SaveProgressChecked(p, &doc, &error));
      }
}
