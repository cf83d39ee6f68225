#pragma once
// Pure rule of --base auto: a redeploy of a tag that already ran well, while the family's
// latest revision was deployed and never succeeded, copies the last good revision instead of
// the latest (which is then most likely what failed). A latest revision that was never deployed
// is a configuration waiting for its first deploy (Terraform registered it): it is copied.
// The step that applies the choice is choose_base_step (deploy_steps.h).

#include <string>
#include <vector>

#include "engine/rollback_target.h"

namespace engine {

// `latest`: the family's latest revision, not the one the service runs; `deployments` newest
// first; `tag_ran_well`: the tag being deployed is the image of a revision that ran well.
bool auto_base_is_last_good(const std::string& latest,
                            const std::vector<PastDeployment>& deployments, bool tag_ran_well);

}  // namespace engine
