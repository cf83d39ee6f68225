#include "cli/reporters/tty_reporter.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace cli {
namespace {

engine::RolloutProgress progress() {
  engine::RolloutProgress p;
  p.service_deployment_status = "IN_PROGRESS";
  p.desired = 4;
  p.running = 3;
  p.pending = 1;
  p.deployments.push_back({"ecs-svc/1184722748049700240", "PRIMARY",
                           "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7", 2, 1, 1, 3,
                           "IN_PROGRESS", ""});
  p.deployments.push_back({"ecs-svc/2", "ACTIVE",
                           "arn:aws:ecs:us-east-1:123456789012:task-definition/web:5", 2, 0, 2, 0,
                           "COMPLETED", ""});
  return p;
}

bool has(const std::string& line, const char* what) {
  return line.find(what) != std::string::npos;
}

TEST(TtyTable, WideShowsEveryColumn) {
  for (int width : {0, 80, 120}) {
    auto lines = TtyReporter::table_lines(progress(), width);
    ASSERT_EQ(lines.size(), 4u);
    for (const char* title :
         {"DEPLOYMENT", "REVISION", "DESIRED", "PENDING", "RUNNING", "FAILED", "ROLLOUT"}) {
      EXPECT_TRUE(has(lines[1], title)) << width << " " << title;
    }
  }
}

TEST(TtyTable, NarrowDropsColumnsButKeepsFailedAndRolloutLast) {
  struct Row {
    int width;
    std::vector<const char*> kept;
    std::vector<const char*> dropped;
  };
  const Row rows[] = {
      {65, {"DEPLOYMENT", "REVISION", "RUNNING", "FAILED", "ROLLOUT"}, {"PENDING", "DESIRED"}},
      {50, {"REVISION", "RUNNING", "FAILED", "ROLLOUT"}, {"PENDING", "DESIRED", "DEPLOYMENT"}},
      {40, {"REVISION", "FAILED", "ROLLOUT"}, {"RUNNING", "DEPLOYMENT"}},
      {30, {"FAILED", "ROLLOUT"}, {"REVISION", "RUNNING"}},
  };
  for (const Row& row : rows) {
    auto lines = TtyReporter::table_lines(progress(), row.width);
    for (const char* title : row.kept) {
      EXPECT_TRUE(has(lines[1], title)) << row.width << " keeps " << title << ": " << lines[1];
    }
    for (const char* title : row.dropped) {
      EXPECT_FALSE(has(lines[1], title)) << row.width << " drops " << title << ": " << lines[1];
    }
    for (size_t i = 1; i < lines.size(); ++i) {
      EXPECT_LT(lines[i].size(), static_cast<size_t>(row.width)) << lines[i];
    }
    // The failed count and the state of the new deployment are still there.
    EXPECT_TRUE(has(lines[2], " 3  IN_PROGRESS")) << lines[2];
  }
}

std::string read_all(std::FILE* f) {
  std::string out;
  std::rewind(f);
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) {
    out.append(buf, n);
  }
  return out;
}

TEST(TtyReporterResize, AResizedTerminalGetsAFreshTableInsteadOfAMisplacedRedraw) {
  std::FILE* err = std::tmpfile();
  ASSERT_NE(err, nullptr);
  int width = 100;
  TtyReporter tty(err, false, [&width] { return width; });
  tty.on(progress());
  tty.on(progress());  // same width: redrawn in place over the 4 lines
  const std::string before = read_all(err);
  EXPECT_NE(before.find("\x1b[4A"), std::string::npos);
  std::fseek(err, 0, SEEK_END);
  width = 45;
  tty.on(progress());  // resized: no move up over rows the terminal may have rewrapped
  tty.on(engine::Message{engine::Severity::Notice, "still going"});
  const std::string after = read_all(err).substr(before.size());
  std::fclose(err);
  const size_t first_up = after.find("\x1b[");
  ASSERT_NE(first_up, std::string::npos);
  EXPECT_GT(first_up, after.find("ROLLOUT"));  // the first redraw is drawn before any move up
  EXPECT_EQ(after.find("PENDING"), std::string::npos) << after;  // laid out for 45 columns
  for (size_t start = 0, end; (end = after.find('\n', start)) != std::string::npos;
       start = end + 1) {
    std::string line = after.substr(start, end - start);
    if (line.find("\x1b[") == std::string::npos) {
      EXPECT_LT(line.size(), 45u) << line;
    }
  }
}

TEST(TtyReporterStages, StageRowsJoinTheLiveTableAndTransitionsScrollBy) {
  std::FILE* err = std::tmpfile();
  ASSERT_NE(err, nullptr);
  TtyReporter tty(err, false, 100);
  tty.on(progress());
  engine::ServiceDeploymentProgress sd;
  sd.strategy = "BLUE_GREEN";
  sd.status = "IN_PROGRESS";
  sd.stage = "BAKE_TIME";
  sd.stage_since = util::SystemTime{} + std::chrono::hours(24 * 20000) + std::chrono::hours(3);
  sd.target = {"arn:sr/2", "arn:aws:ecs:us-east-1:1:task-definition/web:7", 2, 2, 0, 100.0, 100.0};
  sd.sources = {{"arn:sr/1", "arn:aws:ecs:us-east-1:1:task-definition/web:5", 2, 2, 0, 0.0, 0.0}};
  tty.on(sd);
  tty.on(sd);  // unchanged stage: redrawn, no second transition line
  const std::string out = read_all(err);
  std::fclose(err);
  EXPECT_NE(out.find("stage BAKE_TIME at 03:00:00"), std::string::npos) << out;
  EXPECT_EQ(out.find("stage BAKE_TIME at"), out.rfind("stage BAKE_TIME at")) << out;
  EXPECT_NE(out.find("    new  web:7 2/2 test 100% production 100%"), std::string::npos) << out;
  EXPECT_NE(out.find("    old  web:5 2/2 test 0% production 0%"), std::string::npos) << out;
  // The rollout table (4 lines) and the 3 stage rows are redrawn together in place.
  EXPECT_NE(out.find("\x1b[7A"), std::string::npos) << out;
}

}  // namespace
}  // namespace cli
