#pragma once
// The deadline of the blocking calls this thread makes: the watch sets it for its polls, and
// the retry loop (aws/retry) cuts each attempt's timeout to the time left and stops retrying
// at it, so a request that hangs cannot outlive --timeout. Per thread, so the parallel
// preflight calls are not affected; scopes nest (the inner deadline wins while it lives).

#include <chrono>
#include <optional>

namespace util {

using SteadyTime = std::chrono::steady_clock::time_point;

std::optional<SteadyTime> current_deadline();

class DeadlineScope {
 public:
  explicit DeadlineScope(SteadyTime deadline);
  ~DeadlineScope();
  DeadlineScope(const DeadlineScope&) = delete;
  DeadlineScope& operator=(const DeadlineScope&) = delete;

 private:
  std::optional<SteadyTime> m_previous;
};

}  // namespace util
