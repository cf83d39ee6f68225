#pragma once
// ChainProvider: tries credential sources in order; the first that yields keys wins and is
// used from then on. A source that is not set up is skipped; one that is set up but fails
// stops the chain with its error (botocore does the same), so a broken profile never
// silently falls through to, say, instance credentials.

#include <memory>
#include <string>
#include <vector>

#include "aws/credentials/credentials.h"

namespace aws {

struct ChainLink {
  std::string name;  // "environment variables", "profile 'dev'", ...
  std::unique_ptr<CredentialsProvider> provider;
};

class ChainProvider final : public CredentialsProvider {
 public:
  // `advice` ends the "nothing found" message ("Set AWS_PROFILE or ...").
  ChainProvider(std::vector<ChainLink> links, std::string advice);
  util::Result<Credentials> get() override;

 private:
  std::vector<ChainLink> m_links;
  std::string m_advice;
  CredentialsProvider* m_winner = nullptr;
  std::string m_winner_name;
};

// A provider that always fails with `error` (possibly not_configured()): lets a chain be
// built without network access and report configuration problems only when asked.
class FailingProvider final : public CredentialsProvider {
 public:
  explicit FailingProvider(util::Error error) : m_error(std::move(error)) {}
  util::Result<Credentials> get() override { return m_error; }

 private:
  util::Error m_error;
};

}  // namespace aws
