#include "cli/reporters/json_reporter.h"

#include <nlohmann/json.hpp>
#include "cli/exit_codes.h"
#include "cli/next_step_text.h"
#include "cli/reporters/stage_json.h"
#include "cli/reporters/strategy_text.h"

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

const char* warning_kind(engine::StrategyWarning::Kind kind) {
  using Kind = engine::StrategyWarning::Kind;
  switch (kind) {
    case Kind::MinimumExceedsTimeout:
      return "minimum_exceeds_timeout";
    case Kind::WorstExceedsTimeout:
      return "worst_exceeds_timeout";
    case Kind::MinimumExceedsJobLimit:
      return "minimum_exceeds_job_limit";
    case Kind::WorstExceedsJobLimit:
      return "worst_exceeds_job_limit";
  }
  return "";
}

// The plan's strategy summary (only for a service with more than a plain rolling update).
Json strategy_json(const engine::StrategySummary& s) {
  Json hooks = Json::array();
  for (const auto& h : s.hooks) {
    Json hook = {{"stage", h.stage},
                 {"target_type", h.target_type},
                 {"target_arn", h.target_arn},
                 {"runs", h.runs}};
    if (h.target_type == "PAUSE") {
      hook["timeout_minutes"] = h.timeout_minutes;
      hook["timeout_action"] = h.timeout_action;
    } else {
      hook["function_name"] = h.function_name;
    }
    hooks.push_back(hook);
  }
  Json lbs = Json::array();
  for (const auto& lb : s.load_balancers) {
    lbs.push_back({{"target_group_arn", lb.target_group_arn},
                   {"alternate_target_group_arn", lb.alternate_target_group_arn},
                   {"production_listener_rule", lb.production_listener_rule},
                   {"test_listener_rule", lb.test_listener_rule}});
  }
  Json warnings = Json::array();
  for (const auto& w : s.warnings) {
    warnings.push_back({{"kind", warning_kind(w.kind)},
                        {"limit_minutes", w.limit.count()},
                        {"message", strategy_warning_text(s, w)}});
  }
  Json j = {{"strategy", s.strategy}, {"bake_minutes", s.bake_minutes}};
  if (s.strategy == "LINEAR") {
    j["step_percent"] = s.step_percent;
    j["steps"] = s.steps;
    j["step_bake_minutes"] = s.step_bake_minutes;
  } else if (s.strategy == "CANARY") {
    j["canary_percent"] = s.canary_percent;
    j["steps"] = s.steps;
    j["canary_bake_minutes"] = s.canary_bake_minutes;
  }
  j["hooks"] = hooks;
  j["alarms"] = {
      {"enabled", s.alarms_enabled}, {"rollback", s.alarms_rollback}, {"names", s.alarm_names}};
  j["load_balancers"] = lbs;
  j["minimum_minutes"] = s.minimum.count();
  j["worst_minutes"] = s.worst.count();
  j["warnings"] = warnings;
  return j;
}

Json weight_json(const std::optional<double>& w) {
  return w ? Json(*w) : Json(nullptr);
}

// The staged deployment as last seen, with the stages it went through.
Json stages_json(const engine::ServiceDeploymentProgress& p, const RunRecord& record) {
  Json stages = Json::array();
  for (const StageMark& m : record.stages()) {
    stages.push_back({{"stage", m.stage},
                      {"at", util::format_iso8601(m.at)},
                      {"status", m.status},
                      {"production_traffic_weight", weight_json(m.production_weight)}});
  }
  Json j = stage_progress_json(p);
  j["stages"] = stages;
  return j;
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
  if (const auto& plan = record.plan();
      plan && plan->strategy && (plan->strategy->notable() || !plan->strategy->warnings.empty())) {
    j["strategy"] = strategy_json(*plan->strategy);
  }
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
