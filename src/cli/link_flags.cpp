#include "cli/link_flags.h"

#include <algorithm>

namespace bw::cli {
namespace {

bool Negated(const links::Key& k) { return std::string(k.cli).rfind("--no-", 0) == 0; }

}  // namespace

LiveLink TakeLinkFlags(Args& args, const char* section) {
  LiveLink link{section, {}};
  const links::Section* s = links::FindSection(section);
  if (!s) return link;
  for (const links::Key& k : s->keys) {
    if (!k.cli) continue;
    if (k.type == links::Type::kBool) {
      if (args.TakeFlag(k.cli)) link.Set(k.key, Negated(k) ? "0" : "1");
    } else if (std::optional<std::string> v = args.TakeValue(k.cli)) {
      link.Set(k.key, *v);
    }
  }
  return link;
}

std::vector<std::string> FlagErrors(const char* section, const std::vector<std::string>& errors) {
  std::vector<std::string> out;
  const links::Section* s = links::FindSection(section);
  for (const std::string& e : errors) {
    size_t colon = e.find(':');
    const links::Key* k = s && colon != std::string::npos ? links::FindKey(*s, e.substr(0, colon)) : nullptr;
    out.push_back(k && k->cli ? k->cli + e.substr(colon) : e);
  }
  return out;
}

bool ReportFlagErrors(std::ostream& err, const char* command, const char* section,
                      const std::vector<std::string>& errors) {
  for (const std::string& e : FlagErrors(section, errors)) UsageError(err, command, e);
  return !errors.empty();
}

std::string FlagUsage(const char* section, const std::vector<std::string>& except) {
  std::string out;
  const links::Section* s = links::FindSection(section);
  if (!s) return out;
  for (const links::Key& k : s->keys) {
    if (!k.cli || std::find(except.begin(), except.end(), k.key) != except.end()) continue;
    std::string arg;
    if (k.type == links::Type::kEnum)
      for (const std::string& n : k.names) arg += (arg.empty() ? "" : "|") + n;
    else if (k.type != links::Type::kBool)
      arg = k.type == links::Type::kList ? "I,J,..." : k.type == links::Type::kText ? "TEXT" : "X";
    out += (out.empty() ? "[" : " [") + std::string(k.cli) + (arg.empty() ? "" : " " + arg) + "]";
  }
  return out;
}

}  // namespace bw::cli
