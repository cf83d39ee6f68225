#pragma once
// EcrClient: DescribeImages by tag, for the preflight's "tag exists" check.

#include <optional>
#include <string>
#include <vector>

#include "aws/aws_client.h"
#include "util/clock.h"
#include "util/result.h"

namespace services {

struct ImageDetail {
  std::string registry_id;
  std::string repository_name;
  std::string digest;
  std::vector<std::string> tags;
  std::optional<util::SystemTime> pushed_at;
};

class EcrClient {
 public:
  explicit EcrClient(aws::AwsClient& client) : m_client(client) {}

  // The image with that tag. A missing tag or repository is an Error of kind NotFound whose
  // code is ImageNotFoundException / RepositoryNotFoundException. registry_id may be empty;
  // `region` is the registry's region ("" = the session's): ECR answers only for its own.
  util::Result<ImageDetail> describe_image_by_tag(const std::string& registry_id,
                                                  const std::string& repository,
                                                  const std::string& tag,
                                                  const std::string& region = {});
  // The session's region, where calls without a region go.
  const std::string& region() const { return m_client.config().region; }

 private:
  aws::AwsClient& m_client;
};

}  // namespace services
