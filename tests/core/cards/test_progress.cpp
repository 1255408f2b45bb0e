// Progress store: round trip, corruption, version handling, recovery, undo, session summary.
#include <doctest/doctest.h>

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
    CHECK(l.status == LoadStatus::kCorrupt);
    CHECK(l.message.find("body.log[1].rating") != std::string::npos);
  }
  SUBCASE("an undo pointing forward is rejected") {
    json::ParseResult parsed = json::Parse(text);
    REQUIRE(parsed.ok);
    json::Value body = *parsed.value.Find("body");
    body["log"].MutableArray()[3]["undoes"] = 4;
    CHECK(LoadProgress(DocumentWithBody(body)).status == LoadStatus::kCorrupt);
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
