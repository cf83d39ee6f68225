#include "core/emulator.h"

#include "core/api_error.h"
#include "core/autoscaling_actions.h"
#include "core/iam_policy.h"
#include "core/input_shapes.h"
#include "core/json_limits.h"
#include "core/sigv4_verifier.h"
#include "core/sts_actions.h"
#include "core/virtual_clock.h"

namespace emulator {
namespace {

constexpr const char* k_ecs_prefix = "AmazonEC2ContainerServiceV20141113.";
constexpr const char* k_ecr_prefix = "AmazonEC2ContainerRegistry_V20150921.";
constexpr const char* k_logs_prefix = "Logs_20140328.";

HttpResponse json_error(int status, const std::string& code, const std::string& message,
                        const std::string& request_id) {
  HttpResponse r;
  r.status = status;
  r.body = dump_json(Json{{"__type", code}, {"message", message}});
  r.headers.emplace_back("x-amzn-RequestId", request_id);
  r.headers.emplace_back("X-Amzn-ErrorType", code);
  return r;
}

HttpResponse xml_error(int status, const std::string& code, const std::string& message,
                       const std::string& request_id) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/xml";
  r.body = sts_error_xml(code, message, request_id, status < 500);
  r.headers.emplace_back("x-amzn-RequestId", request_id);
  return r;
}

// AWS codes for a failed signature check, JSON services vs STS.
void auth_error_code(AuthFailure f, bool sts, int& status, std::string& code) {
  status = 403;
  switch (f) {
    case AuthFailure::Missing:
      code = sts ? "MissingAuthenticationToken" : "MissingAuthenticationTokenException";
      break;
    case AuthFailure::Incomplete:
      code = sts ? "IncompleteSignature" : "IncompleteSignatureException";
      status = 400;
      break;
    case AuthFailure::UnknownKey:
    case AuthFailure::InvalidToken:
      code = sts ? "InvalidClientTokenId" : "UnrecognizedClientException";
      break;
    case AuthFailure::ExpiredToken:
      code = "ExpiredTokenException";
      if (sts) {
        code = "ExpiredToken";
      }
      break;
    case AuthFailure::BadSignature:
    case AuthFailure::WrongScope:
    case AuthFailure::Expired:
    case AuthFailure::None:
      code = sts ? "SignatureDoesNotMatch" : "InvalidSignatureException";
      break;
  }
}

const Identity& anonymous_identity(State& st) {
  // --no-auth: calls run as the first scenario identity (or a placeholder account).
  if (!st.identities.empty()) {
    return st.identities.front();
  }
  static Identity k_default{
      "000000000000", "arn:aws:iam::000000000000:root", "000000000000", "", "", "", 0};
  return k_default;
}

}  // namespace

Emulator::Emulator(std::unique_ptr<State> state, EmulatorOptions options)
    : m_state(std::move(state)), m_options(options) {
  add_ecs_cluster_actions(m_ecs);
  add_ecs_task_definition_actions(m_ecs);
  add_ecs_service_actions(m_ecs);
  add_ecs_task_actions(m_ecs);
  add_ecs_service_deployment_actions(m_ecs);
  add_ecs_tag_actions(m_ecs);
  add_ecr_actions(m_ecr);
  add_logs_actions(m_logs);
}

void Emulator::tick() {
  std::lock_guard<std::mutex> lock(m_state->mutex());
  m_state->catch_up();
}

HttpResponse Emulator::handle(const HttpRequest& req) {
  HttpResponse response = dispatch(req);
  double now = 0;
  {
    std::lock_guard<std::mutex> lock(m_state->mutex());
    now = m_state->now();
  }
  // AWS stamps every answer with its clock; clients that measure ages of tasks (ecsdeploy's
  // settle window) read "now" from it, so it is the virtual clock here, not the host's.
  response.headers.emplace_back("Date", format_utc(now, "%a, %d %b %Y %H:%M:%S GMT"));
  return response;
}

