#pragma once
// StsClient: the STS calls the engine and the CLI need (GetCallerIdentity). Takes structs,
// returns structs; never retries, prints or decides (AwsClient retries).

#include <string>

#include "aws/aws_client.h"
#include "util/result.h"

namespace services {

struct CallerIdentity {
  std::string account;  // 12 digits
  std::string arn;      // arn:aws:sts::123456789012:assumed-role/ci/session
  std::string user_id;
};

class StsClient {
 public:
  explicit StsClient(aws::AwsClient& client) : m_client(client) {}

  util::Result<CallerIdentity> get_caller_identity();

 private:
  aws::AwsClient& m_client;
};

// Parses a GetCallerIdentityResponse XML body (pure; exposed for tests).
util::Result<CallerIdentity> parse_caller_identity(std::string_view xml);

}  // namespace services
