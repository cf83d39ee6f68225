#include "aws/retry.h"

#include <gtest/gtest.h>

#include "support/fake_transport.h"
#include "support/manual_clock.h"
#include "util/deadline.h"

namespace aws {
namespace {

using testing_support::FakeTransport;
using testing_support::ManualClock;
using util::Duration;
using util::ErrorKind;

const char* k_throttled = R"({"__type":"ThrottlingException","message":"Rate exceeded"})";
const char* k_server = R"({"__type":"ServerException","message":"boom"})";

util::Error transport_error(ErrorKind kind, const char* code) {
  return util::make_error(kind, std::string(code) + " talking to 127.0.0.1", code);
}

// A retry strategy with a fixed "random" value, talking to a FakeTransport.
struct Harness {
  explicit Harness(RetryConfig config = {}, double random = 0.5)
      : strategy(
            clock, config, [random] { return random; },
            [this](const RetryNotice& n) { notices.push_back(n); }) {}

  util::Result<HttpResponse> call() {
    RetryCall c;
    c.operation = "ecs:DescribeServices";
    c.send = [this](const AttemptInfo& info) {
      attempts.push_back(info);
      HttpRequest r;
      r.url = "http://127.0.0.1/";
      return transport.send(r);
    };
    return strategy.run(c);
  }

