// The fleet workflow's matrix, from ecsdeploy.yml: one job per AWS account and region. A job
// per service would put many runs on the same account's token buckets; one per account and
// region gives each run its own buckets, which its rate limiter then paces alone.
#include "cli/cmd_init_workflows.h"

#include <algorithm>
#include <iterator>
#include <regex>

#include "util/strings.h"

namespace cli {

namespace {

// GitHub rejects a matrix of more than 256 jobs.
constexpr std::size_t k_max_matrix_jobs = 256;

util::Error invalid(std::string message) {
  return util::make_error(util::ErrorKind::InvalidInput, std::move(message));
}

util::Error out_of_shape(std::string_view near) {
  return util::make_error(util::ErrorKind::Internal,
                          "fleet workflow template changed shape near '" + std::string(near) + "'");
}

}  // namespace

std::vector<FleetGroup> fleet_groups(const ConfigFile& file) {
  std::vector<FleetGroup> groups;
  for (const auto& target : file.targets) {
    const std::string account = target.get("expect_account").value_or("");
    const std::string region = target.get("region").value_or("");
    auto it = std::find_if(groups.begin(), groups.end(), [&](const FleetGroup& g) {
      return g.account == account && g.region == region;
    });
    if (it == groups.end()) {
      groups.push_back({account, region, {}});
      it = std::prev(groups.end());
    }
    it->targets.push_back(target.name);
  }
  return groups;
}

util::Result<std::string> fill_fleet_matrix(std::string_view workflow,
                                            const std::vector<FleetGroup>& groups) {
  // Written into YAML and matched again by the workflow's own check: plain names only.
  static const std::regex k_target("^[A-Za-z0-9_.-]{1,255}$");
  static const std::regex k_account("^([0-9]{12})?$");
  static const std::regex k_region("^([a-z]{2}(-[a-z]+)+-[0-9])?$");
  if (groups.empty()) {
    return invalid("ecsdeploy.yml has no targets for the fleet matrix");
  }
  if (groups.size() > k_max_matrix_jobs) {
    return invalid("ecsdeploy.yml's targets make " + std::to_string(groups.size()) +
                   " account/region groups: a GitHub matrix holds at most 256 jobs");
  }
  std::string include = "        include:\n";
  for (const auto& g : groups) {
    for (const auto& t : g.targets) {
      if (!std::regex_match(t, k_target)) {
        return invalid("target '" + t +
                       "' cannot be a matrix entry: letters, digits, '.', '_' and '-' only");
      }
    }
    if (!std::regex_match(g.account, k_account) || !std::regex_match(g.region, k_region)) {
      return invalid("targets " + util::join(g.targets, ", ") + ": expect_account '" + g.account +
                     "' / region '" + g.region + "' is not a 12-digit account and a region");
    }
    include += "          - account: \"" + g.account + "\"\n";
    include += "            region: \"" + g.region + "\"\n";
    include += "            services: " + util::join(g.targets, ",") + "\n";
  }
  std::string out(workflow);
  const std::string_view begin = "        include:\n";
  const std::string_view end = "        # end of matrix\n";
  auto from = out.find(begin);
  auto to = from == std::string::npos ? std::string::npos : out.find(end, from);
  if (to == std::string::npos || out.find(begin, from + 1) != std::string::npos) {
    return out_of_shape(begin);
  }
  out.replace(from, to - from, include);
  const std::string_view parallel = "      max-parallel: 2\n";
  auto at = out.find(parallel);
  if (at == std::string::npos) {
    return out_of_shape(parallel);
  }
  out.replace(at, parallel.size(), "      max-parallel: " + std::to_string(groups.size()) + "\n");
  return out;
}

}  // namespace cli
