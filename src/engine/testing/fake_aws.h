#pragma once
// FakeAws: a small stateful ECS/ECR/Logs/STS behind the scripted FakeTransport, for engine
// flow tests (contributing.md, principle 4: fake at the HTTP boundary, hand-written and stateful).
// Header-only and included by *_test.cpp files only. Rollouts advance only when a test's
// on_describe_services hook says so, so every path is deterministic. Hooks key on what a call
// means (the watch's k-th look after the UpdateService, the state it finds), never on its
// place in the whole run: how many reads the preflight makes is its own business
// (contributing.md, principle 13).

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/aws_client.h"
#include "engine/clients.h"
#include "services/arn.h"
#include "support/fake_transport.h"
#include "support/manual_clock.h"

namespace engine::fake {

using Json = nlohmann::ordered_json;

class FakeAws {
  aws::StaticProvider m_creds;
  std::unique_ptr<aws::AwsClient> m_client;

 public:
  testing_support::FakeTransport transport;

  explicit FakeAws(util::Clock& clock)
      : m_creds(aws::Credentials{"AKIDEXAMPLE", "secret", "", std::nullopt, "test"}) {
    aws::ClientConfig config;
    config.region = "us-east-1";
    for (auto s : {aws::Service::Ecs, aws::Service::Ecr, aws::Service::Logs, aws::Service::Sts}) {
      config.endpoints[s] = "http://fake.invalid";
    }
    config.max_attempts = 1;
    config.jitter = [] { return 0.0; };
    m_client = std::make_unique<aws::AwsClient>(transport, m_creds, clock, config);
    ecs = std::make_unique<services::EcsClient>(*m_client);
    ecr = std::make_unique<services::EcrClient>(*m_client);
    logs = std::make_unique<services::LogsClient>(*m_client);
    sts = std::make_unique<services::StsClient>(*m_client);
    transport.set_handler([this](const aws::HttpRequest& r) { return handle(r); });
  }

  Clients clients() { return Clients{*ecs, *ecr, *logs, *sts}; }

  // ---- state -------------------------------------------------------------------------
  std::string account = "123456789012";
  std::string region = "us-east-1";
  std::map<std::string, std::string> clusters;         // name -> status
  std::map<std::string, Json> services;                // name -> Service JSON (one cluster)
  std::map<std::string, std::vector<Json>> revisions;  // family -> taskDefinition JSONs
  std::map<std::string, Json> td_tags;                 // task definition ARN -> tags array
  std::set<std::string> images;                        // "repo:tag"
  std::vector<Json> stopped_tasks;
  std::map<std::string, std::vector<std::string>> log_lines;  // "group|stream" -> lines
  std::map<std::string, Json> service_deployments;            // arn -> ServiceDeployment
  std::vector<std::string> service_deployment_order;          // oldest first
  std::map<std::string, Json> service_revisions;              // arn -> ServiceRevision
  bool supports_service_deployments = true;
  std::map<std::string, int> error_once;  // operation -> HTTP status of one injected error
  std::function<void(FakeAws&)> on_describe_services;
  std::function<void(FakeAws&)> on_describe_service_deployments;
  // Called with each operation name before it is answered: an error returned here is what the
  // transport returns (a network failure, or Cancelled as when Ctrl-C lands during a call).
  std::function<std::optional<util::Error>(const std::string& operation)> transport_error;
  // RUNNING tasks (ListTasks/DescribeTasks): `running_tasks` when set, else one task per
  // runningCount of each deployment of the listed service, started at `running_started_at`
  // (by default long before the test's clock, so the settle window is already over).
  std::vector<Json> running_tasks;
  double running_started_at = 1600000000;
  int deployment_counter = 100;

  std::unique_ptr<services::EcsClient> ecs;
  std::unique_ptr<services::EcrClient> ecr;
  std::unique_ptr<services::LogsClient> logs;
  std::unique_ptr<services::StsClient> sts;

