#include "engine/lint.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "util/strings.h"

namespace engine {

namespace {

using Json = nlohmann::ordered_json;

std::string str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> tokens_of(std::string_view name) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      cur += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) {
    out.push_back(cur);
  }
  return out;
}

// Values that are references or switches, not secrets: empty, booleans, ARNs, short numbers.
bool looks_like_literal_secret_value(const std::string& value) {
  if (value.empty() || value == "true" || value == "false" || value.rfind("arn:", 0) == 0) {
    return false;
  }
  return !(value.size() <= 4 && std::all_of(value.begin(), value.end(),
                                            [](unsigned char c) { return std::isdigit(c) != 0; }));
}

const std::array<std::string_view, 8> k_mutable_tags = {"latest", "main",    "master", "stable",
                                                        "dev",    "develop", "edge",   "nightly"};

}  // namespace

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Notice:
      return "notice";
    case Severity::Info:
      break;
  }
  return "info";
}

bool looks_like_secret_name(std::string_view name) {
  const auto t = tokens_of(name);
  if (t.empty()) {
    return false;
  }
  // A name that points at a secret is how it should be done.
  static const std::array<std::string_view, 10> k_reference = {
      "ARN", "NAME", "ID", "PATH", "FILE", "URL", "ENDPOINT", "REGION", "HEADER", "LENGTH"};
  if (std::find(k_reference.begin(), k_reference.end(), t.back()) != k_reference.end()) {
    return false;
  }
  static const std::array<std::string_view, 9> k_words = {"PASSWORD",    "PASSWD", "PWD",
                                                          "SECRET",      "TOKEN",  "CREDENTIAL",
                                                          "CREDENTIALS", "APIKEY", "PASSPHRASE"};
  for (const auto& word : t) {
    if (std::find(k_words.begin(), k_words.end(), word) != k_words.end()) {
      return true;
    }
  }
  // KEY alone is too common (CACHE_KEY_PREFIX); as the last word it is a secret unless public.
  if (t.back() == "KEY") {
    return !(t.size() >= 2 && t[t.size() - 2] == "PUBLIC");
  }
  return false;
}

std::optional<std::string> image_tag_of(std::string_view image) {
  if (image.find('@') != std::string_view::npos) {
    return std::nullopt;  // pinned by digest: immutable
  }
  auto slash = image.rfind('/');
  auto colon = image.rfind(':');
  if (colon == std::string_view::npos || (slash != std::string_view::npos && colon < slash)) {
    return std::string();  // no tag: Docker means "latest"
  }
  return std::string(image.substr(colon + 1));
}

