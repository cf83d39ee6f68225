// ecsdeploy.yml / ecsdeploy.json (cli/config_file, yaml-cpp): targets, keys, duplicates and
// depth. yaml-cpp throws; everything must come back as a Result.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cli/config_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = cli::parse_config_text(text, "ecsdeploy.yml");
  if (file) {
    (void)cli::select_target(*file, std::nullopt);
    for (const auto& target : file->targets) {
      (void)target.get("cluster");
    }
  }
  return 0;
}
