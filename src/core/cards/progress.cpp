// Progress document: JSON (de)serialization with a checksum, undo through the append-only log,
// and the start-up recovery rules (see progress.h).
#include "core/cards/progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/cards/deck.h"
#include "core/util/json.h"

namespace bw::cards {

namespace {

// ---------------------------------------------------------------------------------------------
// Writing

json::Value CardToJson(const SchedCard& c) {
  return json::Object{{"due", static_cast<double>(c.due_ms)},
                      {"stability", c.stability},
                      {"difficulty", c.difficulty},
                      {"elapsed_days", c.elapsed_days},
                      {"scheduled_days", c.scheduled_days},
                      {"reps", c.reps},
                      {"lapses", c.lapses},
                      {"learning_steps", c.learning_steps},
                      {"state", StateName(c.state)},
                      {"last_review", c.last_review_ms >= 0 ? json::Value(static_cast<double>(c.last_review_ms))
                                                            : json::Value(nullptr)}};
}

json::Value EntryToJson(const LogEntry& e) {
  json::Object o;
  o.Set("kind", e.kind == LogKind::kReview ? "review" : "undo");
  o.Set("time", static_cast<double>(e.time_ms));
  o.Set("card", e.card_id);
  if (e.kind == LogKind::kUndo) {
    o.Set("undoes", e.undoes);
    return o;
  }
  o.Set("deck", e.deck);
  o.Set("rating", RatingName(e.rating));
  o.Set("source", e.source == ReviewSource::kQuiz ? "quiz" : "card");
  o.Set("before", CardToJson(e.before));
  o.Set("after", CardToJson(e.after));
  if (e.clock_skew_ms > 0) o.Set("clock_skew_ms", static_cast<double>(e.clock_skew_ms));
  return o;
}

json::Value BodyToJson(const Progress& p) {
  json::Object settings{
      {"desired_retention", p.settings.desired_retention}, {"single_key_shortcuts", p.settings.single_key_shortcuts},
      {"suggested_panels", p.settings.suggested_panels},   {"new_cards_per_day", p.settings.new_cards_per_day},
      {"reviews_per_day", p.settings.reviews_per_day},     {"new_cards_all_decks", p.settings.new_cards_all_decks},
      {"reviews_all_decks", p.settings.reviews_all_decks}};
  json::Object cards;
  for (const auto& [id, c] : p.cards) cards.Set(id, CardToJson(c));
  json::Array log;
  log.reserve(p.log.size());
  for (const auto& e : p.log) log.push_back(EntryToJson(e));
  return json::Object{{"settings", json::Value(std::move(settings))},
                      {"cards", json::Value(std::move(cards))},
                      {"log", json::Value(std::move(log))}};
}

std::string Checksum(const json::Value& body) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "fnv1a64:%016llx", static_cast<unsigned long long>(Fnv1a64(json::Write(body))));
  return buf;
}

// ---------------------------------------------------------------------------------------------
// Reading: every accessor names the path of what is wrong ("body.log[3].rating: ...").

class Reader {
 public:
  std::string error;
  bool ok() const { return error.empty(); }

  const json::Value* Field(const json::Value& obj, const char* key, const std::string& path) {
    const json::Value* v = obj.Find(key);
    if (!v) Fail(path + "." + key + ": missing");
    return v;
  }
  double Number(const json::Value& obj, const char* key, const std::string& path) {
    const json::Value* v = Field(obj, key, path);
    if (!v) return 0;
    if (!v->IsNumber()) Fail(path + "." + key + ": expected a number, found " + json::TypeName(v->type()));
    return v->AsNumber();
  }
  int64_t Integer(const json::Value& obj, const char* key, const std::string& path, int64_t min, int64_t max) {
    double d = Number(obj, key, path);
    if (ok() && (d != std::floor(d) || d < static_cast<double>(min) || d > static_cast<double>(max)))
      Fail(path + "." + key + ": " + json::FormatNumber(d) + " is not a whole number in [" + std::to_string(min) +
           ", " + std::to_string(max) + "]");
    return ok() ? static_cast<int64_t>(d) : 0;
  }
  std::string String(const json::Value& obj, const char* key, const std::string& path) {
    const json::Value* v = Field(obj, key, path);
    if (!v) return {};
    if (!v->IsString()) Fail(path + "." + key + ": expected a string, found " + json::TypeName(v->type()));
    return v->AsString();
  }

