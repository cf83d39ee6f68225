#pragma once
// Failure evidence said once: tasks of a crash loop stop the same way, and printing one full
// block (with its log tail) per task buries the one thing to read. Pure; the reporters use it.

#include <string>
#include <vector>

#include "engine/events.h"

namespace engine {

// Whether two stopped tasks died the same way: same revision, stopCode, stoppedReason,
// per-container exit code and reason, and the same log tail (or the same reason it is
// missing). The task ids and log stream names differ by nature and are ignored.
bool same_evidence(const StoppedTaskEvidence& a, const StoppedTaskEvidence& b);

struct EvidenceGroup {
  StoppedTaskEvidence sample;          // the first task seen this way
  std::vector<std::string> task_arns;  // every task of the group, first seen first
};

// Groups `evidence` by same_evidence(), in the order each group was first seen.
std::vector<EvidenceGroup> group_evidence(const std::vector<StoppedTaskEvidence>& evidence);

// Streaming form for reporters that print evidence as it arrives.
class EvidenceGrouper {
 public:
  // Adds `e` and returns its group; `*is_new` tells whether this task opened it.
  const EvidenceGroup& add(const StoppedTaskEvidence& e, bool* is_new);
  const std::vector<EvidenceGroup>& groups() const { return m_groups; }

 private:
  std::vector<EvidenceGroup> m_groups;
};

}  // namespace engine
