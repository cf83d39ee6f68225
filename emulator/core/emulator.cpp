#include "core/emulator.h"

#include "core/api_error.h"
#include "core/autoscaling_actions.h"
#include "core/cbor.h"
#include "core/cloudwatch_actions.h"
#include "core/error_codec.h"
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
constexpr const char* k_cbor_prefix = "/service/GraniteServiceVersion20100801/operation/";

// A CloudWatch call's pipeline operation: the action runs on Json members whatever the wire.
Emulator::Operation cloudwatch_operation(const std::string& name, Json params) {
  Emulator::Operation op;
  op.service = "cloudwatch";
  op.signing_name = "monitoring";
  op.name = name;
  op.params = std::move(params);
  auto action = cloudwatch_actions().find(name);
  if (action == cloudwatch_actions().end()) {
    op.rejected.emplace(400, "InvalidAction", "The action " + name + " is not valid.");
  }
  return op;
}

Json run_cloudwatch(const std::string& name, State& st, const Identity& caller, const Json& body) {
  Call call{st, caller, body, st.now()};
  return cloudwatch_actions().at(name)(call);
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
    if (req.path.rfind(k_cbor_prefix, 0) == 0) {
      return handle_cloudwatch_cbor(req, request_id);
    }
    std::string ct = req.header("content-type");
    bool form = req.method == "POST" && ct.rfind("application/x-www-form-urlencoded", 0) == 0;
    if (form || (req.method == "GET" && req.query.find("Action=") != std::string::npos)) {
      // One query endpoint serves STS and CloudWatch's older clients: the Action tells.
      FormParams params = parse_form(req.method == "GET" ? req.query : req.body);
      for (const auto& [k, v] : params) {
        if (k == "Action" && cloudwatch_actions().count(v) > 0) {
          return handle_cloudwatch_query(req, v, params, request_id);
        }
      }
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
  if (target.rfind(k_cloudwatch_prefix, 0) == 0) {
    return handle_cloudwatch_json(req, target.substr(std::string(k_cloudwatch_prefix).size()),
                                  request_id);
  }
  return json_error(400, "UnknownOperationException", "Unknown operation " + target + ".",
                    request_id);
}

HttpResponse Emulator::handle_json(const HttpRequest& req, const std::string& service,
                                   const std::string& operation, const ActionTable& table,
                                   const std::string& request_id) {
  Operation op;
  op.service = service;
  op.name = operation;
  op.check_member_types = true;
  auto reject = [&](const std::string& code, const std::string& message) {
    op.rejected.emplace(400, code, message);
    return pipeline(req, json_codec(service), op, request_id);
  };
  if (req.method != "POST") {
    return reject("UnknownOperationException", "Only POST is supported.");
  }
  std::string ct = req.header("content-type");
  if (ct.rfind("application/x-amz-json-1.1", 0) != 0) {
    return reject("UnknownOperationException",
                  "Content-Type must be application/x-amz-json-1.1 (got '" + ct + "').");
  }
  auto action = table.find(operation);
  if (action == table.end()) {
    return reject("UnknownOperationException", "Unknown operation " + operation + ".");
  }
  BoundedJson parsed;
  if (req.body.empty()) {
    parsed.status = JsonParse::Ok;
    parsed.value = Json::object();
  } else {
    parsed = parse_json_bounded(req.body);
  }
  if (parsed.status != JsonParse::Ok || !parsed.value.is_object()) {
    std::string message =
        parsed.status == JsonParse::TooDeep     ? "Request body " + too_deep_message() + "."
        : parsed.status == JsonParse::Malformed ? "Malformed JSON request body."
                                                : "Request body must be a JSON object.";
    return reject("SerializationException", message);
  }
  op.params = std::move(parsed.value);
  const ActionFn& fn = action->second;
  op.run = [&fn](State& st, const Identity& caller, const Json& body, HttpResponse& response) {
    Call call{st, caller, body, st.now()};
    Json out = fn(call);
    response.body = call.raw_response.empty() ? dump_json(out) : std::move(call.raw_response);
  };
  return pipeline(req, json_codec(service), op, request_id);
}

HttpResponse Emulator::handle_sts(const HttpRequest& req, const std::string& request_id) {
  FormParams params = parse_form(req.method == "GET" ? req.query : req.body);
  Operation op;
  op.service = "sts";
  for (const auto& [k, v] : params) {
    if (k == "Action") {
      op.name = v;
    }
  }
  // AssumeRoleWithWebIdentity is unsigned: the web identity token is the credential.
  op.signed_call = op.name != "AssumeRoleWithWebIdentity";
  op.params = Json::object();
  for (const auto& [k, v] : params) {
    op.params[k] = v;
  }
  op.run = [&params, &request_id, action = op.name](State& st, const Identity& caller, const Json&,
                                                    HttpResponse& response) {
    response.body = sts_action(st, &caller, action, params, request_id);
    response.content_type = "text/xml";
  };
  return pipeline(req, query_codec(), op, request_id);
}

HttpResponse Emulator::handle_cloudwatch_json(const HttpRequest& req, const std::string& operation,
                                              const std::string& request_id) {
  Operation op = cloudwatch_operation(operation, Json::object());
  std::string ct = req.header("content-type");
  if (!op.rejected && (req.method != "POST" || ct.rfind("application/x-amz-json-1.0", 0) != 0)) {
    op.rejected.emplace(400, "UnknownOperationException",
                        "CloudWatch's JSON protocol is POST with Content-Type "
                        "application/x-amz-json-1.0.");
  }
  if (!op.rejected && !req.body.empty()) {
    BoundedJson parsed = parse_json_bounded(req.body);
    if (parsed.status != JsonParse::Ok || !parsed.value.is_object()) {
      op.rejected.emplace(400, "SerializationException", "Malformed JSON request body.");
    } else {
      op.params = std::move(parsed.value);
    }
  }
  op.run = [name = operation](State& st, const Identity& caller, const Json& body,
                              HttpResponse& response) {
    response.body = dump_json(run_cloudwatch(name, st, caller, body));
    response.content_type = "application/x-amz-json-1.0";
  };
  return pipeline(req, json10_codec(), op, request_id);
}

HttpResponse Emulator::handle_cloudwatch_cbor(const HttpRequest& req,
                                              const std::string& request_id) {
  std::string name = req.path.substr(std::string(k_cbor_prefix).size());
  Operation op = cloudwatch_operation(name, Json::object());
  if (!op.rejected && req.method != "POST") {
    op.rejected.emplace(400, "UnknownOperationException", "RPC v2 CBOR calls are POST.");
  }
  if (!op.rejected && !req.body.empty()) {
    std::optional<Json> body = cbor_decode(req.body);
    if (!body || !body->is_object()) {
      op.rejected.emplace(400, "SerializationException", "Malformed CBOR request body.");
    } else {
      op.params = std::move(*body);
    }
  }
  op.run = [name](State& st, const Identity& caller, const Json& body, HttpResponse& response) {
    response.body = cbor_encode(run_cloudwatch(name, st, caller, body), cloudwatch_timestamps());
    response.content_type = "application/cbor";
    response.headers.emplace_back("smithy-protocol", "rpc-v2-cbor");
  };
  return pipeline(req, cbor_codec(), op, request_id);
}

HttpResponse Emulator::handle_cloudwatch_query(const HttpRequest& req, const std::string& action,
                                               const FormParams& params,
                                               const std::string& request_id) {
  Operation op = cloudwatch_operation(action, query_params_to_json(params));
  op.run = [action, &request_id](State& st, const Identity& caller, const Json& body,
                                 HttpResponse& response) {
    response.body =
        query_response_xml(action, run_cloudwatch(action, st, caller, body), request_id);
    response.content_type = "text/xml";
  };
  return pipeline(req, query_codec(), op, request_id);
}

HttpResponse Emulator::pipeline(const HttpRequest& req, const ErrorCodec& codec,
                                const Operation& op, const std::string& request_id) {
  RequestLogEntry entry;
  entry.service = op.service;
  entry.operation = op.name;
  std::lock_guard<std::mutex> lock(m_state->mutex());
  State& st = *m_state;
  HttpResponse response;
  // Every path ends here, so each call is logged exactly once.
  auto finish = [&](HttpResponse r) {
    entry.status = r.status;
    entry.time = st.clock().now();
    m_log.add(entry);
    return r;
  };
  auto fail = [&](int status, const std::string& code, const std::string& message) {
    entry.error = code;
    HttpResponse r = codec.encode(status, code, message, request_id);
    r.delay_ms = response.delay_ms;
    return finish(std::move(r));
  };
  if (op.rejected) {
    return fail(op.rejected->status(), op.rejected->code(), op.rejected->what());
  }
  st.catch_up();
  const Identity* caller = &anonymous_identity(st);
  if (m_options.auth && op.signed_call) {
    AuthResult auth = verify_sigv4(st, req, op.signing_name.empty() ? op.service : op.signing_name,
                                   real_epoch_now());
    if (auth.failure != AuthFailure::None) {
      int status = 403;
      std::string code;
      auth_error_code(auth.failure, codec.query_codes, status, code);
      return fail(status, code, auth.message);
    }
    caller = auth.identity;
  }
  if (op.signed_call) {
    entry.caller = caller->arn;
    if (op.check_member_types) {
      if (auto wrong = wrong_member_type(op.service, op.name, op.params)) {
        return fail(400, "SerializationException", *wrong);
      }
    }
    if (auto denied = authorize(st, *caller, op.service, op.name, op.params)) {
      return codec.query_codes ? fail(403, "AccessDenied", *denied)
                               : fail(400, "AccessDeniedException", *denied);
    }
  }
  FaultDecision fault = m_faults.decide(op.service, op.name, st.ids());
  response.delay_ms = fault.latency_ms;
  if (fault.latency_ms > 0) {
    entry.fault = "latency";
  }
  bool bucket = op.service == "ecs" && m_faults.throttled_by_bucket(caller->account, op.name);
  if (fault.type == "throttle" || bucket) {
    entry.fault = bucket ? "bucket" : "throttle";
    return fail(400, codec.throttling, "Rate exceeded");
  }
  if (fault.type == "error") {
    entry.fault = "error";
    return fail(fault.status, fault.status == 503 ? codec.unavailable : codec.server_error,
                "Injected server error.");
  }
  if (fault.type == "reset" || fault.type == "truncate") {
    entry.fault = fault.type;
  }
  try {
    op.run(st, *caller, op.params, response);
    response.headers.emplace_back("x-amzn-RequestId", request_id);
  } catch (const ApiError& e) {
    entry.error = e.code();
    int delay = response.delay_ms;
    response = codec.encode(e.status(), e.code(), e.what(), request_id);
    response.delay_ms = delay;
  } catch (const std::exception&) {
    entry.error = codec.internal;
    int delay = response.delay_ms;
    response = codec.encode(500, codec.internal, "Internal error.", request_id);
    response.delay_ms = delay;
  }
  if (fault.type == "reset") {
    response.delivery = Delivery::ResetConnection;
  } else if (fault.type == "truncate") {
    response.delivery = Delivery::Truncate;
  }
  return finish(std::move(response));
}

}  // namespace emulator
