#pragma once
// HttpServer: cpp-httplib on 127.0.0.1, forwarding every request to the Emulator (AWS API on
// POST /, control endpoint under /_emulator/) and ticking the simulation in the background.
#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "core/emulator.h"

namespace httplib {
class Server;
}

namespace emulator {

class HttpServer {
 public:
  explicit HttpServer(Emulator& emulator);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds 127.0.0.1:port (0 = any free port); returns the port, or -1 on failure.
  int bind(int port);
  // Serves on background threads until stop().
  void start();
  void stop();

 private:
  Emulator& m_emulator;
  std::unique_ptr<httplib::Server> m_server;
  std::thread m_listener;
  std::thread m_ticker;
  std::atomic<bool> m_running{false};
};

}  // namespace emulator
