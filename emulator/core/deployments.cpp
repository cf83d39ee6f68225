#include "core/deployments.h"
#include "core/arn.h"

#include <algorithm>
#include <cmath>

#include "core/api_error.h"
#include "core/deployment_machine.h"
#include "core/strategy.h"

namespace emulator {
namespace {

std::string service_path(const Service& svc) {
  // service/<cluster>/<name> → <cluster>/<name>
  return arn_resource(svc.arn, "service").value_or(svc.name);
}

std::string create_revision(State& st, Service& svc, const std::string& td_arn, double now) {
  ServiceRevision rev;
  rev.arn = st.arn("ecs", svc.account,
                   "service-revision/" + service_path(svc) + "/" + st.ids().digits(19));
  rev.service_arn = svc.arn;
  rev.cluster_arn = svc.cluster_arn;
  rev.task_definition = td_arn;
  rev.launch_type = svc.launch_type;
  rev.created_at = now;
  rev.load_balancers = svc.load_balancers;
  // A traffic-shifting deployment starts its revision on the alternate target group; the
  // service's first deployment has no blue side and takes the production one.
  bool alternate =
      traffic_shifting(strategy_of(svc.deployment_configuration)) && !svc.deployments.empty();
  for (const auto& lb : svc.load_balancers) {
    if (!lb.is_object() || !lb.contains("targetGroupArn")) {
      continue;
    }
    Json resolved = {{"targetGroupArn", lb["targetGroupArn"]}};
    const Json& adv = lb.contains("advancedConfiguration") ? lb["advancedConfiguration"] : Json();
    if (adv.is_object()) {
      if (alternate && adv.contains("alternateTargetGroupArn")) {
        resolved["targetGroupArn"] = adv["alternateTargetGroupArn"];
      }
      if (adv.contains("productionListenerRule")) {
        resolved["productionListenerRule"] = adv["productionListenerRule"];
      }
    }
    rev.resolved_load_balancers.push_back(std::move(resolved));
  }
  if (TaskDefinition* td = st.find_task_definition(svc.account, td_arn)) {
    for (const auto& c : td->body.value("containerDefinitions", Json::array())) {
      Json img = Json::object();
      img["containerName"] = c.value("name", "");
      std::string digest = st.resolve_ecr_image(c.value("image", ""));
      if (!digest.empty() && digest != "MISSING") {
        img["imageDigest"] = digest;
      }
      img["image"] = c.value("image", "");
      rev.container_images.push_back(img);
    }
  }
  std::string arn = rev.arn;
  st.service_revisions.emplace(arn, std::move(rev));
  return arn;
}

Deployment make_deployment(State& st, Service& svc, const std::string& td_arn,
                           const std::string& revision_arn, double now) {
  Deployment d;
  d.id = "ecs-svc/" + st.ids().digits(19);
  d.status = "PRIMARY";
  d.task_definition = td_arn;
  d.desired_count = svc.desired_count;
  d.created_at = now;
  d.updated_at = now;
  d.service_revision_arn = revision_arn;
  svc.deployment_revisions[d.id] = revision_arn;
  return d;
}

}  // namespace

Deployment* find_deployment(Service& svc, const std::string& id) {
  for (auto& d : svc.deployments) {
    if (d.id == id) {
      return &d;
    }
  }
  return nullptr;
}

bool circuit_breaker_enabled(const Json& cfg) {
  const Json& cb =
      cfg.contains("deploymentCircuitBreaker") ? cfg["deploymentCircuitBreaker"] : Json();
  return cb.is_object() && cb.value("enable", false);
}

bool circuit_breaker_rollback(const Json& cfg) {
  return circuit_breaker_enabled(cfg) && cfg["deploymentCircuitBreaker"].value("rollback", false);
}

int circuit_breaker_threshold(const Json& cfg, int desired) {
  const Json& cb =
      cfg.contains("deploymentCircuitBreaker") ? cfg["deploymentCircuitBreaker"] : Json();
  auto clamp = [](double v) { return std::clamp(static_cast<int>(std::ceil(v)), 3, 200); };
  if (cb.is_object() && cb.contains("thresholdConfiguration") &&
      cb["thresholdConfiguration"].is_object()) {
    const Json& tc = cb["thresholdConfiguration"];
    std::string type = tc.value("type", "BOUNDED_PERCENT");
    double value = tc.contains("value") && tc["value"].is_number() ? tc["value"].get<double>() : 50;
    if (type == "COUNT") {
      return std::max(1, static_cast<int>(value));
    }
    if (type == "UNBOUNDED_PERCENT") {
      return std::max(1, static_cast<int>(std::ceil(value / 100.0 * desired)));
    }
    return clamp(value / 100.0 * desired);
  }
  return clamp(0.5 * desired);
}

Json normalize_deployment_configuration(const Json& requested, const Json& previous) {
  Json out = previous.is_object() ? previous : Json::object();
  if (!out.contains("deploymentCircuitBreaker")) {
    out["deploymentCircuitBreaker"] = {{"enable", false}, {"rollback", false}};
  }
  if (!out.contains("maximumPercent")) {
    out["maximumPercent"] = 200;
  }
  if (!out.contains("minimumHealthyPercent")) {
    out["minimumHealthyPercent"] = 100;
  }
  if (requested.is_object()) {
    for (auto it = requested.begin(); it != requested.end(); ++it) {
      if (!it.value().is_null()) {
        out[it.key()] = it.value();
      }
    }
  }
  auto pct = [&](const char* key) {
    if (!out[key].is_number_integer() || out[key].get<long long>() < 0) {
      throw invalid_parameter(std::string("deploymentConfiguration.") + key +
                              " must be a non-negative integer.");
    }
  };
  pct("maximumPercent");
  pct("minimumHealthyPercent");
  if (out["maximumPercent"].get<long long>() < out["minimumHealthyPercent"].get<long long>()) {
    throw invalid_parameter(
        "The maximum percent must be greater than or equal to the minimum healthy percent.");
  }
  if (out["maximumPercent"].get<long long>() < 100 &&
      out["minimumHealthyPercent"].get<long long>() >= 100) {
    throw invalid_parameter("The maximum percent must be at least 100.");
  }
  validate_strategy(out);
  const Json& cb = out["deploymentCircuitBreaker"];
  if (!cb.is_object() || !cb.contains("enable") || !cb["enable"].is_boolean() ||
      !cb.contains("rollback") || !cb["rollback"].is_boolean()) {
    throw invalid_parameter(
        "deploymentConfiguration.deploymentCircuitBreaker requires boolean enable and rollback.");
  }
  return out;
}

Deployment& start_deployment(State& st, Service& svc, const std::string& td_arn, double now) {
  // The previous primary's service deployment, if still running, is superseded.
  for (auto& d : svc.deployments) {
    d.status = "ACTIVE";
    d.updated_at = now;
    auto it = st.service_deployments.find(d.service_deployment_arn);
    if (it != st.service_deployments.end()) {
      ServiceDeployment& old = it->second;
      if (old.status == "PENDING" || old.status == "IN_PROGRESS" ||
          old.status == "ROLLBACK_IN_PROGRESS" || old.status == "ROLLBACK_REQUESTED" ||
          old.status == "STOP_REQUESTED") {
        old.status = "STOPPED";
        old.status_reason = "Service deployment stopped: a newer service deployment started.";
        old.stopped_at = now;
        old.updated_at = now;
        if (old.circuit_breaker_status == "MONITORING") {
          old.circuit_breaker_status = "MONITORING_COMPLETE";
        }
        if (old.alarms_status == "MONITORING") {
          old.alarms_status = "MONITORING_COMPLETE";
        }
        for (HookRun& h : old.hooks) {
          if (h.status == "AWAITING_ACTION" || h.status == "IN_PROGRESS") {
            h.status = "FAILED";  // superseded under it: nothing can continue it any more
          }
        }
      }
    }
  }
  std::string source_id = svc.deployments.empty() ? "" : svc.deployments.front().id;
  std::string revision = create_revision(st, svc, td_arn, now);
  Deployment d = make_deployment(st, svc, td_arn, revision, now);

  ServiceDeployment sd;
  sd.arn = st.arn("ecs", svc.account,
                  "service-deployment/" + service_path(svc) + "/" + st.ids().alnum(22));
  sd.service_arn = svc.arn;
  sd.cluster_arn = svc.cluster_arn;
  sd.created_at = now;
  sd.updated_at = now;
  for (const auto& old : svc.deployments) {
    if (std::find(sd.source_revision_arns.begin(), sd.source_revision_arns.end(),
                  old.service_revision_arn) == sd.source_revision_arns.end()) {
      sd.source_revision_arns.push_back(old.service_revision_arn);
    }
  }
  sd.target_revision_arn = revision;
  sd.deployment_configuration = svc.deployment_configuration;
  sd.deployment_id = d.id;
  if (circuit_breaker_enabled(svc.deployment_configuration)) {
    sd.circuit_breaker_status = "MONITORING";
    sd.circuit_breaker_threshold =
        circuit_breaker_threshold(svc.deployment_configuration, svc.desired_count);
  }
  begin_service_deployment(st, svc, sd, source_id);
  d.service_deployment_arn = sd.arn;
  svc.current_service_deployment = sd.arn;
  st.service_deployments.emplace(sd.arn, std::move(sd));

  svc.task_definition = td_arn;
  svc.steady_reported = false;
  svc.deployments.insert(svc.deployments.begin(), std::move(d));
  return svc.deployments.front();
}

bool start_rollback(State& st, Service& svc, ServiceDeployment& sd, const std::string& reason,
                    double now) {
  if (svc.stable_task_definition.empty()) {
    return false;
  }
  for (auto& d : svc.deployments) {
    d.status = "ACTIVE";
    d.updated_at = now;
  }
  Deployment d = make_deployment(st, svc, svc.stable_task_definition, svc.stable_revision_arn, now);
  d.is_rollback = true;
  d.service_deployment_arn = sd.arn;
  sd.status = "ROLLBACK_IN_PROGRESS";
  sd.has_rollback = true;
  sd.rollback_reason = reason;
  sd.rollback_started_at = now;
  sd.rollback_revision_arn = svc.stable_revision_arn;
  sd.deployment_id = d.id;
  sd.updated_at = now;
  svc.task_definition = svc.stable_task_definition;
  svc.steady_reported = false;
  st.add_event(svc, "(service " + svc.name + ") rolling back to deployment " + d.id + ".");
  svc.deployments.insert(svc.deployments.begin(), std::move(d));
  return true;
}

}  // namespace emulator
