// ListTasks/ListServices/ListClusters tokens name the last ARN returned: tasks launched or
// forgotten between two pages (a rollout in progress) neither repeat nor get skipped.
#include <gtest/gtest.h>

#include <set>

#include "tests/harness.h"

namespace emulator::testing {
namespace {

std::set<std::string> all_task_arns(Harness& h) {
  std::set<std::string> out;
  Json list = h.call("ListTasks", {{"cluster", "demo"}});
  for (const auto& a : list["taskArns"]) {
    out.insert(a.get<std::string>());
  }
  return out;
}

TEST(Paging, ListTasksDuringARolloutNeitherRepeatsNorSkips) {
  Harness h(base_scenario(6, 100, 150));  // three new tasks at a time
  h.deploy("v2");
  h.advance(1);  // the first v2 tasks launch
  const std::set<std::string> before = all_task_arns(h);
  std::vector<std::string> paged;
  Json page = h.call("ListTasks", {{"cluster", "demo"}, {"maxResults", 2}});
  for (int guard = 0; guard < 50; ++guard) {
    for (const auto& a : page["taskArns"]) {
      paged.push_back(a.get<std::string>());
    }
    if (!page.contains("nextToken")) {
      break;
    }
    h.advance(10);  // tasks start and stop between pages
    page = h.call("ListTasks",
                  {{"cluster", "demo"}, {"maxResults", 2}, {"nextToken", page["nextToken"]}});
    ASSERT_EQ(h.status(), 200) << page.dump();
  }
  const std::set<std::string> after = all_task_arns(h);
  const std::set<std::string> unique(paged.begin(), paged.end());
  EXPECT_EQ(unique.size(), paged.size()) << "a task was listed twice";
  EXPECT_TRUE(std::is_sorted(paged.begin(), paged.end()));
  for (const auto& arn : before) {
    if (after.count(arn) > 0) {  // wanted through the whole walk: must have been listed
      EXPECT_EQ(unique.count(arn), 1u) << arn;
    }
  }
  EXPECT_NE(before, after);  // the walk really overlapped changes
}

TEST(Paging, ServiceDeploymentsCreatedBetweenPagesDoNotRepeatOnes) {
  Harness h;
  h.deploy("v2");
  h.advance(1);
  h.deploy("v3");
  h.advance(1);
  const Json list = {{"cluster", "demo"}, {"service", "web"}, {"maxResults", 1}};
  Json all = h.call("ListServiceDeployments", {{"cluster", "demo"}, {"service", "web"}});
  ASSERT_EQ(all["serviceDeployments"].size(), 3u);
  Json first = h.call("ListServiceDeployments", list);
  EXPECT_EQ(first["serviceDeployments"][0], all["serviceDeployments"][0]);
  h.deploy("v1");  // a newer deployment appears in front of the cursor
  h.advance(1);
  std::vector<std::string> rest;
  Json page = first;
  while (page.contains("nextToken")) {
    Json next = list;
    next["nextToken"] = page["nextToken"];
    page = h.call("ListServiceDeployments", next);
    ASSERT_EQ(h.status(), 200) << page.dump();
    for (const auto& sd : page["serviceDeployments"]) {
      rest.push_back(sd["serviceDeploymentArn"]);
    }
  }
  // Older ones follow in order; the one created meanwhile is newer than the cursor.
  EXPECT_EQ(rest, (std::vector<std::string>{all["serviceDeployments"][1]["serviceDeploymentArn"],
                                            all["serviceDeployments"][2]["serviceDeploymentArn"]}));
}

TEST(Paging, TokensAreCheckedAgainstTheirListing) {
  Harness h(base_scenario(3));
  Json page = h.call("ListTasks", {{"cluster", "demo"}, {"maxResults", 1}});
  ASSERT_TRUE(page.contains("nextToken"));
  h.call("ListServices", {{"cluster", "demo"}, {"nextToken", page["nextToken"]}});
  EXPECT_EQ(h.status(), 400);
  h.call("ListTasks", {{"cluster", "demo"}, {"nextToken", "zz"}});
  EXPECT_EQ(h.status(), 400);
  Json rest = h.call("ListTasks",
                     {{"cluster", "demo"}, {"maxResults", 2}, {"nextToken", page["nextToken"]}});
  EXPECT_EQ(rest["taskArns"].size(), 2u);
  EXPECT_FALSE(rest.contains("nextToken"));
}

}  // namespace
}  // namespace emulator::testing