  SchedCard Card(const json::Value& v, const std::string& path) {
    SchedCard c;
    if (!v.IsObject()) {
      Fail(path + ": expected an object");
      return c;
    }
    // Ranges: everything the scheduler can produce (fsrs.h: times in [0, kMaxTimeMs], counters ints)
    // plus what older versions wrote (negative due/elapsed).
    constexpr int64_t kMaxMs = int64_t(1) << 53;
    constexpr int64_t kMaxInt = 2147483647;
    c.due_ms = Integer(v, "due", path, -kMaxMs, kMaxMs);
    c.stability = Number(v, "stability", path);
    c.difficulty = Number(v, "difficulty", path);
    c.elapsed_days = static_cast<int>(Integer(v, "elapsed_days", path, -kMaxInt, kMaxInt));
    c.scheduled_days = static_cast<int>(Integer(v, "scheduled_days", path, 0, kMaxInt));
    c.reps = static_cast<int>(Integer(v, "reps", path, 0, kMaxInt));
    c.lapses = static_cast<int>(Integer(v, "lapses", path, 0, kMaxInt));
    c.learning_steps = static_cast<int>(Integer(v, "learning_steps", path, 0, kMaxInt));
    std::string state = String(v, "state", path);
    if (ok() && !ParseState(state, &c.state))
      Fail(path + ".state: '" + state + "' is not new/learning/review/relearning");
    const json::Value* last = Field(v, "last_review", path);
    if (last && !last->IsNull()) c.last_review_ms = Integer(v, "last_review", path, 0, kMaxMs);  // null: never
    if (ok() && (!std::isfinite(c.stability) || c.stability < 0 || !std::isfinite(c.difficulty) || c.difficulty < 0 ||
                 c.difficulty > 10))
      Fail(path + ": stability/difficulty out of range");
    return c;
  }

  void Fail(const std::string& what) {
    if (error.empty()) error = what;
  }
};

constexpr size_t kMaxSkippedListed = 20;

// Entries that cannot be read are left out one by one (and listed), never the whole document: one bad
// card must not cost the learner every other card and review.
struct Skips {
  std::vector<std::string> listed;
  int total = 0;
  void Add(const std::string& what) {
    if (listed.size() < kMaxSkippedListed) listed.push_back(what);
    ++total;
  }
};

bool ReadEntry(const json::Value& v, const std::string& path, size_t i, const std::vector<int>& new_index,
               const Progress& p, LogEntry& e, Reader& r) {
  if (!v.IsObject()) {
    r.Fail(path + ": expected an object");
    return false;
  }
  std::string kind = r.String(v, "kind", path);
  e.time_ms = r.Integer(v, "time", path, -(int64_t(1) << 53), int64_t(1) << 53);
  e.card_id = r.String(v, "card", path);
  if (!r.ok()) return false;
  if (kind == "undo") {
    e.kind = LogKind::kUndo;
    int64_t old = r.Integer(v, "undoes", path, 0, static_cast<int64_t>(i) - 1);
    if (!r.ok()) return false;
    int mapped = new_index[static_cast<size_t>(old)];
    if (mapped < 0)
      r.Fail(path + ".undoes: entry " + std::to_string(old) + " could not be read");
    else if (p.log[static_cast<size_t>(mapped)].kind != LogKind::kReview)
      r.Fail(path + ".undoes: entry " + std::to_string(old) + " is not a review");
    e.undoes = mapped;
  } else if (kind == "review") {
    e.deck = r.String(v, "deck", path);
    std::string rating = r.String(v, "rating", path);
    if (r.ok() && !ParseRating(rating, &e.rating))
      r.Fail(path + ".rating: '" + rating + "' is not again/hard/good/easy");
    std::string source = r.String(v, "source", path);
    if (r.ok() && source != "card" && source != "quiz") r.Fail(path + ".source: '" + source + "' is not card/quiz");
    e.source = source == "quiz" ? ReviewSource::kQuiz : ReviewSource::kCard;
    if (const json::Value* b = r.Field(v, "before", path)) e.before = r.Card(*b, path + ".before");
    if (const json::Value* a = r.Field(v, "after", path)) e.after = r.Card(*a, path + ".after");
    if (const json::Value* k = v.Find("clock_skew_ms"); k && r.ok())
      e.clock_skew_ms = r.Integer(v, "clock_skew_ms", path, 0, int64_t(1) << 53);
  } else if (r.ok()) {
    r.Fail(path + ".kind: '" + kind + "' is not review/undo");
  }
  return r.ok();
}

