#pragma once
// AWS Signature Version 4 (header signing), stage by stage so each stage can be checked
// against the official test vectors in ../shared/testdata/sigv4.

#include <string>

#include "aws/credentials/credentials.h"
#include "aws/http_transport.h"
#include "util/clock.h"

namespace aws {

struct SigningParams {
  std::string region;   // the real region, also when the endpoint is overridden
  std::string service;  // signing name: "ecs", "ecr", "logs", "sts"
  util::SystemTime time;
  bool normalize_path = true;   // false only for S3-style services
  bool sign_body_header = false;  // add x-amz-content-sha256 (S3-style)
};

struct SigningStages {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;  // 64 hex characters
  std::string authorization;  // the full Authorization header value
};

// Adds X-Amz-Date, X-Amz-Security-Token (when the credentials have one) and Authorization
// to `request` and returns the intermediate stages. `request.url` must be absolute; the
// Host header is derived from it when absent.
SigningStages sign_request(HttpRequest& request, const Credentials& credentials,
                           const SigningParams& params);

}  // namespace aws
