#pragma once
// Emulator: the front door. Turns an HttpRequest into an HttpResponse: picks the service from
// X-Amz-Target (or the STS form body), checks content type and size, verifies SigV4, applies
// injected faults and throttling, runs the action under the state lock and logs the call.
// The control endpoint (/_emulator/...) is served here as well.
#include <memory>

#include "core/actions.h"
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

  std::unique_ptr<State> m_state;
  EmulatorOptions m_options;
  ActionTable m_ecs;
  ActionTable m_ecr;
  ActionTable m_logs;
  Faults m_faults;
  RequestLog m_log;
};

}  // namespace emulator
