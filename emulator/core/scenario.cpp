#include "core/scenario.h"

#include <ctime>
#include <fstream>
#include <sstream>

#include "core/actions.h"
#include "core/api_error.h"
#include "core/autoscaling_actions.h"
#include "core/crypto.h"
#include "core/deployments.h"
#include "core/faults.h"
#include "core/hook_scripts.h"
#include "core/json_limits.h"
#include "core/log_store.h"
#include "core/scenario_reader.h"
#include "core/task_lifecycle.h"

namespace emulator {
namespace {

double parse_start_time(const ScenarioReader& r, double real_now) {
  std::string s = r.str("startTime", "");
  if (s.empty()) {
    return real_now;
  }
  std::tm tm{};
  std::istringstream in(s);
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%SZ");
  if (in.fail()) {
    r.fail("startTime", "expected an ISO-8601 UTC time like 2026-01-01T00:00:00Z");
  }
  return static_cast<double>(timegm(&tm));
}

bool twelve_digits(const std::string& s) {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), ::isdigit);
}

// "policy": one identity-based policy document, or "policies": a list of them. Absent: the
// identity is unrestricted (null).
Json read_policies(const ScenarioReader& r) {
  if (r.has("policy") && r.has("policies")) {
    r.fail("policies", "give either policy or policies, not both");
  }
  Json docs = r.has("policy") ? Json::array({r.node()["policy"]})
                              : (r.has("policies") ? r.node()["policies"] : Json());
  if (docs.is_null()) {
    return docs;
  }
  if (!docs.is_array()) {
    r.fail("policies", "expected a list of policy documents");
  }
  for (const auto& d : docs) {
    if (!d.is_object() || !d.contains("Statement") ||
        !(d["Statement"].is_object() || d["Statement"].is_array())) {
      r.fail(r.has("policy") ? "policy" : "policies",
             "expected a policy document with a Statement object or list");
    }
  }
  return docs;
}

void load_accounts(State& st, const ScenarioReader& top) {
  const Json& accounts = top.array("accounts");
  if (accounts.empty() && top.has("accounts")) {
    top.fail("accounts", "at least one account is required");
  }
  if (accounts.empty()) {
    // No accounts: one default account that accepts any credentials, as moto_server does,
    // so independent clients can create everything through the API.
    const std::string id = "123456789012";
    st.accounts.push_back(id);
    Identity root;
    root.account = id;
    root.arn = "arn:" + st.partition + ":iam::" + id + ":root";
    root.user_id = id;
    st.identities.push_back(root);
    st.any_credentials = true;
    return;
  }
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    ScenarioReader a = top.element("accounts", i);
    a.allow_only({"id", "users", "roles"});
    std::string id = a.required_str("id");
    if (!twelve_digits(id)) {
      a.fail("id", "expected a 12-digit account id");
    }
    st.accounts.push_back(id);
    for (std::size_t u = 0; u < a.array("users").size(); ++u) {
      ScenarioReader user = a.element("users", u);
      user.allow_only({"name", "accessKeyId", "secretAccessKey", "policy", "policies"});
      Identity ident;
      ident.account = id;
      std::string name = user.required_str("name");
      ident.arn = "arn:" + st.partition + ":iam::" + id + ":user/" + name;
      ident.user_id = "AIDA" + sha256_hex(ident.arn).substr(0, 17);
      for (auto& ch : ident.user_id) {
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      }
      ident.access_key_id = user.required_str("accessKeyId");
      ident.secret_access_key = user.required_str("secretAccessKey");
      ident.policies = read_policies(user);
      for (const auto& other : st.identities) {
        if (other.access_key_id == ident.access_key_id) {
          user.fail("accessKeyId", "duplicate access key id");
        }
      }
      st.identities.push_back(ident);
    }
    for (std::size_t r = 0; r < a.array("roles").size(); ++r) {
      ScenarioReader role = a.element("roles", r);
      role.allow_only({"name", "webIdentityTokens", "maxSessionSeconds", "policy", "policies"});
      Role rl;
      rl.account = id;
      rl.name = role.required_str("name");
      rl.arn = "arn:" + st.partition + ":iam::" + id + ":role/" + rl.name;
      rl.web_identity_tokens = role.strings("webIdentityTokens");
      rl.max_session_seconds = static_cast<int>(role.non_negative("maxSessionSeconds", 3600));
      rl.policies = read_policies(role);
      st.roles.push_back(rl);
    }
  }
}

