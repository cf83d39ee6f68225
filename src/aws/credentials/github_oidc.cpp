#include "aws/credentials/github_oidc.h"

#include <nlohmann/json.hpp>

#include "aws/credentials/credentials.h"
#include "aws/json_parse.h"
#include "util/strings.h"

namespace aws {

namespace {
// The request URL carries no secret itself, but keep messages to scheme and host anyway.
std::string host_of(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  return url.substr(0, url.find_first_of("/?", start));
}
}  // namespace

util::Result<std::string> fetch_github_oidc_token(HttpTransport& transport,
                                                  const GithubOidcSettings& settings) {
  HttpRequest req;
  req.method = "GET";
  req.url = settings.request_url +
            (settings.request_url.find('?') == std::string::npos ? "?" : "&") +
            "audience=" + util::uri_encode(settings.audience);
  req.timeout = std::chrono::seconds(10);
  set_header(req.headers, "Authorization", "Bearer " + settings.request_token);
  set_header(req.headers, "Accept", "application/json");
  const std::string where = "GitHub OIDC token request to " + host_of(settings.request_url);
  auto resp = transport.send(req);
  if (!resp) {
    util::Error e = resp.take_error();
    e.message = where + ": " + e.message;
    return e;
  }
  if (resp->status != 200) {
    util::Error e =
        credentials_error(where + " answered HTTP " + std::to_string(resp->status) +
                              (resp->status == 401 || resp->status == 403
                                   ? "; does the job have 'permissions: id-token: write'?"
                                   : ""),
                          "GithubOidcFailed");
    e.http_status = resp->status;
    return e;
  }
  auto doc = json_parse::parse_or_discard(resp->body);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("value") ||
      !doc["value"].is_string() || doc["value"].get<std::string>().empty()) {
    return util::make_error(util::ErrorKind::ProtocolError,
                            where + ": the response has no token \"value\"", "MalformedResponse");
  }
  return doc["value"].get<std::string>();
}

}  // namespace aws
