#pragma once
// ecsdeploy init-workflows: writes the ECS Deploy and ECS Scale GitHub workflows into a
// repository, with its environments, action reference and (optionally) target names filled in;
// --approval the approval workflow, --matrix the fleet workflow with ecsdeploy.yml's groups.

#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/config_file.h"
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

// The fleet workflow's matrix (cmd_init_workflows_matrix.cpp): one group per AWS account and
// region, since ECS's token buckets are per account and region.
struct FleetGroup {
  std::string account;               // the targets' expect_account; empty: not given
  std::string region;                // empty: the AWS_REGION variable
  std::vector<std::string> targets;  // ecsdeploy.yml entry names, in file order
};

// Pure: the targets grouped by (expect_account, region), groups in order of first appearance.
std::vector<FleetGroup> fleet_groups(const ConfigFile& file);

// Pure: the fleet template with its example matrix replaced by `groups` and max-parallel set
// to their number. Errors: no group, more than GitHub's 256 matrix jobs, a name the workflow
// cannot carry verbatim (InvalidInput); a template out of shape (Internal).
util::Result<std::string> fill_fleet_matrix(std::string_view workflow,
                                            const std::vector<FleetGroup>& groups);

OptionTable init_workflows_options();
int run_init_workflows(CommandContext& context);

}  // namespace cli
