#include "aws/credentials/sso.h"

#include <nlohmann/json.hpp>

#include "aws/json_parse.h"
#include "util/crypto.h"
#include "util/file_read.h"
#include "util/input_limits.h"
#include "util/strings.h"
#include "util/time.h"

namespace aws {

namespace {

util::Error login_needed(const std::string& profile, const std::string& why) {
  return credentials_error(
      "SSO profile '" + profile + "': " + why + "; run 'aws sso login --profile " + profile + "'",
      "SsoLoginRequired");
}

util::Error incomplete(const std::string& profile, const std::string& what) {
  return util::make_error(util::ErrorKind::InvalidInput, "SSO profile '" + profile + "' " + what);
}

}  // namespace

SsoProvider::SsoProvider(SsoSettings settings, HttpTransport& transport, util::Clock& clock)
    : m_settings(std::move(settings)), m_transport(transport), m_clock(clock) {}

util::Result<Credentials> SsoProvider::get() {
  const std::string& profile = m_settings.profile;
  auto text = util::read_small_regular_file(m_settings.cache_file, util::k_max_token_bytes);
  if (!text) {
    return login_needed(profile, text.error().code == util::k_file_not_found_code
                                     ? "no cached SSO token"
                                     : text.error().message);
  }
  auto doc = json_parse::parse_or_discard(*text);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("accessToken") ||
      !doc["accessToken"].is_string() || !doc.contains("expiresAt") ||
      !doc["expiresAt"].is_string()) {
    return login_needed(profile,
                        "the cached SSO token file " + m_settings.cache_file + " is not valid");
  }
  std::string expires = doc["expiresAt"].get<std::string>();
  if (expires.size() > 3 && expires.compare(expires.size() - 3, 3, "UTC") == 0) {
    expires.replace(expires.size() - 3, 3, "Z");  // older CLI versions wrote "...UTC"
  }
  auto expires_at = util::parse_iso8601(expires);
  if (!expires_at || m_clock.now() >= *expires_at) {
    return login_needed(profile, "the SSO token has expired");
  }
  HttpRequest req;
  req.method = "GET";
  req.url = m_settings.portal_url +
            "/federation/credentials?role_name=" + util::uri_encode(m_settings.role_name) +
            "&account_id=" + util::uri_encode(m_settings.account_id);
  set_header(req.headers, "x-amz-sso_bearer_token", doc["accessToken"].get<std::string>());
  auto resp = m_transport.send(req);
  if (!resp) {
    util::Error e = resp.take_error();
    e.message = "SSO portal " + m_settings.portal_url + ": " + e.message;
    return e;
  }
  if (resp->status == 401 || resp->status == 403) {
    return login_needed(profile, "the SSO portal rejected the cached token (HTTP " +
                                     std::to_string(resp->status) + ")");
  }
  if (resp->status != 200) {
    util::Error e = credentials_error("SSO portal " + m_settings.portal_url + " answered HTTP " +
                                      std::to_string(resp->status));
    e.http_status = resp->status;
    return e;
  }
  auto body = json_parse::parse_or_discard(resp->body);
  const nlohmann::json* rc = nullptr;
  if (!body.is_discarded() && body.is_object() && body.contains("roleCredentials") &&
      body["roleCredentials"].is_object()) {
    rc = &body["roleCredentials"];
  }
  auto str = [rc](const char* k) -> std::string {
    return rc != nullptr && rc->contains(k) && (*rc)[k].is_string() ? (*rc)[k].get<std::string>()
                                                                    : std::string();
  };
  Credentials c;
  c.access_key_id = str("accessKeyId");
  c.secret_access_key = str("secretAccessKey");
  c.session_token = str("sessionToken");
  if (c.access_key_id.empty() || c.secret_access_key.empty() || !rc->contains("expiration") ||
      !(*rc)["expiration"].is_number_integer()) {
    return util::make_error(util::ErrorKind::ProtocolError,
                            "SSO portal response has no complete roleCredentials",
                            "MalformedResponse");
  }
  c.expiration = util::SystemTime{std::chrono::milliseconds((*rc)["expiration"].get<int64_t>())};
  c.source = "profile:" + profile + " (sso)";
  return c;
}

util::Result<std::unique_ptr<CredentialsProvider>> make_sso_provider(
    const SharedConfig& config, const std::string& profile, const ConfigSection& settings,
    const util::Env& env, HttpTransport& transport, util::Clock& clock) {
  SsoSettings s;
  s.profile = profile;
  std::string cache_key;
  std::string region;
  if (auto session = settings.get_nonempty("sso_session")) {
    const ConfigSection* sec = config.sso_session(*session);
    if (sec == nullptr) {
      return incomplete(profile, "names sso_session '" + *session +
                                     "', which has no [sso-session " + *session + "] section in " +
                                     config.config_file().path);
    }
    region = sec->get_nonempty("sso_region").value_or("");
    cache_key = *session;
  } else {
    region = settings.get_nonempty("sso_region").value_or("");
    cache_key = settings.get_nonempty("sso_start_url").value_or("");
    if (cache_key.empty()) {
      return incomplete(profile, "has neither sso_session nor sso_start_url");
    }
  }
  if (region.empty()) {
    return incomplete(profile, "has no sso_region");
  }
  s.account_id = settings.get_nonempty("sso_account_id").value_or("");
  s.role_name = settings.get_nonempty("sso_role_name").value_or("");
  if (s.account_id.empty() || s.role_name.empty()) {
    return incomplete(profile, "needs both sso_account_id and sso_role_name");
  }
  s.cache_file = env.home() + "/.aws/sso/cache/" + util::sha1_hex(cache_key) + ".json";
  s.portal_url =
      env.get_or("AWS_ENDPOINT_URL_SSO", "https://portal.sso." + region + ".amazonaws.com");
  while (!s.portal_url.empty() && s.portal_url.back() == '/') {
    s.portal_url.pop_back();
  }
  return std::unique_ptr<CredentialsProvider>(
      std::make_unique<SsoProvider>(std::move(s), transport, clock));
}

}  // namespace aws
