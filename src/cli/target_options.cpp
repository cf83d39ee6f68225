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
  Target t{std::move(*cluster), std::move(*service), ""};
  auto cluster_arn = ecs_arn_name(v, "cluster");
  auto service_arn = ecs_arn_name(v, "service");
  if (service_arn && !service_arn->cluster.empty() && service_arn->cluster != t.cluster) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            "the service ARN (from " + v.origin("service") + ") is in cluster '" +
                                service_arn->cluster + "', not '" + t.cluster + "'");
  }
  if (cluster_arn && service_arn && cluster_arn->account != service_arn->account) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            "the cluster and service ARNs name different accounts (" +
                                cluster_arn->account + ", " + service_arn->account + ")");
  }
  t.account = cluster_arn ? cluster_arn->account : service_arn ? service_arn->account : "";
  return t;
}

util::Result<std::string> expected_account(const Target& target, const OptionValues& v) {
  auto given = optional_account_id(v, "expect-account");
  if (!given) {
    return given.take_error();
  }
  if (*given && !target.account.empty() && **given != target.account) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            "--expect-account " + **given +
                                " contradicts the account in the ARN (" + target.account + ")");
  }
  return given->value_or(target.account);
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
  auto wait_until = optional_wait_until(v);
  if (!wait_until) {
    return wait_until.take_error();
  }
  watch.wait_until = wait_until->value_or(watch.wait_until);
  watch.timeout = timeout->value_or(watch.timeout);
  watch.crash_loop_threshold = crash->value_or(watch.crash_loop_threshold);
  return {};
}

}  // namespace cli
