#include "engine/rollback_target.h"

#include <gtest/gtest.h>

namespace engine {
namespace {

TEST(ChooseRollbackTarget, Table) {
  const std::string cur = "td:9";
  struct Row {
    std::string name;
    std::vector<PastDeployment> deployments;
    std::vector<EarlierRevision> earlier;
    std::string expected;  // "" = none
    std::string reason_has;
  };
  const std::vector<Row> rows = {
      {"last successful before the current",
       {{"sd/9", "SUCCESSFUL", "td:9"},
        {"sd/8", "ROLLBACK_SUCCESSFUL", "td:8"},
        {"sd/7", "SUCCESSFUL", "td:7"}},
       {{"td:8", 8, true}},
       "td:7",
       "last successful service deployment"},
      {"two good deploys and one bad: skips the bad one",
       {{"sd/3", "ROLLBACK_SUCCESSFUL", "td:3"},
        {"sd/2", "SUCCESSFUL", "td:2"},
        {"sd/1", "SUCCESSFUL", "td:1"}},
       {},
       "td:2",
       "(2)"},
      {"redeploys of the current revision are skipped",
       {{"sd/5", "SUCCESSFUL", "td:9"},
        {"sd/4", "SUCCESSFUL", "td:9"},
        {"sd/3", "SUCCESSFUL", "td:6"}},
       {},
       "td:6",
       "(3)"},
      {"no successful one: newest revision deployed by ecsdeploy",
       {{"sd/9", "IN_PROGRESS", "td:9"}, {"sd/8", "STOPPED", "td:8"}},
       {{"td:8", 8, false}, {"td:7", 7, true}},
       "td:7",
       "deployed by ecsdeploy"},
      {"no history at all: previous revision",
       {},
       {{"td:8", 8, false}, {"td:7", 7, false}},
       "td:8",
       "previous revision"},
      {"nothing earlier", {}, {}, "", ""},
      {"a deregistered revision is skipped",
       {{"sd/9", "SUCCESSFUL", "td:9"},
        {"sd/8", "SUCCESSFUL", "td:8", true},
        {"sd/7", "SUCCESSFUL", "td:7"}},
       {},
       "td:7",
       "skipped td:8 (deregistered)"},
      {"only deregistered ones: the earlier-revision fallback, saying so",
       {{"sd/8", "SUCCESSFUL", "td:8", true}},
       {{"td:6", 6, true}},
       "td:6",
       "skipped td:8"},
  };
  for (const auto& row : rows) {
    auto choice = choose_rollback_target(cur, "sd/9", row.deployments, row.earlier);
    if (row.expected.empty()) {
      EXPECT_FALSE(choice.has_value()) << row.name;
      continue;
    }
    ASSERT_TRUE(choice.has_value()) << row.name;
    EXPECT_EQ(choice->task_definition, row.expected) << row.name;
    EXPECT_NE(choice->reason.find(row.reason_has), std::string::npos)
        << row.name << ": " << choice->reason;
  }
}

}  // namespace
}  // namespace engine