// The state the log gives a card: the `after` of its last review, or the `before` of an undone one.
std::optional<SchedCard> StateFromLog(const Progress& p, const std::string& id) {
  std::optional<SchedCard> state;
  for (const LogEntry& e : p.log) {
    if (e.card_id != id) continue;
    if (e.kind == LogKind::kReview)
      state = e.after;
    else if (e.undoes >= 0)
      state = p.log[static_cast<size_t>(e.undoes)].before;
  }
  return state;
}

void ReadBody(const json::Value& body, Progress& p, Reader& r, Skips& skips) {
  if (!body.IsObject()) return r.Fail("body: expected an object");
  if (const json::Value* s = body.Find("settings")) {
    if (!s->IsObject()) return r.Fail("body.settings: expected an object");
    // Settings are forgiving: a missing or mistyped one keeps its default (newer files may add more).
    if (const json::Value* v = s->Find("desired_retention"); v && v->IsNumber() && std::isfinite(v->AsNumber()))
      p.settings.desired_retention = std::min(std::max(v->AsNumber(), 0.7), 0.99);
    if (const json::Value* v = s->Find("single_key_shortcuts"); v && v->IsBool())
      p.settings.single_key_shortcuts = v->AsBool();
    if (const json::Value* v = s->Find("suggested_panels"); v && v->IsBool()) p.settings.suggested_panels = v->AsBool();
    auto limit = [s](const char* key, int& field) {
      if (const json::Value* v = s->Find(key); v && v->IsNumber() && !std::isnan(v->AsNumber()))
        field = static_cast<int>(std::min(std::max(v->AsNumber(), 0.0), double{kMaxDailyLimit}));
    };
    limit("new_cards_per_day", p.settings.new_cards_per_day);
    limit("reviews_per_day", p.settings.reviews_per_day);
    limit("new_cards_all_decks", p.settings.new_cards_all_decks);
    limit("reviews_all_decks", p.settings.reviews_all_decks);
  }
  const json::Value* cards = r.Field(body, "cards", "body");
  if (!cards) return;
  if (!cards->IsObject()) return r.Fail("body.cards: expected an object");
  const json::Value* log = r.Field(body, "log", "body");
  if (!log) return;
  if (!log->IsArray()) return r.Fail("body.log: expected an array");

  // The log first: a card whose stored state is bad can then be rebuilt from it.
  const json::Array& entries = log->AsArray();
  p.log.reserve(entries.size());
  std::vector<int> new_index(entries.size(), -1);
  for (size_t i = 0; i < entries.size(); ++i) {
    std::string path = "body.log[" + std::to_string(i) + "]";
    Reader er;
    LogEntry e;
    if (!ReadEntry(entries[i], path, i, new_index, p, e, er)) {
      skips.Add(er.error);
      continue;
    }
    new_index[i] = static_cast<int>(p.log.size());
    p.log.push_back(std::move(e));
  }
  for (const auto& [id, v] : cards->AsObject().Members()) {
    Reader cr;
    SchedCard c = cr.Card(v, "body.cards['" + id + "']");
    if (cr.ok()) {
      p.cards[id] = c;
      continue;
    }
    std::optional<SchedCard> rebuilt = StateFromLog(p, id);
    if (rebuilt) p.cards[id] = *rebuilt;
    skips.Add(cr.error + (rebuilt ? " (state rebuilt from the review log)" : " (the card starts as new)"));
  }
}

