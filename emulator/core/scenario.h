#pragma once
// Scenario files: the JSON that seeds accounts, credentials, clusters, task definitions,
// services, ECR images, log groups, image behaviour, timings and faults (docs/emulator.md).
// Every validation error names the JSON path of the bad field.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "core/json_access.h"
#include "core/state.h"

namespace emulator {

class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Scenario {
  std::unique_ptr<State> state;
  Json faults;  // {"rules": [...], "ecsTokenBuckets": bool} or null
};

// real_now: wall-clock epoch seconds, the virtual clock's start unless "startTime" is given.
Scenario load_scenario(const Json& doc, double speed, std::uint64_t seed, double real_now);
// Largest scenario file accepted (docs/emulator.md, "Limits and abuse"); it must also nest at
// most k_max_json_depth levels.
constexpr std::size_t k_max_scenario_bytes = 16 * 1024 * 1024;
// Reads and loads a file; errors read "<file name>: <path>: <problem>".
Scenario load_scenario_file(const std::string& path, double speed, std::uint64_t seed,
                            double real_now);

}  // namespace emulator
