#include "aws/credentials/token_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "aws/credentials/credentials.h"
#include "util/strings.h"

namespace aws {

util::Result<std::string> read_token_file(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return credentials_error("cannot read " + what + " " + path + ": " + std::strerror(errno),
                             "UnreadableTokenFile");
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) {
    return credentials_error("cannot read " + what + " " + path + ": read error",
                             "UnreadableTokenFile");
  }
  std::string token(util::trim(buf.str()));
  if (token.empty()) {
    return credentials_error(what + " " + path + " is empty", "UnreadableTokenFile");
  }
  return token;
}

}  // namespace aws
