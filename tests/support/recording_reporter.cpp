#include "support/recording_reporter.h"

namespace testing_support {

namespace {
template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;
}  // namespace

std::string describe_event(const engine::Event& event) {
  using namespace engine;
  return std::visit(
      Overloaded{
          [](const Message& e) { return "Message " + e.text; },
          [](const PhaseStarted& e) { return "PhaseStarted " + e.phase; },
          [](const PhaseFinished& e) {
            return "PhaseFinished " + e.phase + (e.ok ? " ok" : " failed");
          },
          [](const PreflightCheck& e) {
            return "PreflightCheck " + e.name +
                   (e.skipped ? " skipped "
                    : e.ok    ? " ok "
                              : " FAILED ") +
                   e.detail;
          },
          [](const PlanReady& e) {
            return "PlanReady " + e.current_image + " -> " + e.new_image + " (" +
                   std::to_string(e.diff.size()) + " diff lines)";
          },
          [](const RevisionRegistered& e) { return "RevisionRegistered " + e.task_definition_arn; },
          [](const ServiceUpdated& e) { return "ServiceUpdated " + e.task_definition_arn; },
          [](const Settling& e) {
            return "Settling " + e.task_definition_arn + " " + std::to_string(e.window.count()) +
                   "s tasks=" + std::to_string(e.tasks);
          },
          [](const ServiceDeploymentProgress& e) {
            std::string s = "ServiceDeploymentProgress " + e.strategy + " " + e.status + " " +
                            e.stage + " step " + std::to_string(e.step) + "/" +
                            std::to_string(e.steps);
            for (const auto& h : e.hooks) {
              s += " [" + h.target_type + " " + h.hook_id + " " + h.status + "]";
            }
            return s;
          },
          [](const RolloutProgress& e) {
            std::string s = "RolloutProgress";
            for (const auto& d : e.deployments) {
              s += " [" + d.id + " " + d.status + " " + std::to_string(d.running) + "/" +
                   std::to_string(d.desired) + " " + d.rollout_state + "]";
            }
            return s + " sd=" + e.service_deployment_status;
          },
          [](const ServiceEventSeen& e) { return "ServiceEventSeen " + e.message; },
          [](const StoppedTaskEvidence& e) {
            return "StoppedTaskEvidence " + e.task_arn + " " + e.stop_code + " (" +
                   std::to_string(e.log_tail.size()) + " log lines) " + e.log_error;
          },
          [](const Retrying& e) { return "Retrying " + e.operation; },
          [](const RollbackStarted& e) {
            return "RollbackStarted " + e.method + " " + e.from_task_definition + " -> " +
                   e.to_task_definition;
          },
          [](const Finished& e) {
            return "Finished " + std::string(engine::to_string(e.outcome)) +
                   (e.dry_run ? " (dry run)" : "") + ": " + e.summary;
          },
      },
      event);
}

std::string RecordingReporter::dump() const {
  std::string out;
  for (const auto& e : m_events) {
    out += describe_event(e) + "\n";
  }
  return out;
}

}  // namespace testing_support
