#pragma once
// The preflight's checks, one pure function each (table-tested in preflight_checks_test.cpp):
// each judges one observation of engine/preflight.h and says what was found, or what is wrong
// and what helps. evaluate_preflight composes them in the order they are reported.

#include <optional>
#include <string>
#include <vector>

#include "engine/events.h"
#include "engine/preflight.h"

namespace engine {

// When the caller cannot be identified, the other calls failed for the same reason (bad
// credentials, no network): said once, on the credentials line, and skipped elsewhere.
// Throttling is never that: each ECS bucket is its own, so a throttled call says so itself.
struct CallerFailure {
  std::optional<util::ErrorKind> kind;
  bool explains(const util::Error& error) const;
};

std::optional<PreflightCheck> check_desired_count(const PreflightInput& in);

// "credentials" (or "account" when the caller belongs to another account than expected).
PreflightCheck check_caller(const PreflightInput& in,
                            const util::Result<services::CallerIdentity>& identity);

PreflightCheck check_cluster(const PreflightInput& in,
                             const util::Result<services::DescribeClustersResult>& clusters,
                             const CallerFailure& caller);

// "service". `found` is set to the service when it is ACTIVE and ECS-controlled (the later
// checks need it).
std::vector<PreflightCheck> check_service(
    const PreflightInput& in, const util::Result<services::DescribeServicesResult>& described,
    const std::optional<util::Result<services::ListResult>>& listed, const CallerFailure& caller,
    const services::Service** found);

// "idle" when another deployment is in flight (and idleness is required): named with its
// service deployment's status, lifecycle stage and any PAUSE hook awaiting action (its id,
// when it expires, what happens then), with how to continue or reject it. `in_flight` is
// DescribeServiceDeployments of the service's currentServiceDeployment (nullopt: not asked).
std::optional<PreflightCheck> check_idle(
    const PreflightInput& in, const services::Service& service,
    const std::optional<util::Result<services::DescribeServiceDeploymentsResult>>& in_flight);

// --family given and the service runs another one.
std::optional<PreflightCheck> check_family(const PreflightInput& in,
                                           const std::string& current_family);

// "task-definition" for the family's latest revision, plus "container" when one is named.
// "has no ACTIVE revision" only when ECS says so; a throttled or failed call says that.
std::vector<PreflightCheck> check_task_definition(
    const PreflightInput& in, const std::string& family,
    const util::Result<services::TaskDefinition>& latest, const CallerFailure& caller);

// The container's image pulls from another ECR repository than the configured one.
std::optional<PreflightCheck> check_repository(const PreflightInput& in,
                                               const std::string& image_repository);

// The tag exists in ECR (or why it was not checked).
std::optional<PreflightCheck> check_image(
    const PreflightInput& in, const std::optional<util::Result<services::ImageDetail>>& image,
    const std::string& skip_reason, const CallerFailure& caller);

}  // namespace engine
