// The training run `bytewise train` and `bytewise ptq` share: the Train link's flags (core/links),
// --steps, and the refusal of runs that would take minutes.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "cli/cli.h"
#include "core/nn/trainer.h"

namespace bw::cli {

struct TrainRun {
  nn::TrainConfig config;
  int64_t steps = 1000;
};

// Reads the flags; on any problem prints "bytewise COMMAND: ..." lines to err and returns nullopt
// (the caller exits 2). Consumes every flag it knows; call after taking the command's own flags.
std::optional<TrainRun> ReadTrainRun(Args& args, std::ostream& err, const char* command);

std::string TrainRunUsage();  // "[--dataset circle|...] ... [--steps N]"

}  // namespace bw::cli
