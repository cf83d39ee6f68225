#include "support/emulator_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

#include <httplib.h>

namespace testing_support {

namespace {

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

}  // namespace

std::string emulator_binary() {
  return env_or("ECSDEPLOY_BUILD_DIR", ECSDEPLOY_BUILD_DIR) + "/emulator/ecs-emulator";
}

std::string source_path(const std::string& relative) {
  return env_or("ECSDEPLOY_SOURCE_DIR", ECSDEPLOY_SOURCE_DIR) + "/" + relative;
}

std::string write_temp_scenario(const nlohmann::ordered_json& scenario) {
  char path[] = "/tmp/ecsdeploy-scenario-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) {
    return {};
  }
  std::string text = scenario.dump(2);
  ssize_t written = write(fd, text.data(), text.size());
  close(fd);
  return written == static_cast<ssize_t>(text.size()) ? std::string(path) : std::string();
}

bool is_mutating_operation(const std::string& op) {
  for (const char* prefix : {"Register", "Deregister", "Update", "Create", "Delete", "Stop",
                             "Start", "Run", "Tag", "Untag", "Put", "Continue"}) {
    if (op.rfind(prefix, 0) == 0) {
      return true;
    }
  }
  return false;
}

util::Result<std::unique_ptr<EmulatorProcess>> EmulatorProcess::start(const Options& options) {
  std::string binary = emulator_binary();
  if (access(binary.c_str(), X_OK) != 0) {
    return util::make_error(util::ErrorKind::NotFound, "no emulator binary at " + binary);
  }
  int out[2];
  if (pipe(out) != 0) {
    return util::make_error(util::ErrorKind::Internal, "pipe failed");
  }
  std::vector<std::string> args = {binary, "--state", options.scenario_file,        "--port",
                                   "0",    "--speed", std::to_string(options.speed)};
  if (!options.auth) {
    args.push_back("--no-auth");
  }
  pid_t pid = fork();
  if (pid < 0) {
    return util::make_error(util::ErrorKind::Internal, "fork failed");
  }
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    std::vector<char*> argv;
    for (auto& a : args) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(out[1]);
  // Read stdout until the "listening on" line (10 s at most).
  std::string seen;
  const std::string marker = "listening on 127.0.0.1:";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int port = -1;
  while (port < 0 && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) {
      continue;
    }
    char buf[256];
    ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) {
      break;
    }
    seen.append(buf, static_cast<size_t>(n));
    auto at = seen.find(marker);
    if (at != std::string::npos) {
      auto end = seen.find('\n', at);
      if (end != std::string::npos) {
        port = std::atoi(seen.substr(at + marker.size(), end - at - marker.size()).c_str());
      }
    }
  }
  close(out[0]);
  if (port <= 0) {
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
    return util::make_error(util::ErrorKind::Internal,
                            "ecs-emulator did not report its port; output: " + seen);
  }
  return std::unique_ptr<EmulatorProcess>(new EmulatorProcess(pid, port));
}

EmulatorProcess::~EmulatorProcess() {
  kill(m_pid, SIGTERM);
  int status = 0;
  for (int i = 0; i < 50; ++i) {
    if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
      return;
    }
    usleep(20000);
  }
  kill(m_pid, SIGKILL);
  waitpid(m_pid, &status, 0);
}

util::Result<std::string> EmulatorProcess::control(const std::string& method,
                                                   const std::string& path,
                                                   const std::string& body) const {
  httplib::Client client("127.0.0.1", m_port);
  client.set_connection_timeout(5);
  client.set_read_timeout(10);
  httplib::Result r = method == "GET"      ? client.Get(path.c_str())
                      : method == "DELETE" ? client.Delete(path.c_str())
                                           : client.Post(path.c_str(), body, "application/json");
  if (!r) {
    return util::make_error(util::ErrorKind::Network, "control call " + path + " failed");
  }
  if (r->status < 200 || r->status >= 300) {
    return util::make_error(
        util::ErrorKind::ServiceError,
        "control call " + path + ": HTTP " + std::to_string(r->status) + " " + r->body);
  }
  return r->body;
}

util::Result<std::vector<LoggedRequest>> EmulatorProcess::requests() const {
  auto body = control("GET", "/_emulator/requests");
  if (!body) {
    return body.take_error();
  }
  auto json = nlohmann::json::parse(*body, nullptr, false);
  if (json.is_discarded() || !json.contains("requests")) {
    return util::make_error(util::ErrorKind::ProtocolError, "bad request log: " + *body);
  }
  std::vector<LoggedRequest> out;
  for (const auto& r : json["requests"]) {
    out.push_back({r.value("seq", 0LL), r.value("service", ""), r.value("operation", ""),
                   r.value("status", 0)});
  }
  return out;
}

}  // namespace testing_support
