#pragma once
// Plain-text wording of every engine event, shared by all reporters so the tty, plain,
// JSON-mode and GitHub outputs say the same thing. Pure functions.

#include <string>
#include <string_view>
#include <vector>

#include "engine/events.h"
#include "engine/evidence_groups.h"

namespace cli {

// "web:13" from "arn:aws:ecs:...:task-definition/web:13"; other text is returned as is.
std::string short_task_definition(std::string_view arn);
// "1f2e..." task id from a task ARN.
std::string short_task_id(std::string_view arn);
// "05:40:01" (UTC).
std::string format_clock(util::SystemTime t);

// One rollout snapshot on one line: counts of the whole service, then per deployment.
std::string progress_line(const engine::RolloutProgress& p);

// For the line-per-change reporters: false when `event` is a RolloutProgress whose line equals
// `last_progress` (nothing moved, print nothing); otherwise remembers the line and, for a
// progress snapshot with a time, sets `at` to it (else `at` stays as given).
bool progress_changed(const engine::Event& event, std::string& last_progress, util::SystemTime& at);

// The lines an event prints in plain mode (no timestamps). Empty for events that print
// nothing by themselves.
std::vector<std::string> event_lines(const engine::Event& event);

// Tasks that stopped the same way, said once: for one task the same lines as its event; for
// several "3 tasks stopped (web:13): ...", their ids, then one container list and log tail.
std::vector<std::string> evidence_group_lines(const engine::EvidenceGroup& group);
// What a streaming reporter prints for a task that stopped like an earlier one, instead of
// repeating the block: "stopped task 9f3e: same as task 0123 (2 tasks so far)".
std::string repeated_evidence_line(const engine::EvidenceGroup& group);

}  // namespace cli
