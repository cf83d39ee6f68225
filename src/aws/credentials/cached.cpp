#include "aws/credentials/cached.h"

#include "util/time.h"

namespace aws {

CachedProvider::CachedProvider(std::unique_ptr<CredentialsProvider> inner, util::Clock& clock,
                               util::Duration refresh_before, util::Duration min_remaining)
    : m_inner(std::move(inner)),
      m_clock(clock),
      m_refresh_before(refresh_before),
      m_min_remaining(min_remaining) {}

util::Result<Credentials> CachedProvider::get() {
  std::lock_guard lock(m_mutex);
  const util::SystemTime now = m_clock.now();
  if (m_cached && (!m_cached->expiration || now < *m_cached->expiration - m_refresh_before)) {
    return *m_cached;
  }
  auto fresh = m_inner->get();
  if (fresh && fresh->expiration && now >= *fresh->expiration) {
    // Signing with them would only earn ExpiredToken; say where they came from instead.
    m_cached.reset();
    return credentials_error("the credentials from " + fresh->source + " expired at " +
                                 util::format_iso8601(*fresh->expiration) +
                                 " (they were just fetched; is the source or this clock wrong?)",
                             "ExpiredCredentials");
  }
  if (fresh) {
    m_cached = fresh.value();
    return fresh;
  }
  if (m_cached && m_cached->expiration && now < *m_cached->expiration - m_min_remaining) {
    return *m_cached;
  }
  m_cached.reset();
  return fresh;
}

}  // namespace aws
