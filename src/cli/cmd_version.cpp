// `bytewise version [--json]`: the tool's version and the engines it carries.
#include <ostream>

#include "cli/cli.h"
#include "core/util/json.h"
#include "core/util/version.h"

namespace bw::cli {
namespace {

int RunVersion(Args& args, std::ostream& out, std::ostream& err) {
  bool as_json = args.TakeFlag("--json");
  if (ReportArgErrors(args, err, "version")) return 2;
  if (as_json) {
    json::Object o{{"name", "bytewise"}, {"version", kVersion}};
    out << json::Write(json::Value(std::move(o))) << "\n";
  } else {
    out << "bytewise " << kVersion << "\n";
  }
  return 0;
}

}  // namespace

BW_CLI_COMMAND("version", "version [--json]", "Print the version of this tool.", RunVersion);

}  // namespace bw::cli
