#pragma once
// ecsdeploy lint: static checks on the task definition, its service and the deploy role's
// policy (engine/lint.h), printed as text, JSON or GitHub annotations.

#include <string>
#include <vector>

#include "cli/command.h"
#include "engine/lint.h"

namespace cli {

enum class LintFormat { Text, Json, GitHub };

struct LintReport {
  std::vector<engine::Finding> findings;
  std::string file;       // the task definition file the findings point into; may be empty
  std::string file_text;  // its content, to find lines
  std::string policy_file;
};

// Pure renderers (tested with tables).
std::string lint_text(const LintReport& report);
std::string lint_json(const LintReport& report);
std::string lint_github(const LintReport& report);  // ::error/::warning/::notice lines

// 0 clean or notices only; 1 on errors, and on warnings with `strict`.
int lint_exit_code(const std::vector<engine::Finding>& findings, bool strict);

OptionTable lint_options();
int run_lint(CommandContext& context);

}  // namespace cli
