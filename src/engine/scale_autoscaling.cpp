#include "engine/scale_autoscaling.h"

namespace engine {

namespace {

std::string register_command(const services::ScalableTarget& t, const char* bound, int n) {
  return "aws application-autoscaling register-scalable-target --service-namespace ecs "
         "--scalable-dimension ecs:service:DesiredCount --resource-id " +
         t.resource_id + " " + bound + " " + std::to_string(n);
}

}  // namespace

void check_scalable_target(const Clients& clients, Reporter& reporter, const std::string& cluster,
                           const std::string& service, int n) {
  if (clients.autoscaling == nullptr) {
    return;
  }
  auto found = clients.autoscaling->describe_service_target(cluster, service);
  if (!found) {
    const util::Error& e = found.error();
    if (e.kind == util::ErrorKind::AccessDenied) {
      reporter.on(Message{Severity::Warning,
                          std::string("Application Auto Scaling check skipped: ") +
                              k_describe_scalable_targets_action +
                              " was denied; grant it to be warned when a scalable target would "
                              "undo the new count (" +
                              e.describe() + ")",
                          {Hint{NextStep::PrintRolePolicies}}});
    } else {
      reporter.on(Message{Severity::Notice,
                          "Application Auto Scaling check skipped: DescribeScalableTargets "
                          "failed (" +
                              e.describe() + ")"});
    }
    return;
  }
  if (!found->has_value()) {
    return;
  }
  const services::ScalableTarget& t = **found;
  const std::string head = "Application Auto Scaling target " + t.resource_id + " has ";
  // Raising the count back to the minimum is a scale-out, lowering it to the maximum a
  // scale-in; a suspended direction leaves the new count alone.
  if (t.min_capacity > n && !t.dynamic_scaling_out_suspended) {
    reporter.on(Message{Severity::Warning,
                        head + "MinCapacity " + std::to_string(t.min_capacity) +
                            " > desired count " + std::to_string(n) +
                            ": it will scale the service back up; suspend scaling or lower the "
                            "minimum (" +
                            register_command(t, "--min-capacity", n) + ")"});
  }
  if (t.max_capacity < n && !t.dynamic_scaling_in_suspended) {
    reporter.on(Message{Severity::Warning,
                        head + "MaxCapacity " + std::to_string(t.max_capacity) +
                            " < desired count " + std::to_string(n) +
                            ": it will scale the service back down; suspend scaling or raise the "
                            "maximum (" +
                            register_command(t, "--max-capacity", n) + ")"});
  }
}

}  // namespace engine
