#include "aws/rate_limiter.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace aws {

namespace {

using Steady = std::chrono::steady_clock::time_point;

struct Published {
  std::string_view operation;
  BucketSpec spec;
};

constexpr BucketSpec k_service_read{"service-read", 100, 20};
constexpr BucketSpec k_service_modify{"service-modify", 50, 5};
constexpr BucketSpec k_taskdef_read{"task-definition-read", 50, 20};
constexpr BucketSpec k_taskdef_modify{"task-definition-modify", 20, 1};
constexpr BucketSpec k_cluster_read{"cluster-read", 50, 20};
constexpr BucketSpec k_cluster_resource_read{"cluster-resource-read", 100, 20};
constexpr BucketSpec k_service_deployment{"service-deployment", 50, 20};
constexpr BucketSpec k_service_revision{"service-revision", 50, 20};

// Digest §6, "ECS server buckets".
constexpr std::array<Published, 17> k_published{{
    {"DescribeServices", k_service_read},
    {"ListServices", k_service_read},
    {"CreateService", k_service_modify},
    {"UpdateService", k_service_modify},
    {"DeleteService", k_service_modify},
    {"DescribeTaskDefinition", k_taskdef_read},
    {"ListTaskDefinitions", k_taskdef_read},
    {"ListTaskDefinitionFamilies", k_taskdef_read},
    {"RegisterTaskDefinition", k_taskdef_modify},
    {"DeregisterTaskDefinition", k_taskdef_modify},
    {"DescribeClusters", k_cluster_read},
    {"ListClusters", k_cluster_read},
    {"DescribeTasks", k_cluster_resource_read},
    {"ListTasks", k_cluster_resource_read},
    {"DescribeServiceDeployments", k_service_deployment},
    {"ListServiceDeployments", k_service_deployment},
    {"DescribeServiceRevisions", k_service_revision},
}};

void refill(TokenBucket& b, Steady now) {
  if (now > b.updated) {
    const double seconds = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(b.capacity, b.tokens + seconds * b.rate);
    b.updated = now;
  }
}

}  // namespace

std::optional<BucketSpec> ecs_bucket(std::string_view operation) {
  for (const auto& p : k_published) {
    if (p.operation == operation) {
      return p.spec;
    }
  }
  return std::nullopt;
}

TokenBucket full_bucket(const BucketSpec& spec, Steady now) {
  return TokenBucket{spec.burst, spec.refill, spec.burst, now};
}

util::Duration reserve(TokenBucket& b, Steady now) {
  refill(b, now);
  b.tokens -= 1;
  if (b.tokens >= 0 || b.rate <= 0) {
    return util::Duration{0};
  }
  // Round up: sending a millisecond early would find the server's bucket still empty.
  return util::Duration{static_cast<long long>(std::ceil(-b.tokens / b.rate * 1000.0))};
}

double rate_after_throttle(double rate) {
  return std::max(k_min_rate, rate * k_cubic_beta);
}

double cubic_rate(double max_rate, double seconds) {
  const double k = std::cbrt(max_rate * (1 - k_cubic_beta) / k_cubic_scale);
  return k_cubic_scale * std::pow(seconds - k, 3) + max_rate;
}

RateLimiter::Entry* RateLimiter::entry(Service service, std::string_view operation,
                                       const std::string& region) {
  if (service != Service::Ecs) {
    return nullptr;
  }
  auto spec = ecs_bucket(operation);
  if (!spec) {
    return nullptr;
  }
  const std::string key = region + "|" + std::string(spec->name);
  auto it = m_entries.find(key);
  if (it == m_entries.end()) {
    it =
        m_entries.emplace(key, Entry{*spec, full_bucket(*spec, m_clock.steady_now()), 0, {}}).first;
  }
  return &it->second;
}

bool RateLimiter::acquire(Service service, std::string_view operation, const std::string& region) {
  util::Duration wait{0};
  {
    std::lock_guard lock(m_mutex);
    Entry* e = entry(service, operation, region);
    if (e == nullptr) {
      return true;
    }
    wait = reserve(e->bucket, m_clock.steady_now());
    if (wait.count() > 0) {
      ++m_paced_calls;
      m_paced_time += wait;
    }
  }
  return wait.count() <= 0 || m_clock.sleep_for(wait);
}

void RateLimiter::record(Service service, std::string_view operation, const std::string& region,
                         bool throttled) {
  std::lock_guard lock(m_mutex);
  Entry* e = entry(service, operation, region);
  if (e == nullptr) {
    return;
  }
  const Steady now = m_clock.steady_now();
  TokenBucket& b = e->bucket;
  refill(b, now);
  if (throttled) {
    b.tokens = std::min(b.tokens, 0.0);
    if (m_adaptive) {
      e->max_rate = b.rate;
      e->throttled_at = now;
      b.rate = rate_after_throttle(b.rate);
      b.capacity = std::max(1.0, std::min(b.capacity, b.rate));  // no bursts until it recovers
    }
    return;
  }
  if (m_adaptive && e->throttled_at) {
    const double seconds = std::chrono::duration<double>(now - *e->throttled_at).count();
    b.rate = std::clamp(cubic_rate(e->max_rate, seconds), rate_after_throttle(e->max_rate),
                        e->spec.refill);
    b.capacity = b.rate >= e->spec.refill ? e->spec.burst : std::max(1.0, b.rate);
    if (b.rate >= e->spec.refill) {
      e->throttled_at.reset();
    }
  }
}

long long RateLimiter::paced_calls() const {
  std::lock_guard lock(m_mutex);
  return m_paced_calls;
}

util::Duration RateLimiter::paced_time() const {
  std::lock_guard lock(m_mutex);
  return m_paced_time;
}

}  // namespace aws
