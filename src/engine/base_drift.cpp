#include "engine/base_drift.h"

#include "engine/diff.h"
#include "engine/image_swap.h"

namespace engine {

std::vector<DiffLine> drift_beyond_image(const services::TaskDefinition& running,
                                         const services::TaskDefinition& latest,
                                         const std::string& container) {
  std::vector<DiffLine> out;
  const std::string image_path = "containerDefinitions[" + container + "].image";
  for (DiffLine& line : diff_json(strip_read_only(running.raw), strip_read_only(latest.raw))) {
    if (line.path != image_path) {
      out.push_back(std::move(line));
    }
  }
  return out;
}

}  // namespace engine
