#include "core/state.h"
#include "core/arn.h"

#include <algorithm>

#include "core/scheduler.h"

namespace emulator {

State::State(double start_epoch, double speed, std::uint64_t seed)
    : m_clock(start_epoch, speed), m_ids(seed), m_sim_now(start_epoch) {}

void State::advance_to(double t) {
  if (m_sim_now >= t) {
    return;
  }
  if (all_quiet() && next_task_transition() > t) {
    m_sim_now = t;  // nothing is due: no scheduler pass
    forget_old_stopped_tasks();
    return;
  }
  // One-second steps keep lifecycle transitions ordered even after a large advance; when
  // every service is quiet the simulation jumps straight to the next task transition.
  while (m_sim_now < t) {
    double next = std::min(t, m_sim_now + 1.0);
    if (all_quiet()) {
      next = std::min(t, std::max(next, next_task_transition()));
    }
    m_sim_now = next;
    run_scheduler(*this, m_sim_now);
  }
  forget_old_stopped_tasks();
}

bool State::all_quiet() const {
  for (const auto& [arn_, svc] : services) {
    if (!svc.quiet && svc.status != "INACTIVE") {
      return false;
    }
  }
  return true;
}

double State::next_task_transition() const {
  return m_due.empty() ? 1e300 : m_due.begin()->first;
}

void State::forget_old_stopped_tasks() {
  while (!m_stopped.empty() &&
         m_stopped.begin()->first + stopped_task_retention_seconds < m_sim_now) {
    Task& task = *m_stopped.begin()->second;
    const std::string arn_ = task.arn;
    unindex(task);
    tasks.erase(arn_);
  }
}

std::string State::arn(const std::string& service, const std::string& account,
                       const std::string& resource) const {
  return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
}

std::string State::cluster_arn(const std::string& account, const std::string& name) const {
  return arn("ecs", account, "cluster/" + name);
}

std::string State::resolve_cluster(const std::string& account,
                                   const std::string& name_or_arn) const {
  if (name_or_arn.rfind("arn:", 0) == 0) {
    return name_or_arn;
  }
  return cluster_arn(account, name_or_arn.empty() ? "default" : name_or_arn);
}

std::string State::resolve_service(const std::string& account, const std::string& cluster_arn_,
                                   const std::string& name_or_arn) const {
  if (name_or_arn.rfind("arn:", 0) == 0) {
    // Old-format service ARNs (service/<name>) are mapped into the given cluster.
    auto rest = arn_resource(name_or_arn, "service");
    if (rest && rest->find('/') == std::string::npos) {
      return arn("ecs", account, "service/" + cluster_name_of(cluster_arn_) + "/" + *rest);
    }
    return name_or_arn;
  }
  return arn("ecs", account, "service/" + cluster_name_of(cluster_arn_) + "/" + name_or_arn);
}

TaskDefinition* State::find_task_definition(const std::string& account, const std::string& ref) {
  std::string family = ref;
  std::string acct = account;
  int revision = 0;
  if (ref.rfind("arn:", 0) == 0) {
    auto parts = parse_arn(ref);
    auto rest = arn_resource(ref, "task-definition");
    if (!parts || !rest) {
      return nullptr;
    }
    acct = parts->account;
    family = *rest;
  }
  auto colon = family.find(':');
  if (colon != std::string::npos) {
    try {
      std::size_t used = 0;
      std::string rev = family.substr(colon + 1);
      revision = std::stoi(rev, &used);
      if (used != rev.size() || revision < 1) {
        return nullptr;
      }
    } catch (const std::exception&) {
      return nullptr;
    }
    family = family.substr(0, colon);
  }
  auto it = families.find(task_definition_key(acct, family));
  if (it == families.end() || it->second.empty()) {
    return nullptr;
  }
  if (revision > 0) {
    for (auto& td : it->second) {
      if (td.revision == revision) {
        return &td;
      }
    }
    return nullptr;
  }
  // Bare family: the latest ACTIVE revision.
  for (auto rit = it->second.rbegin(); rit != it->second.rend(); ++rit) {
    if (rit->status == "ACTIVE") {
      return &*rit;
    }
  }
  return nullptr;
}

Cluster* State::find_cluster(const std::string& arn_) {
  auto it = clusters.find(arn_);
  return it == clusters.end() ? nullptr : &it->second;
}

Service* State::find_service(const std::string& arn_) {
  auto it = services.find(arn_);
  return it == services.end() ? nullptr : &it->second;
}

EcrRepository* State::find_repository(const std::string& account, const std::string& name) {
  auto it = repositories.find(account + "/" + name);
  return it == repositories.end() ? nullptr : &it->second;
}

std::string State::ecr_registry_host(const std::string& account) const {
  std::string suffix = region.rfind("cn-", 0) == 0 ? "amazonaws.com.cn" : "amazonaws.com";
  return account + ".dkr.ecr." + region + "." + suffix;
}

void State::add_event(Service& svc, const std::string& message) {
  svc.events_json.clear();
  svc.events.push_front(ServiceEvent{m_ids.uuid(), m_sim_now, message});
  while (svc.events.size() > 100) {
    svc.events.pop_back();
  }
}

const std::vector<Task*>& State::live_tasks(const std::string& service_arn) const {
  static const std::vector<Task*> k_empty;
  auto it = m_live_index.find(service_arn);
  return it == m_live_index.end() ? k_empty : it->second;
}

std::vector<Task*> State::due_tasks(double now) const {
  std::vector<Task*> out;
  for (auto it = m_due.begin(); it != m_due.end() && it->first <= now; ++it) {
    out.push_back(it->second);
  }
  std::sort(out.begin(), out.end(), [](const Task* a, const Task* b) { return a->arn < b->arn; });
  return out;
}

void State::unindex(Task& task) {
  if (task.indexed_due) {
    m_due.erase({*task.indexed_due, &task});
    task.indexed_due.reset();
  }
  if (task.indexed_stopped_at) {
    m_stopped.erase({*task.indexed_stopped_at, &task});
    task.indexed_stopped_at.reset();
  }
  if (task.indexed_live) {
    auto it = m_live_index.find(task.service_arn);
    if (it != m_live_index.end()) {
      auto& list = it->second;
      list.erase(std::remove(list.begin(), list.end(), &task), list.end());
      if (list.empty()) {
        m_live_index.erase(it);
      }
    }
    task.indexed_live = false;
  }
}

void State::task_changed(Task& task) {
  const bool stopped = task.last_status == "STOPPED";
  const bool live = !stopped && !task.service_arn.empty();
  if (stopped ? task.indexed_stopped_at == task.stopped_at && !task.indexed_due
              : task.indexed_due == task.next_at && !task.indexed_stopped_at) {
    if (task.indexed_live == live) {
      return;  // the common case: a step that changed nothing indexed
    }
  }
  unindex(task);
  if (stopped) {
    m_stopped.insert({task.stopped_at, &task});
    task.indexed_stopped_at = task.stopped_at;
  } else {
    m_due.insert({task.next_at, &task});
    task.indexed_due = task.next_at;
  }
  if (live) {
    m_live_index[task.service_arn].push_back(&task);
    task.indexed_live = true;
  }
}

void State::reindex() {
  m_live_index.clear();
  m_due.clear();
  m_stopped.clear();
  for (auto& [arn_, task] : tasks) {
    task.indexed_due.reset();
    task.indexed_stopped_at.reset();
    task.indexed_live = false;
    task_changed(task);
  }
}

std::string State::check_indexes() const {
  std::set<const Task*> stored;  // addresses, so an erased task is found without deref
  for (const auto& [arn_, task] : tasks) {
    stored.insert(&task);
  }
  auto known = [&](const Task* t) { return stored.count(t) > 0; };
  std::set<const Task*> live_entries;
  for (const auto& [service_arn, list] : m_live_index) {
    for (const Task* t : list) {
      if (!known(t)) {
        return "live index of " + service_arn + " holds an erased task";
      }
      if (t->service_arn != service_arn || t->last_status == "STOPPED" || !t->indexed_live ||
          !live_entries.insert(t).second) {
        return "live index of " + service_arn + " holds " + t->arn + " (" + t->last_status + ")";
      }
    }
  }
  for (const auto* index : {&m_due, &m_stopped}) {
    for (const auto& [at, t] : *index) {
      if (!known(t)) {
        return std::string(index == &m_due ? "due" : "expiry") + " index holds an erased task";
      }
    }
  }
  std::size_t live_tasks_ = 0;
  for (const auto& [arn_, task] : tasks) {
    const bool stopped = task.last_status == "STOPPED";
    const TaskTimes& index = stopped ? m_stopped : m_due;
    const double at = stopped ? task.stopped_at : task.next_at;
    if (index.count({at, const_cast<Task*>(&task)}) == 0) {
      return arn_ + " (" + task.last_status + ") is missing from the " +
             (stopped ? "expiry" : "due") + " index";
    }
    if (!stopped && !task.service_arn.empty()) {
      ++live_tasks_;
    }
  }
  if (m_due.size() + m_stopped.size() != tasks.size()) {
    return "the due and expiry indexes hold " + std::to_string(m_due.size() + m_stopped.size()) +
           " entries for " + std::to_string(tasks.size()) + " tasks";
  }
  if (live_entries.size() != live_tasks_) {
    return "the live index holds " + std::to_string(live_entries.size()) + " entries for " +
           std::to_string(live_tasks_) + " live service tasks";
  }
  return "";
}

const ImageBehavior& State::behavior_for(const std::string& image) const {
  static const ImageBehavior k_healthy;
  auto it = behaviors.find(image);
  if (it != behaviors.end()) {
    return it->second;
  }
  ImageRef ref = parse_image(image);
  if (!ref.tag.empty()) {
    it = behaviors.find(ref.tag);
    if (it != behaviors.end()) {
      return it->second;
    }
  }
  return k_healthy;
}

std::string State::resolve_ecr_image(const std::string& image) {
  ImageRef ref = parse_image(image);
  for (const auto& account : accounts) {
    if (ref.registry != ecr_registry_host(account)) {
      continue;
    }
    EcrRepository* repo = find_repository(account, ref.repository);
    if (repo == nullptr) {
      return "MISSING";
    }
    for (const auto& img : repo->images) {
      if (!ref.digest.empty()
              ? img.digest == ref.digest
              : std::find(img.tags.begin(), img.tags.end(), ref.tag) != img.tags.end()) {
        return img.digest;
      }
    }
    return "MISSING";
  }
  return "";
}

}  // namespace emulator
