#pragma once
// Runtime: the AWS session and the service clients one command uses, built from the global
// options. Retry notices from the AWS layer become engine::Retrying events.

#include <memory>

#include "aws/session.h"
#include "cli/global_options.h"
#include "engine/clients.h"
#include "engine/reporter.h"
#include "util/clock.h"
#include "util/env.h"
#include "util/result.h"

namespace cli {

class Runtime {
 public:
  // `retry_sink` (optional) receives a Retrying event before each retry sleep; it must
  // outlive the runtime.
  static util::Result<std::unique_ptr<Runtime>> create(const GlobalOptions& global,
                                                       const util::Env& env, util::Clock& clock,
                                                       engine::Reporter* retry_sink);

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
