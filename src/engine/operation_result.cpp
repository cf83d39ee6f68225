#include "engine/operation_result.h"

namespace engine {

OperationResult begin_result(std::string command, std::string cluster, std::string service,
                             bool dry_run) {
  OperationResult r;
  r.command = std::move(command);
  r.cluster = std::move(cluster);
  r.service = std::move(service);
  r.dry_run = dry_run;
  return r;
}

}  // namespace engine
