#include "cli/error_text.h"

#include "cli/outside_text.h"

namespace cli {

namespace {

std::string with_request_id(std::string text, const util::Error& error) {
  if (!error.request_id.empty()) {
    text += " (request id " + error.request_id + ")";
  }
  return text;
}

}  // namespace

std::string explain_error(const util::Error& error) {
  const std::string& code = error.code;
  if (code == "SignatureDoesNotMatch" || code == "InvalidSignatureException") {
    return with_request_id("AWS rejected the request signature (" + code +
                               "): check AWS_SECRET_ACCESS_KEY (or the profile's "
                               "aws_secret_access_key) belongs to the access key id in use",
                           error);
  }
  if (code == "InvalidClientTokenId" || code == "UnrecognizedClientException") {
    return with_request_id("AWS does not recognise the access key id (" + code +
                               "): check AWS_ACCESS_KEY_ID, AWS_SESSION_TOKEN or --profile",
                           error);
  }
  if (code == "ExpiredToken" || code == "ExpiredTokenException") {
    return with_request_id("the session credentials have expired (" + code +
                               "): refresh them (aws sso login, a new OIDC token, new keys)",
                           error);
  }
  if (error.kind == util::ErrorKind::AccessDenied) {
    // describe() already names the request id.
    return "access denied: " + error.describe() +
           " (check the IAM policy of the identity shown by 'ecsdeploy whoami')";
  }
  if (error.kind == util::ErrorKind::Network || error.kind == util::ErrorKind::Timeout) {
    return "cannot reach AWS: " + error.describe() +
           " (check --endpoint-url / AWS_ENDPOINT_URL, the network and HTTPS_PROXY)";
  }
  if (error.kind == util::ErrorKind::InvalidInput || error.kind == util::ErrorKind::Credentials) {
    return error.message.empty() ? error.describe() : error.message;
  }
  return error.describe();
}

void print_error(std::FILE* err, const std::string& message) {
  // Our own multi-line messages read as one line; what is left of outside text is escaped.
  std::string line;
  line.reserve(message.size());
  for (char c : message) {
    if (c == '\n') {
      line += "; ";
    } else {
      line += c;
    }
  }
  std::fprintf(err, "%s\n", printable_line("ecsdeploy: error: " + line).c_str());
  std::fflush(err);
}

}  // namespace cli
