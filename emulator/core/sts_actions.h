#pragma once
// STS (awsQuery protocol, XML responses): GetCallerIdentity, AssumeRole,
// AssumeRoleWithWebIdentity. Issued temporary credentials are added to State::identities with
// an expiry on the virtual clock, so the emulator accepts them afterwards.
#include <string>
#include <utility>
#include <vector>

#include "core/state.h"

namespace emulator {

using FormParams = std::vector<std::pair<std::string, std::string>>;

// caller is null only for AssumeRoleWithWebIdentity (unsigned). Throws ApiError.
std::string sts_action(State& st, const Identity* caller, const std::string& action,
                       const FormParams& params, const std::string& request_id);
std::string sts_error_xml(const std::string& code, const std::string& message,
                          const std::string& request_id, bool sender);
std::string xml_escape(const std::string& s);
std::string iso8601(double epoch_seconds);

}  // namespace emulator
