#include "aws/credentials/imds.h"

#include "aws/credentials/metadata_json.h"
#include "util/strings.h"

namespace aws {

namespace {

constexpr std::chrono::milliseconds k_timeout{1000};
constexpr const char* k_role_path = "/latest/meta-data/iam/security-credentials/";

bool env_true(const util::Env& env, const std::string& name) {
  auto v = env.get_nonempty(name);
  return v && util::iequals(util::trim(*v), "true");
}

}  // namespace

ImdsProvider::ImdsProvider(const util::Env& env, HttpTransport& transport)
    : m_transport(transport) {
  m_disabled = env_true(env, "AWS_EC2_METADATA_DISABLED");
  m_v1_disabled = env_true(env, "AWS_EC2_METADATA_V1_DISABLED");
  if (auto ep = env.get_nonempty("AWS_EC2_METADATA_SERVICE_ENDPOINT")) {
    m_endpoint = *ep;
  } else if (util::iequals(env.get_or("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", ""), "ipv6")) {
    m_endpoint = "http://[fd00:ec2::254]";
  } else {
    m_endpoint = "http://169.254.169.254";
  }
  while (!m_endpoint.empty() && m_endpoint.back() == '/') {
    m_endpoint.pop_back();
  }
}

util::Result<std::string> ImdsProvider::fetch_token(bool& v1_fallback) {
  HttpRequest req;
  req.method = "PUT";
  req.url = m_endpoint + "/latest/api/token";
  req.connect_timeout = k_timeout;
  req.timeout = k_timeout;
  set_header(req.headers, "x-aws-ec2-metadata-token-ttl-seconds", "21600");
  auto resp = m_transport.send(req);
  if (!resp) {
    return not_configured("no instance metadata service at " + m_endpoint + ": " +
                          resp.error().message);
  }
  if (resp->status == 200 && !resp->body.empty()) {
    return resp->body;
  }
  // Old metadata services and some proxies lack the token API: fall back to IMDSv1.
  if ((resp->status == 404 || resp->status == 405) && !m_v1_disabled) {
    v1_fallback = true;
    return std::string();
  }
  return not_configured("instance metadata token request answered HTTP " +
                        std::to_string(resp->status));
}

util::Result<HttpResponse> ImdsProvider::fetch(const std::string& path, const std::string& token) {
  HttpRequest req;
  req.method = "GET";
  req.url = m_endpoint + path;
  req.connect_timeout = k_timeout;
  req.timeout = k_timeout;
  if (!token.empty()) {
    set_header(req.headers, "x-aws-ec2-metadata-token", token);
  }
  auto resp = m_transport.send(req);
  if (!resp) {
    util::Error e = resp.take_error();
    e.message = "instance metadata " + path + ": " + e.message;
    return e;
  }
  return resp;
}

util::Result<Credentials> ImdsProvider::get() {
  if (m_disabled) {
    return not_configured("disabled by AWS_EC2_METADATA_DISABLED");
  }
  bool v1 = false;
  auto token = fetch_token(v1);
  if (!token) {
    return token.take_error();
  }
  auto roles = fetch(k_role_path, *token);
  if (!roles) {
    return roles.take_error();
  }
  if (roles->status == 404) {
    return not_configured("no IAM role is attached to this instance");
  }
  if (roles->status != 200) {
    return credentials_error("instance metadata role list answered HTTP " +
                             std::to_string(roles->status));
  }
  std::string role(util::trim(roles->body));
  role = role.substr(0, role.find('\n'));
  if (role.empty()) {
    return not_configured("no IAM role is attached to this instance");
  }
  auto doc = fetch(k_role_path + util::uri_encode(role), *token);
  if (!doc) {
    return doc.take_error();
  }
  if (doc->status != 200) {
    return credentials_error("instance metadata credentials for role " + role + " answered HTTP " +
                             std::to_string(doc->status));
  }
  auto creds = parse_metadata_credentials(doc->body);
  if (creds) {
    creds->source = "imds";
  }
  return creds;
}

}  // namespace aws
