#pragma once
// EmulatorProcess: runs the built ecs-emulator binary on a free loopback port for component
// and e2e-style tests, and reads its control endpoint. Stops the process on destruction.

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/result.h"

namespace testing_support {

struct LoggedRequest {
  long long seq = 0;
  std::string service;    // "ecs", "ecr", "logs", "sts"
  std::string operation;  // "UpdateService"
  int status = 0;
};

class EmulatorProcess {
 public:
  struct Options {
    std::string scenario_file;  // path to a scenario JSON
    double speed = 1.0;         // virtual seconds per real second
    bool auth = true;
  };

  // Starts the emulator and waits (up to 10 s) for "listening on 127.0.0.1:PORT".
  static util::Result<std::unique_ptr<EmulatorProcess>> start(const Options& options);
  ~EmulatorProcess();
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  int port() const { return m_port; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(m_port); }

  // GET /_emulator/requests: every AWS request the emulator saw, in order.
  util::Result<std::vector<LoggedRequest>> requests() const;
  // Any control call ("GET", "/_emulator/state"); returns the body (non-2xx is an error).
  util::Result<std::string> control(const std::string& method, const std::string& path,
                                    const std::string& body = {}) const;

 private:
  EmulatorProcess(pid_t pid, int port) : m_pid(pid), m_port(port) {}
  pid_t m_pid;
  int m_port;
};

// ECSDEPLOY_BUILD_DIR/emulator/ecs-emulator (environment first, then the compile-time dir).
std::string emulator_binary();
// ECSDEPLOY_SOURCE_DIR/<relative>.
std::string source_path(const std::string& relative);
// Writes `scenario` to a fresh temporary file and returns its path.
std::string write_temp_scenario(const nlohmann::ordered_json& scenario);

// Operations that change state (for "zero mutating calls" assertions).
bool is_mutating_operation(const std::string& operation);

}  // namespace testing_support
