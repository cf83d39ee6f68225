#include "core/faults.h"

#include <algorithm>
#include <stdexcept>

namespace emulator {
namespace {

struct BucketSpec {
  const char* name;
  double burst;
  double refill;
};

// ECS API throttling buckets (per account per region): burst / refill per second.
const BucketSpec* bucket_for(const std::string& op) {
  static const std::map<std::string, BucketSpec> k_specs = {
      {"DescribeServices", {"service-read", 100, 20}},
      {"ListServices", {"service-read", 100, 20}},
      {"CreateService", {"service-modify", 50, 5}},
      {"UpdateService", {"service-modify", 50, 5}},
      {"DeleteService", {"service-modify", 50, 5}},
      {"DescribeTaskDefinition", {"taskdef-read", 50, 20}},
      {"ListTaskDefinitions", {"taskdef-read", 50, 20}},
      {"ListTaskDefinitionFamilies", {"taskdef-read", 50, 20}},
      {"RegisterTaskDefinition", {"taskdef-modify", 20, 1}},
      {"DeregisterTaskDefinition", {"taskdef-modify", 20, 1}},
      {"DescribeClusters", {"cluster-read", 50, 20}},
      {"ListClusters", {"cluster-read", 50, 20}},
      {"DescribeTasks", {"cluster-resource-read", 100, 20}},
      {"ListTasks", {"cluster-resource-read", 100, 20}},
      {"DescribeServiceDeployments", {"service-deployment", 50, 20}},
      {"ListServiceDeployments", {"service-deployment", 50, 20}},
      {"DescribeServiceRevisions", {"service-revision", 50, 20}},
      // Not published per call: ECS's service-deployment bucket is the documented choice.
      {"StopServiceDeployment", {"service-deployment", 50, 20}},
      {"ContinueServiceDeployment", {"service-deployment", 50, 20}},
  };
  auto it = k_specs.find(op);
  return it == k_specs.end() ? nullptr : &it->second;
}

[[noreturn]] void bad(const std::string& path, const std::string& what) {
  throw std::invalid_argument(path + ": " + what);
}

}  // namespace

void Faults::configure(const Json& config, const std::string& path) {
  if (!config.is_object()) {
    bad(path, "expected an object");
  }
  std::vector<FaultRule> rules;
  if (config.contains("rules")) {
    const Json& list = config["rules"];
    if (!list.is_array()) {
      bad(path + ".rules", "expected an array");
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Json& r = list[i];
      std::string p = path + ".rules[" + std::to_string(i) + "]";
      if (!r.is_object()) {
        bad(p, "expected an object");
      }
      FaultRule rule;
      auto str = [&](const char* key, std::string& out) {
        if (r.contains(key)) {
          if (!r[key].is_string()) {
            bad(p + "." + key, "expected a string");
          }
          out = r[key].get<std::string>();
        }
      };
      str("service", rule.service);
      str("operation", rule.operation);
      str("type", rule.type);
      static const std::vector<std::string> k_types = {"throttle", "error", "latency", "reset",
                                                       "truncate"};
      if (std::find(k_types.begin(), k_types.end(), rule.type) == k_types.end()) {
        bad(p + ".type", "expected one of throttle, error, latency, reset, truncate");
      }
      if (r.contains("rate")) {
        if (!r["rate"].is_number() || r["rate"].get<double>() < 0 || r["rate"].get<double>() > 1) {
          bad(p + ".rate", "expected a number between 0 and 1");
        }
        rule.rate = r["rate"].get<double>();
      }
      auto integer = [&](const char* key, int& out, int lo, int hi) {
        if (r.contains(key)) {
          if (!r[key].is_number_integer() || r[key].get<long long>() < lo ||
              r[key].get<long long>() > hi) {
            bad(p + "." + key,
                "expected an integer between " + std::to_string(lo) + " and " + std::to_string(hi));
          }
          out = r[key].get<int>();
        }
      };
      integer("status", rule.status, 500, 599);
      integer("latencyMs", rule.latency_ms, 0, 600000);
      integer("count", rule.remaining, 1, 1000000000);
      rules.push_back(rule);
    }
  }
  bool buckets = false;
  if (config.contains("ecsTokenBuckets")) {
    if (!config["ecsTokenBuckets"].is_boolean()) {
      bad(path + ".ecsTokenBuckets", "expected a boolean");
    }
    buckets = config["ecsTokenBuckets"].get<bool>();
  }
  m_rules = std::move(rules);
  m_ecs_buckets = buckets;
  m_buckets.clear();
}

Json Faults::to_json() const {
  Json rules = Json::array();
  for (const auto& r : m_rules) {
    Json j = {
        {"service", r.service}, {"operation", r.operation}, {"type", r.type}, {"rate", r.rate}};
    if (r.type == "error") {
      j["status"] = r.status;
    }
    if (r.type == "latency") {
      j["latencyMs"] = r.latency_ms;
    }
    if (r.remaining >= 0) {
      j["count"] = r.remaining;
    }
    rules.push_back(std::move(j));
  }
  return {{"rules", rules}, {"ecsTokenBuckets", m_ecs_buckets}};
}

void Faults::clear() {
  m_rules.clear();
  m_ecs_buckets = false;
  m_buckets.clear();
}

FaultDecision Faults::decide(const std::string& service, const std::string& operation,
                             IdGenerator& rng) {
  FaultDecision d;
  for (auto& r : m_rules) {
    if (r.remaining == 0) {
      continue;
    }
    if ((r.service != "*" && r.service != service) ||
        (r.operation != "*" && r.operation != operation)) {
      continue;
    }
    if (!rng.chance(r.rate)) {
      continue;
    }
    if (r.remaining > 0) {
      --r.remaining;
    }
    if (r.type == "latency") {
      d.latency_ms += r.latency_ms;
      continue;
    }
    if (d.type.empty()) {
      d.type = r.type;
      d.status = r.status;
    }
  }
  return d;
}

bool Faults::throttled_by_bucket(const std::string& account, const std::string& operation) {
  if (!m_ecs_buckets) {
    return false;
  }
  const BucketSpec* spec = bucket_for(operation);
  if (spec == nullptr) {
    return false;
  }
  auto now = std::chrono::steady_clock::now();
  auto [it, inserted] = m_buckets.try_emplace(account + "|" + spec->name);
  Bucket& b = it->second;
  if (inserted) {
    b.tokens = spec->burst;
    b.refilled = now;
  }
  std::chrono::duration<double> elapsed = now - b.refilled;
  b.tokens = std::min(spec->burst, b.tokens + elapsed.count() * spec->refill);
  b.refilled = now;
  if (b.tokens < 1) {
    return true;
  }
  b.tokens -= 1;
  return false;
}

}  // namespace emulator
