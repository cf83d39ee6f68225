#pragma once
// Command line of ecs-emulator, parsed by a pure function (tested with tables).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace emulator {

struct ServerOptions {
  int port = 0;
  std::string state_file;
  double speed = 1.0;
  std::uint64_t seed = 1;
  bool auth = true;
  bool help = false;
  std::size_t max_connections = 512;
};

// Returns the options or an error message (usage errors exit 2).
struct ParsedOptions {
  std::optional<ServerOptions> options;
  std::string error;
};
ParsedOptions parse_options(const std::vector<std::string>& args);
extern const char* const k_usage;

}  // namespace emulator