  std::string td_arn(const std::string& family, int rev) const {
    return "arn:aws:ecs:" + region + ":" + account + ":task-definition/" + family + ":" +
           std::to_string(rev);
  }
  std::string registry() const { return account + ".dkr.ecr." + region + ".amazonaws.com"; }

  // Adds a revision as DescribeTaskDefinition would return it; returns its ARN.
  std::string add_revision(Json td, Json tags = Json::array()) {
    std::string family = td["family"];
    int rev = static_cast<int>(revisions[family].size()) + 1;
    Json full = Json::object();
    full["taskDefinitionArn"] = td_arn(family, rev);
    for (auto& [k, v] : td.items()) {
      full[k] = v;
    }
    full["revision"] = rev;
    full["status"] = "ACTIVE";
    full["requiresAttributes"] =
        Json::array({{{"name", "com.amazonaws.ecs.capability.logging-driver.awslogs"}}});
    full["compatibilities"] = Json::array({"EC2", "FARGATE"});
    full["registeredAt"] = 1700000000 + rev;
    full["registeredBy"] = "arn:aws:iam::" + account + ":role/ci";
    revisions[family].push_back(full);
    td_tags[full["taskDefinitionArn"]] = tags;
    return full["taskDefinitionArn"];
  }

  // A cluster "stg" with service "web" running family "web" (container "app", awslogs) at
  // `desired` tasks, its revision 1 image tagged "v1" and "v2" pushed to ECR.
  void standard_setup(int desired = 2) { add_standard_service("web", desired); }

  // Service `name` in cluster "stg" like standard_setup's "web": family `name`, container
  // "app" logging to /ecs/<name>, ECR repository `name` holding v1, v2 and v3.
  void add_standard_service(const std::string& name, int desired = 2) {
    clusters["stg"] = "ACTIVE";
    Json td = {{"containerDefinitions",
                Json::array({{{"name", "app"},
                              {"image", registry() + "/" + name + ":v1"},
                              {"essential", true},
                              {"environment", Json::array({{{"name", "EMPTY"}, {"value", ""}}})},
                              {"logConfiguration",
                               {{"logDriver", "awslogs"},
                                {"options",
                                 {{"awslogs-group", "/ecs/" + name},
                                  {"awslogs-region", "us-east-1"},
                                  {"awslogs-stream-prefix", name}}}}}}})},
               {"family", name},
               {"networkMode", "awsvpc"},
               {"cpu", "256"},
               {"memory", "512"},
               {"pidMode", "task"}};
    std::string arn = add_revision(td, Json::array({{{"key", "team"}, {"value", name}}}));
    for (const char* tag : {"v1", "v2", "v3"}) {
      images.insert(name + ":" + tag);
    }
    Json svc = {
        {"serviceArn", "arn:aws:ecs:" + region + ":" + account + ":service/stg/" + name},
        {"serviceName", name},
        {"clusterArn", "arn:aws:ecs:" + region + ":" + account + ":cluster/stg"},
        {"status", "ACTIVE"},
        {"desiredCount", desired},
        {"runningCount", desired},
        {"pendingCount", 0},
        {"taskDefinition", arn},
        {"deploymentController", {{"type", "ECS"}}},
        {"deploymentConfiguration",
         {{"minimumHealthyPercent", 100},
          {"maximumPercent", 200},
          {"deploymentCircuitBreaker", {{"enable", true}, {"rollback", false}}}}},
        {"deployments",
         Json::array({deployment("ecs-svc/1", "PRIMARY", arn, desired, desired, "COMPLETED")})},
        {"events",
         Json::array({{{"id", "ev-0"},
                       {"createdAt", 1700000000},
                       {"message", "(service " + name + ") has reached a steady state."}}})},
        {"tags", Json::array()}};
    services[name] = svc;
    if (supports_service_deployments) {
      add_service_deployment(name, arn, "SUCCESSFUL");
    }
  }

