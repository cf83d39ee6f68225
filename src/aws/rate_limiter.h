#pragma once
// Client-side pacing per ECS API bucket (digest §6): ECS throttles each account and region
// with token buckets (service read 100 burst / 20 per s, service modify 50 / 5, task
// definition modify 20 / 1, ...). One RateLimiter belongs to one AwsClient, which signs with
// one set of credentials (one account), and holds one bucket per region and published bucket,
// so every call of a run (parallel preflights, updates, the watch) draws from the same tokens
// and a burst is paced instead of thrown back as ThrottlingException.
//
// On top of it, adaptive mode (AWS_RETRY_MODE=adaptive, as the SDKs): a throttling answer
// lowers the bucket's rate to beta x the rate in effect and it grows back along CUBIC's curve,
// never above the published refill. Both modes empty the bucket on a throttling answer: the
// server just said its tokens are gone (others may share the account's buckets).
//
// The decisions are pure functions (reserve, rate_after_throttle, cubic_rate); the limiter is
// the lock around them and the sleep on the injected Clock.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "aws/service.h"
#include "util/clock.h"

namespace aws {

struct BucketSpec {
  std::string_view name;  // "service-modify"
  double burst = 0;       // tokens when full
  double refill = 0;      // tokens per second
};

// The published ECS bucket `operation` draws from; nullopt when ECS publishes none for it.
std::optional<BucketSpec> ecs_bucket(std::string_view operation);

struct TokenBucket {
  double capacity = 0;  // the burst
  double rate = 0;      // tokens per second in effect (lower than the refill after throttling)
  double tokens = 0;    // negative: reservations queued behind the refill
  std::chrono::steady_clock::time_point updated{};
};

TokenBucket full_bucket(const BucketSpec& spec, std::chrono::steady_clock::time_point now);

// Takes one token at `now` and returns how long the caller waits before sending: zero when a
// token was there, else the time the refill needs to reach this reservation. Reservations
// queue (tokens go negative), so concurrent callers are spaced 1/rate apart.
util::Duration reserve(TokenBucket& bucket, std::chrono::steady_clock::time_point now);

// Adaptive mode, as the SDKs' CUBIC client rate: after a throttle the rate drops to beta x
// the rate in effect; `seconds` later it is C(t-K)^3 + Wmax with K = cbrt(Wmax(1-beta)/C),
// Wmax the rate when throttled (back at Wmax after K seconds, above it later).
inline constexpr double k_cubic_beta = 0.7;
inline constexpr double k_cubic_scale = 0.4;
// The pace never drops below this (tokens per second, as the SDKs' MIN_FILL_RATE): a storm of
// throttling answers slows a client down, it must not stop it.
inline constexpr double k_min_rate = 0.5;
double rate_after_throttle(double rate);
double cubic_rate(double max_rate, double seconds);

class RateLimiter {
 public:
  RateLimiter(util::Clock& clock, bool adaptive) : m_clock(clock), m_adaptive(adaptive) {}

  // Waits for a token of the bucket the call draws from (nothing for a call without one).
  // False: the wait was interrupted.
  bool acquire(Service service, std::string_view operation, const std::string& region);
  // What the call's attempt got back: a throttling answer empties the bucket and, in adaptive
  // mode, lowers its rate; later answers let the rate grow back.
  void record(Service service, std::string_view operation, const std::string& region,
              bool throttled);

  bool adaptive() const { return m_adaptive; }
  // Calls that waited for a token, and the time they waited in all (for -v and benchmarks).
  long long paced_calls() const;
  util::Duration paced_time() const;

 private:
  struct Entry {
    BucketSpec spec;
    TokenBucket bucket;
    double max_rate = 0;  // the rate when last throttled (adaptive)
    std::optional<std::chrono::steady_clock::time_point> throttled_at;
  };
  // The entry for the call, created full on first use; nullptr when it draws from none.
  Entry* entry(Service service, std::string_view operation, const std::string& region);

  util::Clock& m_clock;
  bool m_adaptive;
  mutable std::mutex m_mutex;
  std::map<std::string, Entry> m_entries;  // "<region>|<bucket>"
  long long m_paced_calls = 0;
  util::Duration m_paced_time{0};
};

}  // namespace aws
