#include "aws/credentials/token_file.h"

#include "aws/credentials/credentials.h"
#include "util/file_read.h"
#include "util/input_limits.h"
#include "util/strings.h"

namespace aws {

util::Result<std::string> read_token_file(const std::string& path, const std::string& what) {
  auto text = util::read_small_regular_file(path, util::k_max_token_bytes, what + " " + path);
  if (!text) {
    return credentials_error(text.error().message, "UnreadableTokenFile");
  }
  std::string token(util::trim(*text));
  if (token.empty()) {
    return credentials_error(what + " " + path + " is empty", "UnreadableTokenFile");
  }
  return token;
}

}  // namespace aws
