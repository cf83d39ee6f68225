#pragma once
// Identity-based IAM policy evaluation for the emulator: which action/resource pairs a call
// needs (request_authorizations) and whether a set of policy documents allows them
// (evaluate). Explicit Deny wins, then any Allow, else implicit deny. An identity whose
// scenario entry has no policy is unrestricted, so older scenarios keep working.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"

namespace emulator {

class State;

enum class Decision { Allow, ExplicitDeny, ImplicitDeny };

// One permission check: the IAM action, the resource ARN and the condition keys it carries.
struct Authorization {
  std::string action;
  std::string resource;
  std::map<std::string, std::string> context;
};

// True when `value` matches `pattern` with * (any run) and ? (one character).
bool wildcard_match(const std::string& pattern, const std::string& value, bool ignore_case);

// `policies` is one document or an array of documents ({"Statement": [...] or {...}}).
Decision evaluate(const Json& policies, const Authorization& request);

// The checks AWS makes for `operation` of `service` ("ecs", "ecr", "logs", "sts", "cloudwatch",
// "application-autoscaling") with the request `body`; resources are resolved against the
// caller's account and the State region.
std::vector<Authorization> request_authorizations(const State& st, const Identity& caller,
                                                  const std::string& service,
                                                  const std::string& operation, const Json& body);

// The policies that bind `caller`: its own, or for an assumed-role session its role's.
// Null when unrestricted.
const Json& policies_of(const State& st, const Identity& caller);

// The AWS AccessDenied message for a refused check, or nullopt when every check passes.
std::optional<std::string> authorize(const State& st, const Identity& caller,
                                     const std::string& service, const std::string& operation,
                                     const Json& body);

}  // namespace emulator
