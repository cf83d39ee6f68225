#pragma once
// Judging a rollout: a pure function from what was observed to a verdict (contributing.md,
// principle 3). Success needs all of: our service deployment SUCCESSFUL (or, without service
// deployments, the PRIMARY deployment's rolloutState COMPLETED), PRIMARY running the new revision,
// exactly one deployment and running == desired. The AWS CLI waiter checks only the last two, so it
// calls a circuit-breaker rollback "stable"; we call it a failure.

#include <optional>
#include <string>

#include "services/ecs_types.h"

namespace engine {

// What our UpdateService started.
struct RolloutTarget {
  std::string task_definition;         // ARN of the revision being rolled out
  std::string deployment_id;           // ecs-svc/... of our PRIMARY deployment; "" if unknown
  std::string service_deployment_arn;  // "" when service deployments are unavailable
  std::string previous_task_definition;
};

struct RolloutSnapshot {
  services::Service service;
  std::optional<services::ServiceDeployment> service_deployment;  // ours, when fetched
  int failed_new_tasks = 0;  // tasks of our deployment that STOPPED on their own
  // ECS already called the rollout done and we are waiting out the settle window: from here
  // on one failed task is a failure.
  bool settling = false;
};

struct RolloutPolicy {
  // While ECS is still rolling out, this many failed tasks end the wait early; a rollout that
  // ECS completes with any failed task of ours is a failure all the same.
  int crash_loop_threshold = 3;
};

// Paused and ReachedStage: --wait-until was met while the deployment goes on (stage_watch.h).
enum class VerdictKind { InProgress, Succeeded, Failed, Paused, ReachedStage };

struct RolloutVerdict {
  VerdictKind kind = VerdictKind::InProgress;
  std::string reason;               // for Failed (and a hint of what is awaited otherwise)
  bool rolled_back_by_ecs = false;  // ECS rolled (or is rolling) back on its own
  bool replaced = false;            // someone else started a newer deployment
  // ECS's own rollback ended in ROLLBACK_FAILED: final, nothing left to wait for.
  bool ecs_rollback_failed = false;
  // A state in the snapshot that the ECS API does not document (see unknown_state); never
  // judged a success, and named when the wait times out.
  std::string unknown;
};

// The deployment in the snapshot that is ours: by id, else PRIMARY with our revision.
const services::Deployment* find_our_deployment(const services::Service& service,
                                                const RolloutTarget& target);
const services::Deployment* find_primary(const services::Service& service);

// The first state in the snapshot that the ECS API does not document, named for the reader
// ("rolloutState 'WEIRD' of deployment ecs-svc/1"): the service's status, a deployment's status
// or rolloutState, our service deployment's status (`sd`, may be null). "" when all are known.
// Data ecsdeploy does not understand is carried through and shown, never taken as success.
std::string unknown_state(const services::Service& service,
                          const services::ServiceDeployment* sd = nullptr);
// " (ECS still reports rolloutState 'WEIRD' ..., which ecsdeploy does not know)" for a
// summary when the verdict carries an unknown state; "" otherwise.
std::string unknown_state_note(const RolloutVerdict& verdict);

// The counts of a finished rollout: one deployment (ours), running == desired for it and the
// service, nothing pending. The one definition for the judge and for what the watch fetches
// (a pending task can still fail, so a rollout with one is not done).
bool counts_done(const services::Service& service, const services::Deployment& ours);

RolloutVerdict assess_rollout(const RolloutSnapshot& snapshot, const RolloutTarget& target,
                              const RolloutPolicy& policy);

// For waiting on a rollback or a scale: the service runs `task_definition` (any revision
// when empty) in one deployment with running == desired and nothing pending, and every state
// in it is one ECS documents.
bool service_settled(const services::Service& service, const std::string& task_definition);

}  // namespace engine
