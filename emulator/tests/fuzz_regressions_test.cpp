// Inputs emulator/fuzz/run.sh found that crashed the front door; each stays fixed here.
#include <gtest/gtest.h>

#include "tests/harness.h"

namespace emulator::testing {
namespace {

Json parsed(const HttpResponse& r) {
  return Json::parse(r.body);  // throws (fails the test) on a body that is not JSON
}

// crash-8d7e53ec: an X-Amz-Target with a byte that is not UTF-8 is echoed in the error
// message; nlohmann's dump() threw type_error 316 and terminated the emulator. The request
// log then held the same bytes, so GET /_emulator/requests would have thrown as well.
TEST(FuzzRegressions, InvalidUtf8InTargetIsAnErrorNotACrash) {
  Harness h;
  HttpRequest req;
  req.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                 {"X-Amz-Target", "\x84 AmazonEC2ContainerServiceV20141113.ListTasks"}};
  req.body = R"({"cluster": "demo"})";
  HttpResponse r = h.emulator().handle(req);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(parsed(r)["__type"], "UnknownOperationException");

  req.headers[1].second = "AmazonEC2ContainerServiceV20141113.List\xff\xfeTasks";
  r = h.emulator().handle(req);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(parsed(r)["__type"], "UnknownOperationException");

  HttpRequest log;
  log.method = "GET";
  log.path = "/_emulator/requests";
  r = h.emulator().handle_control(log);
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(parsed(r)["requests"].empty());

  HttpRequest control;
  control.method = "GET";
  control.path = "/_emulator/\xc3\x28";
  r = h.emulator().handle_control(control);
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(parsed(r).contains("error"));
}

}  // namespace
}  // namespace emulator::testing
