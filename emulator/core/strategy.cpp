#include "core/strategy.h"

#include <algorithm>
#include <cmath>

#include "core/api_error.h"

namespace emulator {
namespace {

const std::vector<std::string>& hook_stages() {
  static const std::vector<std::string> k_stages = {"RECONCILE_SERVICE",
                                                    "PRE_SCALE_UP",
                                                    "SCALE_UP",
                                                    "POST_SCALE_UP",
                                                    "TEST_TRAFFIC_SHIFT",
                                                    "POST_TEST_TRAFFIC_SHIFT",
                                                    "PRE_PRODUCTION_TRAFFIC_SHIFT",
                                                    "PRODUCTION_TRAFFIC_SHIFT",
                                                    "POST_PRODUCTION_TRAFFIC_SHIFT",
                                                    "BAKE_TIME",
                                                    "CLEAN_UP"};
  return k_stages;
}

bool contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// A number of minutes in [0, 1440].
void check_minutes(const Json& obj, const char* key, const std::string& path) {
  if (!obj.contains(key)) {
    return;
  }
  const Json& v = obj[key];
  if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() > 1440) {
    throw invalid_parameter(path + key + " must be an integer between 0 and 1440.");
  }
}

// A percentage in [low, 100] that is a multiple of 0.1.
void check_percent(const Json& obj, const char* key, double low, const std::string& path) {
  if (!obj.contains(key)) {
    return;
  }
  const Json& v = obj[key];
  double x = v.is_number() ? v.get<double>() : -1;
  double tenths = x * 10;
  if (!v.is_number() || x < low - 1e-9 || x > 100 + 1e-9 ||
      std::fabs(tenths - std::round(tenths)) > 1e-6) {
    char low_text[16];
    std::snprintf(low_text, sizeof(low_text), "%.1f", low);
    throw invalid_parameter(path + key + " must be between " + low_text +
                            " and 100.0 in increments of 0.1.");
  }
}

void check_hook(const Json& hook, std::size_t i, int& lambdas, int& pauses) {
  std::string path = "deploymentConfiguration.lifecycleHooks[" + std::to_string(i) + "].";
  if (!hook.is_object()) {
    throw invalid_parameter(path + " must be an object.");
  }
  std::string type = hook.value("targetType", "AWS_LAMBDA");
  if (type != "AWS_LAMBDA" && type != "PAUSE") {
    throw invalid_parameter(path + "targetType must be AWS_LAMBDA or PAUSE.");
  }
  (type == "PAUSE" ? pauses : lambdas) += 1;
  if (type == "AWS_LAMBDA" &&
      (!hook.contains("hookTargetArn") || !hook["hookTargetArn"].is_string() ||
       hook["hookTargetArn"].get<std::string>().rfind("arn:", 0) != 0)) {
    throw invalid_parameter(path + "hookTargetArn must be the ARN of a Lambda function.");
  }
  if (!hook.contains("lifecycleStages") || !hook["lifecycleStages"].is_array() ||
      hook["lifecycleStages"].empty()) {
    throw invalid_parameter(path + "lifecycleStages must name at least one stage.");
  }
  for (const auto& s : hook["lifecycleStages"]) {
    std::string stage = s.is_string() ? s.get<std::string>() : "";
    if (!contains(hook_stages(), stage)) {
      throw invalid_parameter(path + "lifecycleStages: " + (stage.empty() ? "?" : stage) +
                              " is not a lifecycle stage.");
    }
    // Nothing can be hooked into scaling, baking or cleaning up; a pause cannot sit at the
    // traffic shifts because those stages also run during a rollback.
    if (stage == "SCALE_UP" || stage == "BAKE_TIME" || stage == "CLEAN_UP") {
      throw invalid_parameter("Lifecycle hooks are not supported at the " + stage + " stage.");
    }
    if (type == "PAUSE" && (stage == "TEST_TRAFFIC_SHIFT" || stage == "PRODUCTION_TRAFFIC_SHIFT")) {
      throw invalid_parameter("PAUSE lifecycle hooks are not supported at the " + stage +
                              " stage.");
    }
  }
  if (hook.contains("timeoutConfiguration")) {
    const Json& t = hook["timeoutConfiguration"];
    if (!t.is_object()) {
      throw invalid_parameter(path + "timeoutConfiguration must be an object.");
    }
    if (t.contains("timeoutInMinutes") &&
        (!t["timeoutInMinutes"].is_number_integer() || t["timeoutInMinutes"].get<long long>() < 1 ||
         t["timeoutInMinutes"].get<long long>() > 20160)) {
      throw invalid_parameter(path +
                              "timeoutConfiguration.timeoutInMinutes must be between 1 "
                              "and 20160.");
    }
    std::string action = t.value("action", "ROLLBACK");
    if (action != "ROLLBACK" && action != "CONTINUE") {
      throw invalid_parameter(path + "timeoutConfiguration.action must be ROLLBACK or CONTINUE.");
    }
  }
}

}  // namespace

