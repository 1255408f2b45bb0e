#include "app/storage.h"

namespace bw::app {
namespace {

// The store before the platform installs one (and in tools that have none): nothing persists.
class NoStorage final : public Storage {
 public:
  bool Init() override { return false; }
  bool Ready() const override { return true; }
  bool Busy() const override { return false; }
  std::string Location() const override { return "nowhere (no storage installed)"; }
  std::string Error() const override { return "no storage installed: progress is not saved"; }
  std::optional<std::string> Read(const std::string&) override { return std::nullopt; }
  bool Write(const std::string&, const std::string&, std::string* error) override {
    if (error) *error = Error();
    return false;
  }
  std::vector<std::string> List(const std::string&) override { return {}; }
  std::vector<std::string> ListAssets(const std::string&, const std::string&) override { return {}; }
  std::optional<std::string> ReadAsset(const std::string&) override { return std::nullopt; }
  bool ExportTextFile(const std::string&, const std::string&, std::string* where) override {
    if (where) *where = Error();
    return false;
  }
  bool RequestOpenFile(const std::string&, const std::string&) override { return false; }
  bool TakeOpenedFile(OpenedFile*) override { return false; }
};

NoStorage g_none;
Storage* g_storage = &g_none;

}  // namespace

void SetStorage(Storage* storage) { g_storage = storage ? storage : &g_none; }
Storage& GetStorage() { return *g_storage; }

}  // namespace bw::app