  ManualClock clock;
  FakeTransport transport;
  std::vector<RetryNotice> notices;
  std::vector<AttemptInfo> attempts;
  RetryStrategy strategy;
};

TEST(BackoffDelayTest, Table) {
  const RetryConfig c = RetryConfig::standard();
  struct Row {
    ErrorKind kind;
    int attempt;
    double random;
    std::optional<Duration> hint;
    Duration expected;
  };
  const Row rows[] = {
      {ErrorKind::ServerError, 1, 0.5, std::nullopt, Duration{25}},
      {ErrorKind::ServerError, 2, 0.5, std::nullopt, Duration{50}},
      {ErrorKind::ServerError, 3, 0.5, std::nullopt, Duration{100}},
      {ErrorKind::Network, 1, 0.999, std::nullopt, Duration{49}},
      {ErrorKind::ServerError, 1, 0.0, std::nullopt, Duration{0}},
      {ErrorKind::Throttling, 1, 0.5, std::nullopt, Duration{500}},
      {ErrorKind::Throttling, 3, 0.5, std::nullopt, Duration{2000}},
      // Capped at 20 s, also for absurd attempt numbers.
      {ErrorKind::Throttling, 6, 1.0, std::nullopt, Duration{20000}},
      {ErrorKind::Throttling, 1000, 0.5, std::nullopt, Duration{10000}},
      {ErrorKind::ServerError, 12, 0.5, std::nullopt, Duration{10000}},
      // x-amz-retry-after: at least the backoff, at most backoff + 5 s.
      {ErrorKind::ServerError, 1, 0.5, Duration{3000}, Duration{3000}},
      {ErrorKind::ServerError, 1, 0.5, Duration{60000}, Duration{5025}},
      {ErrorKind::Throttling, 1, 0.5, Duration{10}, Duration{500}},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(backoff_delay(c, row.kind, row.attempt, row.random, row.hint), row.expected)
        << util::to_string(row.kind) << " attempt " << row.attempt;
  }
  // The classic table: 1 s base for everything, hints ignored.
  const RetryConfig classic = RetryConfig::classic();
  EXPECT_EQ(backoff_delay(classic, ErrorKind::ServerError, 2, 0.5, Duration{9000}), Duration{1000});
}

TEST(RetryClassificationTest, RetryableKindsAndCosts) {
  const RetryConfig c;
  struct Row {
    ErrorKind kind;
    const char* code;
    bool retryable;
    int cost;
  };
  const Row rows[] = {
      {ErrorKind::Throttling, "ThrottlingException", true, 5},
      {ErrorKind::ServerError, "ServerException", true, 14},
      {ErrorKind::Timeout, "Timeout", true, 14},
      {ErrorKind::Network, "ConnectionReset", true, 14},
      {ErrorKind::Network, "ConnectionRefused", true, 14},
      {ErrorKind::Network, "DnsFailure", true, 14},
      {ErrorKind::Network, "TlsError", false, 14},
      {ErrorKind::AccessDenied, "AccessDeniedException", false, 14},
      {ErrorKind::ServiceError, "ClientException", false, 14},
      {ErrorKind::NotFound, "ClusterNotFoundException", false, 14},
      {ErrorKind::Credentials, "CredentialsError", false, 14},
      {ErrorKind::ProtocolError, "InvalidResponse", false, 14},
      {ErrorKind::ClockSkew, "RequestExpired", false, 14},
  };
  for (const auto& row : rows) {
    util::Error e = util::make_error(row.kind, "m", row.code);
    EXPECT_EQ(is_retryable(e), row.retryable) << row.code;
    EXPECT_EQ(retry_cost(c, e), row.cost) << row.code;
  }
  EXPECT_EQ(retry_cost(RetryConfig::classic(), util::make_error(ErrorKind::Timeout, "m")), 10);
}

TEST(RetryStrategyTest, ThrottlingBurstThenSuccess) {
  Harness h;
  h.transport.push(400, k_throttled);
  h.transport.push(400, k_throttled);
  h.transport.push(200, "{}");
  auto r = h.call();
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(h.transport.requests().size(), 3u);
  EXPECT_EQ(h.clock.sleeps(), (std::vector<Duration>{Duration{500}, Duration{1000}}));
  // Two retries took 5 each; success refunds the latest: 500 - 10 + 5.
  EXPECT_EQ(h.strategy.available_tokens(), 495);
  ASSERT_EQ(h.notices.size(), 2u);
  EXPECT_EQ(h.notices[0].operation, "ecs:DescribeServices");
  EXPECT_EQ(h.notices[0].attempt, 1);
  EXPECT_EQ(h.notices[1].attempt, 2);
  EXPECT_EQ(h.notices[1].max_attempts, 3);
  EXPECT_EQ(h.notices[1].delay, Duration{1000});
  EXPECT_EQ(h.notices[1].cause.code, "ThrottlingException");
  EXPECT_EQ(h.notices[1].cause.kind, ErrorKind::Throttling);
  EXPECT_EQ(h.attempts.size(), 3u);
  EXPECT_EQ(h.attempts[2].attempt, 3);
  EXPECT_EQ(h.attempts[2].max_attempts, 3);
}

TEST(RetryStrategyTest, ServerErrorsUseTheShortBase) {
  Harness h;
  h.transport.push(500, k_server);
  h.transport.push(503, "<html>Service Unavailable</html>");
  h.transport.push(200, "{}");
  ASSERT_TRUE(h.call().ok());
  EXPECT_EQ(h.clock.sleeps(), (std::vector<Duration>{Duration{25}, Duration{50}}));
  EXPECT_EQ(h.strategy.available_tokens(), 500 - 28 + 14);
}

TEST(RetryStrategyTest, ConnectionResetIsRetried) {
  Harness h;
  h.transport.push_error(transport_error(ErrorKind::Network, "ConnectionReset"));
  h.transport.push(200, "{}");
  ASSERT_TRUE(h.call().ok());
  EXPECT_EQ(h.transport.requests().size(), 2u);
  EXPECT_EQ(h.clock.sleeps(), (std::vector<Duration>{Duration{25}}));
}

TEST(RetryStrategyTest, TimeoutsExhaustMaxAttempts) {
  Harness h;
  for (int i = 0; i < 3; ++i) {
    h.transport.push_error(transport_error(ErrorKind::Timeout, "Timeout"));
  }
  auto r = h.call();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Timeout);
  EXPECT_EQ(r.error().code, "Timeout");
  EXPECT_NE(r.error().message.find("gave up after 3 attempts"), std::string::npos);
  EXPECT_EQ(h.transport.requests().size(), 3u);
  EXPECT_EQ(h.clock.sleeps().size(), 2u);
  EXPECT_EQ(h.strategy.available_tokens(), 500 - 28);  // nothing refunded on failure
}

TEST(RetryStrategyTest, AThrottledCallThatGivesUpSaysSoWithOperationAndAttempts) {
  Harness h;
  for (int i = 0; i < 3; ++i) {
    h.transport.push(400, k_throttled);
  }
  auto r = h.call();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Throttling);
  EXPECT_EQ(r.error().message,
            "ecs:DescribeServices was throttled; gave up after 3 attempts (Rate exceeded)");

