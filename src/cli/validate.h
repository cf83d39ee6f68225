#pragma once
// Validation of option values. Each returns the typed value or one InvalidInput error line
// that names the value, where it came from and what was expected (exit 2).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "cli/option_values.h"
#include "engine/deploy.h"
#include "engine/lifecycle.h"
#include "util/clock.h"
#include "util/result.h"

namespace cli {

// "ECSDEPLOY_DESIRED_COUNT" for "desired-count": the convention every spec follows.
std::string env_name_for(std::string_view option);

// Required cluster/service/container/family name (ECS naming rules). With `allow_arn`,
// cluster and service may be given as their ECS ARNs: the result is the name in the ARN, so
// everything past the CLI sees names only (checked once, here).
util::Result<std::string> require_name(const OptionValues& values, std::string_view option,
                                       bool allow_arn = false);
util::Result<std::optional<std::string>> optional_name(const OptionValues& values,
                                                       std::string_view option,
                                                       bool allow_arn = false);

// What an ECS cluster or service ARN given for `option` says; nullopt for a plain name.
struct EcsArnName {
  std::string name;
  std::string cluster;  // a service ARN's cluster ("" in the older "service/NAME" form)
  std::string account;
  std::string region;
};
std::optional<EcsArnName> ecs_arn_name(const OptionValues& values, std::string_view option);

// Whole number in [min, max]; "abc", "-1", "1.5", "" are errors.
util::Result<std::optional<int>> optional_int(const OptionValues& values, std::string_view option,
                                              int min, int max);

// Image tag (OCI rules) or digest "sha256:<64 hex>"; spaces and shell metacharacters fail.
util::Result<std::optional<std::string>> optional_image_tag(const OptionValues& values,
                                                            std::string_view option);

// Twelve digits.
util::Result<std::optional<std::string>> optional_account_id(const OptionValues& values,
                                                             std::string_view option);

// --wait-until: completed, paused or a lifecycle stage (engine::parse_wait_until); nullopt when
// not given.
util::Result<std::optional<engine::WaitUntil>> optional_wait_until(const OptionValues& values);

// --settle: "0" (no window) or a duration up to k_max_settle.
inline constexpr std::chrono::hours k_max_settle{1};
util::Result<std::optional<std::chrono::seconds>> optional_settle(const OptionValues& values);

// --base: "latest", "last-good", a revision number, and with `allow_auto` "auto". Not given:
// `fallback`.
util::Result<engine::BaseChoice> parse_base(const OptionValues& values, bool allow_auto,
                                            engine::BaseChoice fallback);

// The longest --timeout: two days (far beyond any rollout, far from the clock's limits).
inline constexpr util::Duration k_max_duration{std::chrono::hours(48)};

// Positive duration: "30m", "90s", "1h30m", at most k_max_duration.
util::Result<std::optional<util::Duration>> optional_duration(const OptionValues& values,
                                                              std::string_view option);

// ECR repository name ("team/web").
util::Result<std::optional<std::string>> optional_repository(const OptionValues& values,
                                                             std::string_view option);

// Region name such as "us-east-1" or "cn-north-1"; empty is an error.
util::Status check_region(std::string_view value, std::string_view origin);

// http(s)://host[:port][/path]; no spaces, no credentials, no query or fragment.
util::Status check_endpoint_url(std::string_view value, std::string_view origin);

// Makes a value safe to echo in one error line (control characters escaped, long values cut).
std::string quote_value(std::string_view value);

}  // namespace cli