std::string account_of(const State& st, const ScenarioReader& r) {
  std::string acct = r.str("account", st.accounts.front());
  if (std::find(st.accounts.begin(), st.accounts.end(), acct) == st.accounts.end()) {
    r.fail("account", "not one of the scenario's accounts");
  }
  return acct;
}

Identity loader_identity(const State& st, const std::string& account) {
  for (const auto& id : st.identities) {
    if (id.account == account) {
      return id;
    }
  }
  Identity id;
  id.account = account;
  id.arn = "arn:" + st.partition + ":iam::" + account + ":root";
  return id;
}

// Runs an action as the account's first user, reporting ApiErrors at `r`'s path.
Json run_action(State& st, const ActionTable& table, const char* op, const Json& body,
                const std::string& account, const ScenarioReader& r) {
  Identity caller = loader_identity(st, account);
  Call call{st, caller, body, st.now()};
  try {
    return table.at(op)(call);
  } catch (const ApiError& e) {
    r.fail("", e.code() + ": " + e.what());
  }
}

void load_behaviors(State& st, const ScenarioReader& top) {
  ScenarioReader images = top.child("images");
  if (images.node().is_null()) {
    return;
  }
  images.require_object();
  for (auto it = images.node().begin(); it != images.node().end(); ++it) {
    ScenarioReader b(it.value(), images.path_of(it.key()));
    b.allow_only({"behavior", "exitCode", "logLines", "startDelaySeconds", "crashAfterSeconds",
                  "secretName"});
    ImageBehavior ib;
    ib.kind = b.str("behavior", "healthy");
    static const std::set<std::string> k_kinds = {"healthy",   "crash",     "missingSecret",
                                                  "unhealthy", "slowStart", "pullError"};
    if (k_kinds.count(ib.kind) == 0) {
      b.fail("behavior",
             "expected one of healthy, crash, missingSecret, unhealthy, slowStart, pullError");
    }
    if (b.has("exitCode")) {
      if (!b.node()["exitCode"].is_number_integer()) {
        b.fail("exitCode", "expected an integer");
      }
      ib.exit_code = b.node()["exitCode"].get<int>();
    }
    ib.log_lines = b.strings("logLines");
    ib.start_delay_seconds = b.number("startDelaySeconds", ib.kind == "slowStart" ? 120.0 : 0.0);
    ib.crash_after_seconds = b.number("crashAfterSeconds", ib.crash_after_seconds);
    ib.secret_name = b.str("secretName", ib.secret_name);
    st.behaviors[it.key()] = ib;
  }
}

void load_timings(State& st, const ScenarioReader& top) {
  ScenarioReader t = top.child("timings");
  if (t.node().is_null()) {
    return;
  }
  t.allow_only({"provisioningSeconds", "pullSeconds", "activatingSeconds", "healthyGraceSeconds",
                "healthCheckSeconds", "deactivatingSeconds", "stoppingSeconds",
                "relaunchBackoffSeconds", "jitter", "hookStageSeconds", "trafficShiftSeconds"});
  Timings& tm = st.timings;
  tm.provisioning = t.number("provisioningSeconds", tm.provisioning);
  tm.pull = t.number("pullSeconds", tm.pull);
  tm.activating = t.number("activatingSeconds", tm.activating);
  tm.healthy_grace = t.number("healthyGraceSeconds", tm.healthy_grace);
  tm.health_check = t.number("healthCheckSeconds", tm.health_check);
  tm.deactivating = t.number("deactivatingSeconds", tm.deactivating);
  tm.stopping = t.number("stoppingSeconds", tm.stopping);
  tm.relaunch_backoff = t.number("relaunchBackoffSeconds", tm.relaunch_backoff);
  tm.jitter = t.number("jitter", tm.jitter);
  tm.hook_stage = t.number("hookStageSeconds", tm.hook_stage);
  tm.traffic_shift = t.number("trafficShiftSeconds", tm.traffic_shift);
  if (tm.jitter > 0.9) {
    t.fail("jitter", "expected a fraction between 0 and 0.9");
  }
}

