#include "aws/credentials/metadata_json.h"

#include <nlohmann/json.hpp>

#include "aws/json_parse.h"
#include "util/time.h"

namespace aws {

namespace {
util::Error malformed(const std::string& what) {
  return util::make_error(util::ErrorKind::ProtocolError, "credentials response " + what,
                          "MalformedResponse");
}
}  // namespace

util::Result<Credentials> parse_metadata_credentials(std::string_view body) {
  auto doc = json_parse::parse_or_discard(body);
  if (doc.is_discarded() || !doc.is_object()) {
    return malformed("is not a JSON object");
  }
  if (auto code = doc.find("Code");
      code != doc.end() && code->is_string() && code->get<std::string>() != "Success") {
    // The code is a short status word ("AssumeRoleUnauthorizedAccess"), safe to show.
    return credentials_error("credentials response has Code " + code->get<std::string>(),
                             "CredentialsUnavailable");
  }
  Credentials c;
  const std::pair<const char*, std::string*> members[] = {
      {"AccessKeyId", &c.access_key_id},
      {"SecretAccessKey", &c.secret_access_key},
      {"Token", &c.session_token},
  };
  for (const auto& [name, out] : members) {
    auto it = doc.find(name);
    if (it == doc.end() || !it->is_string() || it->get<std::string>().empty()) {
      if (out == &c.session_token && (it == doc.end() || it->is_null())) {
        continue;  // long-term keys from a custom container endpoint
      }
      return malformed(std::string("has no ") + name);
    }
    *out = it->get<std::string>();
  }
  if (auto it = doc.find("Expiration"); it != doc.end() && !it->is_null()) {
    if (!it->is_string() || !(c.expiration = util::parse_iso8601(it->get<std::string>()))) {
      return malformed("has an Expiration that is not an ISO-8601 time");
    }
  }
  return c;
}

}  // namespace aws
