#pragma once
// deploy --services at scale (issue 12, item 5): one row per service, the totals, and their
// text. Pure (fleet_view_test.cpp); cli/reporters/services_reporter draws them: the live table
// on a TTY, a periodic totals line in CI logs, the final table sorted by state.

#include <optional>
#include <string>
#include <vector>

#include "engine/events.h"
#include "engine/outcome.h"

namespace cli {

enum class FleetState { Waiting, Preflight, Updating, RollingOut, RollingBack, Done };

struct FleetRow {
  std::string service;
  FleetState state = FleetState::Waiting;
  std::optional<engine::Outcome> outcome;  // when Done
  bool dry_run = false;
  std::string detail;  // "1/2 running", or the service's summary when done
};

// The row after one of its service's events.
void update_row(FleetRow& row, const engine::Event& event);

// Failures first, then what is in flight (rolling back, rolling out, updating, preflight),
// then what waits, then the successes; by name within each.
std::vector<FleetRow> sorted_rows(std::vector<FleetRow> rows);

// "100 services: 3 rollout-failed, 12 rolling out, 85 succeeded" (in the order above).
std::string totals_text(const std::vector<FleetRow>& rows);

// "web-12   rolling out   1/2 running"; the name padded to `name_width`.
std::string row_text(const FleetRow& row, size_t name_width);

// The lines of the table: at most `max_rows` rows ("... and N more" for the rest, which are
// the successes and waiting ones, as rows are sorted), then the totals.
std::vector<std::string> table_lines(const std::vector<FleetRow>& rows, size_t max_rows);

}  // namespace cli
