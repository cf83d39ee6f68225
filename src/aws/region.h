#pragma once
// The region, resolved as the AWS CLI does: --region → AWS_REGION → AWS_DEFAULT_REGION →
// the profile's `region` → error.

#include <optional>
#include <string>

#include "aws/config_file.h"
#include "util/env.h"
#include "util/result.h"

namespace aws {

// `profile` is the merged profile section (nullopt when the profile does not exist). Errors
// are InvalidInput: no region anywhere, an empty --region, or a value that cannot be a
// region name (it becomes part of host names).
util::Result<std::string> resolve_region(const std::optional<std::string>& flag,
                                         const util::Env& env,
                                         const std::optional<ConfigSection>& profile);

// Lower-case letters, digits and '-', 1..64 characters, starting with a letter.
bool is_valid_region_name(const std::string& region);

}  // namespace aws
