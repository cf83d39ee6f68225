#pragma once
// The JSON credentials document served by the ECS container endpoint and by EC2 instance
// metadata: {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"} (IMDS adds "Code").

#include <string_view>

#include "aws/credentials/credentials.h"

namespace aws {

// Errors never quote the body: it holds the secret key.
util::Result<Credentials> parse_metadata_credentials(std::string_view body);

}  // namespace aws