void load_repositories(State& st, const ScenarioReader& top, const ActionTable& ecr) {
  for (std::size_t i = 0; i < top.array("repositories").size(); ++i) {
    ScenarioReader r = top.element("repositories", i);
    r.allow_only({"name", "account", "images", "imageTagMutability"});
    std::string account = account_of(st, r);
    std::string name = r.required_str("name");
    Json body = {{"repositoryName", name}, {"registryId", account}};
    if (r.has("imageTagMutability")) {
      body["imageTagMutability"] = r.str("imageTagMutability", "MUTABLE");
    }
    run_action(st, ecr, "CreateRepository", body, account, r);
    EcrRepository* repo = st.find_repository(account, name);
    for (std::size_t k = 0; k < r.array("images").size(); ++k) {
      ScenarioReader img = r.element("images", k);
      img.allow_only({"tags", "sizeInBytes", "pushedAt"});
      EcrImage image;
      image.tags = img.strings("tags");
      // A stable fake manifest per repository and tags gives a stable digest.
      std::string seed_text = name;
      for (const auto& t : image.tags) {
        seed_text += ":" + t;
      }
      seed_text += "#" + std::to_string(k);
      image.manifest = Json{
          {"schemaVersion", 2},
          {"mediaType", image.media_type},
          {"config", {{"digest", "sha256:" + sha256_hex(seed_text + "/config")}}},
          {"layers",
           Json::array()}}.dump();
      image.digest = "sha256:" + sha256_hex(image.manifest);
      image.size_bytes = img.non_negative("sizeInBytes", 52428800);
      image.pushed_at =
          st.now() - img.number("pushedAt", 86400.0 * (10 - std::min<std::size_t>(k, 9)));
      repo->images.push_back(std::move(image));
    }
  }
}

void load_services(State& st, const ScenarioReader& top, const ActionTable& ecs) {
  for (std::size_t i = 0; i < top.array("services").size(); ++i) {
    ScenarioReader r = top.element("services", i);
    r.allow_only({"name", "cluster", "account", "taskDefinition", "desiredCount",
                  "deploymentConfiguration", "launchType", "networkConfiguration", "tags", "status",
                  "steady", "deploymentController", "loadBalancers", "resourceManagementType"});
    std::string account = account_of(st, r);
    Json body = {{"serviceName", r.required_str("name")},
                 {"cluster", r.str("cluster", "default")},
                 {"taskDefinition", r.required_str("taskDefinition")},
                 {"desiredCount", r.non_negative("desiredCount", 1)},
                 {"launchType", r.str("launchType", "FARGATE")}};
    if (r.has("deploymentConfiguration")) {
      body["deploymentConfiguration"] = r.object("deploymentConfiguration");
    }
    if (r.has("networkConfiguration")) {
      body["networkConfiguration"] = r.object("networkConfiguration");
    }
    if (r.has("deploymentController")) {
      body["deploymentController"] = r.object("deploymentController");
    }
    if (r.has("tags")) {
      body["tags"] = r.array("tags");
    }
    if (r.has("loadBalancers")) {
      body["loadBalancers"] = r.array("loadBalancers");
    }
    Json out = run_action(st, ecs, "CreateService", body, account, r);
    Service* svc = st.find_service(out["service"]["serviceArn"].get<std::string>());
    // Express Mode services report resourceManagementType ECS (the Express APIs are not served).
    std::string managed = r.str("resourceManagementType", "");
    if (!managed.empty() && managed != "ECS" && managed != "CUSTOMER") {
      r.fail("resourceManagementType", "expected ECS or CUSTOMER");
    }
    svc->resource_management_type = managed;
    std::string status = r.str("status", "ACTIVE");
    if (status != "ACTIVE" && status != "DRAINING" && status != "INACTIVE") {
      r.fail("status", "expected ACTIVE, DRAINING or INACTIVE");
    }
    svc->status = status;
    svc->created_at = st.now() - 86400;
    if (!r.boolean("steady", true)) {
      continue;  // the first rollout happens live
    }
    // Seeded services start steady: tasks already running, the deployment completed.
    Deployment& d = svc->deployments.front();
    d.created_at = d.updated_at = st.now() - 3600;
    for (int k = 0; k < svc->desired_count && status == "ACTIVE"; ++k) {
      seed_running_task(st, *svc, d, st.now());
    }
    d.rollout_state = "COMPLETED";
    d.rollout_state_reason = "ECS deployment " + d.id + " completed.";
    svc->stable_task_definition = d.task_definition;
    svc->stable_revision_arn = d.service_revision_arn;
    ServiceDeployment& sd = st.service_deployments.at(d.service_deployment_arn);
    sd.status = "SUCCESSFUL";
    sd.status_reason = "Service deployment completed successfully.";
    sd.created_at = sd.started_at = st.now() - 3600;
    sd.finished_at = sd.updated_at = st.now() - 3500;
    sd.lifecycle_stage = "CLEAN_UP";
    if (sd.circuit_breaker_status == "MONITORING") {
      sd.circuit_breaker_status = "MONITORING_COMPLETE";
    }
    st.add_event(*svc, "(service " + svc->name + ") has reached a steady state.");
    svc->steady_reported = true;
  }
}

}  // namespace