std::vector<Finding> lint_task_definition(const Json& input) {
  const Json& td = input.contains("taskDefinition") ? input["taskDefinition"] : input;
  std::vector<Finding> out;
  const std::string task_role = str(td, "taskRoleArn");
  const std::string exec_role = str(td, "executionRoleArn");
  if (!task_role.empty() && task_role == exec_role) {
    out.push_back({Severity::Warning,
                   "same-task-and-execution-role",
                   "the task role and the execution role are the same role (" + task_role + ")",
                   "the execution role pulls images, writes logs and reads secrets for ECS; the "
                   "task role is what the application may call: give each its own role",
                   "taskRoleArn",
                   Finding::Source::TaskDefinition,
                   {Hint{NextStep::PrintRolePolicies}}});
  }
  if (task_role.empty()) {
    out.push_back({Severity::Warning, "no-task-role", "the task definition has no task role",
                   "give the application its own (even empty) task role: without one it gets no "
                   "AWS credentials on Fargate, and on EC2 it may fall back to the instance role",
                   "family"});
  }
  if (exec_role.empty()) {
    out.push_back({Severity::Warning, "no-execution-role",
                   "the task definition has no execution role",
                   "ECS needs one to pull from ECR, write awslogs and read secrets; tasks that "
                   "use any of these STOP at start without it",
                   "family"});
  }
  const auto containers = td.find("containerDefinitions");
  if (containers == td.end() || !containers->is_array()) {
    out.push_back({Severity::Error,
                   "no-containers",
                   "the task definition has no containers",
                   "",
                   "",
                   Finding::Source::TaskDefinition,
                   {Hint{NextStep::LintTaskDefinition}}});
    return out;
  }
  for (const auto& c : *containers) {
    const std::string name = str(c, "name");
    const std::string where = "container '" + name + "'";
    if (c.contains("environment") && c["environment"].is_array()) {
      for (const auto& e : c["environment"]) {
        const std::string var = str(e, "name");
        if (looks_like_secret_name(var) && looks_like_literal_secret_value(str(e, "value"))) {
          // Only the name is reported: the value must never reach any output.
          out.push_back({Severity::Warning, "secret-in-environment",
                         where + ": environment variable " + var +
                             " looks like a secret but has a literal value",
                         "move it to `secrets` with valueFrom (Secrets Manager or SSM "
                         "Parameter Store) and read it through the execution role",
                         var});
        }
      }
    }
    const std::string image = str(c, "image");
    if (auto tag = image_tag_of(image)) {
      const bool is_mutable =
          tag->empty() || std::find(k_mutable_tags.begin(), k_mutable_tags.end(),
                                    util::to_lower(*tag)) != k_mutable_tags.end();
      if (is_mutable) {
        out.push_back({Severity::Warning, "mutable-image-tag",
                       where + ": image '" + image + "' uses " +
                           (tag->empty() ? std::string("no tag (= latest)")
                                         : "the mutable tag '" + *tag + "'"),
                       "deploy the build CI's commit-SHA tag so that each revision names exactly "
                       "one image and a rollback really goes back",
                       image});
      }
    }
    if (!c.contains("logConfiguration") || !c["logConfiguration"].is_object()) {
      out.push_back({Severity::Warning,
                     "no-log-configuration",
                     where + " has no logConfiguration",
                     "add the awslogs driver: when tasks STOP right after start, their last log "
                     "lines are the evidence",
                     name,
                     Finding::Source::TaskDefinition,
                     {Hint{NextStep::ReadStoppedTasks}}});
    }
  }
  return out;
}

std::vector<Finding> lint_service(const services::Service& service) {
  std::vector<Finding> out;
  const auto& config = service.deployment_configuration;
  if (service.deployment_controller != "ECS") {
    return out;  // circuit breakers only exist for the rolling (ECS) controller
  }
  if (!config.circuit_breaker_enable) {
    out.push_back({Severity::Warning, "circuit-breaker-off",
                   "service '" + service.name + "' has the deployment circuit breaker off",
                   "enable deploymentCircuitBreaker (enable: true, rollback: true) so that a "
                   "deployment whose tasks keep failing stops and rolls back by itself",
                   service.name, Finding::Source::Service});
  } else if (!config.circuit_breaker_rollback) {
    out.push_back({Severity::Notice,
                   "circuit-breaker-no-rollback",
                   "service '" + service.name + "' has the circuit breaker on without rollback",
                   "set rollback: true",
                   service.name,
                   Finding::Source::Service,
                   {Hint{NextStep::RollbackOnFailure}}});
  }
  return out;
}

std::vector<Finding> lint(const LintInput& input) {
  std::vector<Finding> out;
  auto append = [&](std::vector<Finding> more) {
    out.insert(out.end(), std::make_move_iterator(more.begin()),
               std::make_move_iterator(more.end()));
  };
  if (input.task_definition) {
    append(lint_task_definition(*input.task_definition));
  }
  if (input.service) {
    append(lint_service(*input.service));
  }
  for (const auto& p : input.policies) {
    append(lint_policy(p));
  }
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return static_cast<int>(a.severity) > static_cast<int>(b.severity);  // errors first
  });
  return out;
}

}  // namespace engine
