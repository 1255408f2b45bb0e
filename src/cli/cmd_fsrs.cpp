// `bytewise fsrs-replay --json < history.json`: replays review histories through the FSRS-6
// scheduler (src/core/cards/fsrs.h) and prints every card state, so tests/ref/fsrs.test.mjs can
// compare it with the ts-fsrs npm package. Input:
//   {"histories": [{"params": {"request_retention": 0.9, "w": [21 numbers], "maximum_interval": 36500,
//                              "learning_steps": [1, 10], "relearning_steps": [10]},   (all optional, minutes)
//                   "start": MS, "reviews": [{"t": MS, "rating": 1..4}, ...]}]}
// Output: {"histories": [[{"due", "stability", "difficulty", "state", "scheduled_days", "elapsed_days",
//                          "reps", "lapses", "learning_steps", "last_review", "preview_due": [4]}, ...]]}
#include <iostream>
#include <iterator>
#include <ostream>
#include <string>

#include "cli/cli.h"
#include "core/cards/fsrs.h"
#include "core/util/json.h"

namespace bw::cli {
namespace {

bool ReadSteps(const json::Value* v, std::vector<int>& out, std::string& error, const char* name) {
  if (!v) return true;
  if (!v->IsArray()) {
    error = std::string(name) + " must be an array of minutes";
    return false;
  }
  out.clear();
  for (const auto& x : v->AsArray()) {
    if (!x.IsNumber() || x.AsNumber() < 0 || x.AsNumber() > 1e7) {
      error = std::string(name) + " must hold minutes >= 0";
      return false;
    }
    out.push_back(static_cast<int>(x.AsNumber()));
  }
  return true;
}

bool ReadParams(const json::Value* v, cards::FsrsParams& p, std::string& error) {
  if (!v) return true;
  if (const json::Value* r = v->Find("request_retention")) p.desired_retention = r->AsNumber(0.9);
  if (const json::Value* m = v->Find("maximum_interval")) p.maximum_interval_days = static_cast<int>(m->AsNumber(36500));
  if (const json::Value* w = v->Find("w")) {
    if (!w->IsArray() || w->AsArray().size() != 21) {
      error = "params.w must hold 21 numbers";
      return false;
    }
    for (size_t i = 0; i < 21; ++i) p.w[i] = w->AsArray()[i].AsNumber();
  }
  return ReadSteps(v->Find("learning_steps"), p.learning_steps_minutes, error, "learning_steps") &&
         ReadSteps(v->Find("relearning_steps"), p.relearning_steps_minutes, error, "relearning_steps");
}

json::Value CardJson(const cards::SchedCard& c) {
  return json::Object{{"due", static_cast<double>(c.due_ms)},
                      {"stability", c.stability},
                      {"difficulty", c.difficulty},
                      {"state", static_cast<int>(c.state)},
                      {"scheduled_days", c.scheduled_days},
                      {"elapsed_days", c.elapsed_days},
                      {"reps", c.reps},
                      {"lapses", c.lapses},
                      {"learning_steps", c.learning_steps},
                      {"last_review", static_cast<double>(c.last_review_ms)}};
}

int RunFsrsReplay(Args& args, std::ostream& out, std::ostream& err) {
  args.TakeFlag("--json");  // JSON is the only output; the flag is accepted for symmetry
  if (ReportArgErrors(args, err, "fsrs-replay")) return 2;
  std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  json::ParseResult in = json::Parse(text);
  if (!in.ok) return UsageError(err, "fsrs-replay", "stdin: " + in.error);
  const json::Value* histories = in.value.Find("histories");
  if (!histories || !histories->IsArray()) return UsageError(err, "fsrs-replay", "stdin: expected {\"histories\": [...]}");

  json::Array all;
  size_t index = 0;
  for (const auto& h : histories->AsArray()) {
    cards::FsrsParams params;
    std::string error;
    if (!ReadParams(h.Find("params"), params, error))
      return UsageError(err, "fsrs-replay", "history " + std::to_string(index) + ": " + error);
    cards::Fsrs fsrs(params);
    const json::Value* start = h.Find("start");
    const json::Value* reviews = h.Find("reviews");
    if (!start || !start->IsNumber() || !reviews || !reviews->IsArray())
      return UsageError(err, "fsrs-replay", "history " + std::to_string(index) + ": needs start (ms) and reviews");
    cards::SchedCard card = cards::NewSchedCard(static_cast<int64_t>(start->AsNumber()));
    json::Array steps;
    for (const auto& r : reviews->AsArray()) {
      const json::Value* t_value = r.Find("t");
      const json::Value* rating_value = r.Find("rating");
      if (!t_value || !rating_value)
        return UsageError(err, "fsrs-replay", "history " + std::to_string(index) + ": each review needs t and rating");
      int64_t t = static_cast<int64_t>(t_value->AsNumber());
      int rating = static_cast<int>(rating_value->AsNumber());
      if (rating < 1 || rating > 4)
        return UsageError(err, "fsrs-replay", "history " + std::to_string(index) + ": rating must be 1..4");
      auto preview = fsrs.Preview(card, t);
      card = preview[static_cast<size_t>(rating - 1)];
      json::Value v = CardJson(card);
      json::Array dues;
      for (const auto& p : preview) dues.push_back(static_cast<double>(p.due_ms));
      v["preview_due"] = json::Value(std::move(dues));
      steps.push_back(std::move(v));
    }
    all.push_back(json::Value(std::move(steps)));
    ++index;
  }
  out << json::Write(json::Value(json::Object{{"histories", json::Value(std::move(all))}})) << "\n";
  return 0;
}

}  // namespace

BW_CLI_COMMAND("fsrs-replay", "fsrs-replay [--json] < HISTORY.json",
               "(for tests) Replay review histories through the FSRS-6 scheduler and print each card state as JSON.",
               RunFsrsReplay);

}  // namespace bw::cli
