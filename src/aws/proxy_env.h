#pragma once
// The proxy a request goes through, from the variables curl and the AWS CLI read:
// https_proxy / HTTPS_PROXY for https URLs, http_proxy for http URLs (the lowercase form
// only, as curl does, because HTTP_PROXY can be set by a CGI request's "Proxy:" header),
// all_proxy / ALL_PROXY for both, and no_proxy / NO_PROXY to exempt hosts. Read per request.

#include <optional>
#include <string>

#include "aws/http_url.h"
#include "util/env.h"

namespace aws {

struct Proxy {
  HttpUrl url;                // the proxy's own address (http only)
  std::string authorization;  // "Basic ..." when the proxy URL has user:password
};

// nullopt: connect directly. An unparsable or https:// proxy URL is an InvalidInput error
// naming the variable.
util::Result<std::optional<Proxy>> proxy_for(const HttpUrl& target, const util::Env& env);

// no_proxy matching as curl does it: "*" matches all, entries are comma or space separated,
// "example.com" and ".example.com" match the domain and its subdomains, IP literals match
// exactly. Ports in entries are ignored.
bool no_proxy_matches(const std::string& no_proxy, const std::string& host);

}  // namespace aws
