#include "cli/runtime.h"

#include "util/time.h"

namespace cli {

Runtime::Runtime(aws::Session session)
    : m_session(std::move(session)),
      m_ecs(*m_session.client),
      m_ecr(*m_session.client),
      m_logs(*m_session.client),
      m_sts(*m_session.client),
      m_autoscaling(*m_session.client) {}

std::string slow_call_text(const aws::SlowCallNotice& n) {
  const std::string op = n.operation.substr(n.operation.find(':') + 1);  // "ecs:" dropped
  return "still waiting for " + op + " (attempt " + std::to_string(n.attempt) + " of " +
         std::to_string(n.max_attempts) + "), " + util::format_duration(n.waited);
}

util::Result<std::unique_ptr<Runtime>> Runtime::create(const GlobalOptions& global,
                                                       const util::Env& env, util::Clock& clock,
                                                       engine::Reporter* retry_sink,
                                                       engine::Reporter* slow_call_sink) {
  aws::SessionOptions options = global.session;
  if (slow_call_sink != nullptr) {
    options.on_slow_call = [slow_call_sink](const aws::SlowCallNotice& n) {
      slow_call_sink->on(engine::Message{engine::Severity::Notice, slow_call_text(n)});
    };
  }
  if (retry_sink != nullptr) {
    options.on_retry = [retry_sink](const aws::RetryNotice& n) {
      retry_sink->on(engine::Retrying{n.operation, n.attempt, n.max_attempts, n.delay,
                                      n.cause.code.empty() ? n.cause.message : n.cause.code});
    };
  }
  auto session = aws::make_session(options, env, clock);
  if (!session) {
    return session.take_error();
  }
  return std::unique_ptr<Runtime>(new Runtime(std::move(*session)));
}

}  // namespace cli