std::vector<bool> UndoneReviews(const Progress& p) {
  std::vector<bool> undone(p.log.size(), false);
  for (const auto& e : p.log)
    if (e.kind == LogKind::kUndo && e.undoes >= 0 && static_cast<size_t>(e.undoes) < undone.size())
      undone[static_cast<size_t>(e.undoes)] = true;
  return undone;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

FsrsParams FsrsParamsFor(const ProgressSettings& s) {
  FsrsParams p;
  p.desired_retention = std::min(std::max(s.desired_retention, 0.7), 0.99);
  return p;
}

SchedCard CardStateOrNew(const Progress& p, const std::string& card_id, int64_t now_ms) {
  auto it = p.cards.find(card_id);
  return it != p.cards.end() ? it->second : NewSchedCard(now_ms);
}

const SchedCard& RecordReview(Progress& p, const Fsrs& fsrs, const std::string& card_id, const std::string& deck,
                              int64_t now_ms, Rating rating, ReviewSource source) {
  now_ms = ClampTimeMs(now_ms);
  LogEntry e;
  e.kind = LogKind::kReview;
  e.time_ms = now_ms;
  e.card_id = card_id;
  e.deck = deck;
  e.rating = rating;
  e.source = source;
  e.before = CardStateOrNew(p, card_id, now_ms);
  e.clock_skew_ms = ClockSkewMs(e.before, now_ms);  // logged: the scheduler counted it as 0 days
  e.after = fsrs.Next(e.before, now_ms, rating);
  SchedCard& stored = p.cards[card_id];
  stored = e.after;
  p.log.push_back(std::move(e));
  return stored;
}

int LastUndoableReview(const Progress& p) {
  std::vector<bool> undone = UndoneReviews(p);
  for (size_t i = p.log.size(); i-- > 0;)
    if (p.log[i].kind == LogKind::kReview && !undone[i]) return static_cast<int>(i);
  return -1;
}

bool UndoLastReview(Progress& p, int64_t now_ms, std::string* card_id) {
  int index = LastUndoableReview(p);
  if (index < 0) return false;
  const LogEntry review = p.log[static_cast<size_t>(index)];
  if (review.before.state == CardState::kNew && review.before.reps == 0)
    p.cards.erase(review.card_id);  // back to never seen
  else
    p.cards[review.card_id] = review.before;
  LogEntry undo;
  undo.kind = LogKind::kUndo;
  undo.time_ms = now_ms;
  undo.card_id = review.card_id;
  undo.undoes = index;
  p.log.push_back(std::move(undo));
  if (card_id) *card_id = review.card_id;
  return true;
}

std::string SaveProgress(const Progress& p) {
  json::Value body = BodyToJson(p);
  std::string checksum = Checksum(body);
  json::Object doc{{"format", kProgressFormat},
                   {"schema_version", kProgressSchemaVersion},
                   {"checksum", checksum},
                   {"body", std::move(body)}};
  return json::Write(json::Value(std::move(doc)), 1) + "\n";
}

bool SaveProgressChecked(const Progress& p, std::string* doc, std::string* error) {
  std::string text = SaveProgress(p);
  ProgressLoad back = LoadProgress(text);
  std::string why;
  if (back.status != LoadStatus::kOk)
    why = back.message;
  else if (back.skipped_total > 0)
    why = "it would not load back: " + back.skipped.front();
  else if (back.progress.cards.size() != p.cards.size() || back.progress.log.size() != p.log.size())
    why = "it would not load back to the same cards and log";
  if (!why.empty()) {
    if (error) *error = "progress not saved, the last good copy is kept (" + why + ")";
    return false;
  }
  if (doc) *doc = std::move(text);
  return true;
}

const char* LoadStatusName(LoadStatus s) {
  switch (s) {
    case LoadStatus::kOk: return "ok";
    case LoadStatus::kEmpty: return "empty";
    case LoadStatus::kCorrupt: return "corrupt";
    case LoadStatus::kChecksumMismatch: return "checksum mismatch";
    case LoadStatus::kNewerVersion: return "newer version";
  }
  return "?";
}

ProgressLoad LoadProgress(std::string_view text) {
  ProgressLoad out;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    out.status = LoadStatus::kEmpty;
    return out;
  }
  json::ParseResult parsed = json::Parse(text);
  if (!parsed.ok) {
    out.status = LoadStatus::kCorrupt;
    out.message = "saved progress is not valid JSON (" + parsed.error + ")";
    return out;
  }
  const json::Value& doc = parsed.value;
  const json::Value* format = doc.Find("format");
  if (!doc.IsObject() || !format || format->AsString() != kProgressFormat) {
    out.status = LoadStatus::kCorrupt;
    out.message = "this is not a Bytewise progress document (no \"format\": \"bytewise-progress\")";
    return out;
  }
  const json::Value* version = doc.Find("schema_version");
  if (!version || !version->IsNumber() || version->AsNumber() < 1 ||
      version->AsNumber() != std::floor(version->AsNumber())) {
    out.status = LoadStatus::kCorrupt;
    out.message = "saved progress has no valid schema_version";
    return out;
  }
  out.schema_version = static_cast<int>(std::min(version->AsNumber(), 1e9));
  if (out.schema_version > kProgressSchemaVersion) {
    out.status = LoadStatus::kNewerVersion;
    out.message = "saved progress uses schema version " + std::to_string(out.schema_version) +
                  ", written by a newer Bytewise (this one reads version " + std::to_string(kProgressSchemaVersion) +
                  ")";
    return out;
  }
  const json::Value* body = doc.Find("body");
  const json::Value* checksum = doc.Find("checksum");
  if (!body) {
    out.status = LoadStatus::kCorrupt;
    out.message = "saved progress has no body";
    return out;
  }
  std::string expected = Checksum(*body);
  bool checksum_ok = checksum && checksum->AsString() == expected;

  Reader r;
  Skips skips;
  ReadBody(*body, out.progress, r, skips);
  if (!r.ok()) {
    out.status = LoadStatus::kCorrupt;
    out.message = "saved progress is damaged: " + r.error;
    out.progress = Progress{};
    return out;
  }
  out.skipped = std::move(skips.listed);
  out.skipped_total = skips.total;
  std::string skipped_note;
  if (skips.total > 0) {
    skipped_note = std::to_string(skips.total) + (skips.total == 1 ? " entry" : " entries") +
                   " could not be read and " + (skips.total == 1 ? "was" : "were") + " left out (" +
                   out.skipped.front() +
                   (skips.total > 1 ? ", and " + std::to_string(skips.total - 1) + " more" : std::string()) +
                   "); every other card and review was kept";
  }
  if (!checksum_ok) {
    out.status = LoadStatus::kChecksumMismatch;
    out.message = std::string("saved progress does not match its checksum (") +
                  (checksum ? "stored " + checksum->AsString() : std::string("none stored")) + ", computed " +
                  expected + "): it was edited or damaged";
    if (!skipped_note.empty()) out.message += "; " + skipped_note;
    return out;
  }
  out.status = LoadStatus::kOk;
  out.message = skipped_note;
  return out;
}

