#include "core/iam_policy.h"
#include "core/arn.h"

#include <algorithm>
#include <cctype>

#include "core/state.h"

namespace emulator {
namespace {

char fold(char c, bool ignore_case) {
  return ignore_case ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

// A policy element that is a string or a list of strings, as a list.
std::vector<std::string> string_list(const Json& v) {
  std::vector<std::string> out;
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_array()) {
    for (const auto& e : v) {
      if (e.is_string()) {
        out.push_back(e.get<std::string>());
      }
    }
  }
  return out;
}

bool any_match(const Json& patterns, const std::string& value, bool ignore_case) {
  for (const auto& p : string_list(patterns)) {
    if (wildcard_match(p, value, ignore_case)) {
      return true;
    }
  }
  return false;
}

std::string lower(std::string s) {
  for (auto& c : s) {
    c = fold(c, true);
  }
  return s;
}

// One condition operator block ({"iam:PassedToService": "ecs-tasks.amazonaws.com", ...}).
bool operator_holds(const std::string& op, const Json& block,
                    const std::map<std::string, std::string>& context) {
  const bool negated = op.find("Not") != std::string::npos;
  const bool like = op.find("Like") != std::string::npos;
  const bool known = op == "StringEquals" || op == "StringNotEquals" || op == "StringLike" ||
                     op == "StringNotLike" || op == "ArnEquals" || op == "ArnLike" ||
                     op == "ArnNotEquals" || op == "ArnNotLike";
  if (!known || !block.is_object()) {
    return false;  // an operator the emulator does not model never grants access
  }
  for (const auto& [key, values] : block.items()) {
    // A named copy: clang 14 cannot capture a structured binding in a lambda.
    const std::string wanted = lower(key);
    auto it = std::find_if(context.begin(), context.end(),
                           [&](const auto& kv) { return lower(kv.first) == wanted; });
    if (it == context.end()) {
      if (!negated) {
        return false;  // a missing key fails every positive operator, as in AWS
      }
      continue;
    }
    bool matched = false;
    for (const auto& v : string_list(values)) {
      matched = matched || (like ? wildcard_match(v, it->second, false) : v == it->second);
    }
    if (matched == negated) {
      return false;
    }
  }
  return true;
}

bool statement_applies(const Json& s, const Authorization& r) {
  bool action_ok = s.contains("Action")
                       ? any_match(s["Action"], r.action, true)
                       : s.contains("NotAction") && !any_match(s["NotAction"], r.action, true);
  if (!action_ok) {
    return false;
  }
  bool resource_ok = s.contains("Resource") ? any_match(s["Resource"], r.resource, false)
                                            : s.contains("NotResource") &&
                                                  !any_match(s["NotResource"], r.resource, false);
  if (!resource_ok) {
    return false;
  }
  if (s.contains("Condition") && s["Condition"].is_object()) {
    for (const auto& [op, block] : s["Condition"].items()) {
      if (!operator_holds(op, block, r.context)) {
        return false;
      }
    }
  }
  return true;
}

std::vector<const Json*> statements_of(const Json& policies) {
  std::vector<const Json*> out;
  auto add_doc = [&](const Json& doc) {
    if (!doc.is_object() || !doc.contains("Statement")) {
      return;
    }
    const Json& st = doc["Statement"];
    if (st.is_object()) {
      out.push_back(&st);
    } else if (st.is_array()) {
      for (const auto& s : st) {
        out.push_back(&s);
      }
    }
  };
  if (policies.is_array()) {
    for (const auto& d : policies) {
      add_doc(d);
    }
  } else {
    add_doc(policies);
  }
  return out;
}

std::string field(const Json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> fields(const Json& body, const char* key) {
  auto it = body.find(key);
  return it == body.end() ? std::vector<std::string>() : string_list(*it);
}

std::string cluster_name(const std::string& cluster_arn) {
  return cluster_name_of(cluster_arn);
}

// The ARN RegisterTaskDefinition would give the next revision of `family`.
std::string next_revision_arn(const State& st, const std::string& acct, const std::string& family) {
  auto it = st.families.find(st.task_definition_key(acct, family));
  int next = it == st.families.end() || it->second.empty() ? 1 : it->second.back().revision + 1;
  return st.arn("ecs", acct, "task-definition/" + family + ":" + std::to_string(next));
}

std::vector<Authorization> ecs_checks(const State& st, const std::string& acct,
                                      const std::string& op, const Json& body) {
  const std::string action = "ecs:" + op;
  const std::string cluster = st.resolve_cluster(acct, field(body, "cluster"));
  const std::map<std::string, std::string> in_cluster{{"ecs:cluster", cluster}};
  std::vector<Authorization> out;
  if (op == "RegisterTaskDefinition") {
    out.push_back({action, "*", {}});
    for (const char* key : {"taskRoleArn", "executionRoleArn"}) {
      if (!field(body, key).empty()) {
        out.push_back({"iam:PassRole",
                       field(body, key),
                       {{"iam:PassedToService", "ecs-tasks.amazonaws.com"}}});
      }
    }
    // Tag-on-create: with tags, AWS also authorizes ecs:TagResource on the revision being
    // created, with ecs:CreateAction naming the creating call.
    auto tags = body.find("tags");
    if (tags != body.end() && tags->is_array() && !tags->empty()) {
      out.push_back({"ecs:TagResource",
                     next_revision_arn(st, acct, field(body, "family")),
                     {{"ecs:CreateAction", op}}});
    }
  } else if (op == "DescribeClusters") {
    auto names = fields(body, "clusters");
    if (names.empty()) {
      names.push_back("default");
    }
    for (const auto& n : names) {
      out.push_back({action, st.resolve_cluster(acct, n), {}});
    }
  } else if (op == "CreateCluster") {
    out.push_back({action, st.resolve_cluster(acct, field(body, "clusterName")), {}});
  } else if (op == "DescribeServices") {
    for (const auto& s : fields(body, "services")) {
      out.push_back({action, st.resolve_service(acct, cluster, s), in_cluster});
    }
  } else if (op == "UpdateService" || op == "ListServiceDeployments") {
    out.push_back({action, st.resolve_service(acct, cluster, field(body, "service")), in_cluster});
  } else if (op == "CreateService") {
    out.push_back(
        {action, st.resolve_service(acct, cluster, field(body, "serviceName")), in_cluster});
  } else if (op == "ListServices" || op == "ListTasks") {
    out.push_back({action, "*", in_cluster});
  } else if (op == "DescribeTasks") {
    for (const auto& t : fields(body, "tasks")) {
      std::string arn = t.rfind("arn:", 0) == 0
                            ? t
                            : st.arn("ecs", acct, "task/" + cluster_name(cluster) + "/" + t);
      out.push_back({action, arn, in_cluster});
    }
  } else if (op == "DescribeServiceDeployments") {
    for (const auto& a : fields(body, "serviceDeploymentArns")) {
      out.push_back({action, a, {}});
    }
  } else if (op == "StopServiceDeployment" || op == "ContinueServiceDeployment") {
    out.push_back({action, field(body, "serviceDeploymentArn"), {}});
  } else if (op == "DescribeServiceRevisions") {
    for (const auto& a : fields(body, "serviceRevisionArns")) {
      out.push_back({action, a, {}});
    }
  } else if (op == "TagResource" || op == "UntagResource" || op == "ListTagsForResource") {
    out.push_back({action, field(body, "resourceArn"), {}});
  } else {
    // DescribeTaskDefinition, ListTaskDefinitions, DeregisterTaskDefinition and the rest:
    // no resource-level permissions in IAM.
    out.push_back({action, "*", {}});
  }
  return out;
}

}  // namespace

bool wildcard_match(const std::string& pattern, const std::string& value, bool ignore_case) {
  // Iterative glob match with single-star backtracking: linear for typical ARNs.
  std::size_t p = 0, v = 0, star = std::string::npos, mark = 0;
  while (v < value.size()) {
    if (p < pattern.size() &&
        (pattern[p] == '?' || fold(pattern[p], ignore_case) == fold(value[v], ignore_case))) {
      ++p;
      ++v;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = v;
    } else if (star != std::string::npos) {
      p = star + 1;
      v = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

Decision evaluate(const Json& policies, const Authorization& request) {
  bool allowed = false;
  for (const Json* s : statements_of(policies)) {
    if (!s->is_object() || !statement_applies(*s, request)) {
      continue;
    }
    std::string effect = field(*s, "Effect");
    if (effect == "Deny") {
      return Decision::ExplicitDeny;
    }
    allowed = allowed || effect == "Allow";
  }
  return allowed ? Decision::Allow : Decision::ImplicitDeny;
}

std::vector<Authorization> request_authorizations(const State& st, const Identity& caller,
                                                  const std::string& service,
                                                  const std::string& operation, const Json& body) {
  const std::string& acct = caller.account;
  if (service == "ecs") {
    return ecs_checks(st, acct, operation, body);
  }
  const std::string action = service + ":" + operation;
  if (service == "ecr") {
    std::string registry = field(body, "registryId").empty() ? acct : field(body, "registryId");
    return {{action, st.arn("ecr", registry, "repository/" + field(body, "repositoryName")), {}}};
  }
  if (service == "logs") {
    std::string group = "log-group:" + field(body, "logGroupName");
    if (operation == "GetLogEvents" || operation == "PutLogEvents") {
      return {{action,
               st.arn("logs", acct, group + ":log-stream:" + field(body, "logStreamName")),
               {}}};
    }
    return {{action, st.arn("logs", acct, group + ":*"), {}}};
  }
  if (service == "cloudwatch") {
    // Alarm actions are authorized per alarm ARN; DescribeAlarms without names reads them all.
    auto names = fields(body, "AlarmNames");
    if (!field(body, "AlarmName").empty()) {
      names.push_back(field(body, "AlarmName"));
    }
    if (names.empty()) {
      names.push_back("*");
    }
    std::vector<Authorization> out;
    out.reserve(names.size());
    for (const auto& n : names) {
      out.push_back({action, st.arn("cloudwatch", acct, "alarm:" + n), {}});
    }
    return out;
  }
  if (service == "application-autoscaling") {
    // Describe* have no resource-level permissions in IAM; the emulator does not model
    // scalable-target ARNs for the others either.
    return {{action, "*", {}}};
  }
  if (service == "sts" && operation == "AssumeRole") {
    return {{action, field(body, "RoleArn"), {}}};
  }
  // sts:GetCallerIdentity needs no permission in AWS; unsigned web-identity calls have no
  // caller policy to check.
  return {};
}

const Json& policies_of(const State& st, const Identity& caller) {
  if (!caller.policies.is_null()) {
    return caller.policies;
  }
  static const Json k_unrestricted;
  auto rest = arn_resource(caller.arn, "assumed-role");
  if (!rest) {
    return k_unrestricted;
  }
  std::string role_name = rest->substr(0, rest->find('/'));
  for (const auto& role : st.roles) {
    if (role.account == caller.account && role.name == role_name) {
      return role.policies;
    }
  }
  return k_unrestricted;
}

std::optional<std::string> authorize(const State& st, const Identity& caller,
                                     const std::string& service, const std::string& operation,
                                     const Json& body) {
  const Json& policies = policies_of(st, caller);
  if (policies.is_null()) {
    return std::nullopt;
  }
  for (const auto& check : request_authorizations(st, caller, service, operation, body)) {
    Decision d = evaluate(policies, check);
    if (d == Decision::Allow) {
      continue;
    }
    std::string why =
        d == Decision::ExplicitDeny
            ? "with an explicit deny in an identity-based policy"
            : "because no identity-based policy allows the " + check.action + " action";
    return "User: " + caller.arn + " is not authorized to perform: " + check.action +
           " on resource: " + check.resource + " " + why;
  }
  return std::nullopt;
}

}  // namespace emulator
