#include "aws/sigv4.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "util/crypto.h"
#include "util/strings.h"
#include "util/time.h"

namespace aws {

namespace {

constexpr std::string_view k_algorithm = "AWS4-HMAC-SHA256";

// Headers that intermediaries or curl may add, drop or rewrite (digest §1).
constexpr std::string_view k_unsigned_headers[] = {
    "authorization", "user-agent", "expect", "connection", "transfer-encoding", "x-amzn-trace-id",
};

struct UrlParts {
  std::string_view authority;  // host[:port]
  std::string_view path;       // "" or starting with '/'
  std::string_view query;      // after '?', without the fragment
  bool has_query = false;      // a '?' is present (possibly with nothing after it)
  std::size_t insert_at = 0;   // where query parameters can be appended (before any '#')
};

UrlParts split_url(std::string_view url) {
  UrlParts p;
  const std::size_t fragment = url.find('#');
  p.insert_at = fragment == std::string_view::npos ? url.size() : fragment;
  std::string_view rest = url.substr(0, p.insert_at);
  const std::size_t scheme_end = rest.find("://");
  const std::size_t start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  const std::size_t authority_end = rest.find_first_of("/?", start);
  p.authority = rest.substr(start, authority_end == std::string_view::npos ? std::string_view::npos
                                                                           : authority_end - start);
  if (authority_end == std::string_view::npos) {
    return p;
  }
  rest = rest.substr(authority_end);
  const std::size_t q = rest.find('?');
  p.path = rest.substr(0, q);
  if (q != std::string_view::npos) {
    p.has_query = true;
    p.query = rest.substr(q + 1);
  }
  return p;
}

// The Host header curl would send: the authority without user info or a default port.
std::string host_from_url(std::string_view url) {
  std::string_view authority = split_url(url).authority;
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  const bool https = url.substr(0, 8) == "https://" || url.substr(0, 8) == "HTTPS://";
  const std::string_view default_port = https ? ":443" : ":80";
  if (authority.ends_with(default_port)) {
    authority.remove_suffix(default_port.size());
  }
  return util::to_lower(authority);
}

std::string canonical_uri(std::string_view path, bool normalize) {
  if (path.empty()) {
    return "/";
  }
  if (!normalize) {
    return util::uri_encode(path, /*keep_slash=*/true);
  }
  // RFC 3986 dot-segment removal, also dropping empty segments (repeated slashes).
  std::vector<std::string> segments;
  const std::vector<std::string> parts = util::split(path, '/');
  for (const auto& seg : parts) {
    if (seg.empty() || seg == ".") {
      continue;
    }
    if (seg == "..") {
      if (!segments.empty()) {
        segments.pop_back();
      }
      continue;
    }
    segments.push_back(util::uri_encode(seg));
  }
  const std::string& last = parts.back();
  const bool trailing_slash = last.empty() || last == "." || last == "..";
  std::string out = "/" + util::join(segments, "/");
  if (trailing_slash && !segments.empty()) {
    out += '/';
  }
  return out;
}

using QueryParams = std::vector<std::pair<std::string, std::string>>;  // encoded key, value

// The URL's own query parameters, decoded and re-encoded once so that both raw and
// percent-encoded input give the same canonical form.
QueryParams parse_query(std::string_view query) {
  QueryParams out;
  for (const auto& part : util::split(query, '&')) {
    if (part.empty()) {
      continue;
    }
    const std::size_t eq = part.find('=');
    const std::string_view key = std::string_view(part).substr(0, eq);
    const std::string_view value =
        eq == std::string::npos ? std::string_view{} : std::string_view(part).substr(eq + 1);
    out.emplace_back(util::uri_encode(util::uri_decode(key)),
                     util::uri_encode(util::uri_decode(value)));
  }
  return out;
}

std::string canonical_query(QueryParams params) {
  std::sort(params.begin(), params.end());  // by encoded key, then encoded value
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) {
      out += '&';
    }
    out += key + "=" + value;
  }
  return out;
}

// Trims and collapses every run of ASCII whitespace (spaces, tabs, and the line breaks of an
// obs-folded value) to one space, as botocore's ' '.join(value.split()) does.
std::string canonical_header_value(std::string_view value) {
  std::string out;
  bool in_space = false;
  for (char c : util::trim(value)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      in_space = true;
      continue;
    }
    if (in_space) {
      out += ' ';
      in_space = false;
    }
    out += c;
  }
  return out;
}

struct CanonicalHeaders {
  std::string block;           // "name:value\n" per header, sorted by name
  std::string signed_headers;  // "host;x-amz-date"
};

