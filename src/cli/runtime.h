#pragma once
// Runtime: the AWS session and the service clients one command uses, built from the global
// options. Retry notices from the AWS layer become engine::Retrying events.

#include <memory>
#include <string>

#include "aws/session.h"
#include "cli/global_options.h"
#include "engine/clients.h"
#include "engine/reporter.h"
#include "util/clock.h"
#include "util/env.h"
#include "util/result.h"

namespace cli {

// Pure: the line for a slow call.
std::string slow_call_text(const aws::SlowCallNotice& notice);

class Runtime {
 public:
  // `retry_sink` (optional) receives a Retrying event before each retry sleep;
  // `slow_call_sink` (optional) a notice Message when a call has waited 10 s for its answer
  // ("still waiting for DescribeServices (attempt 1 of 3), 10s"), with or without -v. Both
  // must outlive the runtime.
  static util::Result<std::unique_ptr<Runtime>> create(const GlobalOptions& global,
                                                       const util::Env& env, util::Clock& clock,
                                                       engine::Reporter* retry_sink,
                                                       engine::Reporter* slow_call_sink = nullptr);

  engine::Clients clients() { return {m_ecs, m_ecr, m_logs, m_sts, &m_autoscaling}; }
  const aws::Session& session() const { return m_session; }

 private:
  explicit Runtime(aws::Session session);

  aws::Session m_session;
  services::EcsClient m_ecs;
  services::EcrClient m_ecr;
  services::LogsClient m_logs;
  services::StsClient m_sts;
  services::AutoScalingClient m_autoscaling;
};

}  // namespace cli
