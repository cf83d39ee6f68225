#include "core/autoscaling_actions.h"

#include "core/api_error.h"

namespace emulator {
namespace {

// Targets are keyed by "<account>|<resourceId>" in State::scalable_targets.
std::string target_key(const std::string& account, const std::string& resource_id) {
  return account + "|" + resource_id;
}

ApiError validation(const std::string& message) {
  return client_error("ValidationException", message);
}

void require_ecs_dimension(const Json& body) {
  if (req_string(body, "ServiceNamespace") != "ecs") {
    throw validation("Only the ecs service namespace is supported by this emulator.");
  }
}

void check_resource_id(const std::string& id) {
  if (id.rfind("service/", 0) != 0 || id.find('/', 8) == std::string::npos) {
    throw validation("Unsupported resource ID " + id + ": expected service/<cluster>/<service>.");
  }
}

Json target_json(const ScalableTarget& t) {
  return Json{{"ServiceNamespace", "ecs"},
              {"ResourceId", t.resource_id},
              {"ScalableDimension", "ecs:service:DesiredCount"},
              {"MinCapacity", t.min_capacity},
              {"MaxCapacity", t.max_capacity},
              {"RoleARN", ""},
              {"CreationTime", json_time(t.created)},
              {"SuspendedState",
               {{"DynamicScalingInSuspended", t.in_suspended},
                {"DynamicScalingOutSuspended", t.out_suspended},
                {"ScheduledScalingSuspended", t.scheduled_suspended}}}};
}

Json describe_scalable_targets(Call& c) {
  require_ecs_dimension(c.body);
  auto dimension = opt_string(c.body, "ScalableDimension");
  const auto ids = opt_string_list(c.body, "ResourceIds");
  if (ids.size() > 50) {
    throw validation("ResourceIds can have at most 50 items.");
  }
  // MaxResults 1-50 (default 50); a bad NextToken is its own modeled error.
  std::size_t limit = 50;
  if (auto max = opt_int(c.body, "MaxResults")) {
    if (*max < 1 || *max > 50) {
      throw validation("MaxResults must be between 1 and 50.");
    }
    limit = static_cast<std::size_t>(*max);
  }
  const std::string scope = "scalable-targets:" + dimension.value_or("");
  std::size_t start = 0;
  try {
    start = parse_next_token(opt_string(c.body, "NextToken"), scope);
  } catch (const ApiError&) {
    throw client_error("InvalidNextTokenException", "Invalid token.");
  }
  std::vector<const ScalableTarget*> found;
  const std::string prefix = target_key(c.caller.account, "");
  for (const auto& [key, t] : c.st.scalable_targets) {
    if (key.rfind(prefix, 0) != 0 || (dimension && *dimension != "ecs:service:DesiredCount")) {
      continue;
    }
    bool wanted = ids.empty();
    for (const auto& id : ids) {
      wanted = wanted || id == t.resource_id;
    }
    if (wanted) {
      found.push_back(&t);
    }
  }
  Json out = {{"ScalableTargets", Json::array()}};
  for (std::size_t i = start; i < found.size() && i < start + limit; ++i) {
    out["ScalableTargets"].push_back(target_json(*found[i]));
  }
  if (start + limit < found.size()) {
    out["NextToken"] = make_next_token(scope, start + limit);
  }
  return out;
}

Json register_scalable_target(Call& c) {
  require_ecs_dimension(c.body);
  if (req_string(c.body, "ScalableDimension") != "ecs:service:DesiredCount") {
    throw validation("Unsupported scalable dimension.");
  }
  const std::string id = req_string(c.body, "ResourceId");
  check_resource_id(id);
  auto& all = c.st.scalable_targets;
  const std::string key = target_key(c.caller.account, id);
  auto it = all.find(key);
  const bool existing = it != all.end();
  auto min = opt_int(c.body, "MinCapacity");
  auto max = opt_int(c.body, "MaxCapacity");
  if (!existing && (!min || !max)) {
    throw validation("MinCapacity and MaxCapacity are required for a new scalable target.");
  }
  ScalableTarget t = existing ? it->second : ScalableTarget{id, 0, 0, false, false, false, c.now};
  t.min_capacity = min.value_or(t.min_capacity);
  t.max_capacity = max.value_or(t.max_capacity);
  if (t.min_capacity < 0 || t.max_capacity < t.min_capacity) {
    throw validation("MinCapacity must be >= 0 and <= MaxCapacity.");
  }
  const Json& s = opt_object(c.body, "SuspendedState");
  if (s.is_object()) {
    t.in_suspended = opt_bool(s, "DynamicScalingInSuspended").value_or(t.in_suspended);
    t.out_suspended = opt_bool(s, "DynamicScalingOutSuspended").value_or(t.out_suspended);
    t.scheduled_suspended =
        opt_bool(s, "ScheduledScalingSuspended").value_or(t.scheduled_suspended);
  }
  all[key] = t;
  return Json{{"ScalableTargetARN", "arn:aws:application-autoscaling:" + c.st.region + ":" +
                                        c.caller.account + ":scalable-target/" + id}};
}

}  // namespace

const ActionTable& autoscaling_actions() {
  static const ActionTable k_table = {
      {"DescribeScalableTargets", describe_scalable_targets},
      {"RegisterScalableTarget", register_scalable_target},
  };
  return k_table;
}

void load_scalable_targets(State& st, const ScenarioReader& top) {
  auto& all = st.scalable_targets;
  all.clear();
  for (std::size_t i = 0; i < top.array("scalableTargets").size(); ++i) {
    ScenarioReader r = top.element("scalableTargets", i);
    r.allow_only({"resourceId", "account", "minCapacity", "maxCapacity",
                  "dynamicScalingInSuspended", "dynamicScalingOutSuspended",
                  "scheduledScalingSuspended"});
    ScalableTarget t;
    t.resource_id = r.required_str("resourceId");
    if (t.resource_id.rfind("service/", 0) != 0 ||
        t.resource_id.find('/', 8) == std::string::npos) {
      r.fail("resourceId", "expected service/<cluster>/<service>");
    }
    t.min_capacity = r.non_negative("minCapacity", 0);
    t.max_capacity = r.non_negative("maxCapacity", t.min_capacity);
    if (t.max_capacity < t.min_capacity) {
      r.fail("maxCapacity", "must be >= minCapacity");
    }
    t.in_suspended = r.boolean("dynamicScalingInSuspended", false);
    t.out_suspended = r.boolean("dynamicScalingOutSuspended", false);
    t.scheduled_suspended = r.boolean("scheduledScalingSuspended", false);
    t.created = st.now();
    const std::string account = r.str("account", st.accounts.front());
    all[target_key(account, t.resource_id)] = t;
  }
}

}  // namespace emulator