  std::vector<Json> running_task_list(const std::string& service) const {
    auto svc = services.find(services::arn_last_component(service));
    if (!running_tasks.empty() || svc == services.end()) {
      return running_tasks;
    }
    std::vector<Json> out;
    for (const auto& d : svc->second["deployments"]) {
      for (int i = 0; i < d.value("runningCount", 0); ++i) {
        std::string id =
            svc->first + "-" + d["id"].get<std::string>().substr(8) + "-" + std::to_string(i);
        out.push_back({{"taskArn", "arn:aws:ecs:" + region + ":" + account + ":task/stg/" + id},
                       {"taskDefinitionArn", d["taskDefinition"]},
                       {"lastStatus", "RUNNING"},
                       {"desiredStatus", "RUNNING"},
                       {"startedBy", d["id"]},
                       {"group", "service:" + svc->first},
                       {"startedAt", running_started_at}});
      }
    }
    return out;
  }

  static Json deployment(const std::string& id, const std::string& status, const std::string& td,
                         int desired, int running, const std::string& rollout) {
    return {{"id", id},
            {"status", status},
            {"taskDefinition", td},
            {"desiredCount", desired},
            {"pendingCount", 0},
            {"runningCount", running},
            {"failedTasks", 0},
            {"rolloutState", rollout},
            {"rolloutStateReason", ""},
            {"createdAt", 1700000000}};
  }

  std::string add_service_deployment(const std::string& service, const std::string& td,
                                     const std::string& status) {
    int n = static_cast<int>(service_deployment_order.size()) + 1;
    std::string base = "arn:aws:ecs:" + region + ":" + account + ":";
    std::string sd_arn = base + "service-deployment/stg/" + service + "/sd" + std::to_string(n);
    std::string sr_arn = base + "service-revision/stg/" + service + "/sr" + std::to_string(n);
    service_revisions[sr_arn] = {{"serviceRevisionArn", sr_arn}, {"taskDefinition", td}};
    service_deployments[sd_arn] = {{"serviceDeploymentArn", sd_arn},
                                   {"serviceArn", services[service]["serviceArn"]},
                                   {"status", status},
                                   {"createdAt", 1700000000 + n},
                                   {"targetServiceRevision", {{"arn", sr_arn}}}};
    service_deployment_order.push_back(sd_arn);
    services[service]["currentServiceDeployment"] = sd_arn;
    return sd_arn;
  }

  // ---- rollout helpers for on_describe_services hooks -------------------------------
  Json& service(const std::string& name = "web") { return services[name]; }
  Json& primary(const std::string& name = "web") {
    for (auto& d : services[name]["deployments"]) {
      if (d["status"] == "PRIMARY") {
        return d;
      }
    }
    return services[name]["deployments"][0];
  }
  // The new deployment reaches its desired count and the old ones go away.
  void complete_rollout(const std::string& name = "web") {
    Json& s = services[name];
    Json p = primary(name);
    p["runningCount"] = p["desiredCount"];
    p["rolloutState"] = "COMPLETED";
    s["deployments"] = Json::array({p});
    s["runningCount"] = s["desiredCount"];
    s["pendingCount"] = 0;
    set_current_sd_status(name, "SUCCESSFUL");
  }
  void set_current_sd_status(const std::string& name, const std::string& status) {
    Json& s = services[name];
    if (s.contains("currentServiceDeployment")) {
      service_deployments[s["currentServiceDeployment"].get<std::string>()]["status"] = status;
    }
  }
  void add_event(const std::string& message, const std::string& name = "web") {
    Json& events = services[name]["events"];
    events.insert(events.begin(), Json{{"id", "ev-" + std::to_string(events.size())},
                                       {"createdAt", 1700000100},
                                       {"message", message}});
  }
  // A STOPPED task of the PRIMARY deployment with exit code 1 and a log stream; like ECS, the
  // deployment's failedTasks counts it.
  void crash_task(const std::string& id, const std::vector<std::string>& lines,
                  const std::string& name = "web") {
    primary(name)["failedTasks"] = primary(name)["failedTasks"].get<int>() + 1;
    Json p = primary(name);
    std::string arn = "arn:aws:ecs:" + region + ":" + account + ":task/stg/" + id;
    stopped_tasks.push_back(
        {{"taskArn", arn},
         {"taskDefinitionArn", p["taskDefinition"]},
         {"lastStatus", "STOPPED"},
         {"desiredStatus", "STOPPED"},
         {"startedBy", p["id"]},
         {"stopCode", "EssentialContainerExited"},
         {"stoppedReason", "Essential container in task exited"},
         {"containers",
          Json::array(
              {{{"name", "app"}, {"exitCode", 1}, {"reason", ""}, {"lastStatus", "STOPPED"}}})}});
    log_lines["/ecs/web|web/app/" + id] = lines;
  }