std::string strategy_of(const Json& cfg) {
  if (!cfg.is_object() || !cfg.contains("strategy") || !cfg["strategy"].is_string()) {
    return "ROLLING";
  }
  return cfg["strategy"].get<std::string>();
}

bool traffic_shifting(const std::string& strategy) {
  return strategy == "BLUE_GREEN" || strategy == "LINEAR" || strategy == "CANARY";
}

void validate_strategy(const Json& cfg) {
  if (cfg.contains("strategy") && !cfg["strategy"].is_string()) {
    throw invalid_parameter("deploymentConfiguration.strategy must be a string.");
  }
  std::string strategy = strategy_of(cfg);
  if (strategy != "ROLLING" && !traffic_shifting(strategy)) {
    throw invalid_parameter(
        "deploymentConfiguration.strategy must be one of ROLLING, "
        "BLUE_GREEN, LINEAR, CANARY.");
  }
  const std::string path = "deploymentConfiguration.";
  check_minutes(cfg, "bakeTimeInMinutes", path);
  if (strategy == "BLUE_GREEN" && !cfg.contains("bakeTimeInMinutes")) {
    throw invalid_parameter(
        "bakeTimeInMinutes is required for the BLUE_GREEN deployment "
        "strategy.");
  }
  if (cfg.contains("linearConfiguration") && strategy != "LINEAR") {
    throw invalid_parameter(
        "linearConfiguration can only be specified with the LINEAR "
        "deployment strategy.");
  }
  if (cfg.contains("canaryConfiguration") && strategy != "CANARY") {
    throw invalid_parameter(
        "canaryConfiguration can only be specified with the CANARY "
        "deployment strategy.");
  }
  if (cfg.contains("linearConfiguration")) {
    const Json& l = cfg["linearConfiguration"];
    if (!l.is_object()) {
      throw invalid_parameter(path + "linearConfiguration must be an object.");
    }
    check_percent(l, "stepPercent", 3.0, path + "linearConfiguration.");
    check_minutes(l, "stepBakeTimeInMinutes", path + "linearConfiguration.");
  }
  if (cfg.contains("canaryConfiguration")) {
    const Json& c = cfg["canaryConfiguration"];
    if (!c.is_object()) {
      throw invalid_parameter(path + "canaryConfiguration must be an object.");
    }
    check_percent(c, "canaryPercent", 0.1, path + "canaryConfiguration.");
    check_minutes(c, "canaryBakeTimeInMinutes", path + "canaryConfiguration.");
  }
  if (cfg.contains("lifecycleHooks")) {
    const Json& hooks = cfg["lifecycleHooks"];
    if (!hooks.is_array()) {
      throw invalid_parameter(path + "lifecycleHooks must be a list.");
    }
    if (!hooks.empty() && strategy == "ROLLING") {
      throw invalid_parameter(
          "Lifecycle hooks are only supported with the BLUE_GREEN, LINEAR "
          "and CANARY deployment strategies.");
    }
    int lambdas = 0;
    int pauses = 0;
    for (std::size_t i = 0; i < hooks.size(); ++i) {
      check_hook(hooks[i], i, lambdas, pauses);
    }
    if (lambdas > 10 || pauses > 10) {
      throw invalid_parameter(
          "A service can have at most 10 AWS_LAMBDA and 10 PAUSE lifecycle "
          "hooks.");
    }
  }
  if (cfg.contains("alarms")) {
    const Json& a = cfg["alarms"];
    if (!a.is_object() || !a.contains("alarmNames") || !a["alarmNames"].is_array() ||
        !a.contains("enable") || !a["enable"].is_boolean() || !a.contains("rollback") ||
        !a["rollback"].is_boolean()) {
      throw invalid_parameter(
          "deploymentConfiguration.alarms requires alarmNames, enable and rollback.");
    }
    for (const auto& n : a["alarmNames"]) {
      if (!n.is_string() || n.get<std::string>().empty()) {
        throw invalid_parameter("deploymentConfiguration.alarms.alarmNames must be alarm names.");
      }
    }
  }
}

