#include "core/cloudwatch_alarms.h"

#include <algorithm>

namespace emulator {

std::string alarm_state(const State& st, const std::string& account, const std::string& name) {
  auto it = st.alarms.find(account + "|" + name);
  return it == st.alarms.end() ? "" : it->second.state;
}

void set_alarm_state(State& st, const std::string& account, const std::string& name,
                     const std::string& state, const std::string& reason, double now) {
  auto [it, inserted] = st.alarms.try_emplace(account + "|" + name);
  MetricAlarm& a = it->second;
  if (inserted) {
    a.name = name;
    a.account = account;
    a.arn = "arn:" + st.partition + ":cloudwatch:" + st.region + ":" + account + ":alarm:" + name;
    a.configuration_updated_at = now;
  }
  a.state = state;
  a.reason = reason;
  a.updated_at = now;
  for (auto& [arn, svc] : st.services) {
    if (svc.account == account) {
      svc.touch();  // a deployment watching the alarm decides on the next step
    }
  }
}

std::vector<std::string> newly_firing_alarms(const State& st, const std::string& account,
                                             ServiceDeployment& sd) {
  std::vector<std::string> out;
  for (const auto& name : sd.alarm_names) {
    bool firing = alarm_state(st, account, name) == "ALARM";
    auto ignored = std::find(sd.alarms_ignored.begin(), sd.alarms_ignored.end(), name);
    if (ignored != sd.alarms_ignored.end()) {
      if (!firing) {
        sd.alarms_ignored.erase(ignored);
      }
      continue;
    }
    if (firing) {
      out.push_back(name);
    }
  }
  return out;
}

namespace {

bool image_matches(const std::string& image, const std::string& wanted) {
  if (image == wanted) {
    return true;
  }
  // ":v3" (or "web:v3") matches any registry's image ending in it.
  return wanted.size() < image.size() &&
         image.compare(image.size() - wanted.size(), wanted.size(), wanted) == 0 &&
         (wanted[0] == ':' || image[image.size() - wanted.size() - 1] == '/');
}

bool image_running(const State& st, const std::string& account, const std::string& wanted) {
  for (const auto& [arn, svc] : st.services) {
    if (svc.account != account) {
      continue;
    }
    for (const Task* t : st.live_tasks(arn)) {
      if (t->last_status != "RUNNING") {
        continue;
      }
      for (const auto& c : t->containers) {
        if (image_matches(c.image, wanted)) {
          return true;
        }
      }
    }
  }
  return false;
}

}  // namespace

void apply_alarm_scripts(State& st, double now) {
  for (AlarmScript& s : st.alarm_scripts) {
    if (s.fired) {
      continue;
    }
    bool due = s.at > 0 ? now >= s.at : image_running(st, s.account, s.when_image);
    if (!due) {
      continue;
    }
    s.fired = true;
    std::string reason = s.at > 0 ? "Scenario script: state set at a scheduled time"
                                  : "Scenario script: a task of " + s.when_image + " is running";
    set_alarm_state(st, s.account, s.alarm, s.state, reason, now);
  }
}

}  // namespace emulator
