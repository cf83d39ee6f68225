#include "core/sigv4_verifier.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <sstream>

#include "core/crypto.h"
#include "core/virtual_clock.h"

namespace emulator {
namespace {

std::string trim_collapse(const std::string& v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out.push_back(' ');
      space = false;
    }
    out.push_back(c);
  }
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// "YYYYMMDDTHHMMSSZ" → epoch seconds; -1 when malformed.
double parse_amz_date(const std::string& d) {
  if (d.size() != 16 || d[8] != 'T' || d[15] != 'Z') {
    return -1;
  }
  std::tm tm{};
  try {
    tm.tm_year = std::stoi(d.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(d.substr(4, 2)) - 1;
    tm.tm_mday = std::stoi(d.substr(6, 2));
    tm.tm_hour = std::stoi(d.substr(9, 2));
    tm.tm_min = std::stoi(d.substr(11, 2));
    tm.tm_sec = std::stoi(d.substr(13, 2));
  } catch (const std::exception&) {
    return -1;
  }
  return static_cast<double>(timegm(&tm));
}

std::string format_amz_date(double t) {
  return format_utc(t, "%Y%m%dT%H%M%SZ");
}

struct ParsedAuth {
  std::string access_key;
  std::string date;
  std::string region;
  std::string service;
  std::string signed_headers;
  std::string signature;
};

bool parse_authorization(const std::string& header, ParsedAuth& out) {
  const std::string k_algo = "AWS4-HMAC-SHA256 ";
  if (header.rfind(k_algo, 0) != 0) {
    return false;
  }
  std::map<std::string, std::string> parts;
  std::stringstream ss(header.substr(k_algo.size()));
  std::string item;
  while (std::getline(ss, item, ',')) {
    item = trim_collapse(item);
    auto eq = item.find('=');
    if (eq != std::string::npos) {
      parts[item.substr(0, eq)] = item.substr(eq + 1);
    }
  }
  if (!parts.count("Credential") || !parts.count("SignedHeaders") || !parts.count("Signature")) {
    return false;
  }
  std::vector<std::string> scope;
  std::stringstream cs(parts["Credential"]);
  while (std::getline(cs, item, '/')) {
    scope.push_back(item);
  }
  if (scope.size() != 5 || scope[4] != "aws4_request") {
    return false;
  }
  out.access_key = scope[0];
  out.date = scope[1];
  out.region = scope[2];
  out.service = scope[3];
  out.signed_headers = parts["SignedHeaders"];
  out.signature = parts["Signature"];
  return true;
}

}  // namespace

std::string canonical_request(const HttpRequest& req, const std::string& signed_headers) {
  std::string out = req.method + "\n";
  // Non-S3 services: each path segment is encoded once more.
  out += uri_encode(req.path.empty() ? "/" : req.path, true) + "\n";
  auto params = parse_form(req.query);
  std::vector<std::pair<std::string, std::string>> enc;
  for (const auto& [k, v] : params) {
    enc.emplace_back(uri_encode(k, false), uri_encode(v, false));
  }
  std::sort(enc.begin(), enc.end());
  std::string q;
  for (const auto& [k, v] : enc) {
    q += (q.empty() ? "" : "&") + k + "=" + v;
  }
  out += q + "\n";
  std::stringstream hs(signed_headers);
  std::string name;
  while (std::getline(hs, name, ';')) {
    std::string joined;
    bool first = true;
    for (const auto& [k, v] : req.headers) {
      if (iequals(k, name)) {
        joined += (first ? "" : ",") + trim_collapse(v);
        first = false;
      }
    }
    out += lower(name) + ":" + joined + "\n";
  }
  out += "\n" + signed_headers + "\n";
  std::string payload = req.header("x-amz-content-sha256");
  out += payload.empty() ? sha256_hex(req.body) : payload;
  return out;
}

std::string sigv4_signature(const std::string& secret, const std::string& amz_date,
                            const std::string& scope, const std::string& canonical) {
  std::string string_to_sign =
      "AWS4-HMAC-SHA256\n" + amz_date + "\n" + scope + "\n" + sha256_hex(canonical);
  std::stringstream ss(scope);
  std::string date, region, service;
  std::getline(ss, date, '/');
  std::getline(ss, region, '/');
  std::getline(ss, service, '/');
  std::string k = hmac_sha256_raw("AWS4" + secret, date);
  k = hmac_sha256_raw(k, region);
  k = hmac_sha256_raw(k, service);
  k = hmac_sha256_raw(k, "aws4_request");
  return to_hex(hmac_sha256_raw(k, string_to_sign));
}

AuthResult verify_sigv4(State& st, const HttpRequest& req, const std::string& signing_name,
                        double real_now) {
  AuthResult r;
  std::string header = req.header("authorization");
  if (header.empty()) {
    r.failure = AuthFailure::Missing;
    r.message = "Missing Authentication Token";
    return r;
  }
  ParsedAuth auth;
  if (!parse_authorization(header, auth)) {
    r.failure = AuthFailure::Incomplete;
    r.message =
        "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' "
        "parameters and the AWS4-HMAC-SHA256 algorithm.";
    return r;
  }
  const Identity* id = nullptr;
  for (const auto& candidate : st.identities) {
    if (candidate.access_key_id == auth.access_key) {
      id = &candidate;
    }
  }
  if (id == nullptr && st.any_credentials && !st.identities.empty()) {
    r.identity = &st.identities.front();
    return r;
  }
  if (id == nullptr) {
    r.failure = AuthFailure::UnknownKey;
    r.message = "The security token included in the request is invalid.";
    return r;
  }
  if (auth.service != signing_name) {
    r.failure = AuthFailure::WrongScope;
    r.message = "Credential should be scoped to correct service: '" + signing_name + "'. ";
    return r;
  }
  if (auth.region != st.region && !(signing_name == "sts" && auth.region == "us-east-1")) {
    r.failure = AuthFailure::WrongScope;
    r.message = "Credential should be scoped to a valid region. ";
    return r;
  }
  std::string amz_date = req.header("x-amz-date");
  double signed_at = parse_amz_date(amz_date);
  if (signed_at < 0 || amz_date.substr(0, 8) != auth.date) {
    r.failure = AuthFailure::Incomplete;
    r.message =
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
        "from HTTP: '" +
        auth.date + "' != '" + amz_date.substr(0, 8) + "'";
    return r;
  }
  std::string expected =
      sigv4_signature(id->secret_access_key, amz_date,
                      auth.date + "/" + auth.region + "/" + auth.service + "/aws4_request",
                      canonical_request(req, auth.signed_headers));
  if (expected != auth.signature) {
    r.failure = AuthFailure::BadSignature;
    r.message =
        "The request signature we calculated does not match the signature you provided. Check "
        "your AWS Secret Access Key and signing method. Consult the service documentation for "
        "details.";
    return r;
  }
  if (std::fabs(real_now - signed_at) > 15 * 60) {
    r.failure = AuthFailure::Expired;
    if (signed_at < real_now) {
      r.message = "Signature expired: " + amz_date + " is now earlier than " +
                  format_amz_date(real_now - 15 * 60) + " (" + format_amz_date(real_now) +
                  " - 15 min.)";
    } else {
      r.message = "Signature not yet current: " + amz_date + " is still later than " +
                  format_amz_date(real_now + 15 * 60) + " (" + format_amz_date(real_now) +
                  " + 15 min.)";
    }
    return r;
  }
  if (!id->session_token.empty()) {
    std::string token = req.header("x-amz-security-token");
    if (token != id->session_token) {
      r.failure = AuthFailure::InvalidToken;
      r.message = "The security token included in the request is invalid.";
      return r;
    }
    if (id->expires_at > 0 && st.now() >= id->expires_at) {
      r.failure = AuthFailure::ExpiredToken;
      r.message = "The security token included in the request is expired";
      return r;
    }
  }
  r.identity = id;
  return r;
}

}  // namespace emulator
