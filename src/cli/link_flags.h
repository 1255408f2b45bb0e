// The CLI's flags for a section's LiveLink keys, read off core/links' table (Key::cli): `--lr 0.1`
// sets lr, a bool key's flag is a switch (`--flash-attention` sets 1, `--no-lm-head` sets 0).
#pragma once

#include <string>
#include <vector>

#include "cli/cli.h"
#include "core/links/links.h"

namespace bw::cli {

// Consumes every flag of the section's keys from args into a LiveLink of that section.
LiveLink TakeLinkFlags(Args& args, const char* section);

// The errors of links' Apply with each leading "key:" written as the flag the user typed ("--weight-decay:").
std::vector<std::string> FlagErrors(const char* section, const std::vector<std::string>& errors);

// Prints each of those errors as "bytewise COMMAND: --flag: ..." on err; true when there were any
// (the command then exits 2).
bool ReportFlagErrors(std::ostream& err, const char* command, const char* section,
                      const std::vector<std::string>& errors);

// The usage text of the section's flags: "[--lr X] [--optimizer sgd|momentum|adam|adamw] ...".
// Keys in `except` are left out (a command that describes them in its own usage text).
std::string FlagUsage(const char* section, const std::vector<std::string>& except = {});

}  // namespace bw::cli
