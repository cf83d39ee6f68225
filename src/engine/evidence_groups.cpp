#include "engine/evidence_groups.h"

#include <tuple>

namespace engine {

namespace {

bool same_containers(const std::vector<StoppedTaskEvidence::Container>& a,
                     const std::vector<StoppedTaskEvidence::Container>& b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tie(a[i].name, a[i].exit_code, a[i].reason) !=
        std::tie(b[i].name, b[i].exit_code, b[i].reason)) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool same_evidence(const StoppedTaskEvidence& a, const StoppedTaskEvidence& b) {
  return std::tie(a.task_definition_arn, a.stop_code, a.stopped_reason, a.log_tail, a.log_error) ==
             std::tie(b.task_definition_arn, b.stop_code, b.stopped_reason, b.log_tail,
                      b.log_error) &&
         same_containers(a.containers, b.containers);
}

const EvidenceGroup& EvidenceGrouper::add(const StoppedTaskEvidence& e, bool* is_new) {
  for (EvidenceGroup& g : m_groups) {
    if (same_evidence(g.sample, e)) {
      g.task_arns.push_back(e.task_arn);
      *is_new = false;
      return g;
    }
  }
  m_groups.push_back(EvidenceGroup{e, {e.task_arn}});
  *is_new = true;
  return m_groups.back();
}

std::vector<EvidenceGroup> group_evidence(const std::vector<StoppedTaskEvidence>& evidence) {
  EvidenceGrouper grouper;
  bool is_new = false;
  for (const StoppedTaskEvidence& e : evidence) {
    grouper.add(e, &is_new);
  }
  return grouper.groups();
}

}  // namespace engine
