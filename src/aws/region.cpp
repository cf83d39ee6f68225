#include "aws/region.h"

#include "util/strings.h"

namespace aws {

namespace {
util::Error invalid(std::string message) {
  return util::make_error(util::ErrorKind::InvalidInput, std::move(message), "InvalidRegion");
}
}  // namespace

bool is_valid_region_name(const std::string& region) {
  if (region.empty() || region.size() > 64 || region.front() < 'a' || region.front() > 'z') {
    return false;
  }
  return region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
}

util::Result<std::string> resolve_region(const std::optional<std::string>& flag,
                                         const util::Env& env,
                                         const std::optional<ConfigSection>& profile) {
  std::string value;
  std::string origin;
  if (flag) {
    value = std::string(util::trim(*flag));
    origin = "--region";
    if (value.empty()) {
      return invalid("--region is empty; pass a region such as --region us-east-1");
    }
  } else if (auto r = env.get_nonempty("AWS_REGION")) {
    value = std::string(util::trim(*r));
    origin = "AWS_REGION";
  } else if (auto d = env.get_nonempty("AWS_DEFAULT_REGION")) {
    value = std::string(util::trim(*d));
    origin = "AWS_DEFAULT_REGION";
  } else if (profile) {
    if (auto p = profile->get_nonempty("region")) {
      value = *p;
      origin = "the profile's region setting";
    }
  }
  if (origin.empty()) {
    return invalid("no region: pass --region or set AWS_REGION");
  }
  if (!is_valid_region_name(value)) {
    return invalid(origin + " '" + value + "' is not a region name such as us-east-1");
  }
  return value;
}

}  // namespace aws
