#pragma once
// Static checks on a task definition, its service and the deploy role's policy: the mistakes
// the seed warns about (roles not separated, secrets in plain environment values, mutable image
// tags, no logs to read when tasks stop, no circuit breaker) and a PassRole on "*".
// Pure: documents in, findings out. Findings never contain a secret's value.

#include <optional>
#include <string>

#include <string_view>
#include <vector>
#include "engine/next_step.h"

#include <nlohmann/json.hpp>

#include "engine/events.h"
#include "services/ecs_types.h"

namespace engine {

// Severity is engine/events.h's; findings use Error, Warning and Notice.
std::string_view to_string(Severity severity);  // "error", "warning", "notice", "info"

struct Finding {
  Severity severity = Severity::Warning;
  std::string code;     // stable, e.g. "secret-in-environment"
  std::string message;  // what is wrong, naming the container / variable / statement
  std::string hint;     // what to do instead
  std::string subject;  // the name to point at in the source file ("DB_PASSWORD"), may be empty
  enum class Source { TaskDefinition, Service, Policy } source = Source::TaskDefinition;
  Hints next;  // the commands that help; the CLI words them after `hint`
};

struct LintInput {
  // A task definition (or DescribeTaskDefinition's {"taskDefinition": ...} envelope).
  std::optional<nlohmann::ordered_json> task_definition;
  std::optional<services::Service> service;
  // IAM policy documents ({"Version", "Statement"}) to check, e.g. the CI deploy role's.
  std::vector<nlohmann::ordered_json> policies;
};

std::vector<Finding> lint(const LintInput& input);

// Parts, exposed for tests.
std::vector<Finding> lint_task_definition(const nlohmann::ordered_json& task_definition);
std::vector<Finding> lint_service(const services::Service& service);
std::vector<Finding> lint_policy(const nlohmann::ordered_json& policy);
// True for names like DB_PASSWORD, API_TOKEN, STRIPE_SECRET_KEY; false for DB_PASSWORD_ARN.
bool looks_like_secret_name(std::string_view name);
// "" when the image has no tag; the tag otherwise ("" too for a digest reference).
std::optional<std::string> image_tag_of(std::string_view image);

}  // namespace engine
