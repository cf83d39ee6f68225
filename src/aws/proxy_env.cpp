#include "aws/proxy_env.h"

#include <algorithm>

#include "util/strings.h"

namespace aws {

namespace {

std::string first_set(const util::Env& env, std::initializer_list<const char*> names,
                      std::string& which) {
  for (const char* name : names) {
    if (auto v = env.get_nonempty(name)) {
      which = name;
      return *v;
    }
  }
  return "";
}

// Percent-decoding for user:password in a proxy URL.
std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// RFC 4648 base64, for the proxy's Basic credentials only.
std::string base64(std::string_view in) {
  static constexpr char k_alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16U) |
                       (static_cast<unsigned char>(in[i + 1]) << 8U) |
                       static_cast<unsigned char>(in[i + 2]);
    out += {k_alphabet[(v >> 18U) & 63U], k_alphabet[(v >> 12U) & 63U], k_alphabet[(v >> 6U) & 63U],
            k_alphabet[v & 63U]};
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16U;
    out += {k_alphabet[(v >> 18U) & 63U], k_alphabet[(v >> 12U) & 63U], '=', '='};
  } else if (i + 2 == in.size()) {
    const unsigned v =
        (static_cast<unsigned char>(in[i]) << 16U) | (static_cast<unsigned char>(in[i + 1]) << 8U);
    out += {k_alphabet[(v >> 18U) & 63U], k_alphabet[(v >> 12U) & 63U], k_alphabet[(v >> 6U) & 63U],
            '='};
  }
  return out;
}

}  // namespace

bool no_proxy_matches(const std::string& no_proxy, const std::string& host) {
  std::string list = no_proxy;
  for (char& c : list) {
    if (c == ' ') {
      c = ',';
    }
  }
  const std::string h = util::to_lower(host);
  for (const auto& raw : util::split(list, ',')) {
    std::string entry = util::to_lower(util::trim(raw));
    if (entry.empty()) {
      continue;
    }
    if (entry == "*") {
      return true;
    }
    if (entry.starts_with('[')) {  // "[::1]" or "[::1]:8080"
      entry = entry.substr(1, entry.find(']') - 1);
    } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
      entry = entry.substr(0, entry.find(':'));  // "host:port"
    }
    if (entry.starts_with('.')) {
      entry.erase(0, 1);
    }
    if (h == entry ||
        (h.size() > entry.size() && h.ends_with(entry) && h[h.size() - entry.size() - 1] == '.')) {
      return true;
    }
  }
  return false;
}

util::Result<std::optional<Proxy>> proxy_for(const HttpUrl& target, const util::Env& env) {
  std::string no_proxy_var;
  const std::string no_proxy = first_set(env, {"no_proxy", "NO_PROXY"}, no_proxy_var);
  if (!no_proxy.empty() && no_proxy_matches(no_proxy, target.host)) {
    return std::optional<Proxy>();
  }
  std::string which;
  std::string value = target.tls ? first_set(env, {"https_proxy", "HTTPS_PROXY"}, which)
                                 : first_set(env, {"http_proxy"}, which);
  if (value.empty()) {
    value = first_set(env, {"all_proxy", "ALL_PROXY"}, which);
  }
  if (value.empty()) {
    return std::optional<Proxy>();
  }
  std::string userinfo;
  auto url = parse_proxy_url(value, userinfo);
  if (!url) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            which + " is not a usable proxy URL: " + url.error().message,
                            "InvalidUrl");
  }
  if (url->tls) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            which +
                                ": only http:// proxies are supported (HTTPS still goes "
                                "end to end through the proxy's CONNECT tunnel)",
                            "InvalidUrl");
  }
  Proxy proxy{*url, ""};
  if (!userinfo.empty()) {
    proxy.authorization = "Basic " + base64(percent_decode(userinfo));
  }
  return std::optional<Proxy>(proxy);
}

}  // namespace aws
