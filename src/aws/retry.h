#pragma once
// The one retry loop (contributing.md, principle 7): the AWS SDKs' "standard" retry mode. Decisions
// (is it retryable, how long to wait, what it costs) are pure functions below; RetryStrategy
// is the thin loop that sends, asks them, and sleeps on the injected Clock.
//
// Which table: the current ("2026", as in the JS SDK v3) standard mode, not the classic one:
// backoff base 50 ms for transient errors and 1 s for throttling, x-amz-retry-after honoured,
// a retry costs 14 tokens (5 for throttling, timeouts included in the 14). The short base
// makes a lone 500 cheap to ride out, while throttling still backs off by seconds, which is
// what an ECS bucket refilling at 1-20 requests/s needs. RetryConfig::classic() gives the
// older table (1 s base, cost 5, timeouts 10, no retry-after) for AWS_RETRY_MODE=legacy-like
// behaviour. RetryConfig::adaptive() is standard plus adaptive pacing (aws/rate_limiter.h).

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "aws/http_transport.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/result.h"

namespace aws {

// Notice sent before each retry sleep, so the CLI can show "retrying" progress.
struct RetryNotice {
  std::string operation;  // "ecs:DescribeServices"
  int attempt = 0;        // the attempt that failed (1-based)
  int max_attempts = 0;
  util::Duration delay{0};
  util::Error cause;
};

struct RetryConfig {
  int max_attempts = 3;  // total attempts, including the first; AWS_MAX_ATTEMPTS
  util::Duration transient_base{50};
  util::Duration throttling_base{1000};
  util::Duration max_backoff{20000};
  bool honour_retry_after = true;              // x-amz-retry-after (milliseconds)
  util::Duration max_retry_after_extra{5000};  // a hint may add at most this to the backoff
  int quota_capacity = 500;
  int retry_cost = 14;
  int throttling_retry_cost = 5;
  int timeout_retry_cost = 14;
  int success_increment = 1;  // tokens earned by a call that succeeds at the first attempt
  // AWS_RETRY_MODE=adaptive: throttling answers also slow the client's own pace
  // (aws/rate_limiter.h); the retry table is standard's.
  bool adaptive = false;

  static RetryConfig standard() { return {}; }
  static RetryConfig classic();
  static RetryConfig adaptive_mode();
};

// The one "transient error" predicate (contributing.md, principle 7; the watch asks it too):
// whether an error is worth another attempt at all (quota aside): throttling, 5xx-class
// server errors, timeouts and network failures other than TLS errors (a certificate problem
// does not fix itself). Clock skew is handled separately (one immediate corrected retry).
bool is_retryable(const util::Error& error);

// Why a call stopped retrying.
enum class GaveUp { Attempts, Quota, Deadline };

// The error a call that stopped retrying returns: a throttled call says it was throttled,
// by which operation, and after how many attempts ("ecs:DescribeTaskDefinition was throttled;
// gave up after 3 attempts (Rate exceeded)"), so no caller mistakes it for an answer about
// the resource; any other error keeps its message plus why in parentheses.
util::Error gave_up(util::Error error, const std::string& operation, int attempts, GaveUp why);

// Quota tokens a retry of `error` costs.
int retry_cost(const RetryConfig& config, const util::Error& error);

// Delay before the retry that follows failed attempt `attempt` (1-based):
// random01 x min(base x 2^(attempt-1), max_backoff), with base by kind; a retry-after hint
// then gives max(t, min(hint, t + max_retry_after_extra)).
util::Duration backoff_delay(const RetryConfig& config, util::ErrorKind kind, int attempt,
                             double random01, std::optional<util::Duration> retry_after);

// Per-client retry token bucket. Thread-safe.
class RetryQuota {
 public:
  explicit RetryQuota(int capacity) : m_capacity(capacity), m_available(capacity) {}
  // Takes `cost` tokens; false (and nothing taken) when fewer are left.
  bool try_acquire(int cost);
  void release(int amount);
  int available() const;

 private:
  mutable std::mutex m_mutex;
  int m_capacity;
  int m_available;
};

// What the loop tells the sender about the attempt it is making.
struct AttemptInfo {
  int attempt = 1;  // 1-based
  int max_attempts = 1;
  util::Duration clock_offset{0};  // add to the local clock when signing (skew correction)
  // Time left until this thread's deadline (util/deadline.h), at least k_min_attempt_time:
  // the sender caps the attempt's timeouts to it. nullopt: no deadline.
  std::optional<util::Duration> time_left;
};

// The shortest time an attempt is given, even right at a deadline, so the watch's last poll
// can still be answered.
inline constexpr util::Duration k_min_attempt_time{1000};

// One logical call as the retry loop sees it.
struct RetryCall {
  std::string operation;  // "ecs:DescribeServices", for notices and messages
  // Builds, signs and sends one attempt. A transport failure is an Error; any HTTP response
  // is a value (the loop decides what a non-2xx status means).
  std::function<util::Result<HttpResponse>(const AttemptInfo&)> send;
  // Turns a non-2xx response into a classified Error; parse_error_response when unset.
  std::function<util::Error(const HttpResponse&)> parse_error;
  // Optional: told how each attempt ended (nullptr: a 2xx answer), before any retry sleep,
  // so a rate limiter learns of throttling (aws/rate_limiter.h).
  std::function<void(const util::Error*)> on_attempt;
};

class RetryStrategy {
 public:
  using RandomSource = std::function<double()>;  // uniform in [0, 1)
  using Callback = std::function<void(const RetryNotice&)>;

  // `random` defaults to a seeded PRNG; `on_retry` is optional and may be called from
  // several threads when run() is (calls made in parallel share the quota and the offset).
  RetryStrategy(util::Clock& clock, RetryConfig config, RandomSource random = {},
                Callback on_retry = {});

  // Runs `call` until a 2xx response, a non-retryable error, max attempts, an empty quota,
  // the thread's deadline (no retry would start before it) or an interrupted sleep
  // (ErrorKind::Cancelled).
  util::Result<HttpResponse> run(const RetryCall& call);

  // The clock correction learned from the last clock-skew error (server minus local).
  util::Duration clock_offset() const { return util::Duration{m_clock_offset_ms.load()}; }
  int available_tokens() const { return m_quota.available(); }
  const RetryConfig& config() const { return m_config; }

 private:
  double next_random();

  util::Clock& m_clock;
  RetryConfig m_config;
  RandomSource m_random;
  Callback m_on_retry;
  RetryQuota m_quota;
  std::atomic<long long> m_clock_offset_ms{0};
  std::mutex m_random_mutex;
  std::mt19937_64 m_prng;
};

}  // namespace aws