HttpResponse Emulator::dispatch(const HttpRequest& req) {
  std::string request_id;
  {
    std::lock_guard<std::mutex> lock(m_state->mutex());
    request_id = m_state->ids().uuid();
  }
  if (req.body.size() > m_options.max_body_bytes) {
    return json_error(413, "RequestEntityTooLargeException",
                      "Request body of " + std::to_string(req.body.size()) +
                          " bytes exceeds the limit of " +
                          std::to_string(m_options.max_body_bytes) + " bytes.",
                      request_id);
  }
  std::string target = req.header("x-amz-target");
  if (target.empty()) {
    std::string ct = req.header("content-type");
    if (req.method == "POST" && ct.rfind("application/x-www-form-urlencoded", 0) == 0) {
      return handle_sts(req, request_id);
    }
    if (req.method == "GET" && req.query.find("Action=") != std::string::npos) {
      return handle_sts(req, request_id);
    }
    return json_error(400, "UnknownOperationException", "Missing X-Amz-Target header.", request_id);
  }
  struct Route {
    const char* prefix;
    const char* service;
    const ActionTable* table;
  };
  const Route routes[] = {
      {k_ecs_prefix, "ecs", &m_ecs},
      {k_ecr_prefix, "ecr", &m_ecr},
      {k_logs_prefix, "logs", &m_logs},
      {k_autoscaling_prefix, "application-autoscaling", &autoscaling_actions()}};
  for (const auto& r : routes) {
    std::string prefix = r.prefix;
    if (target.rfind(prefix, 0) == 0) {
      return handle_json(req, r.service, target.substr(prefix.size()), *r.table, request_id);
    }
  }
  return json_error(400, "UnknownOperationException", "Unknown operation " + target + ".",
                    request_id);
}

HttpResponse Emulator::handle_json(const HttpRequest& req, const std::string& service,
                                   const std::string& operation, const ActionTable& table,
                                   const std::string& request_id) {
  RequestLogEntry entry;
  entry.service = service;
  entry.operation = operation;
  auto finish = [&](HttpResponse r) {
    entry.status = r.status;
    std::lock_guard<std::mutex> lock(m_state->mutex());
    entry.time = m_state->clock().now();
    m_log.add(entry);
    return r;
  };
  if (req.method != "POST") {
    entry.error = "UnknownOperationException";
    return finish(json_error(400, entry.error, "Only POST is supported.", request_id));
  }
  std::string ct = req.header("content-type");
  if (ct.rfind("application/x-amz-json-1.1", 0) != 0) {
    entry.error = "UnknownOperationException";
    return finish(json_error(400, entry.error,
                             "Content-Type must be application/x-amz-json-1.1 (got '" + ct + "').",
                             request_id));
  }
  auto action = table.find(operation);
  if (action == table.end()) {
    entry.error = "UnknownOperationException";
    return finish(json_error(400, entry.error, "Unknown operation " + operation + ".", request_id));
  }
  BoundedJson parsed;
  if (req.body.empty()) {
    parsed.status = JsonParse::Ok;
    parsed.value = Json::object();
  } else {
    parsed = parse_json_bounded(req.body);
  }
  Json& body = parsed.value;
  if (parsed.status != JsonParse::Ok || !body.is_object()) {
    entry.error = "SerializationException";
    std::string message =
        parsed.status == JsonParse::TooDeep     ? "Request body " + too_deep_message() + "."
        : parsed.status == JsonParse::Malformed ? "Malformed JSON request body."
                                                : "Request body must be a JSON object.";
    return finish(json_error(400, entry.error, message, request_id));
  }

  HttpResponse response;
  {
    std::lock_guard<std::mutex> lock(m_state->mutex());
    State& st = *m_state;
    st.catch_up();
    const Identity* caller = &anonymous_identity(st);
    if (m_options.auth) {
      AuthResult auth = verify_sigv4(st, req, service, real_epoch_now());
      if (auth.failure != AuthFailure::None) {
        int status = 403;
        auth_error_code(auth.failure, false, status, entry.error);
        response = json_error(status, entry.error, auth.message, request_id);
        entry.status = response.status;
        entry.time = st.clock().now();
        m_log.add(entry);
        return response;
      }
      caller = auth.identity;
    }
    entry.caller = caller->arn;
    if (auto wrong = wrong_member_type(service, operation, body)) {
      entry.error = "SerializationException";
      response = json_error(400, entry.error, *wrong, request_id);
      entry.status = response.status;
      entry.time = st.clock().now();
      m_log.add(entry);
      return response;
    }
    if (auto denied = authorize(st, *caller, service, operation, body)) {
      entry.error = "AccessDeniedException";
      response = json_error(400, entry.error, *denied, request_id);
      entry.status = response.status;
      entry.time = st.clock().now();
      m_log.add(entry);
      return response;
    }
    FaultDecision fault = m_faults.decide(service, operation, st.ids());
    response.delay_ms = fault.latency_ms;
    if (fault.latency_ms > 0) {
      entry.fault = "latency";
    }
    bool bucket = service == "ecs" && m_faults.throttled_by_bucket(caller->account, operation);
    if (fault.type == "throttle" || bucket) {
      entry.fault = bucket ? "bucket" : "throttle";
      entry.error = "ThrottlingException";
      HttpResponse r = json_error(400, entry.error, "Rate exceeded", request_id);
      r.delay_ms = response.delay_ms;
      response = r;
    } else if (fault.type == "error") {
      entry.fault = "error";
      if (service == "logs") {
        entry.error =
            fault.status == 503 ? "ServiceUnavailableException" : "InternalServerException";
      } else {
        entry.error = fault.status == 503 ? "ServiceUnavailable" : "ServerException";
      }
      HttpResponse r = json_error(fault.status, entry.error, "Injected server error.", request_id);
      r.delay_ms = response.delay_ms;
      response = r;
    } else {
      if (fault.type == "reset" || fault.type == "truncate") {
        entry.fault = fault.type;
      }
      try {
        Call call{st, *caller, body, st.now()};
        Json out = action->second(call);
        response.body = call.raw_response.empty() ? dump_json(out) : std::move(call.raw_response);
        response.headers.emplace_back("x-amzn-RequestId", request_id);
      } catch (const ApiError& e) {
        entry.error = e.code();
        HttpResponse r = json_error(e.status(), e.code(), e.what(), request_id);
        r.delay_ms = response.delay_ms;
        response = r;
      } catch (const std::exception& e) {
        entry.error = service == "logs" ? "ServiceUnavailableException" : "ServerException";
        HttpResponse r = json_error(500, entry.error, "Internal error.", request_id);
        r.delay_ms = response.delay_ms;
        response = r;
      }
      if (fault.type == "reset") {
        response.delivery = Delivery::ResetConnection;
      } else if (fault.type == "truncate") {
        response.delivery = Delivery::Truncate;
      }
    }
    entry.status = response.status;
    entry.time = st.clock().now();
    m_log.add(entry);
  }
  return response;
}

