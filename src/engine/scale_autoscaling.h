#pragma once
// scale's Application Auto Scaling bounds check (contributing.md, S9). Application Auto Scaling
// keeps the desired count inside [MinCapacity, MaxCapacity], so a count outside those bounds is
// undone on its next evaluation. The check is advisory: it warns and never fails a scale, since
// the count is still applied and a scale to 0 in an emergency must not wait on a lookup.

#include <string>

#include "engine/clients.h"
#include "engine/reporter.h"

namespace engine {

inline constexpr const char* k_describe_scalable_targets_action =
    "application-autoscaling:DescribeScalableTargets";

// Warns when the service's scalable target would scale the count `n` back. A denied lookup is a
// warning naming the missing permission; any other lookup failure is a notice. No-op when
// `clients.autoscaling` is null.
void check_scalable_target(const Clients& clients, Reporter& reporter, const std::string& cluster,
                           const std::string& service, int n);

}  // namespace engine
