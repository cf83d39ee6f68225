#pragma once
// A deploy copies the family's latest revision. After a failure caused by the configuration (a
// renamed secret, a wrong environment value) that latest revision is the failed one, and a
// redeploy of the previous tag would carry the broken configuration again while the plan's
// diff (image only) hides it. Pure: what the latest revision changes, beyond the deployed
// container's image, against the revision the service runs.

#include <string>
#include <vector>

#include "engine/events.h"
#include "services/ecs_types.h"

namespace engine {

std::vector<DiffLine> drift_beyond_image(const services::TaskDefinition& running,
                                         const services::TaskDefinition& latest,
                                         const std::string& container);

}  // namespace engine
