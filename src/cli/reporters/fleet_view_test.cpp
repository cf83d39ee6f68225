#include "cli/reporters/fleet_view.h"

#include <gtest/gtest.h>

namespace cli {
namespace {

FleetRow row(const std::string& name, const std::vector<engine::Event>& events) {
  FleetRow r;
  r.service = name;
  for (const auto& e : events) {
    update_row(r, e);
  }
  return r;
}

engine::Finished finished(engine::Outcome o, const std::string& summary) {
  return engine::Finished{o, false, summary, {}, "deploy", "", ""};
}

TEST(FleetView, RowsFollowTheirServicesEvents) {
  engine::RolloutProgress progress;
  progress.desired = 2;
  progress.running = 1;
  progress.pending = 1;
  FleetRow r = row("web", {engine::PhaseStarted{"preflight", ""}});
  EXPECT_EQ(r.state, FleetState::Preflight);
  update_row(r, engine::PhaseStarted{"register", ""});
  EXPECT_EQ(r.state, FleetState::Updating);
  update_row(r, engine::PhaseStarted{"wait", ""});
  update_row(r, progress);
  EXPECT_EQ(r.state, FleetState::RollingOut);
  EXPECT_EQ(r.detail, "1/2 running, 1 pending");
  update_row(r, finished(engine::Outcome::Succeeded, "deployed v2"));
  EXPECT_EQ(r.state, FleetState::Done);
  EXPECT_EQ(r.detail, "deployed v2");
}

TEST(FleetView, FailuresFirstSuccessesLastAndTotals) {
  std::vector<FleetRow> rows = {
      row("a-ok", {finished(engine::Outcome::Succeeded, "ok")}),
      row("b-failed", {finished(engine::Outcome::RolloutFailed, "crashed")}),
      row("c-rolling", {engine::PhaseStarted{"wait", ""}}),
      row("d-back", {engine::PhaseStarted{"rollback", ""}}),
      row("e-ok", {finished(engine::Outcome::Succeeded, "ok")}),
      row("f-waiting", {}),
  };
  std::vector<FleetRow> sorted = sorted_rows(rows);
  std::vector<std::string> names;
  for (const auto& r : sorted) {
    names.push_back(r.service);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"b-failed", "d-back", "c-rolling", "f-waiting", "a-ok",
                                             "e-ok"}));
  EXPECT_EQ(totals_text(rows),
            "6 services: 1 rollout-failed, 1 rolling back, 1 rolling out, 1 waiting, 2 succeeded");
}

TEST(FleetView, TableCapsItsRowsAndEndsWithTheTotals) {
  std::vector<FleetRow> rows;
  for (int i = 0; i < 100; ++i) {
    rows.push_back(
        row("web-" + std::to_string(i),
            {finished(i == 42 ? engine::Outcome::TimedOut : engine::Outcome::Succeeded, "s")}));
  }
  auto lines = table_lines(rows, 5);
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[0].rfind("web-42  timed-out", 0), 0u) << lines[0];
  EXPECT_EQ(lines[5], "... and 95 more");
  EXPECT_EQ(lines[6], "100 services: 1 timed-out, 99 succeeded");
  EXPECT_EQ(row_text(rows[0], 8), "web-0     succeeded        s");
}

}  // namespace
}  // namespace cli
