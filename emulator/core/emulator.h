#pragma once
// Emulator: the front door. Turns an HttpRequest into an HttpResponse: picks the service from
// X-Amz-Target (or the STS form body), checks content type and size, verifies SigV4, applies
// injected faults and throttling, runs the action under the state lock and logs the call.
// The control endpoint (/_emulator/...) is served here as well.
#include <memory>

#include <functional>
#include <optional>

#include "core/actions.h"
#include "core/api_error.h"
#include "core/error_codec.h"
#include "core/faults.h"
#include "core/http_types.h"
#include "core/request_log.h"
#include "core/state.h"

namespace emulator {

struct EmulatorOptions {
  bool auth = true;
  std::size_t max_body_bytes = 1024 * 1024;  // larger bodies get 413
};

class Emulator {
 public:
  Emulator(std::unique_ptr<State> state, EmulatorOptions options);

  HttpResponse handle(const HttpRequest& req);
  HttpResponse handle_control(const HttpRequest& req);
  // Brings the simulation up to the virtual clock (the server's tick thread calls this).
  void tick();

  // Direct access for tests and scenario loading; lock state().mutex() while using it.
  State& state() { return *m_state; }
  Faults& faults() { return m_faults; }
  const EmulatorOptions& options() const { return m_options; }

 private:
  HttpResponse dispatch(const HttpRequest& req);  // handle() without the Date header
  HttpResponse handle_json(const HttpRequest& req, const std::string& service,
                           const std::string& operation, const ActionTable& table,
                           const std::string& request_id);
  HttpResponse handle_sts(const HttpRequest& req, const std::string& request_id);
  HttpResponse handle_cloudwatch_json(const HttpRequest& req, const std::string& operation,
                                      const std::string& request_id);
  HttpResponse handle_cloudwatch_cbor(const HttpRequest& req, const std::string& request_id);
  HttpResponse handle_cloudwatch_query(
      const HttpRequest& req, const std::string& action,
      const std::vector<std::pair<std::string, std::string>>& params,
      const std::string& request_id);

 public:
  // One API call as the shared pipeline sees it, whatever its wire protocol.
  struct Operation {
    std::string service;       // IAM prefix, fault rules and the request log
    std::string signing_name;  // SigV4 scope when it differs (cloudwatch: monitoring)
    std::string name;
    std::optional<ApiError> rejected;  // refused before the state lock (method, body, ...)
    Json params;                       // what IAM conditions and member-type checks read
    bool signed_call = true;           // false: no SigV4, no IAM (AssumeRoleWithWebIdentity)
    bool check_member_types = false;
    std::function<void(State&, const Identity&, const Json&, HttpResponse&)> run;
  };
  // auth -> member types -> IAM -> faults/throttling -> action; logs the call once.
  HttpResponse pipeline(const HttpRequest& req, const ErrorCodec& codec, const Operation& op,
                        const std::string& request_id);

 private:
  std::unique_ptr<State> m_state;
  EmulatorOptions m_options;
  ActionTable m_ecs;
  ActionTable m_ecr;
  ActionTable m_logs;
  Faults m_faults;
  RequestLog m_log;
};

}  // namespace emulator
