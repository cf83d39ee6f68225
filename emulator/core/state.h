#pragma once
// State: everything the emulator knows, guarded by one mutex (the dispatcher and the tick
// thread take it). The simulation lags the virtual clock and is brought up to date with
// advance_to() before each request and on every tick, in steps of at most one virtual second.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/id_generator.h"
#include "core/image_behavior.h"
#include "core/model.h"
#include "core/virtual_clock.h"

namespace emulator {

class State {
 public:
  State(double start_epoch, double speed, std::uint64_t seed);

  std::mutex& mutex() { return m_mutex; }
  VirtualClock& clock() { return m_clock; }
  IdGenerator& ids() { return m_ids; }
  double now() const { return m_sim_now; }  // simulation time (≤ clock time)
  // Runs the scheduler up to t (virtual epoch seconds). Caller holds mutex().
  void advance_to(double t);
  // Brings the simulation to the clock's time. Caller holds mutex().
  void catch_up() { advance_to(m_clock.now()); }

  // ARNs
  std::string arn(const std::string& service, const std::string& account,
                  const std::string& resource) const;
  std::string cluster_arn(const std::string& account, const std::string& name) const;
  // Accepts a name or an ARN; returns the ARN (whether it exists or not).
  std::string resolve_cluster(const std::string& account, const std::string& name_or_arn) const;
  std::string resolve_service(const std::string& account, const std::string& cluster_arn,
                              const std::string& name_or_arn) const;
  std::string task_definition_key(const std::string& account, const std::string& family) const {
    return account + "/" + family;
  }
  // Finds family | family:rev | ARN; nullptr if unknown.
  TaskDefinition* find_task_definition(const std::string& account, const std::string& ref);
  Cluster* find_cluster(const std::string& arn);
  Service* find_service(const std::string& arn);
  EcrRepository* find_repository(const std::string& account, const std::string& name);
  std::string ecr_registry_host(const std::string& account) const;

  void add_event(Service& svc, const std::string& message);

  // Task indexes, so that a request neither scans every task to find the next lifecycle step
  // nor to describe a service. Every change to a task's last_status, next_at or stopped_at
  // goes through task_lifecycle, which calls task_changed(); only State erases tasks (after
  // unindexing them), so no index can hold a pointer to an erased task.
  //
  // Tasks of a service that are not STOPPED (order unspecified).
  const std::vector<Task*>& live_tasks(const std::string& service_arn) const;
  // Tasks not STOPPED whose next lifecycle step is due at `now`, ordered by ARN (the order the
  // scheduler has always advanced them in, so seeded jitter draws stay the same).
  std::vector<Task*> due_tasks(double now) const;
  // Brings the indexes in step with `task` (idempotent; cheap when nothing changed).
  void task_changed(Task& task);
  // Rebuilds every index from `tasks` (after a scenario load).
  void reindex();
  // "" when the indexes match `tasks` exactly, else the first mismatch (for tests; it never
  // dereferences an indexed pointer before finding it among the stored tasks).
  std::string check_indexes() const;

  // Behaviour of an image: by full string, then by tag, else healthy.
  const ImageBehavior& behavior_for(const std::string& image) const;
  // Digest if the image resolves in this emulator's ECR; "" when it is not an ECR image of
  // ours; "MISSING" when the repository or tag does not exist.
  std::string resolve_ecr_image(const std::string& image);

  // --- data (plain members: State is the model's owner, actions read and write it) ---
  std::string region = "us-east-1";
  std::string partition = "aws";
  std::vector<std::string> accounts;
  std::deque<Identity> identities;  // deque: STS appends while references are held
  std::vector<Role> roles;
  std::map<std::string, Cluster> clusters;                      // by ARN
  std::map<std::string, std::vector<TaskDefinition>> families;  // by account/family
  std::map<std::string, Service> services;                      // by ARN
  std::map<std::string, Task> tasks;  // by ARN; add via launch_task, never erase (State does)
  std::map<std::string, ServiceDeployment> service_deployments;       // by ARN
  std::map<std::string, ServiceRevision> service_revisions;           // by ARN
  std::map<std::string, EcrRepository> repositories;                  // by account/name
  std::map<std::string, std::map<std::string, LogGroup>> log_groups;  // account → name
  std::map<std::string, ScalableTarget> scalable_targets;             // by account|resourceId
  std::map<std::string, ImageBehavior> behaviors;
  std::map<std::string, MetricAlarm> alarms;  // by account|name
  std::vector<AlarmScript> alarm_scripts;
  // Lambda hook answers by function ARN, used in order; the last one repeats. A function with
  // no script answers SUCCEEDED.
  std::map<std::string, std::vector<LambdaReply>> lambda_scripts;
  std::map<std::string, std::size_t> lambda_calls;  // function ARN → invocations so far
  Timings timings;
  std::vector<std::string> secrets;  // known secret names/ARNs (scenario)
  bool check_secrets = false;        // true when the scenario lists secrets
  // A scenario without accounts: any access key is the default account's root (moto-style).
  bool any_credentials = false;
  double stopped_task_retention_seconds = 3600;  // ECS forgets STOPPED tasks after ~1 h

 private:
  // (time, task) ordered by time; ties by address (std::less is a total order on pointers).
  struct ByTime {
    bool operator()(const std::pair<double, Task*>& a, const std::pair<double, Task*>& b) const {
      return a.first != b.first ? a.first < b.first : std::less<Task*>()(a.second, b.second);
    }
  };
  using TaskTimes = std::set<std::pair<double, Task*>, ByTime>;

  void forget_old_stopped_tasks();
  bool all_quiet() const;
  double next_task_transition() const;
  void unindex(Task& task);

  std::mutex m_mutex;
  VirtualClock m_clock;
  IdGenerator m_ids;
  double m_sim_now;
  std::map<std::string, std::vector<Task*>> m_live_index;  // service ARN → tasks not STOPPED
  TaskTimes m_due;      // next_at of every task that is not STOPPED
  TaskTimes m_stopped;  // stopped_at of every STOPPED task (forgotten after the retention)
};

}  // namespace emulator
