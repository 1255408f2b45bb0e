// bytewise — command-line front of the Bytewise engines (the app and this tool share src/core).
#include <algorithm>
#include <cstring>
#include <iostream>
#include <ostream>

#include "cli/cli.h"

namespace bw::cli {

namespace {
std::vector<Command>& Registry() {
  static std::vector<Command> commands;
  return commands;
}

bool Matches(const std::string& arg, const std::string& name) {
  return arg == name || (arg.size() > name.size() && arg.compare(0, name.size(), name) == 0 && arg[name.size()] == '=');
}
}  // namespace

Registrar::Registrar(const Command& c) { Registry().push_back(c); }

const std::vector<Command>& Commands() {
  auto& r = Registry();
  std::sort(r.begin(), r.end(), [](const Command& a, const Command& b) { return std::strcmp(a.name, b.name) < 0; });
  return r;
}

bool Args::TakeFlag(const std::string& name) {
  bool found = false;
  for (size_t i = 0; i < args_.size(); ++i)
    if (!used_[i] && args_[i] == name) used_[i] = found = true;
  return found;
}

std::optional<std::string> Args::TakeValue(const std::string& name) {
  std::vector<std::string> all = TakeValues(name);
  if (all.empty()) return std::nullopt;
  return all.back();
}

std::vector<std::string> Args::TakeValues(const std::string& name) {
  std::vector<std::string> out;
  for (size_t i = 0; i < args_.size(); ++i) {
    if (used_[i] || !Matches(args_[i], name)) continue;
    used_[i] = true;
    if (args_[i].size() > name.size()) {
      out.push_back(args_[i].substr(name.size() + 1));
    } else if (i + 1 < args_.size() && !used_[i + 1]) {
      used_[i + 1] = true;
      out.push_back(args_[i + 1]);
      ++i;
    } else {
      errors_.push_back("option " + name + " needs a value");
    }
  }
  return out;
}

std::vector<std::string> Args::Positionals() {
  std::vector<std::string> out;
  for (size_t i = 0; i < args_.size(); ++i) {
    if (used_[i]) continue;
    if (args_[i].size() > 2 && args_[i].compare(0, 2, "--") == 0) continue;  // unknown option: Finish reports it
    used_[i] = true;
    out.push_back(args_[i]);
  }
  return out;
}

std::vector<std::string> Args::Finish() {
  std::vector<std::string> out = errors_;
  for (size_t i = 0; i < args_.size(); ++i)
    if (!used_[i])
      out.push_back((args_[i].compare(0, 2, "--") == 0 ? "unknown option " : "unexpected argument ") + args_[i]);
  return out;
}

int UsageError(std::ostream& err, const char* command, const std::string& message) {
  err << "bytewise " << command << ": " << message << "\n";
  return 2;
}

bool ReportArgErrors(Args& args, std::ostream& err, const char* command) {
  std::vector<std::string> errors = args.Finish();
  for (const auto& e : errors) UsageError(err, command, e);
  if (!errors.empty()) {
    for (const auto& c : Commands())
      if (std::strcmp(c.name, command) == 0) err << "usage: bytewise " << c.usage << "\n";
  }
  return !errors.empty();
}

}  // namespace bw::cli

namespace {
void PrintHelp(std::ostream& out) {
  out << "bytewise — why large models run out of memory, computed.\n\nusage: bytewise COMMAND [ARGS...]\n\ncommands:\n";
  for (const auto& c : bw::cli::Commands()) out << "  " << c.usage << "\n      " << c.summary << "\n";
}
}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "help") == 0 ||
      std::strcmp(argv[1], "-h") == 0) {
    PrintHelp(argc < 2 ? std::cerr : std::cout);
    return argc < 2 ? 2 : 0;
  }
  for (const auto& c : bw::cli::Commands()) {
    if (std::strcmp(c.name, argv[1]) == 0) {
      bw::cli::Args args(std::vector<std::string>(argv + 2, argv + argc));
      if (args.TakeFlag("--help")) {
        std::cout << "usage: bytewise " << c.usage << "\n" << c.summary << "\n";
        return 0;
      }
      int rc = c.fn(args, std::cout, std::cerr);
      std::cout.flush();
      return rc;
    }
  }
  std::cerr << "bytewise: unknown command '" << argv[1] << "'\n\n";
  PrintHelp(std::cerr);
  return 2;
}
