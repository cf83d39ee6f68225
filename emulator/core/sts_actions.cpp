#include "core/sts_actions.h"

#include "core/api_error.h"
#include "core/crypto.h"
#include "core/json_limits.h"
#include "core/virtual_clock.h"

namespace emulator {
namespace {

const char* k_ns = "https://sts.amazonaws.com/doc/2011-06-15/";

std::string param(const FormParams& params, const std::string& key) {
  for (const auto& [k, v] : params) {
    if (k == key) {
      return v;
    }
  }
  return {};
}

ApiError sts_error(int status, const std::string& code, const std::string& message) {
  return ApiError(status, code, message);
}

std::string envelope(const std::string& action, const std::string& result,
                     const std::string& request_id) {
  return "<" + action + "Response xmlns=\"" + k_ns + "\">\n  <" + action + "Result>\n" + result +
         "  </" + action + "Result>\n  <ResponseMetadata>\n    <RequestId>" + request_id +
         "</RequestId>\n  </ResponseMetadata>\n</" + action + "Response>\n";
}

bool valid_session_name(const std::string& s) {
  if (s.size() < 2 || s.size() > 64) {
    return false;
  }
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) ||
          std::string("_+=,.@-").find(c) != std::string::npos)) {
      return false;
    }
  }
  return true;
}

int duration_seconds(const FormParams& params, const Role& role) {
  std::string d = param(params, "DurationSeconds");
  if (d.empty()) {
    return 3600;
  }
  int v = 0;
  try {
    v = std::stoi(d);
  } catch (const std::exception&) {
    throw sts_error(400, "ValidationError", "DurationSeconds must be an integer.");
  }
  if (v < 900 || v > 43200) {
    throw sts_error(400, "ValidationError",
                    "1 validation error detected: Value '" + d +
                        "' at 'durationSeconds' failed to satisfy constraint: Member must have "
                        "value between 900 and 43200");
  }
  if (v > role.max_session_seconds) {
    throw sts_error(400, "ValidationError",
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this "
                    "role.");
  }
  return v;
}

const Role& require_role(State& st, const std::string& arn) {
  if (arn.size() < 20) {
    throw sts_error(400, "ValidationError", "RoleArn is required and must be an ARN.");
  }
  for (const auto& r : st.roles) {
    if (r.arn == arn) {
      return r;
    }
  }
  throw sts_error(403, "AccessDenied",
                  "Not authorized to perform sts:AssumeRole on resource: " + arn);
}

// Issues temporary credentials for role/session and returns the Credentials+user XML.
std::string issue(State& st, const Role& role, const std::string& session, int duration) {
  Identity id;
  id.account = role.account;
  id.access_key_id = "ASIA" + st.ids().upper_alnum(16);
  id.secret_access_key = st.ids().base64ish(40);
  id.session_token = "IQoJb3JpZ2luX2VjE" + st.ids().base64ish(200);
  id.expires_at = st.now() + duration;
  std::string role_id = "AROA" + st.ids().upper_alnum(17);
  id.user_id = role_id + ":" + session;
  id.arn = "arn:" + st.partition + ":sts::" + role.account + ":assumed-role/" + role.name + "/" +
           session;
  st.identities.push_back(id);
  return "    <Credentials>\n      <AccessKeyId>" + id.access_key_id +
         "</AccessKeyId>\n      <SecretAccessKey>" + id.secret_access_key +
         "</SecretAccessKey>\n      <SessionToken>" + id.session_token +
         "</SessionToken>\n      <Expiration>" + iso8601(id.expires_at) +
         "</Expiration>\n    </Credentials>\n    <AssumedRoleUser>\n      <AssumedRoleId>" +
         xml_escape(id.user_id) + "</AssumedRoleId>\n      <Arn>" + xml_escape(id.arn) +
         "</Arn>\n    </AssumedRoleUser>\n";
}

std::string base64url_decode(const std::string& in) {
  std::string out;
  int val = 0;
  int bits = -8;
  for (char ch : in) {
    int d;
    if (ch >= 'A' && ch <= 'Z') {
      d = ch - 'A';
    } else if (ch >= 'a' && ch <= 'z') {
      d = ch - 'a' + 26;
    } else if (ch >= '0' && ch <= '9') {
      d = ch - '0' + 52;
    } else if (ch == '-' || ch == '+') {
      d = 62;
    } else if (ch == '_' || ch == '/') {
      d = 63;
    } else {
      break;
    }
    val = (val << 6) + d;
    bits += 6;
    if (bits >= 0) {
      out.push_back(static_cast<char>((val >> bits) & 0xFF));
      bits -= 8;
    }
  }
  return out;
}

