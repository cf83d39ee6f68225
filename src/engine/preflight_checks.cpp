#include "engine/preflight_checks.h"

#include "engine/stage_watch.h"
#include "services/arn.h"
#include "util/time.h"

namespace engine {

namespace {

PreflightCheck pass(std::string name, std::string detail) {
  return {std::move(name), true, false, std::move(detail)};
}
PreflightCheck fail(std::string name, std::string detail, Hints hints = {}) {
  return {std::move(name), false, false, std::move(detail), std::move(hints)};
}
PreflightCheck skip(std::string name, std::string detail) {
  return {std::move(name), true, true, std::move(detail)};
}

const char* const k_same_cause = "skipped: AWS could not be reached as this caller";

std::string q(const std::string& s) {
  return "'" + s + "'";
}

std::string join_names(const std::vector<std::string>& arns, size_t max = 10) {
  std::string out;
  for (size_t i = 0; i < arns.size() && i < max; ++i) {
    out += (i ? ", " : "") + services::arn_last_component(arns[i]);
  }
  if (arns.size() > max) {
    out += ", ...";
  }
  return out;
}

const services::ContainerBasics* find_container(const services::TaskDefinition& td,
                                                const std::string& name) {
  for (const auto& c : td.containers) {
    if (c.name == name) {
      return &c;
    }
  }
  return nullptr;
}

std::string container_names(const services::TaskDefinition& td) {
  std::string out;
  for (const auto& c : td.containers) {
    out += (out.empty() ? "" : ", ") + c.name;
  }
  return out;
}

}  // namespace

bool CallerFailure::explains(const util::Error& error) const {
  return kind && error.kind == *kind && error.kind != util::ErrorKind::Throttling;
}

std::optional<PreflightCheck> check_desired_count(const PreflightInput& in) {
  if (!in.desired_count) {
    return std::nullopt;
  }
  if (*in.desired_count < 0 || *in.desired_count > in.max_desired_count) {
    return fail("desired-count", "desired count " + std::to_string(*in.desired_count) +
                                     " is outside 0.." + std::to_string(in.max_desired_count));
  }
  return pass("desired-count", std::to_string(*in.desired_count));
}

PreflightCheck check_caller(const PreflightInput& in,
                            const util::Result<services::CallerIdentity>& identity) {
  if (!identity) {
    const util::Error& e = identity.error();
    const bool unreachable =
        e.kind == util::ErrorKind::Network || e.kind == util::ErrorKind::Timeout;
    const bool throttled = e.kind == util::ErrorKind::Throttling;
    return fail("credentials",
                (unreachable ? "cannot reach AWS: "
                 : throttled ? "cannot identify the caller, STS is throttling: "
                             : "cannot identify the caller: ") +
                    e.describe() +
                    (unreachable ? "; check the network, the region and any endpoint URL"
                     : throttled ? ""
                                 : "; check AWS credentials and region"));
  }
  const services::CallerIdentity& who = identity.value();
  if (!in.expected_account.empty() && who.account != in.expected_account) {
    return fail(
        "account",
        "credentials belong to account " + who.account + ", expected " + in.expected_account,
        {Hint{NextStep::CheckExpectedAccount}});
  }
  return pass("credentials", who.arn + " (account " + who.account + ")");
}

PreflightCheck check_cluster(const PreflightInput& in,
                             const util::Result<services::DescribeClustersResult>& clusters,
                             const CallerFailure& caller) {
  if (!clusters) {
    if (caller.explains(clusters.error())) {
      return skip("cluster", k_same_cause);
    }
    return fail("cluster",
                "cannot describe cluster " + q(in.cluster) + ": " + clusters.error().describe());
  }
  if (clusters.value().clusters.empty()) {
    return fail("cluster", "cluster " + q(in.cluster) + " not found in this account and region");
  }
  const auto& c = clusters.value().clusters.front();
  if (c.status != "ACTIVE") {
    return fail("cluster", "cluster " + q(in.cluster) + " is " + c.status + ", expected ACTIVE");
  }
  return pass("cluster", in.cluster + " is ACTIVE");
}

std::vector<PreflightCheck> check_service(
    const PreflightInput& in, const util::Result<services::DescribeServicesResult>& described,
    const std::optional<util::Result<services::ListResult>>& listed, const CallerFailure& caller,
    const services::Service** found) {
  *found = nullptr;
  if (!described) {
    const auto& e = described.error();
    if (caller.explains(e)) {
      return {skip("service", k_same_cause)};
    }
    if (e.code == "ClusterNotFoundException") {
      return {skip("service", "skipped: cluster " + q(in.cluster) + " not found")};
    }
    return {fail("service", "cannot describe service " + q(in.service) + ": " + e.describe())};
  }
  if (described.value().services.empty()) {
    std::string hint;
    if (listed && *listed) {
      const auto& arns = listed->value().arns;
      hint = arns.empty() ? "; the cluster has no services"
                          : "; services in that cluster: " + join_names(arns);
    }
    return {fail("service",
                 "service " + q(in.service) + " not found in cluster " + q(in.cluster) + hint)};
  }
  const services::Service& s = described.value().services.front();
  if (s.status != "ACTIVE") {
    return {fail("service", "service " + q(in.service) + " is " + s.status + ", expected ACTIVE")};
  }
  if (s.deployment_controller == "CODE_DEPLOY") {
    return {fail("service", "service " + q(in.service) +
                                " uses the CODE_DEPLOY deployment controller: its deployments are "
                                "CodeDeploy's (aws deploy create-deployment with an AppSpec); "
                                "ecsdeploy drives services whose controller is ECS, which also "
                                "offers BLUE_GREEN, LINEAR and CANARY")};
  }
  if (s.deployment_controller != "ECS") {
    return {fail("service", "service " + q(in.service) + " uses the " + s.deployment_controller +
                                " deployment controller: its task sets are managed by whatever "
                                "created them (CreateTaskSet), not by UpdateService; ecsdeploy "
                                "drives services whose controller is ECS")};
  }
  if (s.resource_management_type == "ECS") {
    // Plain UpdateService calls on an Express Mode service can break what ECS manages for it
    // (load balancer, target groups, scaling): its image changes go through its own API.
    return {fail("service", "service " + q(in.service) +
                                " is an ECS Express Mode service (resourceManagementType ECS): "
                                "ECS manages its load balancer and scaling, and a plain "
                                "UpdateService can break that; change its image with aws ecs "
                                "update-express-gateway-service (primaryContainer.image)")};
  }
  *found = &s;
  std::vector<PreflightCheck> out{pass(
      "service",
      in.service + " is ACTIVE, runs " + services::task_definition_short_name(s.task_definition))};
  return out;
}

std::optional<PreflightCheck> check_idle(
    const PreflightInput& in, const services::Service& s,
    const std::optional<util::Result<services::DescribeServiceDeploymentsResult>>& in_flight) {
  if (!in.require_idle || !deployment_in_progress(s)) {
    return std::nullopt;
  }
  std::string detail = "another deployment of " + q(in.service) + " is in progress (" +
                       std::to_string(s.deployments.size()) + " deployments)";
  Hints hints;
  // What ECS says of it (stage, pause hooks) when it could be described; the count otherwise.
  if (in_flight && *in_flight && !in_flight->value().deployments.empty()) {
    const services::ServiceDeployment& sd = in_flight->value().deployments.front();
    detail += ": service deployment " + sd.status;
    if (!sd.lifecycle_stage.empty()) {
      detail += " at " + sd.lifecycle_stage;
    }
    for (const services::LifecycleHookRun& h : awaiting_pause_hooks(sd)) {
      detail += "; PAUSE hook " + h.hook_id + " awaits action";
      if (h.expires_at) {
        detail += " until " + util::format_iso8601(*h.expires_at);
      }
      if (!h.timeout_action.empty()) {
        detail += " (then " + h.timeout_action + ")";
      }
      if (hints.empty()) {
        hints = {Hint{NextStep::ContinueDeployment, in.cluster, in.service},
                 Hint{NextStep::RejectDeployment, in.cluster, in.service}};
      }
    }
  }
  hints.push_back(Hint{NextStep::WaitForIdle});
  return fail("idle", detail, std::move(hints));
}

std::optional<PreflightCheck> check_family(const PreflightInput& in,
                                           const std::string& current_family) {
  if (in.family.empty() || current_family == in.family) {
    return std::nullopt;
  }
  return fail(
      "family",
      "service " + q(in.service) + " runs family " + q(current_family) + ", not " + q(in.family),
      {Hint{NextStep::CheckFamily}});
}

std::vector<PreflightCheck> check_task_definition(
    const PreflightInput& in, const std::string& family,
    const util::Result<services::TaskDefinition>& latest, const CallerFailure& caller) {
  if (!latest) {
    const util::Error& e = latest.error();
    if (caller.explains(e)) {
      return {skip("task-definition", k_same_cause)};
    }
    // ECS answers ClientException "Unable to describe task definition." for a family with
    // no ACTIVE revision; anything else (throttling, a 5xx, denial) is not an answer about it.
    const bool none = e.kind == util::ErrorKind::NotFound ||
                      (e.kind == util::ErrorKind::ServiceError && e.code == "ClientException");
    return {fail(
        "task-definition",
        none ? "family " + q(family) + " has no ACTIVE revision (" + e.describe() + ")"
             : "cannot describe the latest revision of family " + q(family) + ": " + e.describe())};
  }
  const services::TaskDefinition& base = latest.value();
  const std::string name = services::task_definition_short_name(base.arn);
  std::vector<PreflightCheck> out;
  if (base.status != "ACTIVE" && !base.status.empty()) {
    out.push_back(fail("task-definition", "latest revision " + name + " is " + base.status));
  } else {
    out.push_back(pass("task-definition", "latest revision " + name));
  }
  if (!in.container.empty()) {
    if (const auto* c = find_container(base, in.container)) {
      out.push_back(pass("container", in.container + " (" + c->image + ")"));
    } else {
      out.push_back(fail("container", "container " + q(in.container) + " not in " + name +
                                          "; containers: " + container_names(base)));
    }
  }
  return out;
}

std::optional<PreflightCheck> check_repository(const PreflightInput& in,
                                               const std::string& image_repository) {
  if (in.repository.empty() || image_repository.empty() || image_repository == in.repository) {
    return std::nullopt;
  }
  return fail("repository", "container " + q(in.container) + " pulls from ECR repository " +
                                q(image_repository) + ", not the configured " + q(in.repository));
}

std::optional<PreflightCheck> check_image(
    const PreflightInput& in, const std::optional<util::Result<services::ImageDetail>>& image,
    const std::string& skip_reason, const CallerFailure& caller) {
  if (in.image_tag.empty()) {
    return std::nullopt;
  }
  if (!image) {
    if (skip_reason.empty()) {
      return std::nullopt;
    }
    return skip("image", skip_reason);
  }
  if (*image) {
    return pass("image", "tag " + q(in.image_tag) + " exists (" + image->value().digest + ")");
  }
  const auto& e = image->error();
  if (caller.explains(e)) {
    return skip("image", k_same_cause);
  }
  if (e.kind == util::ErrorKind::Throttling) {
    return fail("image", "cannot check the tag: " + e.describe());
  }
  std::string what = e.code == "RepositoryNotFoundException" ? "ECR repository not found"
                     : e.code == "ImageNotFoundException"
                         ? "tag " + q(in.image_tag) + " not found in ECR"
                         : "cannot check the tag: " + e.describe();
  return fail("image", what + (e.message.empty() || e.code.empty() ? "" : " (" + e.message + ")") +
                           "; was the image pushed with this tag?");
}

}  // namespace engine
