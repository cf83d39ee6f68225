#include "engine/deploy_base.h"

#include "engine/deploy_steps.h"
#include "engine/image_ref.h"
#include "engine/last_good.h"
#include "engine/phase.h"
#include "services/arn.h"

namespace engine {

bool auto_base_is_last_good(const std::string& latest,
                            const std::vector<PastDeployment>& deployments, bool tag_ran_well) {
  bool deployed = false;
  for (const auto& d : deployments) {
    deployed = deployed || d.task_definition == latest;
  }
  return tag_ran_well && deployed && !ran_successfully(latest, deployments);
}

namespace {

std::string short_td(const std::string& arn) {
  return services::task_definition_short_name(arn);
}

bool runs_tag(const services::TaskDefinition& td, const std::string& container,
              const std::string& tag) {
  for (const auto& c : td.containers) {
    if (c.name == container) {
      auto ref = parse_image(c.image);
      return ref && ref->tag == tag;
    }
  }
  return false;
}

// The revision that last ran well, described; deregistered ones are passed over.
util::Result<std::optional<std::pair<services::TaskDefinition, std::string>>> find_last_good(
    const Clients& clients, const services::Service& service,
    std::vector<PastDeployment> deployments) {
  for (size_t tries = 0; tries <= deployments.size(); ++tries) {
    auto good = last_good_revision(service, deployments);
    if (!good) {
      return std::optional<std::pair<services::TaskDefinition, std::string>>();
    }
    auto td = clients.ecs.describe_task_definition(good->task_definition);
    if (!td) {
      return td.take_error();
    }
    if (td->status != "INACTIVE") {
      return std::optional(std::pair(std::move(*td), good->why));
    }
    for (auto& d : deployments) {
      d.revision_inactive = d.revision_inactive || d.task_definition == good->task_definition;
    }
  }
  return std::optional<std::pair<services::TaskDefinition, std::string>>();
}

}  // namespace

StepResult choose_base_step(const Clients& clients, util::Clock& clock, Reporter& reporter,
                            const DeployOptions& o, DeployState& st) {
  OperationResult& res = st.result;
  const services::Service& svc = st.preflight.service;
  const std::string latest = st.preflight.base.arn;
  auto refuse = [&](std::string problem) -> StepResult {
    res.outcome = Outcome::PreflightFailed;
    res.problems = {"base: " + problem};
    return finish(reporter, clock, st.start, res, res.problems[0] + "; nothing was changed");
  };
  // Replaces the base; the running revision is then no longer "another revision than the base".
  auto use = [&](services::TaskDefinition td, std::string why) {
    if (td.arn == latest) {
      return;
    }
    if (st.preflight.current && st.preflight.current->arn == td.arn) {
      st.preflight.current.reset();
    } else if (!st.preflight.current && svc.task_definition == latest) {
      st.preflight.current = st.preflight.base;  // the service runs the latest, not the base
    }
    st.preflight.base = std::move(td);
    st.base_why = std::move(why);
  };

  switch (o.base.kind) {
    case BaseKind::Latest:
      return std::nullopt;
    case BaseKind::Revision: {
      const std::string name = st.preflight.family + ":" + std::to_string(o.base.revision);
      auto td = clients.ecs.describe_task_definition(name);
      if (!td) {
        return refuse("revision " + name + " cannot be described: " + td.error().describe());
      }
      if (td->status == "INACTIVE") {
        return refuse("revision " + name + " is INACTIVE (deregistered)");
      }
      use(std::move(*td), "asked for");
      return std::nullopt;
    }
    case BaseKind::LastGood:
    case BaseKind::Auto:
      break;
  }
  // Auto decides only when the service does not run the latest revision (the drift case).
  if (o.base.kind == BaseKind::Auto && !st.preflight.current) {
    return std::nullopt;
  }
  std::vector<PastDeployment> deployments;
  if (!svc.current_service_deployment.empty()) {
    auto past = fetch_past_deployments(clients, o.cluster, o.service);
    if (!past) {
      if (o.base.kind == BaseKind::Auto) {
        return std::nullopt;  // cannot tell; the plan's drift warning stands
      }
      return refuse("the service deployment history is unavailable (" + past.error().describe() +
                    "), so the revision that last ran successfully is unknown");
    }
    deployments = std::move(*past);
  }
  auto good = find_last_good(clients, svc, deployments);
  if (!good) {
    return refuse("looking up the revision that last ran successfully failed: " +
                  good.error().describe());
  }
  if (!*good) {
    if (o.base.kind == BaseKind::Auto) {
      return std::nullopt;
    }
    return refuse("no revision of " + st.preflight.family +
                  " is known to have run successfully (no SUCCESSFUL service deployment on "
                  "record); choose the base revision yourself (the family's latest or a revision "
                  "number)");
  }
  auto& [td, why] = **good;
  if (o.base.kind == BaseKind::Auto &&
      !auto_base_is_last_good(latest, deployments, runs_tag(td, o.container, o.image_tag))) {
    return std::nullopt;
  }
  const std::string reason =
      "the revision that last ran successfully: " + why +
      (td.arn == latest ? "" : "; the family's latest, " + short_td(latest) + ", never did");
  use(std::move(td), reason);
  if (st.base_why.empty()) {
    st.base_why = reason;  // the latest is the last good one
  }
  return std::nullopt;
}

}  // namespace engine
