#include "aws/credentials/container.h"

#include "aws/credentials/metadata_json.h"
#include "aws/credentials/token_file.h"
#include "util/strings.h"

namespace aws {

namespace {

constexpr const char* k_ecs_agent = "http://169.254.170.2";
constexpr int k_attempts = 2;  // one quick retry for a busy agent, as botocore does

// "http://host:port/path" -> ("http", "host"); IPv6 hosts keep their brackets.
bool split_url(const std::string& url, std::string& scheme, std::string& host) {
  auto sep = url.find("://");
  if (sep == std::string::npos) {
    return false;
  }
  scheme = util::to_lower(url.substr(0, sep));
  std::string rest = url.substr(sep + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = rest.rfind('@'); at != std::string::npos) {
    rest = rest.substr(at + 1);
  }
  if (!rest.empty() && rest.front() == '[') {
    auto close = rest.find(']');
    if (close == std::string::npos) {
      return false;
    }
    host = util::to_lower(rest.substr(0, close + 1));
  } else {
    host = util::to_lower(rest.substr(0, rest.find(':')));
  }
  return !host.empty();
}

bool is_loopback_v4(const std::string& host) {
  auto parts = util::split(host, '.');
  if (parts.size() != 4 || parts[0] != "127") {
    return false;
  }
  for (const auto& p : parts) {
    if (p.empty() || p.size() > 3 || p.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(p) > 255) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool container_uri_allowed(const std::string& url) {
  std::string scheme;
  std::string host;
  if (!split_url(url, scheme, host)) {
    return false;
  }
  if (scheme == "https") {
    return true;
  }
  if (scheme != "http") {
    return false;
  }
  return is_loopback_v4(host) || host == "localhost" || host == "[::1]" ||
         host == "169.254.170.2" || host == "169.254.170.23" || host == "[fd00:ec2::23]";
}

ContainerProvider::ContainerProvider(const util::Env& env, HttpTransport& transport)
    : m_transport(transport) {
  if (auto rel = env.get_nonempty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    m_url = k_ecs_agent + (rel->front() == '/' ? *rel : "/" + *rel);
  } else if (auto full = env.get_nonempty("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    if (!container_uri_allowed(*full)) {
      m_config_error = credentials_error(
          "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http to a loopback address, "
          "169.254.170.2, 169.254.170.23 or fd00:ec2::23");
    }
    m_url = *full;
  } else {
    m_config_error = not_configured("not configured");
  }
  m_token_file = env.get_or("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "");
  m_token = env.get_or("AWS_CONTAINER_AUTHORIZATION_TOKEN", "");
}

util::Result<Credentials> ContainerProvider::get() {
  if (m_config_error) {
    return *m_config_error;
  }
  HttpRequest req;
  req.method = "GET";
  req.url = m_url;
  req.connect_timeout = std::chrono::seconds(2);
  req.timeout = std::chrono::seconds(2);
  set_header(req.headers, "Accept", "application/json");
  std::string token = m_token;
  if (!m_token_file.empty()) {
    auto t = read_token_file(m_token_file, "container authorization token file");
    if (!t) {
      return t.take_error();
    }
    token = std::move(t).value();
  }
  if (token.find_first_of("\r\n") != std::string::npos) {
    return credentials_error("the container authorization token contains a line break");
  }
  if (!token.empty()) {
    set_header(req.headers, "Authorization", token);
  }
  util::Result<HttpResponse> resp = credentials_error("not attempted");
  for (int attempt = 1; attempt <= k_attempts; ++attempt) {
    resp = m_transport.send(req);
    bool transient = resp ? resp->status >= 500
                          : (resp.error().kind == util::ErrorKind::Network ||
                             resp.error().kind == util::ErrorKind::Timeout);
    if (!transient) {
      break;
    }
  }
  if (!resp) {
    util::Error e = resp.take_error();
    e.message = "cannot reach the container credentials endpoint " + m_url + ": " + e.message;
    return e;
  }
  if (resp->status != 200) {
    util::Error e = credentials_error("the container credentials endpoint " + m_url +
                                          " answered HTTP " + std::to_string(resp->status),
                                      "CredentialsUnavailable");
    e.http_status = resp->status;
    return e;
  }
  auto creds = parse_metadata_credentials(resp->body);
  if (creds) {
    creds->source = "container";
  }
  return creds;
}

}  // namespace aws
