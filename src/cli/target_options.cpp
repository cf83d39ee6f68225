#include "cli/target_options.h"

#include "cli/validate.h"

namespace cli {

util::Result<Target> parse_target(const OptionValues& v) {
  auto cluster = require_name(v, "cluster", true);
  if (!cluster) {
    return cluster.take_error();
  }
  auto service = require_name(v, "service", true);
  if (!service) {
    return service.take_error();
  }
  return Target{std::move(*cluster), std::move(*service)};
}

util::Status parse_watch(const OptionValues& v, engine::WatchOptions& watch) {
  auto timeout = optional_duration(v, "timeout");
  if (!timeout) {
    return timeout.take_error();
  }
  auto crash = optional_int(v, "crash-loop-threshold", 1, 100);
  if (!crash) {
    return crash.take_error();
  }
  auto settle = optional_settle(v);
  if (!settle) {
    return settle.take_error();
  }
  if (*settle) {
    watch.settle = **settle;
  }
  watch.timeout = timeout->value_or(watch.timeout);
  watch.crash_loop_threshold = crash->value_or(watch.crash_loop_threshold);
  return {};
}

}  // namespace cli
