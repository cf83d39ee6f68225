#include "aws/credentials/credentials.h"

namespace aws {

util::Error not_configured(std::string reason) {
  return util::make_error(util::ErrorKind::Credentials, std::move(reason),
                          std::string(k_not_configured_code));
}

bool is_not_configured(const util::Error& error) {
  return error.code == k_not_configured_code;
}

util::Error credentials_error(std::string message, std::string code) {
  return util::make_error(util::ErrorKind::Credentials, std::move(message), std::move(code));
}

}  // namespace aws