Scenario load_scenario(const Json& doc, double speed, std::uint64_t seed, double real_now) {
  ScenarioReader top(doc, "");
  top.allow_only({"description", "region", "startTime", "accounts", "timings", "secrets",
                  "clusters", "taskDefinitions", "services", "repositories", "logGroups", "images",
                  "faults", "scalableTargets", "lambdaHooks", "alarms"});
  Scenario out;
  out.state = std::make_unique<State>(parse_start_time(top, real_now), speed, seed);
  State& st = *out.state;
  st.region = top.str("region", "us-east-1");
  if (st.region.rfind("cn-", 0) == 0) {
    st.partition = "aws-cn";
  }
  load_accounts(st, top);
  load_timings(st, top);
  load_behaviors(st, top);
  if (top.has("secrets")) {
    st.secrets = top.strings("secrets");
    st.check_secrets = true;
  }
  ActionTable ecs;
  add_ecs_cluster_actions(ecs);
  add_ecs_task_definition_actions(ecs);
  add_ecs_service_actions(ecs);
  ActionTable ecr;
  add_ecr_actions(ecr);
  for (std::size_t i = 0; i < top.array("logGroups").size(); ++i) {
    ScenarioReader r = top.element("logGroups", i);
    if (!r.node().is_string()) {
      r.fail("", "expected a log group name");
    }
    create_log_group(st, st.accounts.front(), r.node().get<std::string>());
  }
  for (std::size_t i = 0; i < top.array("clusters").size(); ++i) {
    ScenarioReader r = top.element("clusters", i);
    r.allow_only({"name", "account", "tags"});
    Json body = {{"clusterName", r.required_str("name")}};
    if (r.has("tags")) {
      body["tags"] = r.array("tags");
    }
    run_action(st, ecs, "CreateCluster", body, account_of(st, r), r);
  }
  load_repositories(st, top, ecr);
  load_scalable_targets(st, top);
  for (std::size_t i = 0; i < top.array("taskDefinitions").size(); ++i) {
    ScenarioReader r = top.element("taskDefinitions", i);
    r.require_object();
    Json body = r.node();
    std::string account = st.accounts.front();
    if (body.contains("account")) {
      account = account_of(st, r);
      body.erase("account");
    }
    run_action(st, ecs, "RegisterTaskDefinition", body, account, r);
  }
  load_services(st, top, ecs);
  try {
    if (top.has("lambdaHooks")) {
      load_lambda_scripts(st, top.object("lambdaHooks"), "lambdaHooks");
    }
    if (top.has("alarms")) {
      load_alarm_scripts(st, top.array("alarms"), "alarms", st.now());
    }
  } catch (const std::invalid_argument& e) {
    throw ScenarioError(e.what());
  }
  if (top.has("faults")) {
    Faults check;
    try {
      check.configure(top.object("faults"), "faults");
    } catch (const std::invalid_argument& e) {
      throw ScenarioError(e.what());
    }
    out.faults = top.object("faults");
  }
  st.reindex();
  return out;
}

Scenario load_scenario_file(const std::string& path, double speed, std::uint64_t seed,
                            double real_now) {
  std::string name =
      path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ScenarioError(name + ": cannot read the file");
  }
  // Read at most one byte past the limit, so a huge file is refused without being loaded.
  std::string text(k_max_scenario_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > k_max_scenario_bytes) {
    throw ScenarioError(name + ": the file is larger than " +
                        std::to_string(k_max_scenario_bytes / (1024 * 1024)) + " MiB");
  }
  if (json_depth(text) > k_max_json_depth) {
    throw ScenarioError(name + ": the document " + too_deep_message());
  }
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw ScenarioError(name + ": invalid JSON at byte " + std::to_string(e.byte));
  }
  try {
    return load_scenario(doc, speed, seed, real_now);
  } catch (const ScenarioError& e) {
    throw ScenarioError(name + ": " + e.what());
  }
}

}  // namespace emulator
