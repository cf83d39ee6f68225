// ecs-emulator: a local ECS/ECR/STS/Logs endpoint (docs/emulator.md).
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "core/emulator.h"
#include "core/scenario.h"
#include "server/http_server.h"
#include "server/options.h"

int main(int argc, char** argv) {
  using namespace emulator;
  ParsedOptions parsed = parse_options(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.options) {
    std::cerr << "ecs-emulator: " << parsed.error << "\n" << k_usage;
    return 2;
  }
  const ServerOptions& opt = *parsed.options;
  if (opt.help) {
    std::cout << k_usage;
    return 0;
  }
  // Block the stop signals in every thread; the main thread waits for them with sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  try {
    Scenario scenario =
        opt.state_file.empty()
            ? load_scenario(Json::object(), opt.speed, opt.seed, real_epoch_now())
            : load_scenario_file(opt.state_file, opt.speed, opt.seed, real_epoch_now());
    EmulatorOptions eopt;
    eopt.auth = opt.auth;
    Emulator emu(std::move(scenario.state), eopt);
    if (!scenario.faults.is_null()) {
      emu.faults().configure(scenario.faults, "faults");
    }
    ConnectionLimits limits;
    limits.max_connections = opt.max_connections;
    HttpServer server(emu, limits);
    int port = server.bind(opt.port);
    if (port < 0) {
      std::cerr << "ecs-emulator: cannot bind 127.0.0.1:" << opt.port << ": "
                << (errno == EADDRINUSE ? "the port is already in use" : std::strerror(errno))
                << "\n";
      return 1;
    }
    server.start();
    std::cout << "listening on 127.0.0.1:" << port << std::endl;
    int sig = 0;
    sigwait(&signals, &sig);
    server.stop();
    return 0;
  } catch (const ScenarioError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "ecs-emulator: " << e.what() << "\n";
    return 1;
  }
}
