#include "cli/reporters/stage_json.h"

#include "util/time.h"

namespace cli {

namespace {

using Json = nlohmann::ordered_json;

Json optional_string(const std::string& s) {
  return s.empty() ? Json(nullptr) : Json(s);
}

Json time_or_null(const std::optional<util::SystemTime>& t) {
  return t ? Json(util::format_iso8601(*t)) : Json(nullptr);
}

Json weight_json(const std::optional<double>& w) {
  return w ? Json(*w) : Json(nullptr);
}

Json revision_json(const engine::RevisionTraffic& r) {
  return {{"service_revision_arn", r.arn},
          {"task_definition_arn", optional_string(r.task_definition)},
          {"requested", r.requested},
          {"running", r.running},
          {"pending", r.pending},
          {"test_traffic_weight", weight_json(r.test_weight)},
          {"production_traffic_weight", weight_json(r.production_weight)}};
}

}  // namespace

Json stage_progress_json(const engine::ServiceDeploymentProgress& p) {
  Json sources = Json::array();
  for (const auto& s : p.sources) {
    sources.push_back(revision_json(s));
  }
  Json hooks = Json::array();
  for (const auto& h : p.hooks) {
    hooks.push_back({{"hook_id", h.hook_id},
                     {"target_type", h.target_type},
                     {"target_arn", optional_string(h.target_arn)},
                     {"status", h.status},
                     {"stage", optional_string(h.stage)},
                     {"expires_at", time_or_null(h.expires_at)},
                     {"timeout_action", optional_string(h.timeout_action)}});
  }
  return {{"arn", p.arn},
          {"strategy", p.strategy},
          {"status", p.status},
          {"lifecycle_stage", optional_string(p.stage)},
          {"step", p.steps > 0 ? Json(p.step) : Json(nullptr)},
          {"steps", p.steps > 0 ? Json(p.steps) : Json(nullptr)},
          {"bake_until", time_or_null(p.bake_until)},
          {"target", revision_json(p.target)},
          {"sources", sources},
          {"hooks", hooks},
          {"alarms",
           {{"status", optional_string(p.alarms_status)},
            {"names", p.alarm_names},
            {"triggered", p.triggered_alarm_names}}},
          {"circuit_breaker",
           {{"status", optional_string(p.circuit_breaker_status)},
            {"failures", p.circuit_breaker_failures},
            {"threshold", p.circuit_breaker_threshold}}},
          {"rollback_reason", optional_string(p.rollback_reason)}};
}

}  // namespace cli
