#include "engine/evidence_groups.h"

#include <gtest/gtest.h>

namespace engine {
namespace {

StoppedTaskEvidence crash(const std::string& id) {
  StoppedTaskEvidence e;
  e.task_arn = "arn:aws:ecs:us-east-1:123456789012:task/demo/" + id;
  e.task_definition_arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3";
  e.stop_code = "EssentialContainerExited";
  e.stopped_reason = "Essential container in task exited";
  e.containers = {{"app", 1, ""}};
  e.log_group = "/ecs/web";
  e.log_stream = "ecs/app/" + id;  // differs per task: not part of the comparison
  e.log_tail = {"boom"};
  return e;
}

TEST(EvidenceGroups, IdenticalStopsShareOneGroupInFirstSeenOrder) {
  StoppedTaskEvidence other_exit = crash("c");
  other_exit.containers[0].exit_code = 137;
  auto groups = group_evidence({crash("a"), other_exit, crash("b"), crash("d")});
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].task_arns.size(), 3u);
  EXPECT_EQ(groups[0].sample.task_arn, crash("a").task_arn);
  EXPECT_EQ(groups[0].task_arns[2], crash("d").task_arn);
  EXPECT_EQ(groups[1].task_arns, std::vector<std::string>{other_exit.task_arn});
}

TEST(EvidenceGroups, EachFieldSeparates) {
  const StoppedTaskEvidence base = crash("a");
  std::vector<StoppedTaskEvidence> variants(7, crash("b"));
  variants[0].task_definition_arn += "0";
  variants[1].stop_code = "TaskFailedToStart";
  variants[2].stopped_reason += ".";
  variants[3].containers[0].reason = "OutOfMemoryError";
  variants[4].containers.push_back({"sidecar", 0, ""});
  variants[5].log_tail = {"boom", "again"};
  variants[6].log_error = "stream gone";
  for (size_t i = 0; i < variants.size(); ++i) {
    EXPECT_FALSE(same_evidence(base, variants[i])) << i;
  }
  EXPECT_TRUE(same_evidence(base, crash("b")));
}

TEST(EvidenceGroups, GrouperTellsWhetherATaskOpenedItsGroup) {
  EvidenceGrouper grouper;
  bool is_new = false;
  EXPECT_EQ(grouper.add(crash("a"), &is_new).task_arns.size(), 1u);
  EXPECT_TRUE(is_new);
  EXPECT_EQ(grouper.add(crash("b"), &is_new).task_arns.size(), 2u);
  EXPECT_FALSE(is_new);
  EXPECT_EQ(grouper.groups().size(), 1u);
}

}  // namespace
}  // namespace engine
