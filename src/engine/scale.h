#pragma once
// scale: change only desiredCount (contributing.md, S9). The previous count is remembered in the
// service tag ecsdeploy:previous-desired-count before the change (ecs:TagResource) so
// `restore` can read it back (ecs:ListTagsForResource).

#include <chrono>
#include <optional>
#include <string>

#include "engine/clients.h"
#include "engine/operation_result.h"
#include "engine/reporter.h"
#include "util/clock.h"

namespace engine {

inline constexpr const char* k_previous_desired_count_tag = "ecsdeploy:previous-desired-count";

struct ScaleOptions {
  std::string cluster;
  std::string service;
  std::optional<int> desired_count;  // required unless restore
  bool restore = false;              // scale back to the remembered count
  // Tag the previous count on the service before changing it (ecs:TagResource); when that
  // fails the scale stops with nothing changed. false (--no-remember): skip the tag.
  bool remember = true;
  bool wait = true;  // until running == desired (0: no task runs or is still stopping)
  bool dry_run = false;
  std::string expected_account;  // empty: not checked
  std::chrono::milliseconds timeout = std::chrono::minutes(30);
  // Scaling up: every new task must run this long (WatchOptions::settle; nullopt: default).
  std::optional<std::chrono::seconds> settle;
  int max_desired_count = 5000;
};

// The count `restore` goes back to: the service's ecsdeploy:previous-desired-count tag.
std::optional<int> remembered_desired_count(const std::vector<services::Tag>& tags);

OperationResult scale(const Clients& clients, util::Clock& clock, Reporter& reporter,
                      const ScaleOptions& options);

}  // namespace engine
