#include "aws/credentials/sts.h"

#include <utility>
#include <vector>

#include "aws/aws_error.h"
#include "aws/sigv4.h"
#include "aws/xml.h"
#include "util/input_limits.h"
#include "util/strings.h"
#include "util/time.h"

namespace aws {

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

std::string session_name_or_default(const StsTarget& sts, const std::string& name) {
  if (!name.empty()) {
    return name;
  }
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(sts.clock->now().time_since_epoch());
  return "ecsdeploy-" + std::to_string(secs.count());
}

Params role_params(const StsTarget& sts, std::string_view action, const AssumeRoleParams& params) {
  Params p = {{"Action", std::string(action)},
              {"Version", "2011-06-15"},
              {"RoleArn", params.role_arn},
              {"RoleSessionName", session_name_or_default(sts, params.session_name)}};
  if (params.duration_seconds) {
    p.emplace_back("DurationSeconds", std::to_string(*params.duration_seconds));
  }
  return p;
}

util::Result<Credentials> call(const StsTarget& sts, std::string_view action,
                               const std::string& role_arn, const Params& params,
                               const Credentials* signer) {
  HttpRequest req;
  req.method = "POST";
  std::string base = sts.endpoint;
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  req.url = base + "/";
  req.body = util::form_url_encode(params);
  set_header(req.headers, "Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  if (signer != nullptr) {
    SigningParams sp;
    sp.region = sts.region;
    sp.service = "sts";
    sp.time = sts.clock->now();
    sign_request(req, *signer, sp);
  }
  const std::string what = "STS " + std::string(action) + " (" + role_arn + ")";
  auto resp = sts.transport->send(req);
  if (!resp) {
    util::Error e = resp.take_error();
    e.message = what + " at " + base + ": " + e.message;
    return e;
  }
  if (resp->status < 200 || resp->status >= 300) {
    util::Error e = parse_error_response(*resp);
    e.message = what + " failed: " + e.message;
    return e;
  }
  auto creds = parse_sts_credentials(resp->body);
  if (!creds) {
    util::Error e = creds.take_error();
    e.message = what + ": " + e.message;
    return e;
  }
  return creds;
}

}  // namespace

util::Result<Credentials> parse_sts_credentials(std::string_view body) {
  if (xml::too_deep(body, util::k_max_nesting_depth)) {
    return util::make_error(
        util::ErrorKind::ProtocolError,
        "response is nested deeper than " + std::to_string(util::k_max_nesting_depth) + " levels",
        "MalformedResponse");
  }
  auto block = xml::find_element(body, "Credentials");
  if (!block) {
    return util::make_error(util::ErrorKind::ProtocolError, "response has no <Credentials> element",
                            "MalformedResponse");
  }
  Credentials c;
  const std::pair<const char*, std::string*> members[] = {
      {"AccessKeyId", &c.access_key_id},
      {"SecretAccessKey", &c.secret_access_key},
      {"SessionToken", &c.session_token},
  };
  for (const auto& [tag, out] : members) {
    auto v = xml::find_text(*block, tag);
    if (!v || v->empty()) {
      return util::make_error(util::ErrorKind::ProtocolError, std::string("response has no ") + tag,
                              "MalformedResponse");
    }
    *out = std::move(*v);
  }
  auto exp = xml::find_text(*block, "Expiration");
  if (!exp || !(c.expiration = util::parse_iso8601(*exp))) {
    return util::make_error(util::ErrorKind::ProtocolError, "response has no valid Expiration",
                            "MalformedResponse");
  }
  return c;
}

util::Result<Credentials> sts_assume_role(const StsTarget& sts, const Credentials& source,
                                          const AssumeRoleParams& params) {
  Params p = role_params(sts, "AssumeRole", params);
  if (!params.external_id.empty()) {
    p.emplace_back("ExternalId", params.external_id);
  }
  return call(sts, "AssumeRole", params.role_arn, p, &source);
}

util::Result<Credentials> sts_assume_role_with_web_identity(const StsTarget& sts,
                                                            const AssumeRoleParams& params,
                                                            std::string_view token) {
  Params p = role_params(sts, "AssumeRoleWithWebIdentity", params);
  p.emplace_back("WebIdentityToken", std::string(token));
  return call(sts, "AssumeRoleWithWebIdentity", params.role_arn, p, nullptr);
}

}  // namespace aws
