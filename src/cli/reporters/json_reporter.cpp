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
