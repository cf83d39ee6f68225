#include "cli/reporters/json_reporter.h"

#include <nlohmann/json.hpp>
#include "cli/exit_codes.h"
#include "cli/next_step_text.h"

#include "cli/json_output.h"
#include "util/time.h"

namespace cli {

namespace {

using Json = nlohmann::ordered_json;

Json optional_int(const std::optional<int>& v) {
  return v ? Json(*v) : Json(nullptr);
}
Json optional_string(const std::string& s) {
  return s.empty() ? Json(nullptr) : Json(s);
}

Json evidence_json(const engine::StoppedTaskEvidence& e) {
  Json containers = Json::array();
  for (const auto& c : e.containers) {
    containers.push_back({{"name", c.name},
                          {"exit_code", c.exit_code ? Json(*c.exit_code) : Json(nullptr)},
                          {"reason", c.reason}});
  }
  return Json{{"task_arn", e.task_arn},     {"task_definition_arn", e.task_definition_arn},
              {"stop_code", e.stop_code},   {"stopped_reason", e.stopped_reason},
              {"containers", containers},   {"log_group", e.log_group},
              {"log_stream", e.log_stream}, {"log_tail", e.log_tail},
              {"log_error", e.log_error}};
}

Json error_json(const util::Error& e) {
  return {{"kind", util::to_string(e.kind)},
          {"code", e.code},
          {"message", e.message},
          {"http_status", e.http_status},
          {"request_id", e.request_id}};
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

// The staged deployment as last seen, with the stages it went through.
Json stages_json(const engine::ServiceDeploymentProgress& p, const RunRecord& record) {
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
  Json stages = Json::array();
  for (const StageMark& m : record.stages()) {
    stages.push_back({{"stage", m.stage},
                      {"at", util::format_iso8601(m.at)},
                      {"status", m.status},
                      {"production_traffic_weight", weight_json(m.production_weight)}});
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
          {"rollback_reason", optional_string(p.rollback_reason)},
          {"stages", stages}};
}

}  // namespace

std::string failure_json(std::string_view command, engine::Outcome outcome,
                         const util::Error& error, const std::string& summary) {
  Json j;
  j["command"] = command.empty() ? Json(nullptr) : Json(std::string(command));
  j["outcome"] = engine::to_string(outcome);
  j["exit_code"] = to_int(exit_code_for(outcome));
  j["summary"] = summary;
  j["error"] = error_json(error);
  return json_document(j) + "\n";
}

std::string result_json(const engine::OperationResult& r, const RunRecord& record) {
  Json j;
  j["command"] = r.command;
  j["cluster"] = r.cluster;
  j["service"] = r.service;
  j["outcome"] = engine::to_string(r.outcome);
  j["exit_code"] = to_int(exit_code_for(r.outcome));
  j["summary"] = summary_text(r);
  j["dry_run"] = r.dry_run;
  j["previous_task_definition_arn"] = optional_string(r.previous_task_definition);
  j["task_definition_arn"] = optional_string(r.task_definition);
  j["base_task_definition_arn"] = optional_string(r.base_task_definition);
  j["registered_new_revision"] = r.registered_new_revision;
  j["previous_image"] = optional_string(r.previous_image);
  j["image"] = optional_string(r.image);
  j["previous_desired_count"] = optional_int(r.previous_desired_count);
  j["desired_count"] = optional_int(r.desired_count);
  j["service_deployment_arn"] = optional_string(r.service_deployment_arn);
  j["failure_reason"] = optional_string(r.failure_reason);
  j["rolled_back"] = r.rolled_back;
  j["running_task_definition_arn"] = optional_string(r.running_task_definition);
  j["problems"] = r.problems;
  if (r.error) {
    j["error"] = error_json(*r.error);
  } else {
    j["error"] = nullptr;
  }
  j["timings_ms"] = {{"preflight", r.timings.preflight.count()},
                     {"register", r.timings.register_revision.count()},
                     {"update", r.timings.update.count()},
                     {"wait", r.timings.wait.count()},
                     {"total", r.timings.total.count()}};
  Json stopped = Json::array();
  for (const auto& e : record.evidence()) {
    stopped.push_back(evidence_json(e));
  }
  j["stopped_tasks"] = stopped;
  j["service_deployment"] = r.stages ? stages_json(*r.stages, record) : Json(nullptr);
  Json timeline = Json::array();
  for (const TimelineEntry& t : record.timeline()) {
    timeline.push_back({{"at", util::format_iso8601(t.at)}, {"event", t.text}});
  }
  j["timeline"] = timeline;
  // Replace invalid UTF-8 (log lines can hold anything) instead of throwing.
  return json_document(j) + "\n";
}

void JsonReporter::finish(const engine::OperationResult& result) {
  std::fputs(result_json(result, m_record).c_str(), m_out);
  std::fflush(m_out);
}

}  // namespace cli