ProgressRecovery RecoverProgress(const std::optional<std::string>& main_text,
                                 const std::optional<std::string>& backup_text) {
  ProgressRecovery out;
  ProgressLoad main = LoadProgress(main_text ? std::string_view(*main_text) : std::string_view());
  out.main_status = main.status;
  if (main.status == LoadStatus::kOk) {
    out.progress = std::move(main.progress);
    out.skipped = main.skipped_total;
    if (main.skipped_total > 0) {  // the next save would drop what was left out: keep the original text
      out.keep_main_aside = true;
      out.message = "Problem with the saved progress: " + main.message + ". The original file was kept.";
    }
    return out;
  }
  if (main.status == LoadStatus::kNewerVersion) {
    out.read_only = true;
    out.message = main.message +
                  ". It is left untouched: reviews made now are not saved. Export it, or open "
                  "the newer Bytewise to keep studying with it.";
    return out;
  }
  ProgressLoad backup = LoadProgress(backup_text ? std::string_view(*backup_text) : std::string_view());
  if (main.status == LoadStatus::kEmpty) {
    if (backup.status == LoadStatus::kOk) {
      out.progress = std::move(backup.progress);
      out.used_backup = true;
      out.message = "The saved progress was missing; the previous copy was restored.";
    }
    return out;
  }
  // Main copy corrupt or edited: keep it aside, prefer a sound backup, else the best reading of main.
  out.keep_main_aside = true;
  if (backup.status == LoadStatus::kOk) {
    out.progress = std::move(backup.progress);
    out.used_backup = true;
    out.message = "Problem with the saved progress: " + main.message +
                  ". The previous copy was restored (the last review may be missing); the damaged file was kept.";
  } else if (main.status == LoadStatus::kChecksumMismatch) {
    out.progress = std::move(main.progress);
    out.skipped = main.skipped_total;
    out.message = "Problem with the saved progress: " + main.message +
                  ". It was loaded as it is (there is no sound older copy); the original file was kept.";
  } else {
    out.message = "Problem with the saved progress: " + main.message +
                  ". No sound copy was found, so you start with empty progress; the damaged file was kept and can be "
                  "exported.";
  }
  return out;
}

