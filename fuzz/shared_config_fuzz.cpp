// ~/.aws/config and ~/.aws/credentials text (aws/config_file) and what the CLI looks up in it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "aws/config_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = aws::parse_config(text, "~/.aws/config");
  if (parsed) {
    aws::SharedConfig shared(*parsed, *parsed);
    for (const auto& [name, section] : parsed->sections) {
      (void)section.get_nonempty("role_arn");
      (void)section.get_nested("ecs", "endpoint_url");
      (void)shared.profile(name.rfind("profile ", 0) == 0 ? name.substr(8) : name);
    }
    (void)shared.sso_session("corp");
    (void)shared.services("dev");
  }
  return 0;
}
