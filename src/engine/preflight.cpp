#include "engine/preflight.h"

#include <future>

#include "engine/image_ref.h"
#include "engine/preflight_checks.h"
#include "engine/shared_reads.h"
#include "services/arn.h"

namespace engine {

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
  auto add = [&](std::optional<PreflightCheck> c) {
    if (c) {
      r.checks.push_back(std::move(*c));
    }
  };
  auto add_all = [&](std::vector<PreflightCheck> cs) {
    for (auto& c : cs) {
      r.checks.push_back(std::move(c));
    }
  };
  add(check_desired_count(in));
  CallerFailure caller;
  if (obs.identity) {
    if (!*obs.identity) {
      caller.kind = obs.identity->error().kind;
    } else {
      r.identity = obs.identity->value();
    }
    add(check_caller(in, *obs.identity));
  }
  if (obs.clusters) {
    add(check_cluster(in, *obs.clusters, caller));
  }
  const services::Service* service = nullptr;
  if (obs.services) {
    add_all(check_service(in, *obs.services, obs.service_list, caller, &service));
  }
  // Family: expected (--family) or the service's current one.
  std::string current_family;
  if (service != nullptr) {
    r.service = *service;
    add(check_idle(in, *service, obs.in_flight));
    if (auto fr = services::parse_task_definition_ref(service->task_definition)) {
      current_family = fr->family;
    }
    add(check_family(in, current_family));
  }
  r.family = !in.family.empty() ? in.family : current_family;
  if (in.need_task_definition && obs.task_definition) {
    add_all(check_task_definition(in, r.family, *obs.task_definition, caller));
    if (*obs.task_definition) {
      r.base = obs.task_definition->value();
    }
  }
  if (obs.current_task_definition && *obs.current_task_definition) {
    r.current = obs.current_task_definition->value();
  }
  add(check_repository(in, obs.image_repository));
  add(check_image(in, obs.image, obs.image_skip_reason, caller));
  return r;
}

PreflightResult run_preflight(const Clients& clients, Reporter& reporter,
                              const PreflightInput& in) {
  SharedReads reads(clients);
  return run_preflight(clients, reads, reporter, in);
}

PreflightResult run_preflight(const Clients& clients, SharedReads& reads, Reporter& reporter,
                              const PreflightInput& in) {
  PreflightObservations obs;
  // Round 1: everything that needs only the input.
  auto identity = std::async(std::launch::async, [&] { return reads.caller_identity(); });
  auto clusters = std::async(std::launch::async, [&] { return reads.cluster(in.cluster); });
  auto svc = std::async(std::launch::async, [&] { return reads.service(in.cluster, in.service); });
  std::optional<std::future<util::Result<services::ImageDetail>>> image_early;
  if (!in.image_tag.empty() && !in.repository.empty()) {
    image_early = std::async(std::launch::async,
                             [&] { return reads.image("", in.repository, in.image_tag, ""); });
  }
  std::optional<std::future<util::Result<services::TaskDefinition>>> td_early;
  if (in.need_task_definition && !in.family.empty()) {
    td_early = std::async(std::launch::async, [&] { return reads.task_definition(in.family); });
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
    obs.task_definition = reads.task_definition(family);
  }
  // The "before" image is what the service runs, which after an ECS rollback is not the
  // family's latest revision.
  std::optional<std::future<util::Result<services::TaskDefinition>>> current;
  if (service_found && obs.task_definition && *obs.task_definition) {
    const std::string& running = obs.services->value().services[0].task_definition;
    if (!running.empty() && running != obs.task_definition->value().arn) {
      current = std::async(std::launch::async, [&] { return reads.task_definition(running); });
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
          obs.image = reads.image(ecr->account, ecr->repository, in.image_tag, ecr->region);
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
  if (service_found && in.require_idle) {
    const services::Service& s = obs.services->value().services[0];
    if (!s.current_service_deployment.empty() && deployment_in_progress(s)) {
      obs.in_flight = clients.ecs.describe_service_deployments({s.current_service_deployment});
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
