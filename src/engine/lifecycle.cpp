#include "engine/lifecycle.h"

#include <algorithm>

#include "util/strings.h"

namespace engine {

const std::vector<std::string>& lifecycle_stages() {
  static const std::vector<std::string> stages = {"RECONCILE_SERVICE",
                                                  "PRE_SCALE_UP",
                                                  "SCALE_UP",
                                                  "POST_SCALE_UP",
                                                  "TEST_TRAFFIC_SHIFT",
                                                  "POST_TEST_TRAFFIC_SHIFT",
                                                  "PRODUCTION_TRAFFIC_SHIFT",
                                                  "POST_PRODUCTION_TRAFFIC_SHIFT",
                                                  "BAKE_TIME",
                                                  "CLEAN_UP"};
  return stages;
}

std::optional<int> stage_position(std::string_view stage) {
  if (stage == "PRE_PRODUCTION_TRAFFIC_SHIFT") {
    stage = "PRODUCTION_TRAFFIC_SHIFT";
  }
  const auto& stages = lifecycle_stages();
  auto it = std::find(stages.begin(), stages.end(), stage);
  if (it == stages.end()) {
    return std::nullopt;
  }
  return static_cast<int>(it - stages.begin());
}

std::optional<WaitUntil> parse_wait_until(std::string_view text) {
  std::string lower = util::to_lower(std::string(text));
  if (lower == "completed") {
    return WaitUntil{};
  }
  if (lower == "paused") {
    return WaitUntil{WaitUntil::Kind::Paused, ""};
  }
  for (std::string_view prefix : {"ecs:", "stage:"}) {
    if (lower.rfind(prefix, 0) == 0) {
      lower.erase(0, prefix.size());
      break;
    }
  }
  const std::string upper = util::to_upper(lower);
  if (!stage_position(upper) || upper == "PRE_PRODUCTION_TRAFFIC_SHIFT") {
    return std::nullopt;
  }
  return WaitUntil{WaitUntil::Kind::Stage, upper};
}

std::string to_string(const WaitUntil& wait_until) {
  switch (wait_until.kind) {
    case WaitUntil::Kind::Completed:
      return "completed";
    case WaitUntil::Kind::Paused:
      return "paused";
    case WaitUntil::Kind::Stage:
      return wait_until.stage;
  }
  return "completed";
}

bool terminal_deployment_status(std::string_view status) {
  return status == "SUCCESSFUL" || status == "STOPPED" || status == "ROLLBACK_SUCCESSFUL" ||
         status == "ROLLBACK_FAILED";
}

}  // namespace engine