HttpResponse Emulator::handle_sts(const HttpRequest& req, const std::string& request_id) {
  FormParams params = parse_form(req.method == "GET" ? req.query : req.body);
  std::string action;
  for (const auto& [k, v] : params) {
    if (k == "Action") {
      action = v;
    }
  }
  RequestLogEntry entry;
  entry.service = "sts";
  entry.operation = action;
  std::lock_guard<std::mutex> lock(m_state->mutex());
  State& st = *m_state;
  st.catch_up();
  HttpResponse response;
  auto finish = [&](HttpResponse r) {
    entry.status = r.status;
    entry.time = st.clock().now();
    m_log.add(entry);
    return r;
  };
  const Identity* caller = &anonymous_identity(st);
  if (m_options.auth && action != "AssumeRoleWithWebIdentity") {
    AuthResult auth = verify_sigv4(st, req, "sts", real_epoch_now());
    if (auth.failure != AuthFailure::None) {
      int status = 403;
      auth_error_code(auth.failure, true, status, entry.error);
      return finish(xml_error(status, entry.error, auth.message, request_id));
    }
    caller = auth.identity;
  }
  if (action != "AssumeRoleWithWebIdentity") {
    entry.caller = caller->arn;
    Json checked = Json::object();
    for (const auto& [k, v] : params) {
      checked[k] = v;
    }
    if (auto denied = authorize(st, *caller, "sts", action, checked)) {
      entry.error = "AccessDenied";
      return finish(xml_error(403, entry.error, *denied, request_id));
    }
  }
  FaultDecision fault = m_faults.decide("sts", action, st.ids());
  if (fault.type == "throttle") {
    entry.fault = "throttle";
    entry.error = "Throttling";
    HttpResponse r = xml_error(400, "Throttling", "Rate exceeded", request_id);
    r.delay_ms = fault.latency_ms;
    return finish(r);
  }
  if (fault.type == "error") {
    entry.fault = "error";
    entry.error = fault.status == 503 ? "ServiceUnavailable" : "InternalFailure";
    HttpResponse r = xml_error(fault.status, entry.error, "Injected server error.", request_id);
    r.delay_ms = fault.latency_ms;
    return finish(r);
  }
  try {
    response.body = sts_action(st, caller, action, params, request_id);
    response.content_type = "text/xml";
    response.headers.emplace_back("x-amzn-RequestId", request_id);
  } catch (const ApiError& e) {
    entry.error = e.code();
    response = xml_error(e.status(), e.code(), e.what(), request_id);
  }
  response.delay_ms = fault.latency_ms;
  if (fault.type == "reset") {
    response.delivery = Delivery::ResetConnection;
    entry.fault = "reset";
  } else if (fault.type == "truncate") {
    response.delivery = Delivery::Truncate;
    entry.fault = "truncate";
  }
  return finish(response);
}

}  // namespace emulator
