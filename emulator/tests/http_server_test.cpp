// The HTTP server binds 127.0.0.1 exclusively: a second server cannot share its port.
#include <gtest/gtest.h>

#include "server/http_server.h"
#include "tests/harness.h"

namespace emulator::testing {
namespace {

TEST(HttpServer, RefusesAPortThatIsTaken) {
  Harness first;
  Harness second;
  HttpServer a(first.emulator());
  int port = a.bind(0);
  ASSERT_GT(port, 0);
  HttpServer b(second.emulator());
  EXPECT_EQ(b.bind(port), -1) << "two emulators would split the calls on port " << port;
}

}  // namespace
}  // namespace emulator::testing
