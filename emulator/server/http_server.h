#pragma once
// HttpServer: cpp-httplib on 127.0.0.1, forwarding every request to the Emulator (AWS API on
// POST /, control endpoint under /_emulator/) and ticking the simulation in the background.
#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "core/emulator.h"
#include "server/connection_limits.h"

namespace emulator {

class HttpServer {
 public:
  // The body limit comes from the emulator's options; the rest from `limits`.
  explicit HttpServer(Emulator& emulator, ConnectionLimits limits = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds 127.0.0.1:port (0 = any free port); returns the port, or -1 on failure.
  int bind(int port);
  // Serves on background threads until stop().
  void start();
  void stop();
  std::size_t open_connections() const;

 private:
  Emulator& m_emulator;
  std::unique_ptr<LimitedServer> m_server;
  std::thread m_listener;
  std::thread m_ticker;
  std::atomic<bool> m_running{false};
};

}  // namespace emulator