  RetryConfig one;
  one.max_attempts = 1;
  Harness single(one);
  single.transport.push(400, k_throttled);
  auto s = single.call();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            "ecs:DescribeServices was throttled; gave up after 1 attempt (Rate exceeded)");
}

TEST(RetryStrategyTest, EachAttemptIsReportedToTheCaller) {
  Harness h;
  h.transport.push(400, k_throttled);
  h.transport.push(500, k_server);
  h.transport.push(200, "{}");
  std::vector<std::string> seen;
  RetryCall c;
  c.operation = "ecs:UpdateService";
  c.send = [&](const AttemptInfo&) {
    HttpRequest r;
    r.url = "http://127.0.0.1/";
    return h.transport.send(r);
  };
  c.on_attempt = [&](const util::Error* e) { seen.push_back(e ? e->code : "ok"); };
  ASSERT_TRUE(h.strategy.run(c).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"ThrottlingException", "ServerException", "ok"}));
}

TEST(GaveUpTest, OtherErrorsKeepTheirMessage) {
  auto e = gave_up(util::make_error(ErrorKind::ServerError, "boom", "ServerException"),
                   "ecs:DescribeServices", 3, GaveUp::Attempts);
  EXPECT_EQ(e.message, "boom (gave up after 3 attempts)");
  auto q = gave_up(util::make_error(ErrorKind::Throttling, "Rate exceeded", "ThrottlingException"),
                   "ecs:UpdateService", 2, GaveUp::Quota);
  EXPECT_EQ(q.message,
            "ecs:UpdateService was throttled; not retried: retry quota exhausted after 2 attempts "
            "(Rate exceeded)");
}

TEST(RetryStrategyTest, TheThreadsDeadlineCapsAttemptsAndStopsRetries) {
  Harness h;
  h.transport.push_error(transport_error(ErrorKind::Timeout, "Timeout"));
  {
    const util::DeadlineScope deadline(h.clock.steady_now() + std::chrono::seconds(5));
    h.transport.push(200, "{}");
    ASSERT_TRUE(h.call().ok());
    ASSERT_EQ(h.attempts.size(), 2u);
    ASSERT_TRUE(h.attempts[0].time_left);
    EXPECT_EQ(*h.attempts[0].time_left, Duration(5000));  // what is left, not the usual 30 s

    h.clock.advance(Duration(5100));  // past the deadline: one short attempt, no retry
    h.transport.push_error(transport_error(ErrorKind::Timeout, "Timeout"));
    auto r = h.call();
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("not retried: the deadline is reached"), std::string::npos)
        << r.error().message;
    ASSERT_EQ(h.attempts.size(), 3u);
    EXPECT_EQ(*h.attempts[2].time_left, k_min_attempt_time);
  }
  h.transport.push(200, "{}");
  ASSERT_TRUE(h.call().ok());
  EXPECT_FALSE(h.attempts.back().time_left);  // the scope ended: no deadline
}

TEST(RetryStrategyTest, MaxAttemptsIsConfigurable) {
  RetryConfig c;
  c.max_attempts = 5;
  Harness h(c);
  h.transport.set_handler([](const HttpRequest&) -> util::Result<HttpResponse> {
    HttpResponse r;
    r.status = 503;
    return r;
  });
  auto r = h.call();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::ServerError);
  EXPECT_EQ(r.error().http_status, 503);
  EXPECT_EQ(h.transport.requests().size(), 5u);
  EXPECT_EQ(h.clock.sleeps(),
            (std::vector<Duration>{Duration{25}, Duration{50}, Duration{100}, Duration{200}}));
}

