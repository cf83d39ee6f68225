#include "cli/reporters/fleet_view.h"

#include <algorithm>
#include <map>

namespace cli {

namespace {

bool failed(const FleetRow& r) {
  return r.state == FleetState::Done && r.outcome && !engine::successful(*r.outcome);
}

int rank(const FleetRow& r) {
  if (r.state == FleetState::Done) {
    return failed(r) ? 0 : 6;
  }
  switch (r.state) {
    case FleetState::RollingBack:
      return 1;
    case FleetState::RollingOut:
      return 2;
    case FleetState::Updating:
      return 3;
    case FleetState::Preflight:
      return 4;
    default:
      return 5;
  }
}

std::string label(const FleetRow& r) {
  switch (r.state) {
    case FleetState::Waiting:
      return "waiting";
    case FleetState::Preflight:
      return "preflight";
    case FleetState::Updating:
      return "updating";
    case FleetState::RollingOut:
      return "rolling out";
    case FleetState::RollingBack:
      return "rolling back";
    case FleetState::Done:
      break;
  }
  if (!r.outcome) {
    return "done";
  }
  return r.dry_run && *r.outcome == engine::Outcome::Succeeded ? "planned"
                                                               : engine::to_string(*r.outcome);
}

}  // namespace

void update_row(FleetRow& row, const engine::Event& event) {
  if (const auto* p = std::get_if<engine::PhaseStarted>(&event)) {
    if (p->phase == "preflight") {
      row.state = FleetState::Preflight;
    } else if (p->phase == "register" || p->phase == "update") {
      row.state = FleetState::Updating;
    } else if (p->phase == "wait") {
      row.state = FleetState::RollingOut;
    } else if (p->phase == "rollback") {
      row.state = FleetState::RollingBack;
    }
  } else if (const auto* g = std::get_if<engine::RolloutProgress>(&event)) {
    row.detail = std::to_string(g->running) + "/" + std::to_string(g->desired) + " running" +
                 (g->pending > 0 ? ", " + std::to_string(g->pending) + " pending" : "");
  } else if (const auto* f = std::get_if<engine::Finished>(&event)) {
    row.state = FleetState::Done;
    row.outcome = f->outcome;
    row.dry_run = f->dry_run;
    row.detail = f->summary;
  }
}

std::vector<FleetRow> sorted_rows(std::vector<FleetRow> rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const FleetRow& a, const FleetRow& b) {
    return rank(a) != rank(b) ? rank(a) < rank(b) : a.service < b.service;
  });
  return rows;
}

std::string totals_text(const std::vector<FleetRow>& rows) {
  std::map<std::pair<int, std::string>, int> counts;
  for (const auto& r : rows) {
    ++counts[{rank(r), label(r)}];
  }
  std::string out = std::to_string(rows.size()) + (rows.size() == 1 ? " service" : " services");
  std::string sep = ": ";
  for (const auto& [key, n] : counts) {
    out += sep + std::to_string(n) + " " + key.second;
    sep = ", ";
  }
  return out;
}

std::string row_text(const FleetRow& row, size_t name_width) {
  std::string name = row.service;
  if (name.size() < name_width) {
    name.resize(name_width, ' ');
  }
  std::string state = label(row);
  state.resize(std::max<size_t>(state.size(), 15), ' ');
  return name + "  " + state + "  " + row.detail;
}

std::vector<std::string> table_lines(const std::vector<FleetRow>& rows, size_t max_rows) {
  std::vector<FleetRow> sorted = sorted_rows(rows);
  size_t width = 0;
  for (const auto& r : sorted) {
    width = std::max(width, r.service.size());
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < sorted.size() && i < max_rows; ++i) {
    out.push_back(row_text(sorted[i], width));
  }
  if (sorted.size() > max_rows) {
    out.push_back("... and " + std::to_string(sorted.size() - max_rows) + " more");
  }
  out.push_back(totals_text(rows));
  return out;
}

}  // namespace cli
