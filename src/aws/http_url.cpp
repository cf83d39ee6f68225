#include "aws/http_url.h"

#include <charconv>

#include "util/strings.h"

namespace aws {

namespace {

util::Error invalid(std::string_view url, std::string_view why) {
  // Neither a query nor user info (a proxy password) is ever shown.
  std::string shown(url.substr(0, url.find_first_of("?#")));
  if (auto start = shown.find("://"); start != std::string::npos) {
    const auto end = shown.find('/', start + 3);
    const auto at = shown.rfind('@', end);
    if (at != std::string::npos && at > start) {
      shown.erase(start + 3, at + 1 - (start + 3));
    }
  }
  return util::make_error(util::ErrorKind::InvalidInput,
                          "invalid URL: " + shown + " (" + std::string(why) + ")", "InvalidUrl");
}

util::Result<HttpUrl> split(std::string_view url, bool allow_userinfo, std::string* userinfo) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return invalid(url, "no scheme");
  }
  const std::string scheme = util::to_lower(url.substr(0, scheme_end));
  HttpUrl out;
  if (scheme == "https") {
    out.tls = true;
  } else if (scheme != "http") {
    return invalid(url, "only http and https are supported");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  const auto path_start = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path_start);
  std::string_view target =
      path_start == std::string_view::npos ? std::string_view() : rest.substr(path_start);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    if (!allow_userinfo) {
      return invalid(url, "user info is not allowed");
    }
    *userinfo = std::string(authority.substr(0, at));
    authority = authority.substr(at + 1);
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return invalid(url, "unclosed IPv6 literal");
    }
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(':')) {
        return invalid(url, "junk after the IPv6 literal");
      }
      port = after.substr(1);
    }
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) {
    return invalid(url, "no host");
  }
  out.host = util::to_lower(host);
  out.port = out.tls ? 443 : 80;
  if (!port.empty()) {
    int value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535) {
      return invalid(url, "bad port");
    }
    out.port = value;
  }
  out.authority = authority.starts_with('[') ? "[" + out.host + "]" : out.host;
  if (!port.empty()) {
    out.authority += ":" + std::to_string(out.port);
  }
  if (auto hash = target.find('#'); hash != std::string_view::npos) {
    target = target.substr(0, hash);
  }
  out.target =
      target.empty() || target.starts_with('?') ? "/" + std::string(target) : std::string(target);
  return out;
}

}  // namespace

std::string HttpUrl::origin() const {
  return std::string(tls ? "https://" : "http://") + authority;
}

util::Result<HttpUrl> parse_http_url(std::string_view url) {
  return split(url, false, nullptr);
}

util::Result<HttpUrl> parse_proxy_url(std::string_view url, std::string& userinfo) {
  userinfo.clear();
  // "proxy:3128" without a scheme is common in proxy variables; curl reads it as http.
  if (url.find("://") == std::string_view::npos) {
    return split("http://" + std::string(url), true, &userinfo);
  }
  return split(url, true, &userinfo);
}

}  // namespace aws
