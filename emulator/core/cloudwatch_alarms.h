#pragma once
// CloudWatch metric alarms as the deployment machine sees them, and the scenario's alarm
// scripts (fire at a virtual time, or when a task of a given image runs).
#include <string>
#include <vector>

#include "core/state.h"

namespace emulator {

// "OK" | "ALARM" | "INSUFFICIENT_DATA"; "" when the alarm does not exist.
std::string alarm_state(const State& st, const std::string& account, const std::string& name);
// Sets an alarm's state (creating a bare alarm when missing, as a script may name one first).
void set_alarm_state(State& st, const std::string& account, const std::string& name,
                     const std::string& state, const std::string& reason, double now);
// The deployment's alarms now in ALARM that were not already firing when it started (an alarm
// that was, and has since left ALARM, counts again: ECS ignores only the state it started in).
std::vector<std::string> newly_firing_alarms(const State& st, const std::string& account,
                                             ServiceDeployment& sd);
// Fires the scripts that are due (once each).
void apply_alarm_scripts(State& st, double now);

}  // namespace emulator
