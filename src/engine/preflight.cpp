#include "engine/preflight.h"

#include <future>

#include "engine/image_ref.h"
#include "services/arn.h"

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

bool PreflightResult::ok() const {
  for (const auto& c : checks) {
    if (!c.ok) {
      return false;
    }
  }
  return true;
}

std::vector<std::string> PreflightResult::problems() const {
  std::vector<std::string> out;
  for (const auto& c : checks) {
    if (!c.ok) {
      out.push_back(c.name + ": " + c.detail);
    }
  }
  return out;
}

Hints PreflightResult::hints() const {
  Hints out;
  for (const auto& c : checks) {
    if (!c.ok) {
      out.insert(out.end(), c.hints.begin(), c.hints.end());
    }
  }
  return out;
}

bool deployment_in_progress(const services::Service& service) {
  if (service.deployments.size() > 1) {
    return true;
  }
  for (const auto& d : service.deployments) {
    if (d.status == "PRIMARY" && d.rollout_state == "IN_PROGRESS") {
      return true;
    }
  }
  return false;
}

PreflightResult evaluate_preflight(const PreflightInput& in, const PreflightObservations& obs) {
  PreflightResult r;
  auto& checks = r.checks;

  if (in.desired_count) {
    if (*in.desired_count < 0 || *in.desired_count > in.max_desired_count) {
      checks.push_back(fail("desired-count", "desired count " + std::to_string(*in.desired_count) +
                                                 " is outside 0.." +
                                                 std::to_string(in.max_desired_count)));
    } else {
      checks.push_back(pass("desired-count", std::to_string(*in.desired_count)));
    }
  }

  // When the caller cannot be identified, the other calls failed for the same reason (bad
  // credentials, no network): say it once, on the credentials line.
  std::optional<util::ErrorKind> caller_failure;
  auto same_cause = [&](const util::Error& e) {
    return caller_failure && e.kind == *caller_failure;
  };
  const std::string same_cause_skip = "skipped: AWS could not be reached as this caller";
  if (obs.identity) {
    if (!*obs.identity) {
      const util::Error& e = obs.identity->error();
      caller_failure = e.kind;
      bool unreachable = e.kind == util::ErrorKind::Network || e.kind == util::ErrorKind::Timeout;
      checks.push_back(fail(
          "credentials", (unreachable ? "cannot reach AWS: " : "cannot identify the caller: ") +
                             e.describe() +
                             (unreachable ? "; check the network, the region and any endpoint URL"
                                          : "; check AWS credentials and region")));
    } else {
      r.identity = obs.identity->value();
      if (!in.expected_account.empty() && r.identity.account != in.expected_account) {
        checks.push_back(fail("account",
                              "credentials belong to account " + r.identity.account +
                                  ", expected " + in.expected_account,
                              {Hint{NextStep::CheckExpectedAccount}}));
      } else {
        checks.push_back(
            pass("credentials", r.identity.arn + " (account " + r.identity.account + ")"));
      }
    }
  }

  bool cluster_ok = false;
  if (obs.clusters) {
    if (!*obs.clusters && same_cause(obs.clusters->error())) {
      checks.push_back(skip("cluster", same_cause_skip));
    } else if (!*obs.clusters) {
      checks.push_back(fail("cluster", "cannot describe cluster " + q(in.cluster) + ": " +
                                           obs.clusters->error().describe()));
    } else if (obs.clusters->value().clusters.empty()) {
      checks.push_back(
          fail("cluster", "cluster " + q(in.cluster) + " not found in this account and region"));
    } else {
      const auto& c = obs.clusters->value().clusters.front();
      if (c.status != "ACTIVE") {
        checks.push_back(
            fail("cluster", "cluster " + q(in.cluster) + " is " + c.status + ", expected ACTIVE"));
      } else {
        cluster_ok = true;
        checks.push_back(pass("cluster", in.cluster + " is ACTIVE"));
      }
    }
  }

  bool service_ok = false;
  if (obs.services) {
    if (!*obs.services) {
      const auto& e = obs.services->error();
      if (same_cause(e)) {
        checks.push_back(skip("service", same_cause_skip));
      } else if (e.code == "ClusterNotFoundException") {
        checks.push_back(skip("service", "skipped: cluster " + q(in.cluster) + " not found"));
      } else {
        checks.push_back(
            fail("service", "cannot describe service " + q(in.service) + ": " + e.describe()));
      }
    } else if (obs.services->value().services.empty()) {
      std::string hint;
      if (obs.service_list && *obs.service_list) {
        const auto& arns = obs.service_list->value().arns;
        hint = arns.empty() ? "; the cluster has no services"
                            : "; services in that cluster: " + join_names(arns);
      }
      checks.push_back(fail(
          "service", "service " + q(in.service) + " not found in cluster " + q(in.cluster) + hint));
    } else {
      r.service = obs.services->value().services.front();
      const auto& s = r.service;
      if (s.status != "ACTIVE") {
        checks.push_back(
            fail("service", "service " + q(in.service) + " is " + s.status + ", expected ACTIVE"));
      } else if (s.deployment_controller != "ECS") {
        checks.push_back(fail("service", "service " + q(in.service) + " uses the " +
                                             s.deployment_controller +
                                             " deployment controller; ecsdeploy drives ECS rolling "
                                             "deployments only"));
      } else {
        service_ok = true;
        checks.push_back(
            pass("service", in.service + " is ACTIVE, runs " +
                                services::task_definition_short_name(s.task_definition)));
      }
      if (service_ok && in.require_idle && deployment_in_progress(s)) {
        checks.push_back(fail("idle",
                              "another deployment of " + q(in.service) + " is in progress (" +
                                  std::to_string(s.deployments.size()) + " deployments)",
                              {Hint{NextStep::WaitForIdle}}));
      }
    }
  }
  (void)cluster_ok;

  // Family: expected (--family) or the service's current one.
  std::string current_family;
  if (service_ok) {
    if (auto fr = services::parse_task_definition_ref(r.service.task_definition)) {
      current_family = fr->family;
    }
  }
  r.family = !in.family.empty() ? in.family : current_family;
  if (service_ok && !in.family.empty() && current_family != in.family) {
    checks.push_back(fail(
        "family",
        "service " + q(in.service) + " runs family " + q(current_family) + ", not " + q(in.family),
        {Hint{NextStep::CheckFamily}}));
  }

  if (in.need_task_definition && obs.task_definition) {
    if (!*obs.task_definition && same_cause(obs.task_definition->error())) {
      checks.push_back(skip("task-definition", same_cause_skip));
    } else if (!*obs.task_definition) {
      checks.push_back(fail("task-definition", "family " + q(r.family) +
                                                   " has no ACTIVE revision: " +
                                                   obs.task_definition->error().describe()));
    } else {
      r.base = obs.task_definition->value();
      if (r.base.status != "ACTIVE" && !r.base.status.empty()) {
        checks.push_back(
            fail("task-definition", "latest revision " +
                                        services::task_definition_short_name(r.base.arn) + " is " +
                                        r.base.status));
      } else {
        checks.push_back(
            pass("task-definition",
                 "latest revision " + services::task_definition_short_name(r.base.arn)));
      }
      if (!in.container.empty()) {
        if (const auto* c = find_container(r.base, in.container)) {
          checks.push_back(pass("container", in.container + " (" + c->image + ")"));
        } else {
          checks.push_back(fail("container", "container " + q(in.container) + " not in " +
                                                 services::task_definition_short_name(r.base.arn) +
                                                 "; containers: " + container_names(r.base)));
        }
      }
    }
  }

  if (obs.current_task_definition && *obs.current_task_definition) {
    r.current = obs.current_task_definition->value();
  }

  if (!in.repository.empty() && !obs.image_repository.empty() &&
      obs.image_repository != in.repository) {
    checks.push_back(fail(
        "repository", "container " + q(in.container) + " pulls from ECR repository " +
                          q(obs.image_repository) + ", not the configured " + q(in.repository)));
  }
  if (!in.image_tag.empty()) {
    if (obs.image) {
      if (!*obs.image && same_cause(obs.image->error())) {
        checks.push_back(skip("image", same_cause_skip));
      } else if (*obs.image) {
        checks.push_back(pass(
            "image", "tag " + q(in.image_tag) + " exists (" + obs.image->value().digest + ")"));
      } else {
        const auto& e = obs.image->error();
        std::string what = e.code == "RepositoryNotFoundException" ? "ECR repository not found"
                           : e.code == "ImageNotFoundException"
                               ? "tag " + q(in.image_tag) + " not found in ECR"
                               : "cannot check the tag: " + e.describe();
        checks.push_back(fail(
            "image", what + (e.message.empty() || e.code.empty() ? "" : " (" + e.message + ")") +
                         "; was the image pushed with this tag?"));
      }
    } else if (!obs.image_skip_reason.empty()) {
      checks.push_back(skip("image", obs.image_skip_reason));
    }
  }
  return r;
}