  // Operations that change something, in order.
  std::vector<std::string> mutating_calls() const {
    std::vector<std::string> out;
    for (const auto& op : transport.operations()) {
      for (const char* m : {"RegisterTaskDefinition", "UpdateService", "StopServiceDeployment",
                            "ContinueServiceDeployment", "TagResource", "UntagResource"}) {
        if (op.ends_with(std::string(".") + m)) {
          out.push_back(m);
        }
      }
    }
    return out;
  }
  // The inputs of every `operation` call, in order.
  std::vector<Json> inputs_of(const std::string& operation) const {
    std::vector<Json> out;
    for (const auto& r : transport.requests()) {
      auto target = aws::find_header(r.headers, "X-Amz-Target");
      if (target && target->ends_with("." + operation)) {
        out.push_back(Json::parse(r.body, nullptr, false));
      }
    }
    return out;
  }

  // ListTasks calls for one desiredStatus ("STOPPED": the evidence looks; "RUNNING": the
  // settle window's).
  int count_list_tasks(const std::string& desired_status) const {
    int n = 0;
    for (const Json& in : inputs_of("ListTasks")) {
      n += in.value("desiredStatus", std::string("RUNNING")) == desired_status ? 1 : 0;
    }
    return n;
  }

  // DescribeTasks calls that asked for the task whose ARN ends with `task_id`.
  int count_described(const std::string& task_id) const {
    int n = 0;
    for (const Json& in : inputs_of("DescribeTasks")) {
      for (const auto& t : in.value("tasks", Json::array())) {
        n += t.is_string() && t.get<std::string>().ends_with("/" + task_id) ? 1 : 0;
      }
    }
    return n;
  }

  int count(const std::string& operation) const {
    int n = 0;
    for (const auto& op : transport.operations()) {
      n += op.ends_with("." + operation) ? 1 : 0;
    }
    return n;
  }

  // `operation` requests sent since the latest `marker` request (0 while no `marker` was
  // sent): counts relative to a step of the run, which the preflight's calls do not move.
  // Every request sent counts, answered or failed; asked from a hook (on_describe_services,
  // transport_error), the request being answered is included.
  int calls_after(const std::string& marker, const std::string& operation) const {
    std::optional<int> n;
    for (const auto& op : transport.operations()) {
      if (op.ends_with("." + marker)) {
        n = 0;
      } else if (n && op.ends_with("." + operation)) {
        ++*n;
      }
    }
    return n.value_or(0);
  }
  // The watch's looks: DescribeServices since the latest UpdateService (ours, or a rollback's),
  // so 1 is the watch's first look and 0 means no UpdateService yet (the preflight's reads).
  int looks_after_update() const { return calls_after("UpdateService", "DescribeServices"); }

 private:
  static aws::HttpResponse ok(const Json& body) {
    return {200, {{"Content-Type", "application/x-amz-json-1.1"}}, body.dump()};
  }
  // Each error has its own request id, as AWS's do.
  aws::HttpResponse error(int status, const std::string& type, const std::string& message) {
    return {status,
            {{"Content-Type", "application/x-amz-json-1.1"},
             {"x-amzn-RequestId", "req-" + std::to_string(++m_errors)}},
            Json{{"__type", type}, {"message", message}}.dump()};
  }
  int m_errors = 0;