std::string web_identity(State& st, const FormParams& params, const std::string& request_id) {
  const Role& role = require_role(st, param(params, "RoleArn"));
  std::string session = param(params, "RoleSessionName");
  if (!valid_session_name(session)) {
    throw sts_error(400, "ValidationError",
                    "RoleSessionName must be 2-64 characters of [\\w+=,.@-].");
  }
  std::string token = param(params, "WebIdentityToken");
  if (token.size() < 4 || token.size() > 20000) {
    throw sts_error(400, "ValidationError", "WebIdentityToken must be 4-20000 characters.");
  }
  if (!role.web_identity_tokens.empty()) {
    bool known = false;
    for (const auto& t : role.web_identity_tokens) {
      known = known || t == token;
    }
    if (!known) {
      throw sts_error(400, "InvalidIdentityToken",
                      "Couldn't retrieve verification key from your identity provider, please "
                      "reference AssumeRoleWithWebIdentity documentation for requirements");
    }
  }
  int duration = duration_seconds(params, role);
  // Claims from a JWT payload when the token is one (sub, aud, iss, exp).
  std::string subject = "anonymous";
  std::string audience = "sts.amazonaws.com";
  std::string provider = "token.actions.githubusercontent.com";
  auto dot1 = token.find('.');
  auto dot2 = token.find('.', dot1 == std::string::npos ? 0 : dot1 + 1);
  if (dot1 != std::string::npos && dot2 != std::string::npos) {
    Json claims =
        parse_json_bounded(base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1))).value;
    if (claims.is_object()) {
      if (claims.contains("exp") && claims["exp"].is_number() &&
          claims["exp"].get<double>() < st.now()) {
        throw sts_error(400, "ExpiredTokenException",
                        "Token expired: current date/time is past "
                        "the token's expiry.");
      }
      subject = claims.value("sub", subject);
      if (claims.contains("aud") && claims["aud"].is_string()) {
        audience = claims["aud"].get<std::string>();
      }
      std::string iss = claims.value("iss", "");
      if (iss.rfind("https://", 0) == 0) {
        provider = iss.substr(8);
      }
    }
  }
  std::string result = issue(st, role, session, duration);
  result += "    <SubjectFromWebIdentityToken>" + xml_escape(subject) +
            "</SubjectFromWebIdentityToken>\n    <Audience>" + xml_escape(audience) +
            "</Audience>\n    <Provider>" + xml_escape(provider) + "</Provider>\n";
  return envelope("AssumeRoleWithWebIdentity", result, request_id);
}

}  // namespace

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string iso8601(double epoch_seconds) {
  return format_utc(epoch_seconds, "%Y-%m-%dT%H:%M:%SZ");
}

std::string sts_error_xml(const std::string& code, const std::string& message,
                          const std::string& request_id, bool sender) {
  return std::string("<ErrorResponse xmlns=\"") + k_ns + "\">\n  <Error>\n    <Type>" +
         (sender ? "Sender" : "Receiver") + "</Type>\n    <Code>" + xml_escape(code) +
         "</Code>\n    <Message>" + xml_escape(message) + "</Message>\n  </Error>\n  <RequestId>" +
         request_id + "</RequestId>\n</ErrorResponse>\n";
}

std::string sts_action(State& st, const Identity* caller, const std::string& action,
                       const FormParams& params, const std::string& request_id) {
  if (action == "AssumeRoleWithWebIdentity") {
    return web_identity(st, params, request_id);
  }
  if (caller == nullptr) {
    throw sts_error(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
  }
  if (action == "GetCallerIdentity") {
    return envelope("GetCallerIdentity",
                    "    <Arn>" + xml_escape(caller->arn) + "</Arn>\n    <UserId>" +
                        xml_escape(caller->user_id) + "</UserId>\n    <Account>" + caller->account +
                        "</Account>\n",
                    request_id);
  }
  if (action == "AssumeRole") {
    const Role& role = require_role(st, param(params, "RoleArn"));
    std::string session = param(params, "RoleSessionName");
    if (!valid_session_name(session)) {
      throw sts_error(400, "ValidationError",
                      "RoleSessionName must be 2-64 characters of [\\w+=,.@-].");
    }
    int duration = duration_seconds(params, role);
    return envelope("AssumeRole", issue(st, role, session, duration), request_id);
  }
  throw sts_error(400, "InvalidAction",
                  "Could not find operation " + action + " for version 2011-06-15");
}

}  // namespace emulator