PreflightResult run_preflight(const Clients& clients, Reporter& reporter,
                              const PreflightInput& in) {
  PreflightObservations obs;
  // Round 1: everything that needs only the input.
  auto identity = std::async(std::launch::async, [&] { return clients.sts.get_caller_identity(); });
  auto clusters =
      std::async(std::launch::async, [&] { return clients.ecs.describe_clusters({in.cluster}); });
  auto svc = std::async(std::launch::async, [&] {
    return clients.ecs.describe_services(in.cluster, {in.service}, true);
  });
  std::optional<std::future<util::Result<services::ImageDetail>>> image_early;
  if (!in.image_tag.empty() && !in.repository.empty()) {
    image_early = std::async(std::launch::async, [&] {
      return clients.ecr.describe_image_by_tag("", in.repository, in.image_tag);
    });
  }
  std::optional<std::future<util::Result<services::TaskDefinition>>> td_early;
  if (in.need_task_definition && !in.family.empty()) {
    td_early = std::async(std::launch::async,
                          [&] { return clients.ecs.describe_task_definition(in.family); });
  }
  obs.identity = identity.get();
  obs.clusters = clusters.get();
  obs.services = svc.get();

  // Round 2: what depends on the service (its family, a hint when missing) and the image.
  bool service_found = *obs.services && !obs.services->value().services.empty();
  std::string family = in.family;
  if (family.empty() && service_found) {
    if (auto fr = services::parse_task_definition_ref(
            obs.services->value().services[0].task_definition)) {
      family = fr->family;
    }
  }
  std::optional<std::future<util::Result<services::ListResult>>> list;
  if (*obs.services && !service_found) {
    list =
        std::async(std::launch::async, [&] { return clients.ecs.list_services(in.cluster, 100); });
  }
  if (td_early) {
    obs.task_definition = td_early->get();
  } else if (in.need_task_definition && !family.empty()) {
    obs.task_definition = clients.ecs.describe_task_definition(family);
  }
  // The "before" image is what the service runs, which after an ECS rollback is not the
  // family's latest revision.
  std::optional<std::future<util::Result<services::TaskDefinition>>> current;
  if (service_found && obs.task_definition && *obs.task_definition) {
    const std::string& running = obs.services->value().services[0].task_definition;
    if (!running.empty() && running != obs.task_definition->value().arn) {
      current = std::async(std::launch::async,
                           [&] { return clients.ecs.describe_task_definition(running); });
    }
  }
  if (!in.image_tag.empty() && obs.task_definition && *obs.task_definition) {
    const auto& td = obs.task_definition->value();
    for (const auto& c : td.containers) {
      if (c.name != in.container) {
        continue;
      }
      auto ref = parse_image(c.image);
      auto ecr = ref ? ecr_repository(*ref) : std::nullopt;
      if (!ecr) {
        obs.image_skip_reason = "skipped: " + c.image + " is not in ECR; the tag cannot be checked";
      } else {
        obs.image_repository = ecr->repository;
        // The early check asked the session's region; an image in another region is only
        // known to that region's ECR.
        if (image_early && ecr->region != clients.ecr.region()) {
          image_early->wait();
          image_early.reset();
        }
        if (!image_early) {
          obs.image = clients.ecr.describe_image_by_tag(ecr->account, ecr->repository, in.image_tag,
                                                        ecr->region);
        }
      }
    }
  }
  if (image_early) {
    auto image = image_early->get();
    if (obs.image_skip_reason.empty()) {
      obs.image = std::move(image);
    }
  }
  if (list) {
    obs.service_list = list->get();
  }
  if (current) {
    obs.current_task_definition = current->get();
  }
  PreflightResult result = evaluate_preflight(in, obs);
  for (const auto& c : result.checks) {
    reporter.on(c);
  }
  return result;
}

}  // namespace engine
