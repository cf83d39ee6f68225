#pragma once
// ecsdeploy init-workflows: writes the ECS Deploy and ECS Scale GitHub workflows into a
// repository, with its environments, action reference and (optionally) target names filled in.

#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "util/result.h"

namespace cli {

struct WorkflowSettings {
  std::vector<std::string> environments{"staging", "production"};  // the first is the default
  // Committed fallbacks for the repository variables (vars.ECS_CLUSTER || 'stg'); empty: none.
  std::string cluster;
  std::string service;
  std::string container;
  std::string family;
  // The ecsdeploy action (--action-ref, required by the command); "./" is the templates' own.
  std::string action_ref = "./";
};

// A local action (./PATH) or OWNER/REPO@<40-hex commit SHA>: a reference that cannot move.
bool pinned_to_commit(const std::string& action_ref);

// Pure: the template with the settings applied. Errors: an invalid environment name or action
// reference (InvalidInput), a template that no longer has the expected shape (Internal).
util::Result<std::string> fill_workflow(std::string_view workflow, const WorkflowSettings& s);

OptionTable init_workflows_options();
int run_init_workflows(CommandContext& context);

}  // namespace cli
