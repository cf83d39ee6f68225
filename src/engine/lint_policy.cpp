// lint_policy: does an identity policy let its holder pass any role? Statements are judged by
// what they allow, as IAM evaluates them: Action / NotAction patterns are case-insensitive
// wildcards ('*' any run, '?' one character), and NotAction / NotResource with Allow grant
// everything they do not name ({"NotAction": "s3:*", "Resource": "*"} allows iam:PassRole).
#include <string>
#include <string_view>
#include <vector>

#include "engine/lint.h"
#include "util/strings.h"

namespace engine {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view k_pass_role = "iam:passrole";

// IAM's wildcard match; `pattern` and `text` already lower-cased where case does not matter.
bool wildcard_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

std::vector<std::string> strings_of(const Json& value) {
  std::vector<std::string> out;
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
  } else if (value.is_array()) {
    for (const auto& v : value) {
      if (v.is_string()) {
        out.push_back(v.get<std::string>());
      }
    }
  }
  return out;
}

bool any_action_matches(const Json& patterns, std::string_view action) {
  for (const auto& p : strings_of(patterns)) {
    if (wildcard_match(util::to_lower(p), action)) {
      return true;
    }
  }
  return false;
}

// A resource pattern that covers every role of its account (or of all accounts): it matches a
// made-up role name in the partition and account the pattern itself names.
bool covers_any_role(const std::string& pattern) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (int i = 0; i < 4; ++i) {
    auto colon = pattern.find(':', start);
    if (colon == std::string::npos) {
      break;
    }
    fields.push_back(pattern.substr(start, colon - start));
    start = colon + 1;
  }
  const bool arn = fields.size() == 4;
  const std::string partition = arn ? fields[1] : "aws";
  const std::string account = arn ? pattern.substr(start, pattern.find(':', start) - start) : "";
  const std::string probe = "arn:" + partition +
                            ":iam::" + (account.empty() ? "123456789012" : account) +
                            ":role/ecsdeploy-lint-probe";
  return wildcard_match(pattern, probe);
}

bool allows_action(const Json& s, std::string_view action) {
  if (s.contains("Action")) {
    return any_action_matches(s["Action"], action);
  }
  return s.contains("NotAction") && !any_action_matches(s["NotAction"], action);
}

bool allows_any_role(const Json& s) {
  if (s.contains("Resource")) {
    for (const auto& r : strings_of(s["Resource"])) {
      if (covers_any_role(r)) {
        return true;
      }
    }
    return false;
  }
  if (!s.contains("NotResource")) {
    return false;
  }
  // Everything but the roles named: still any other role, unless every role is excluded.
  for (const auto& r : strings_of(s["NotResource"])) {
    if (covers_any_role(r)) {
      return false;
    }
  }
  return true;
}

std::string str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::vector<Finding> lint_policy(const Json& policy) {
  std::vector<Finding> out;
  const auto statements = policy.find("Statement");
  if (statements == policy.end()) {
    return out;
  }
  std::vector<Json> list = statements->is_array() ? statements->get<std::vector<Json>>()
                                                  : std::vector<Json>{*statements};
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& s = list[i];
    if (!s.is_object() || str(s, "Effect") != "Allow") {
      continue;
    }
    if (!allows_action(s, k_pass_role) || !allows_any_role(s)) {
      continue;
    }
    const std::string sid = str(s, "Sid").empty() ? "#" + std::to_string(i + 1) : str(s, "Sid");
    const bool negated = s.contains("NotAction") || s.contains("NotResource");
    out.push_back({Severity::Error,
                   "passrole-any-role",
                   "policy statement " + sid + " allows iam:PassRole on any role" +
                       (negated ? " (NotAction/NotResource allow all they do not name)" : ""),
                   "limit iam:PassRole to the task definition's task and execution roles with "
                   "the condition iam:PassedToService = ecs-tasks.amazonaws.com",
                   str(s, "Sid"),
                   Finding::Source::Policy,
                   {Hint{NextStep::PrintRolePolicies}}});
  }
  return out;
}

}  // namespace engine
