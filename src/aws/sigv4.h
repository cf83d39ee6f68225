#pragma once
// AWS Signature Version 4 (header and query signing), stage by stage so each stage can be checked
// against the official test vectors in ../shared/testdata/sigv4.

#include <chrono>
#include <string>

#include "aws/credentials/credentials.h"
#include "aws/http_transport.h"
#include "util/clock.h"

namespace aws {

struct SigningParams {
  std::string region;   // the real region, also when the endpoint is overridden
  std::string service;  // signing name: "ecs", "ecr", "logs", "sts"
  util::SystemTime time;
  bool normalize_path = true;     // false only for S3-style services
  bool sign_body_header = false;  // add x-amz-content-sha256 (S3-style)
};

struct SigningStages {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;      // 64 hex characters
  std::string authorization;  // the full Authorization header value
};

// Adds X-Amz-Date, X-Amz-Security-Token (when the credentials have one) and Authorization
// to `request` and returns the intermediate stages. `request.url` must be absolute; the
// Host header is derived from it when absent.
//
// Signed headers are all headers present except authorization, user-agent, expect,
// connection, transfer-encoding and x-amzn-trace-id (proxies and curl may change those).
// The URL path is taken as sent on the wire and URI-encoded once more per segment, as every
// service but S3 expects. Re-signing the same request (a retry) replaces the earlier
// X-Amz-Date, token and Authorization headers.
//
// The canonical request contains header values, including the session token: never log it.
SigningStages sign_request(HttpRequest& request, const Credentials& credentials,
                           const SigningParams& params);

// Query-string signing (a presigned URL): appends X-Amz-Algorithm, X-Amz-Credential,
// X-Amz-Date, X-Amz-SignedHeaders, X-Amz-Expires, X-Amz-Security-Token (when the
// credentials have one) and X-Amz-Signature to `request.url`; adds only a Host header when
// absent. `sign_body_header` is ignored. The returned `authorization` is empty.
SigningStages presign_request(HttpRequest& request, const Credentials& credentials,
                              const SigningParams& params, std::chrono::seconds expires);

}  // namespace aws
