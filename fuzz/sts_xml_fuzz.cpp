// STS (awsQuery) XML answers: GetCallerIdentity, the AssumeRole* credentials block, the
// error body, and the scanner they share. All must stay linear and non-throwing.
#include <cstddef>
#include <cstdint>
#include <string>

#include "aws/aws_error.h"
#include "aws/credentials/sts.h"
#include "aws/query_protocol.h"
#include "aws/xml.h"
#include "services/sts_client.h"
#include "util/input_limits.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  aws::HttpResponse response;
  response.status = 200;
  response.body.assign(reinterpret_cast<const char*>(data), size);
  if (auto body = aws::query_protocol::parse_response(response, "GetCallerIdentity")) {
    (void)services::parse_caller_identity(*body);
  }
  (void)aws::parse_sts_credentials(response.body);
  (void)aws::xml::too_deep(response.body, util::k_max_nesting_depth);
  (void)aws::xml::find_text(response.body, "Message");
  response.status = 403;
  (void)aws::parse_error_response(response);
  return 0;
}
