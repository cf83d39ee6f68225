#pragma once
// The two STS calls credential sources make: AssumeRole (signed with the source
// credentials) and AssumeRoleWithWebIdentity (unsigned; the token is the proof). They go
// straight through the HttpTransport rather than AwsClient, because AwsClient always signs
// and itself needs a credentials provider; a failed call surfaces as a classified Error and
// the caller's retry (of the AWS call that wanted credentials) tries again.

#include <optional>
#include <string>
#include <string_view>

#include "aws/credentials/credentials.h"
#include "aws/http_transport.h"
#include "util/clock.h"

namespace aws {

struct StsTarget {
  HttpTransport* transport = nullptr;
  util::Clock* clock = nullptr;
  std::string endpoint;  // base URL: "https://sts.us-east-1.amazonaws.com"
  std::string region;    // signing region
};

struct AssumeRoleParams {
  std::string role_arn;
  std::string session_name;  // empty: "ecsdeploy-<unix seconds>"
  std::string external_id;   // optional
  std::optional<int> duration_seconds;
};

util::Result<Credentials> sts_assume_role(const StsTarget& sts, const Credentials& source,
                                          const AssumeRoleParams& params);
util::Result<Credentials> sts_assume_role_with_web_identity(const StsTarget& sts,
                                                            const AssumeRoleParams& params,
                                                            std::string_view token);

// The <Credentials> of an AssumeRole* response; a ProtocolError when a member is missing.
util::Result<Credentials> parse_sts_credentials(std::string_view xml);

}  // namespace aws
