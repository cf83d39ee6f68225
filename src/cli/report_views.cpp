#include "cli/report_views.h"

#include <nlohmann/json.hpp>

#include "cli/json_output.h"
#include "cli/outside_text.h"
#include "cli/reporters/event_text.h"
#include "cli/reporters/stage_json.h"
#include "cli/reporters/stage_text.h"
#include "cli/stopped_tasks_view.h"
#include "services/arn.h"
#include "util/time.h"

namespace cli {

namespace {

using Json = nlohmann::ordered_json;

std::string pad(std::string s, size_t width) {
  if (s.size() < width) {
    s.resize(width, ' ');
  }
  return s;
}

Json optional_text(const std::string& s) {
  return s.empty() ? Json(nullptr) : Json(s);
}

Json time_or_null(const std::optional<util::SystemTime>& t) {
  return t ? Json(util::format_iso8601(*t)) : Json(nullptr);
}

std::string time_or_dash(const std::optional<util::SystemTime>& t) {
  return t ? util::format_iso8601(*t) : std::string("-");
}

std::string dump(const Json& j) {
  return json_document(j) + "\n";
}

}  // namespace

// The text views: every field from AWS goes through printable() (one line each, so outside
// text cannot add a line of its own), the whole through printable_lines().
std::string status_text(const engine::StatusReport& r) {
  std::string out =
      "service:          " + r.cluster + "/" + r.service + " (" + printable(r.status) + ")\n";
  out += "task definition:  " + printable(short_task_definition(r.task_definition)) + "\n";
  for (const auto& img : r.images) {
    out += "image:            " + printable(img.container) + " = " + printable(img.image) + "\n";
  }
  out += "tasks:            " + std::to_string(r.running) + " running, " +
         std::to_string(r.pending) + " pending, " + std::to_string(r.desired) + " desired\n";
  if (r.remembered_desired_count) {
    out += "remembered count: " + std::to_string(*r.remembered_desired_count) +
           " (ecsdeploy scale --restore brings it back)\n";
  }
  if (r.current_service_deployment) {
    const auto& d = *r.current_service_deployment;
    out += "service deployment: " + printable(d.status) +
           (d.status_reason.empty() ? "" : " (" + printable(d.status_reason) + ")") + " " +
           printable(d.arn) + "\n";
    if (d.stages) {
      for (const std::string& line : stage_table_lines(*d.stages)) {
        out += printable(line) + "\n";
      }
    }
  }
  out += "\n  " + pad("DEPLOYMENT", 37) + pad("REVISION", 16) +
         "DESIRED  PENDING  RUNNING  FAILED  ROLLOUT\n";
  for (const auto& d : r.deployments) {
    char counts[64];
    std::snprintf(counts, sizeof counts, "%7d  %7d  %7d  %6d  ", d.desired, d.pending, d.running,
                  d.failed);
    out += "  " + pad(printable(d.status + " " + d.id).substr(0, 36), 37) +
           pad(printable(short_task_definition(d.task_definition)).substr(0, 15), 16) + counts +
           printable(d.rollout_state) + "\n";
  }
  if (!r.events.empty()) {
    out += "\nrecent events (newest first):\n";
    for (const auto& e : r.events) {
      out += "  " + util::format_iso8601(e.at) + "  " + printable(e.message) + "\n";
    }
  }
  return printable_lines(out + stopped_tasks_text(r.stopped_tasks));
}

std::string status_json(const engine::StatusReport& r) {
  Json j;
  j["cluster"] = r.cluster;
  j["service"] = r.service;
  j["status"] = r.status;
  j["desired_count"] = r.desired;
  j["running_count"] = r.running;
  j["pending_count"] = r.pending;
  j["task_definition_arn"] = r.task_definition;
  Json images = Json::array();
  for (const auto& img : r.images) {
    images.push_back({{"container", img.container}, {"image", img.image}});
  }
  j["images"] = images;
  Json deployments = Json::array();
  for (const auto& d : r.deployments) {
    deployments.push_back({{"id", d.id},
                           {"status", d.status},
                           {"task_definition_arn", d.task_definition},
                           {"desired", d.desired},
                           {"pending", d.pending},
                           {"running", d.running},
                           {"failed", d.failed},
                           {"rollout_state", d.rollout_state},
                           {"rollout_state_reason", d.rollout_state_reason}});
  }
  j["deployments"] = deployments;
  if (r.current_service_deployment) {
    const auto& d = *r.current_service_deployment;
    j["service_deployment"] = {{"arn", d.arn},
                               {"status", d.status},
                               {"status_reason", d.status_reason},
                               {"target_task_definition_arn", d.target_task_definition},
                               {"started_at", time_or_null(d.started_at)},
                               {"finished_at", time_or_null(d.finished_at)}};
    j["service_deployment"]["stages"] = d.stages ? stage_progress_json(*d.stages) : Json(nullptr);
  } else {
    j["service_deployment"] = nullptr;
  }
  j["remembered_desired_count"] =
      r.remembered_desired_count ? Json(*r.remembered_desired_count) : Json(nullptr);
  Json events = Json::array();
  for (const auto& e : r.events) {
    events.push_back({{"at", util::format_iso8601(e.at)}, {"message", e.message}});
  }
  j["events"] = events;
  j["stopped_tasks"] = stopped_tasks_json(r.stopped_tasks);
  j["warnings"] = r.stopped_tasks.warnings;
  return dump(j);
}

// A service deployment's ECS status as a person should read it: ROLLBACK_SUCCESSFUL is the
// success of the rollback, so the deployment itself failed.
std::string deployment_result(const std::string& status) {
  if (status == "ROLLBACK_SUCCESSFUL") {
    return "FAILED (rolled back)";
  }
  if (status == "ROLLBACK_REQUESTED" || status == "ROLLBACK_IN_PROGRESS") {
    return "FAILED (rolling back)";
  }
  if (status == "ROLLBACK_FAILED") {
    return "FAILED (rollback failed too)";
  }
  return status;
}

// "BLUE_GREEN FAILED (rolled back)"; the strategy is left out for ROLLING (and when unknown).
std::string history_deployment_text(const engine::HistoryDeployment& d) {
  std::string result = deployment_result(d.status);
  if (d.rolled_back && result == d.status) {
    result += " (rolled back)";  // ECS reports a rollback that its status does not say
  }
  return (d.strategy.empty() || d.strategy == "ROLLING" ? "" : d.strategy + " ") + result;
}

std::string history_text(const engine::HistoryReport& r) {
  std::string out = "family " + printable(r.family) + " (newest first; * = running now)\n\n";
  out += "  " + pad("REVISION", 18) + pad("IMAGE TAG", 24) + pad("REGISTERED", 22) +
         pad("COMMIT", 10) + "DEPLOYMENTS\n";
  for (const auto& e : r.entries) {
    std::string deployments;
    std::string rollbacks;
    for (const auto& d : e.deployments) {
      deployments += (deployments.empty() ? "" : ", ") + printable(history_deployment_text(d));
      if (d.rolled_back) {
        rollbacks +=
            "      \u21a9 rolled back" +
            (d.rollback_reason.empty() ? std::string() : ": " + printable(d.rollback_reason)) +
            " (" + printable(services::arn_last_component(d.arn)) + ")\n";
      }
    }
    if (deployments.empty()) {
      deployments = r.service_deployments_available ? "-" : "(not available)";
    }
    std::string rev =
        (e.running_now ? "* " : "  ") + printable(short_task_definition(e.task_definition_arn));
    if (e.status == "INACTIVE") {
      rev += " (inactive)";
    }
    out += pad(rev, 20) + pad(e.image_tag.empty() ? "-" : printable(e.image_tag), 24) +
           pad(time_or_dash(e.registered_at), 22) +
           pad(e.git_sha.empty() ? "-" : printable(e.git_sha.substr(0, 8)), 10) + deployments +
           "\n" + rollbacks;
    if (!e.actor.empty() || !e.run_url.empty()) {
      out += "      by " + (e.actor.empty() ? std::string("?") : printable(e.actor)) +
             (e.run_url.empty() ? "" : " " + printable(e.run_url)) + "\n";
    }
  }
  return printable_lines(out);
}

std::string history_json(const engine::HistoryReport& r) {
  Json j;
  j["family"] = r.family;
  j["current_task_definition_arn"] = r.current_task_definition;
  j["service_deployments_available"] = r.service_deployments_available;
  Json entries = Json::array();
  for (const auto& e : r.entries) {
    Json deployments = Json::array();
    for (const auto& d : e.deployments) {
      deployments.push_back({{"arn", d.arn},
                             {"status", d.status},
                             {"status_reason", d.status_reason},
                             {"started_at", time_or_null(d.started_at)},
                             {"finished_at", time_or_null(d.finished_at)},
                             {"strategy", optional_text(d.strategy)},
                             {"rolled_back", d.rolled_back},
                             {"rollback_reason", optional_text(d.rollback_reason)}});
    }
    entries.push_back({{"task_definition_arn", e.task_definition_arn},
                       {"revision", e.revision},
                       {"status", e.status},
                       {"image", e.image},
                       {"image_tag", e.image_tag},
                       {"registered_at", time_or_null(e.registered_at)},
                       {"registered_by", e.registered_by},
                       {"git_sha", e.git_sha},
                       {"run_url", e.run_url},
                       {"actor", e.actor},
                       {"running_now", e.running_now},
                       {"deployments", deployments}});
  }
  j["entries"] = entries;
  return dump(j);
}

}  // namespace cli
