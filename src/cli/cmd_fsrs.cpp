// `bytewise fsrs-replay --json < history.json`: replays review histories through the FSRS-6
// scheduler (src/core/cards/fsrs.h) and prints every card state, so tests/ref/fsrs.test.mjs can
// compare it with the ts-fsrs npm package. Input:
//   {"histories": [{"params": {"request_retention": 0.9, "w": [21 numbers], "maximum_interval": 36500,
//                              "learning_steps": [1, 10], "relearning_steps": [10]},   (all optional, minutes)
//                   "start": MS, "reviews": [{"t": MS, "rating": 1..4}, ...]}]}
// Output: {"histories": [[{"due", "stability", "difficulty", "state", "scheduled_days", "elapsed_days",
//                          "reps", "lapses", "learning_steps", "last_review", "preview_due": [4]}, ...]]}
#include <cmath>
#include <iostream>
#include <iterator>
#include <ostream>
#include <string>

#include "cli/cli.h"
#include "core/cards/fsrs.h"
#include "core/util/json.h"

namespace bw::cli {
namespace {

// A number in [lo, hi] (finite; whole when `whole`), converted without undefined behaviour: every
// float-to-integer cast below is of a value already known to fit.
bool ReadNumber(const json::Value* v, double lo, double hi, bool whole, double* out) {
  if (!v || !v->IsNumber()) return false;
  double d = v->AsNumber();
  if (!std::isfinite(d) || d < lo || d > hi || (whole && d != std::floor(d))) return false;
  *out = d;
  return true;
}

constexpr double kMaxMs = 9007199254740992.0;  // 2^53: JSON numbers stay exact up to here

bool ReadSteps(const json::Value* v, std::vector<int>& out, std::string& error, const char* name) {
  if (!v) return true;
  if (!v->IsArray()) {
    error = std::string(name) + " must be an array of minutes";
    return false;
  }
  out.clear();
  for (const auto& x : v->AsArray()) {
    double d = 0;
    if (!ReadNumber(&x, 0, 1e7, false, &d)) {
      error = std::string(name) + " must hold minutes in [0, 10000000]";
      return false;
    }
    out.push_back(static_cast<int>(d));
  }
  return true;
}

bool ReadParams(const json::Value* v, cards::FsrsParams& p, std::string& error) {
  if (!v) return true;
  double d = 0;
  if (const json::Value* r = v->Find("request_retention")) {
    if (!ReadNumber(r, 0, 1, false, &d)) {
      error = "params.request_retention must be a number in (0, 1]";
      return false;
    }
    p.desired_retention = d;
  }
  if (const json::Value* m = v->Find("maximum_interval")) {
    if (!ReadNumber(m, 1, cards::kMaxIntervalDays, true, &d)) {
      error = "params.maximum_interval must be a whole number of days in [1, " +
              std::to_string(cards::kMaxIntervalDays) + "]";
      return false;
    }
    p.maximum_interval_days = static_cast<int>(d);
  }
  if (const json::Value* w = v->Find("w")) {
    if (!w->IsArray() || w->AsArray().size() != 21) {
      error = "params.w must hold 21 numbers";
      return false;
    }
    for (size_t i = 0; i < 21; ++i) {
      if (!ReadNumber(&w->AsArray()[i], -1e300, 1e300, false, &d)) {
        error = "params.w must hold 21 finite numbers";
        return false;
      }
      p.w[i] = d;
    }
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
  if (!histories || !histories->IsArray())
    return UsageError(err, "fsrs-replay", "stdin: expected {\"histories\": [...]}");

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
    double start_ms = 0;
    if (!ReadNumber(start, -kMaxMs, kMaxMs, false, &start_ms) || !reviews || !reviews->IsArray())
      return UsageError(err, "fsrs-replay",
                        "history " + std::to_string(index) + ": needs start (ms, |start| <= 2^53) and reviews");
    cards::SchedCard card = cards::NewSchedCard(static_cast<int64_t>(start_ms));
    json::Array steps;
    for (const auto& r : reviews->AsArray()) {
      const json::Value* t_value = r.Find("t");
      const json::Value* rating_value = r.Find("rating");
      if (!t_value || !rating_value)
        return UsageError(err, "fsrs-replay", "history " + std::to_string(index) + ": each review needs t and rating");
      double t_ms = 0, rating_number = 0;
      if (!ReadNumber(t_value, -kMaxMs, kMaxMs, false, &t_ms))
        return UsageError(err, "fsrs-replay", "history " + std::to_string(index) + ": t must be ms with |t| <= 2^53");
      if (!ReadNumber(rating_value, 1, 4, true, &rating_number))
        return UsageError(err, "fsrs-replay", "history " + std::to_string(index) + ": rating must be 1..4");
      int64_t t = static_cast<int64_t>(t_ms);
      int rating = static_cast<int>(rating_number);
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