CanonicalHeaders canonical_headers(const Headers& headers) {
  std::map<std::string, std::vector<std::string>> grouped;  // keeps request order per name
  for (const auto& [name, value] : headers) {
    std::string lower = util::to_lower(util::trim(name));
    if (std::find(std::begin(k_unsigned_headers), std::end(k_unsigned_headers), lower) !=
        std::end(k_unsigned_headers)) {
      continue;
    }
    grouped[std::move(lower)].push_back(canonical_header_value(value));
  }
  CanonicalHeaders out;
  for (const auto& [name, values] : grouped) {
    out.block += name + ":" + util::join(values, ",") + "\n";
    if (!out.signed_headers.empty()) {
      out.signed_headers += ';';
    }
    out.signed_headers += name;
  }
  return out;
}

void remove_header(Headers& headers, std::string_view name) {
  std::erase_if(headers, [&](const auto& h) { return util::iequals(h.first, name); });
}

void ensure_host(HttpRequest& request) {
  if (!find_header(request.headers, "host")) {
    request.headers.emplace_back("Host", host_from_url(request.url));
  }
}

std::string scope_of(const SigningParams& params) {
  return util::format_date_stamp(params.time) + "/" + params.region + "/" + params.service +
         "/aws4_request";
}

// Fills string_to_sign and signature from the canonical request.
void finish(SigningStages& stages, const Credentials& credentials, const SigningParams& params) {
  const std::string date = util::format_date_stamp(params.time);
  stages.string_to_sign = std::string(k_algorithm) + "\n" +
                          util::format_iso8601_basic(params.time) + "\n" + scope_of(params) + "\n" +
                          util::sha256_hex(stages.canonical_request);
  std::string key = util::hmac_sha256("AWS4" + credentials.secret_access_key, date);
  key = util::hmac_sha256(key, params.region);
  key = util::hmac_sha256(key, params.service);
  key = util::hmac_sha256(key, "aws4_request");
  stages.signature = util::hex_encode(util::hmac_sha256(key, stages.string_to_sign));
}

std::string build_canonical_request(const HttpRequest& request, const std::string& query,
                                    const CanonicalHeaders& headers, bool normalize) {
  const UrlParts url = split_url(request.url);
  return request.method + "\n" + canonical_uri(url.path, normalize) + "\n" + query + "\n" +
         headers.block + "\n" + headers.signed_headers + "\n" + util::sha256_hex(request.body);
}

}  // namespace

SigningStages sign_request(HttpRequest& request, const Credentials& credentials,
                           const SigningParams& params) {
  ensure_host(request);
  set_header(request.headers, "X-Amz-Date", util::format_iso8601_basic(params.time));
  if (credentials.session_token.empty()) {
    remove_header(request.headers, "X-Amz-Security-Token");
  } else {
    set_header(request.headers, "X-Amz-Security-Token", credentials.session_token);
  }
  if (params.sign_body_header) {
    set_header(request.headers, "x-amz-content-sha256", util::sha256_hex(request.body));
  }
  remove_header(request.headers, "Authorization");

  const CanonicalHeaders headers = canonical_headers(request.headers);
  SigningStages stages;
  stages.canonical_request =
      build_canonical_request(request, canonical_query(parse_query(split_url(request.url).query)),
                              headers, params.normalize_path);
  finish(stages, credentials, params);
  stages.authorization = std::string(k_algorithm) + " Credential=" + credentials.access_key_id +
                         "/" + scope_of(params) + ", SignedHeaders=" + headers.signed_headers +
                         ", Signature=" + stages.signature;
  request.headers.emplace_back("Authorization", stages.authorization);
  return stages;
}

SigningStages presign_request(HttpRequest& request, const Credentials& credentials,
                              const SigningParams& params, std::chrono::seconds expires) {
  ensure_host(request);
  const CanonicalHeaders headers = canonical_headers(request.headers);

  // In the order the AWS signers append them; the canonical query sorts them anyway.
  std::vector<std::pair<std::string, std::string>> added = {
      {"X-Amz-Algorithm", std::string(k_algorithm)},
      {"X-Amz-Credential", credentials.access_key_id + "/" + scope_of(params)},
      {"X-Amz-Date", util::format_iso8601_basic(params.time)},
      {"X-Amz-SignedHeaders", headers.signed_headers},
      {"X-Amz-Expires", std::to_string(expires.count())},
  };
  if (!credentials.session_token.empty()) {
    added.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }

  const UrlParts url = split_url(request.url);
  QueryParams all = parse_query(url.query);
  for (const auto& [key, value] : added) {
    all.emplace_back(util::uri_encode(key), util::uri_encode(value));
  }
  SigningStages stages;
  stages.canonical_request = build_canonical_request(request, canonical_query(std::move(all)),
                                                     headers, params.normalize_path);
  finish(stages, credentials, params);

  added.emplace_back("X-Amz-Signature", stages.signature);
  std::string suffix;
  if (!url.has_query) {
    suffix = "?";
  } else if (!url.query.empty() && !url.query.ends_with('&')) {
    suffix = "&";
  }
  suffix += util::form_url_encode(added);
  request.url.insert(url.insert_at, suffix);
  return stages;
}

}  // namespace aws
