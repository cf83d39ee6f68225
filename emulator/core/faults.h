#pragma once
// Injected faults (scenario "faults" and POST /_emulator/faults) and the optional ECS token
// buckets (digest §6). Rules match by service and operation ("*" = any) and fire with a
// probability (rate) and optionally only a limited number of times (count).
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/id_generator.h"
#include "core/json_access.h"

namespace emulator {

struct FaultRule {
  std::string service = "*";    // ecs | ecr | logs | sts | *
  std::string operation = "*";  // e.g. DescribeServices | *
  std::string type;             // throttle | error | latency | reset | truncate
  double rate = 1.0;
  int status = 500;    // for "error": 500 or 503
  int latency_ms = 0;  // for "latency"
  int remaining = -1;  // times left; -1 = unlimited
};

struct FaultDecision {
  std::string type;  // "" = none
  int status = 0;
  int latency_ms = 0;
};

class Faults {
 public:
  // Parses {"rules":[...], "ecsTokenBuckets": bool}; throws std::invalid_argument naming the
  // bad field (path prefix given by the caller).
  void configure(const Json& config, const std::string& path);
  Json to_json() const;
  void clear();
  // Latency accumulates over matching rules; the first other fault that fires wins.
  FaultDecision decide(const std::string& service, const std::string& operation, IdGenerator& rng);
  // ECS token buckets (per account): true when the call must be throttled.
  bool throttled_by_bucket(const std::string& account, const std::string& operation);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point refilled;
  };
  std::vector<FaultRule> m_rules;
  bool m_ecs_buckets = false;
  std::map<std::string, Bucket> m_buckets;  // account|bucket
};

}  // namespace emulator
