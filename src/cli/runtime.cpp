#include "cli/runtime.h"

namespace cli {

Runtime::Runtime(aws::Session session)
    : m_session(std::move(session)),
      m_ecs(*m_session.client),
      m_ecr(*m_session.client),
      m_logs(*m_session.client),
      m_sts(*m_session.client),
      m_autoscaling(*m_session.client) {}

util::Result<std::unique_ptr<Runtime>> Runtime::create(const GlobalOptions& global,
                                                       const util::Env& env, util::Clock& clock,
                                                       engine::Reporter* retry_sink) {
  aws::SessionOptions options = global.session;
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
