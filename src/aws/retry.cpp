#include "aws/retry.h"

#include <algorithm>
#include <charconv>

#include "aws/aws_error.h"
#include "util/deadline.h"
#include "util/strings.h"
#include "util/time.h"

namespace aws {

namespace {

using util::Duration;
using util::ErrorKind;

std::optional<Duration> retry_after_hint(const HttpResponse& response) {
  auto value = find_header(response.headers, "x-amz-retry-after");
  if (!value) {
    return std::nullopt;
  }
  std::string_view text = util::trim(*value);
  long long ms = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
  if (ec != std::errc() || end != text.data() + text.size() || ms < 0) {
    return std::nullopt;
  }
  return Duration{ms};
}

}  // namespace

util::Error gave_up(util::Error error, const std::string& operation, int attempts, GaveUp why) {
  const std::string count = std::to_string(attempts) + (attempts == 1 ? " attempt" : " attempts");
  const std::string text = why == GaveUp::Attempts ? "gave up after " + count
                           : why == GaveUp::Quota  ? "not retried: retry quota exhausted"
                                                   : "not retried: the deadline is reached";
  if (error.kind != ErrorKind::Throttling) {
    error.message += " (" + text + ")";
    return error;
  }
  const std::string said = error.message.empty() ? error.code : error.message;
  error.message = operation + " was throttled; " + text +
                  (why == GaveUp::Attempts ? "" : " after " + count) +
                  (said.empty() ? "" : " (" + said + ")");
  return error;
}

RetryConfig RetryConfig::adaptive_mode() {
  RetryConfig c;
  c.adaptive = true;
  return c;
}

RetryConfig RetryConfig::classic() {
  RetryConfig c;
  c.transient_base = Duration{1000};
  c.throttling_base = Duration{1000};
  c.honour_retry_after = false;
  c.retry_cost = 5;
  c.throttling_retry_cost = 5;
  c.timeout_retry_cost = 10;
  return c;
}

bool is_retryable(const util::Error& error) {
  switch (error.kind) {
    case ErrorKind::Throttling:
    case ErrorKind::ServerError:
    case ErrorKind::Timeout:
      return true;
    case ErrorKind::Network:
      return error.code != "TlsError";
    default:
      return false;
  }
}

int retry_cost(const RetryConfig& config, const util::Error& error) {
  switch (error.kind) {
    case ErrorKind::Throttling:
      return config.throttling_retry_cost;
    case ErrorKind::Timeout:
      return config.timeout_retry_cost;
    default:
      return config.retry_cost;
  }
}

Duration backoff_delay(const RetryConfig& config, ErrorKind kind, int attempt, double random01,
                       std::optional<Duration> retry_after) {
  const Duration base =
      kind == ErrorKind::Throttling ? config.throttling_base : config.transient_base;
  // base x 2^(attempt-1), stopping the doubling once it passes the cap (no overflow).
  Duration ceiling = base;
  for (int i = 1; i < attempt && ceiling < config.max_backoff; ++i) {
    ceiling *= 2;
  }
  ceiling = std::min(ceiling, config.max_backoff);
  const double r = std::clamp(random01, 0.0, 1.0);
  Duration t{static_cast<long long>(r * static_cast<double>(ceiling.count()))};
  if (config.honour_retry_after && retry_after) {
    t = std::max(t, std::min(*retry_after, t + config.max_retry_after_extra));
  }
  return t;
}

bool RetryQuota::try_acquire(int cost) {
  std::lock_guard lock(m_mutex);
  if (m_available < cost) {
    return false;
  }
  m_available -= cost;
  return true;
}

void RetryQuota::release(int amount) {
  std::lock_guard lock(m_mutex);
  m_available = std::min(m_capacity, m_available + amount);
}

int RetryQuota::available() const {
  std::lock_guard lock(m_mutex);
  return m_available;
}

RetryStrategy::RetryStrategy(util::Clock& clock, RetryConfig config, RandomSource random,
                             Callback on_retry)
    : m_clock(clock),
      m_config(config),
      m_random(std::move(random)),
      m_on_retry(std::move(on_retry)),
      m_quota(m_config.quota_capacity),
      m_prng(std::random_device{}()) {
  m_config.max_attempts = std::max(1, m_config.max_attempts);
}

double RetryStrategy::next_random() {
  if (m_random) {
    return m_random();
  }
  std::lock_guard lock(m_random_mutex);
  return std::uniform_real_distribution<double>(0.0, 1.0)(m_prng);
}

util::Result<HttpResponse> RetryStrategy::run(const RetryCall& call) {
  const int max_attempts = m_config.max_attempts;
  int held_cost = 0;  // tokens taken by this call's latest retry, refunded on success
  bool skew_corrected = false;
  const std::optional<util::SteadyTime> deadline = util::current_deadline();

  for (int attempt = 1;; ++attempt) {
    AttemptInfo info{attempt, max_attempts, clock_offset(), std::nullopt};
    if (deadline) {
      info.time_left =
          std::max(k_min_attempt_time,
                   std::chrono::duration_cast<Duration>(*deadline - m_clock.steady_now()));
    }
    util::Result<HttpResponse> outcome = call.send(info);

    util::Error error;
    std::optional<Duration> hint;
    std::optional<util::SystemTime> server_date;
    if (outcome.ok()) {
      const HttpResponse& response = *outcome;
      if (response.status >= 200 && response.status < 300) {
        if (call.on_attempt) {
          call.on_attempt(nullptr);
        }
        m_quota.release(held_cost > 0 ? held_cost : m_config.success_increment);
        return outcome;
      }
      error = call.parse_error ? call.parse_error(response) : parse_error_response(response);
      hint = retry_after_hint(response);
      if (auto date = find_header(response.headers, "Date")) {
        server_date = util::parse_http_date(*date);
      }
    } else {
      error = outcome.take_error();
    }
    if (call.on_attempt) {
      call.on_attempt(&error);
    }

    const bool last = attempt >= max_attempts;
    Duration delay{0};
    if (error.kind == ErrorKind::ClockSkew) {
      // Correct the signing clock from the server's Date and retry once, at once: waiting
      // would not help, and the correction also serves later calls.
      if (skew_corrected || !server_date) {
        return error;
      }
      m_clock_offset_ms.store(
          std::chrono::duration_cast<Duration>(*server_date - m_clock.now()).count());
      skew_corrected = true;
      if (last) {
        return error;
      }
    } else {
      if (!is_retryable(error)) {
        return error;
      }
      if (last) {
        return attempt > 1 || error.kind == ErrorKind::Throttling
                   ? gave_up(std::move(error), call.operation, attempt, GaveUp::Attempts)
                   : error;
      }
      const int cost = retry_cost(m_config, error);
      if (!m_quota.try_acquire(cost)) {
        return gave_up(std::move(error), call.operation, attempt, GaveUp::Quota);
      }
      held_cost = cost;
      delay = backoff_delay(m_config, error.kind, attempt, next_random(), hint);
    }

    if (deadline && m_clock.steady_now() + delay >= *deadline) {
      return gave_up(std::move(error), call.operation, attempt, GaveUp::Deadline);
    }
    if (m_on_retry) {
      m_on_retry(RetryNotice{call.operation, attempt, max_attempts, delay, error});
    }
    if (delay.count() > 0 && !m_clock.sleep_for(delay)) {
      util::Error cancelled =
          util::make_error(ErrorKind::Cancelled,
                           call.operation + ": interrupted while waiting to retry", "Interrupted");
      return cancelled;
    }
  }
}

}  // namespace aws