  util::Result<aws::HttpResponse> handle(const aws::HttpRequest& r) {
    auto target = aws::find_header(r.headers, "X-Amz-Target");
    if (!target) {
      if (r.body.find("Action=GetCallerIdentity") != std::string::npos) {
        return aws::HttpResponse{
            200,
            {},
            "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:sts::" + account +
                ":assumed-role/ci/test</Arn><UserId>AROA:test</UserId><Account>" + account +
                "</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"};
      }
      return aws::HttpResponse{
          400, {}, "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>"};
    }
    std::string op = target->substr(target->find('.') + 1);
    if (transport_error) {
      if (auto e = transport_error(op)) {
        return *e;
      }
    }
    if (auto it = error_once.find(op); it != error_once.end()) {
      int status = it->second;
      error_once.erase(it);
      return status == 400 ? error(400, "ThrottlingException", "Rate exceeded")
                           : error(status, "ServerException", "internal error");
    }
    Json in = r.body.empty() ? Json::object() : Json::parse(r.body);
    return dispatch(op, in);
  }

  Json* find_service(const std::string& ref) {
    std::string name = services::arn_last_component(ref);
    auto it = services.find(name);
    return it == services.end() ? nullptr : &it->second;
  }

  const Json* find_td(const std::string& ref) {
    auto fr = services::parse_task_definition_ref(ref);
    if (!fr || !revisions.count(fr->family)) {
      return nullptr;
    }
    auto& list = revisions[fr->family];
    if (fr->revision == 0) {
      for (auto it = list.rbegin(); it != list.rend(); ++it) {
        if ((*it)["status"] == "ACTIVE") {
          return &*it;
        }
      }
      return nullptr;
    }
    return fr->revision <= static_cast<int>(list.size()) ? &list[fr->revision - 1] : nullptr;
  }

