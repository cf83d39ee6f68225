// credential_process stdout (aws/credentials/process): JSON with secrets, version and
// expiration checks.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "aws/credentials/process.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)aws::parse_process_output(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