SessionSummary SummarizeSession(const Progress& p, int64_t since_ms) {
  SessionSummary s;
  std::vector<bool> undone = UndoneReviews(p);
  for (size_t i = 0; i < p.log.size(); ++i) {
    const LogEntry& e = p.log[i];
    if (e.kind != LogKind::kReview || undone[i] || e.time_ms < since_ms) continue;
    if (s.reviews == 0) s.first_ms = e.time_ms;
    s.last_ms = e.time_ms;
    s.reviews++;
    switch (e.rating) {
      case Rating::kAgain: s.again++; break;
      case Rating::kHard: s.hard++; break;
      case Rating::kGood: s.good++; break;
      case Rating::kEasy: s.easy++; break;
    }
    s.new_cards += e.before.state == CardState::kNew;
    s.quiz_answers += e.source == ReviewSource::kQuiz;
  }
  s.recall_rate = s.reviews ? static_cast<double>(s.hard + s.good + s.easy) / s.reviews : 0;
  return s;
}

int NewCardsIntroducedToday(const Progress& p, int64_t now_ms) {
  std::vector<bool> undone = UndoneReviews(p);
  int n = 0;
  for (size_t i = 0; i < p.log.size(); ++i) {
    const LogEntry& e = p.log[i];
    if (e.kind == LogKind::kReview && !undone[i] && e.before.state == CardState::kNew &&
        CalendarDaysBetween(e.time_ms, now_ms) == 0)
      ++n;
  }
  return n;
}

DailyUsage UsageToday(const Progress& p, int64_t now_ms) {
  std::vector<bool> undone = UndoneReviews(p);
  DailyUsage u;
  for (size_t i = 0; i < p.log.size(); ++i) {
    const LogEntry& e = p.log[i];
    if (e.kind != LogKind::kReview || undone[i] || CalendarDaysBetween(e.time_ms, now_ms) != 0) continue;
    bool is_new = e.before.state == CardState::kNew, is_review = e.before.state == CardState::kReview;
    if (!is_new && !is_review) continue;
    DailyUse& d = u.per_deck[e.deck];
    (is_new ? d.new_cards : d.reviews)++;
    (is_new ? u.total.new_cards : u.total.reviews)++;
  }
  return u;
}

}  // namespace bw::cards
