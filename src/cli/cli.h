// The `bytewise` command line: one subcommand per file (cmd_*.cpp), each registering itself with
// BW_CLI_COMMAND, so adding a command touches no shared file. Subcommands are thin: parse
// arguments, call an engine, print its result struct (JSON with --json). Nothing but the command's
// own output goes to stdout; diagnostics go to stderr. Exit codes: 0 ok, 1 failure (e.g. lint
// errors), 2 usage or input error.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace bw::cli {

// Lazy argument reader: each Take* consumes what it names wherever it appears; whatever is left
// afterwards is positional (or, if it starts with "--", an unknown option reported by Finish).
class Args {
 public:
  explicit Args(std::vector<std::string> args) : args_(std::move(args)), used_(args_.size(), false) {}
  bool TakeFlag(const std::string& name);                         // "--json"
  std::optional<std::string> TakeValue(const std::string& name);  // "--format F" or "--format=F"
  std::vector<std::string> TakeValues(const std::string& name);   // every occurrence, in order
  std::vector<std::string> Positionals();                         // the rest, in order (marks them used)
  // Errors for what no Take* consumed, and for options missing their value. Empty if all good.
  std::vector<std::string> Finish();

 private:
  std::vector<std::string> args_;
  std::vector<bool> used_;
  std::vector<std::string> errors_;
};

using CommandFn = int (*)(Args& args, std::ostream& out, std::ostream& err);

struct Command {
  const char* name;     // "convert"
  const char* usage;    // "convert VALUE [--format F]... [--json]"
  const char* summary;  // one line
  CommandFn fn;
};

struct Registrar {
  explicit Registrar(const Command& c);
};

const std::vector<Command>& Commands();

// Prints "bytewise NAME: message" to err and returns 2 (usage/input error).
int UsageError(std::ostream& err, const char* command, const std::string& message);

// Reports every error from args.Finish() and returns true if there were any.
bool ReportArgErrors(Args& args, std::ostream& err, const char* command);

}  // namespace bw::cli

#define BW_CLI_CONCAT2(a, b) a##b
#define BW_CLI_CONCAT(a, b) BW_CLI_CONCAT2(a, b)
#define BW_CLI_COMMAND(name, usage, summary, fn) \
  static const ::bw::cli::Registrar BW_CLI_CONCAT(bw_cli_registrar_, __LINE__)({name, usage, summary, fn})