  aws::HttpResponse dispatch(const std::string& op, const Json& in);
};

inline aws::HttpResponse FakeAws::dispatch(const std::string& op, const Json& in) {
  const bool sd_op =
      op.find("ServiceDeployment") != std::string::npos || op == "DescribeServiceRevisions";
  if (sd_op && !supports_service_deployments) {
    return error(400, "UnknownOperationException", "unknown operation " + op);
  }
  if (op == "DescribeClusters") {
    Json out = {{"clusters", Json::array()}, {"failures", Json::array()}};
    for (const auto& c : in["clusters"]) {
      std::string name = services::arn_last_component(c.get<std::string>());
      if (clusters.count(name)) {
        out["clusters"].push_back(
            {{"clusterArn", "arn:aws:ecs:" + region + ":" + account + ":cluster/" + name},
             {"clusterName", name},
             {"status", clusters[name]}});
      } else {
        out["failures"].push_back({{"arn", c}, {"reason", "MISSING"}});
      }
    }
    return ok(out);
  }
  if (op == "DescribeServices") {
    if (!clusters.count(in.value("cluster", std::string("default")))) {
      return error(400, "ClusterNotFoundException", "Cluster not found.");
    }
    if (on_describe_services) {
      on_describe_services(*this);
    }
    Json out = {{"services", Json::array()}, {"failures", Json::array()}};
    for (const auto& s : in["services"]) {
      if (Json* svc = find_service(s)) {
        out["services"].push_back(*svc);
      } else {
        out["failures"].push_back({{"arn", s}, {"reason", "MISSING"}});
      }
    }
    return ok(out);
  }
  if (op == "ListServices") {
    Json arns = Json::array();
    for (const auto& [name, s] : services) {
      arns.push_back(s["serviceArn"]);
    }
    return ok({{"serviceArns", arns}});
  }
  if (op == "DescribeTaskDefinition") {
    const Json* td = find_td(in["taskDefinition"]);
    if (!td) {
      return error(400, "ClientException", "Unable to describe task definition.");
    }
    return ok({{"taskDefinition", *td}, {"tags", td_tags[(*td)["taskDefinitionArn"]]}});
  }
  if (op == "RegisterTaskDefinition") {
    Json td = in;
    Json tags = td.contains("tags") ? td["tags"] : Json::array();
    td.erase("tags");
    std::string arn = add_revision(td, tags);
    return ok({{"taskDefinition", *find_td(arn)}, {"tags", tags}});
  }
  if (op == "ListTaskDefinitions") {
    Json arns = Json::array();
    std::string family = in.value("familyPrefix", std::string());
    auto& list = revisions[family];
    bool desc = in.value("sort", std::string("ASC")) == "DESC";
    int max = in.value("maxResults", 100);
    for (int i = 0; i < static_cast<int>(list.size()) && static_cast<int>(arns.size()) < max; ++i) {
      const Json& td = desc ? list[list.size() - 1 - i] : list[i];
      if (td["status"] == in.value("status", std::string("ACTIVE"))) {
        arns.push_back(td["taskDefinitionArn"]);
      }
    }
    return ok({{"taskDefinitionArns", arns}});
  }
  if (op == "UpdateService") {
    Json* svc = find_service(in["service"]);
    if (!svc) {
      return error(400, "ServiceNotFoundException", "Service not found.");
    }
    if (in.contains("desiredCount")) {
      (*svc)["desiredCount"] = in["desiredCount"];
      for (auto& d : (*svc)["deployments"]) {
        if (d["status"] == "PRIMARY") {
          d["desiredCount"] = in["desiredCount"];
        }
      }
    }
    if (in.contains("taskDefinition") || in.value("forceNewDeployment", false)) {
      std::string td = in.value("taskDefinition", (*svc)["taskDefinition"].get<std::string>());
      (*svc)["taskDefinition"] = td;
      for (auto& d : (*svc)["deployments"]) {
        d["status"] = "ACTIVE";
      }
      Json dep = deployment("ecs-svc/" + std::to_string(++deployment_counter), "PRIMARY", td,
                            (*svc)["desiredCount"], 0, "IN_PROGRESS");
      (*svc)["deployments"].insert((*svc)["deployments"].begin(), dep);
      if (supports_service_deployments) {
        add_service_deployment((*svc)["serviceName"], td, "IN_PROGRESS");
      }
    }
    return ok({{"service", *svc}});
  }
  if (op == "ListTasks") {
    Json arns = Json::array();
    if (in.value("desiredStatus", std::string()) == "STOPPED") {
      for (const auto& t : stopped_tasks) {
        arns.push_back(t["taskArn"]);
      }
    } else if (in.contains("serviceName") || !running_tasks.empty()) {
      for (const auto& t : running_task_list(in.value("serviceName", std::string()))) {
        arns.push_back(t["taskArn"]);
      }
    } else {  // the whole cluster (a fleet watch lists it once per poll)
      for (const auto& [name, svc] : services) {
        for (const auto& t : running_task_list(name)) {
          arns.push_back(t["taskArn"]);
        }
      }
    }
    return ok({{"taskArns", arns}});
  }
  if (op == "DescribeTasks") {
    Json out = {{"tasks", Json::array()}, {"failures", Json::array()}};
    std::vector<Json> running;
    for (const auto& [name, svc] : services) {
      for (auto& t : running_task_list(name)) {
        running.push_back(std::move(t));
      }
    }
    for (const auto& want : in["tasks"]) {
      for (const auto* list : {&stopped_tasks, &running}) {
        for (const auto& t : *list) {
          if (t["taskArn"] == want) {
            out["tasks"].push_back(t);
          }
        }
      }
    }
    return ok(out);
  }
  if (op == "GetLogEvents") {
    std::string key =
        in["logGroupName"].get<std::string>() + "|" + in["logStreamName"].get<std::string>();
    auto it = log_lines.find(key);
    if (it == log_lines.end()) {
      return error(400, "ResourceNotFoundException", "The specified log stream does not exist.");
    }
    Json events = Json::array();
    int limit = in.value("limit", 10000);
    size_t from = it->second.size() > static_cast<size_t>(limit) ? it->second.size() - limit : 0;
    for (size_t i = from; i < it->second.size(); ++i) {
      events.push_back(
          {{"timestamp", 1700000000000 + static_cast<long>(i)}, {"message", it->second[i]}});
    }
    return ok({{"events", events}});
  }
  if (op == "DescribeServiceDeployments") {
    if (on_describe_service_deployments) {
      on_describe_service_deployments(*this);
    }
    Json out = {{"serviceDeployments", Json::array()}, {"failures", Json::array()}};
    for (const auto& a : in["serviceDeploymentArns"]) {
      if (service_deployments.count(a)) {
        out["serviceDeployments"].push_back(service_deployments[a]);
      }
    }
    return ok(out);
  }
  if (op == "ListServiceDeployments") {
    Json out = {{"serviceDeployments", Json::array()}};
    int max = in.value("maxResults", 20);
    for (auto it = service_deployment_order.rbegin();
         it != service_deployment_order.rend() &&
         static_cast<int>(out["serviceDeployments"].size()) < max;
         ++it) {
      const Json& sd = service_deployments[*it];
      out["serviceDeployments"].push_back(
          {{"serviceDeploymentArn", *it},
           {"status", sd["status"]},
           {"targetServiceRevisionArn", sd["targetServiceRevision"]["arn"]},
           {"createdAt", sd["createdAt"]}});
    }
    return ok(out);
  }
  if (op == "DescribeServiceRevisions") {
    Json out = {{"serviceRevisions", Json::array()}, {"failures", Json::array()}};
    for (const auto& a : in["serviceRevisionArns"]) {
      if (service_revisions.count(a)) {
        out["serviceRevisions"].push_back(service_revisions[a]);
      }
    }
    return ok(out);
  }
  if (op == "StopServiceDeployment") {
    std::string arn = in["serviceDeploymentArn"];
    if (!service_deployments.count(arn)) {
      return error(400, "ServiceDeploymentNotFoundException", "not found");
    }
    service_deployments[arn]["status"] = "ROLLBACK_REQUESTED";
    return ok({{"serviceDeploymentArn", arn}});
  }
  if (op == "ContinueServiceDeployment") {
    // Like ECS: only a PAUSE hook AWAITING_ACTION of a deployment in progress can be resumed.
    std::string arn = in["serviceDeploymentArn"];
    if (!service_deployments.count(arn)) {
      return error(400, "ServiceDeploymentNotFoundException", "not found");
    }
    Json& sd = service_deployments[arn];
    for (auto& h : sd["lifecycleHookDetails"]) {
      if (h["hookId"] == in["hookId"] && h["status"] == "AWAITING_ACTION") {
        const bool rollback = in["action"] == "ROLLBACK";
        h["status"] = rollback ? "FAILED" : "SUCCEEDED";
        if (rollback) {
          sd["status"] = "ROLLBACK_REQUESTED";
        }
        return ok({{"serviceDeploymentArn", arn}});
      }
    }
    return error(400, "InvalidParameterException", "hook does not await action");
  }
  if (op == "TagResource" || op == "ListTagsForResource") {
    Json* svc = find_service(in["resourceArn"]);
    if (!svc) {
      return error(400, "InvalidParameterException", "unknown resource");
    }
    if (op == "ListTagsForResource") {
      return ok({{"tags", (*svc)["tags"]}});
    }
    for (const auto& t : in["tags"]) {
      bool replaced = false;
      for (auto& existing : (*svc)["tags"]) {
        if (existing["key"] == t["key"]) {
          existing["value"] = t["value"];
          replaced = true;
        }
      }
      if (!replaced) {
        (*svc)["tags"].push_back(t);
      }
    }
    return ok(Json::object());
  }
  if (op == "DescribeImages") {
    std::string repo = in["repositoryName"];
    std::string tag = in["imageIds"][0]["imageTag"];
    if (!images.count(repo + ":" + tag)) {
      return error(400, "ImageNotFoundException",
                   "The image with imageId {imageTag:'" + tag +
                       "'} does not exist within the repository with name '" + repo + "'");
    }
    return ok({{"imageDetails", Json::array({{{"repositoryName", repo},
                                              {"imageDigest", "sha256:" + std::string(64, 'a')},
                                              {"imageTags", Json::array({tag})}}})}});
  }
  return error(400, "UnknownOperationException", "fake does not implement " + op);
}

}  // namespace engine::fake