TEST(RetryStrategyTest, SingleAttemptMeansNoRetry) {
  RetryConfig c;
  c.max_attempts = 0;  // clamped to 1
  Harness h(c);
  h.transport.push(500, k_server);
  auto r = h.call();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "boom");
  EXPECT_EQ(h.transport.requests().size(), 1u);
  EXPECT_TRUE(h.clock.sleeps().empty());
}

TEST(RetryStrategyTest, NonRetryableErrorsAreNeverRetried) {
  const char* bodies[] = {
      R"({"__type":"ClientException","message":"bad"})",
      R"({"__type":"AccessDeniedException","message":"no"})",
      R"({"__type":"InvalidParameterException","message":"no"})",
      R"({"__type":"UnrecognizedClientException","message":"no"})",
      R"({"__type":"ClusterNotFoundException","message":"no"})",
  };
  for (const char* body : bodies) {
    Harness h;
    h.transport.push(400, body);
    h.transport.push(200, "{}");
    auto r = h.call();
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(h.transport.requests().size(), 1u) << body;
    EXPECT_TRUE(h.clock.sleeps().empty());
    EXPECT_TRUE(h.notices.empty());
    EXPECT_EQ(h.strategy.available_tokens(), 500);
    EXPECT_EQ(r.error().message.find("gave up"), std::string::npos);
  }
  Harness tls;
  tls.transport.push_error(transport_error(ErrorKind::Network, "TlsError"));
  ASSERT_FALSE(tls.call().ok());
  EXPECT_EQ(tls.transport.requests().size(), 1u);
}

TEST(RetryStrategyTest, QuotaExhaustionStopsRetrying) {
  RetryConfig c;
  c.quota_capacity = 20;
  Harness h(c);
  h.transport.set_handler([](const HttpRequest&) -> util::Result<HttpResponse> {
    HttpResponse r;
    r.status = 500;
    r.body = k_server;
    return r;
  });
  // 20 tokens: one retry (14), then the second needs 14 of the 6 left.
  auto first = h.call();
  ASSERT_FALSE(first.ok());
  EXPECT_NE(first.error().message.find("retry quota exhausted"), std::string::npos);
  EXPECT_EQ(h.transport.requests().size(), 2u);
  EXPECT_EQ(h.strategy.available_tokens(), 6);
  // With the bucket near empty the next call fails at once.
  auto second = h.call();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(h.transport.requests().size(), 3u);
  EXPECT_EQ(h.clock.sleeps().size(), 1u);
  // Throttling is cheaper (5) and still fits.
  h.transport.push(400, k_throttled);
  h.transport.push(200, "{}");
  ASSERT_TRUE(h.call().ok());
  EXPECT_EQ(h.strategy.available_tokens(), 6);  // 6 - 5 + 5 refunded
}

TEST(RetryStrategyTest, FirstTrySuccessEarnsATokenUpToCapacity) {
  Harness h;
  h.transport.push(500, k_server);
  h.transport.push(500, k_server);
  h.transport.push(500, k_server);
  ASSERT_FALSE(h.call().ok());
  EXPECT_EQ(h.strategy.available_tokens(), 472);
  h.transport.push(200, "{}");
  ASSERT_TRUE(h.call().ok());
  EXPECT_EQ(h.strategy.available_tokens(), 473);
  Harness full;
  full.transport.push(200, "{}");
  ASSERT_TRUE(full.call().ok());
  EXPECT_EQ(full.strategy.available_tokens(), 500);
}

TEST(RetryStrategyTest, RetryAfterHeaderIsHonoured) {
  Harness h;
  h.transport.push(503, k_server, {{"x-amz-retry-after", "3000"}});
  h.transport.push(503, k_server, {{"x-amz-retry-after", "not-a-number"}});
  h.transport.push(200, "{}");
  ASSERT_TRUE(h.call().ok());
  EXPECT_EQ(h.clock.sleeps(), (std::vector<Duration>{Duration{3000}, Duration{50}}));
}