std::vector<double> production_steps(const Json& cfg) {
  std::string strategy = strategy_of(cfg);
  std::vector<double> steps;
  if (strategy == "LINEAR") {
    double step = 10.0;
    if (cfg.contains("linearConfiguration") && cfg["linearConfiguration"].contains("stepPercent")) {
      step = cfg["linearConfiguration"]["stepPercent"].get<double>();
    }
    // Tenths avoid 0.1 drift: 33.3 → 33.3, 66.6, 99.9, 100.
    long long tenths = std::llround(step * 10);
    for (long long w = tenths; w < 1000; w += tenths) {
      steps.push_back(static_cast<double>(w) / 10.0);
    }
    steps.push_back(100.0);
  } else if (strategy == "CANARY") {
    double canary = 5.0;
    if (cfg.contains("canaryConfiguration") &&
        cfg["canaryConfiguration"].contains("canaryPercent")) {
      canary = cfg["canaryConfiguration"]["canaryPercent"].get<double>();
    }
    if (canary < 100.0) {
      steps.push_back(canary);
    }
    steps.push_back(100.0);
  } else {
    steps.push_back(100.0);
  }
  return steps;
}

std::vector<Step> plan_steps(const Json& cfg, bool reconcile) {
  std::string strategy = strategy_of(cfg);
  double step_bake_minutes = 0;
  if (strategy == "LINEAR") {
    step_bake_minutes = 6;
    if (cfg.contains("linearConfiguration")) {
      step_bake_minutes = cfg["linearConfiguration"].value("stepBakeTimeInMinutes", 6.0);
    }
  } else if (strategy == "CANARY") {
    step_bake_minutes = 10;
    if (cfg.contains("canaryConfiguration")) {
      step_bake_minutes = cfg["canaryConfiguration"].value("canaryBakeTimeInMinutes", 10.0);
    }
  }
  std::vector<Step> out;
  auto hooks = [&](const char* stage) { out.push_back({stage, stage, StepKind::Hooks, 0, 0}); };
  if (reconcile) {
    hooks("RECONCILE_SERVICE");
  }
  hooks("PRE_SCALE_UP");
  out.push_back({"SCALE_UP", "", StepKind::ScaleUp, 0, 0});
  hooks("POST_SCALE_UP");
  out.push_back({"TEST_TRAFFIC_SHIFT", "TEST_TRAFFIC_SHIFT", StepKind::TestShift, 0, 0});
  hooks("POST_TEST_TRAFFIC_SHIFT");
  bool pre_production = !hooks_at(cfg, "PRE_PRODUCTION_TRAFFIC_SHIFT").empty();
  for (double w : production_steps(cfg)) {
    if (pre_production) {
      out.push_back(
          {"PRODUCTION_TRAFFIC_SHIFT", "PRE_PRODUCTION_TRAFFIC_SHIFT", StepKind::Hooks, 0, 0});
    }
    out.push_back({"PRODUCTION_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT",
                   StepKind::ProductionShift, w, w < 100.0 ? step_bake_minutes * 60 : 0});
  }
  hooks("POST_PRODUCTION_TRAFFIC_SHIFT");
  out.push_back({"BAKE_TIME", "", StepKind::Bake, 0, cfg.value("bakeTimeInMinutes", 0.0) * 60});
  out.push_back({"CLEAN_UP", "", StepKind::CleanUp, 0, 0});
  return out;
}

std::vector<Json> hooks_at(const Json& cfg, const std::string& hook_stage) {
  std::vector<Json> out;
  if (hook_stage.empty() || !cfg.contains("lifecycleHooks") || !cfg["lifecycleHooks"].is_array()) {
    return out;
  }
  for (const auto& h : cfg["lifecycleHooks"]) {
    for (const auto& s : h.value("lifecycleStages", Json::array())) {
      if (s == hook_stage) {
        out.push_back(h);
        break;
      }
    }
  }
  return out;
}

}  // namespace emulator
