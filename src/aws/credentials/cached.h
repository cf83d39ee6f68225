#pragma once
// CachedProvider: remembers the credentials of another provider and fetches new ones shortly
// before they expire, so a long wait (a 2-hour rollout) never signs with expired keys.

#include <memory>
#include <mutex>
#include <optional>

#include "aws/credentials/credentials.h"
#include "util/clock.h"

namespace aws {

class CachedProvider final : public CredentialsProvider {
 public:
  // Refreshes `refresh_before` ahead of Expiration. If a refresh fails while the cached
  // credentials still have more than `min_remaining` left, those are used (and the refresh is
  // tried again on the next call), as botocore's advisory refresh does. Credentials that are
  // already expired when fetched are an error, as in botocore ("refreshed credentials are
  // still expired"), never used.
  CachedProvider(std::unique_ptr<CredentialsProvider> inner, util::Clock& clock,
                 util::Duration refresh_before = std::chrono::minutes(5),
                 util::Duration min_remaining = std::chrono::minutes(1));

  util::Result<Credentials> get() override;

 private:
  std::unique_ptr<CredentialsProvider> m_inner;
  util::Clock& m_clock;
  util::Duration m_refresh_before;
  util::Duration m_min_remaining;
  std::mutex m_mutex;
  std::optional<Credentials> m_cached;
};

}  // namespace aws