TEST(RetryStrategyTest, ClockSkewIsCorrectedFromDateAndRetriedOnce) {
  Harness h;
  // ManualClock starts at 1700000000 = Tue, 14 Nov 2023 22:13:20 GMT; the server is 10
  // minutes ahead.
  h.transport.push(
      400,
      R"({"__type":"InvalidSignatureException","message":"Signature expired: 20231114T221320Z is now earlier than 20231114T221820Z"})",
      {{"Date", "Tue, 14 Nov 2023 22:23:20 GMT"}});
  h.transport.push(200, "{}");
  ASSERT_TRUE(h.call().ok());
  ASSERT_EQ(h.attempts.size(), 2u);
  EXPECT_EQ(h.attempts[0].clock_offset, Duration{0});
  EXPECT_EQ(h.attempts[1].clock_offset, Duration{600000});
  EXPECT_EQ(h.strategy.clock_offset(), Duration{600000});
  EXPECT_TRUE(h.clock.sleeps().empty());
  ASSERT_EQ(h.notices.size(), 1u);
  EXPECT_EQ(h.notices[0].cause.kind, ErrorKind::ClockSkew);
  EXPECT_EQ(h.strategy.available_tokens(), 500);  // costs nothing; the success earns 1 (capped)

  // Later calls sign with the offset from their first attempt.
  h.transport.push(200, "{}");
  ASSERT_TRUE(h.call().ok());
  EXPECT_EQ(h.attempts.back().clock_offset, Duration{600000});
}

TEST(RetryStrategyTest, ClockSkewRetriedOnlyOnceAndOnlyWithADate) {
  Harness h;
  const char* body = R"({"__type":"RequestExpired","message":"Request has expired."})";
  h.transport.push(400, body, {{"Date", "Tue, 14 Nov 2023 22:23:20 GMT"}});
  h.transport.push(400, body, {{"Date", "Tue, 14 Nov 2023 22:43:20 GMT"}});
  h.transport.push(200, "{}");
  auto r = h.call();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::ClockSkew);
  EXPECT_EQ(h.transport.requests().size(), 2u);

  Harness no_date;
  no_date.transport.push(400, body);
  no_date.transport.push(200, "{}");
  ASSERT_FALSE(no_date.call().ok());
  EXPECT_EQ(no_date.transport.requests().size(), 1u);
  EXPECT_EQ(no_date.strategy.clock_offset(), Duration{0});
}

class InterruptedClock final : public util::Clock {
 public:
  util::SystemTime now() const override { return util::SystemTime{}; }
  std::chrono::steady_clock::time_point steady_now() const override { return {}; }
  bool sleep_for(util::Duration) override { return false; }
};

TEST(RetryStrategyTest, InterruptedSleepCancels) {
  InterruptedClock clock;
  FakeTransport transport;
  transport.push(400, k_throttled);
  transport.push(200, "{}");
  RetryStrategy strategy(clock, {}, [] { return 0.5; });
  RetryCall c;
  c.operation = "ecs:UpdateService";
  c.send = [&](const AttemptInfo&) { return transport.send(HttpRequest{}); };
  auto r = strategy.run(c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Cancelled);
  EXPECT_NE(r.error().message.find("ecs:UpdateService"), std::string::npos);
  EXPECT_EQ(transport.requests().size(), 1u);
}

TEST(RetryStrategyTest, DefaultRandomStaysWithinTheCap) {
  ManualClock clock;
  FakeTransport transport;
  RetryConfig c;
  c.max_attempts = 4;
  RetryStrategy strategy(clock, c);
  for (int i = 0; i < 3; ++i) {
    transport.push(400, k_throttled);
  }
  transport.push(200, "{}");
  RetryCall call;
  call.operation = "op";
  call.send = [&](const AttemptInfo&) { return transport.send(HttpRequest{}); };
  ASSERT_TRUE(strategy.run(call).ok());
  ASSERT_EQ(clock.sleeps().size(), 3u);
  EXPECT_LT(clock.sleeps()[0], Duration{1000});
  EXPECT_LT(clock.sleeps()[1], Duration{2000});
  EXPECT_LT(clock.sleeps()[2], Duration{4000});
}

}  // namespace
}  // namespace aws
