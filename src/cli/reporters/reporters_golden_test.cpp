// Golden tests for every reporter: a fixed event sequence is rendered and compared with
// tests/e2e/golden/reporters/<name>.txt (UPDATE_GOLDEN=1 rewrites them). The tty and plain
// cases also run through the real start-up path, under a pty (forkpty) and through a pipe,
// so terminal detection is part of what is tested.

#include <gtest/gtest.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cli/reporters/github_reporter.h"
#include "cli/reporters/json_reporter.h"
#include "cli/reporters/make_reporter.h"
#include "cli/reporters/plain_reporter.h"
#include "cli/reporters/tty_reporter.h"
#include "support/manual_clock.h"

namespace cli {
namespace {

using namespace std::chrono_literals;

const util::SystemTime k_t0{std::chrono::seconds{1'800'000'000}};  // 2027-01-15 08:00:00Z
const std::string k_td12 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:12";
const std::string k_td13 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:13";

engine::RolloutProgress progress(int at_s, int running_new, int pending_new, int running_old,
                                 const std::string& state) {
  engine::RolloutProgress p;
  p.at = k_t0 + std::chrono::seconds(at_s);
  p.service_deployment_status = state == "COMPLETED" ? "SUCCESSFUL" : "IN_PROGRESS";
  p.deployments.push_back(
      {"ecs-svc/2222", "PRIMARY", k_td13, 2, pending_new, running_new, 0, state, ""});
  if (running_old > 0) {
    p.deployments.push_back(
        {"ecs-svc/1111", "ACTIVE", k_td12, 2, 0, running_old, 0, "COMPLETED", ""});
  }
  p.desired = 2;
  p.running = running_new + running_old;
  p.pending = pending_new;
  return p;
}

std::vector<engine::Event> success_events() {
  engine::PlanReady plan;
  plan.command = "deploy";
  plan.cluster = "stg";
  plan.service = "web";
  plan.current_task_definition = k_td12;
  plan.base_task_definition = k_td12;
  plan.container = "app";
  plan.current_image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1";
  plan.new_image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v2";
  plan.current_desired = 1;
  plan.new_desired = 2;
  plan.diff = {{"containerDefinitions[app].image", plan.current_image, plan.new_image}};
  return {
      engine::PhaseStarted{"preflight", "Preflight checks"},
      engine::PreflightCheck{"credentials", true, false, "account 123456789012"},
      engine::PreflightCheck{"cluster", true, false, "stg is ACTIVE"},
      engine::PreflightCheck{"image", true, true, "registry is not ECR: tag not checked"},
      engine::PhaseFinished{"preflight", true, 420ms},
      plan,
      engine::PhaseStarted{"register", "Register revision"},
      engine::RevisionRegistered{k_td13, plan.new_image},
      engine::PhaseFinished{"register", true, 150ms},
      engine::ServiceUpdated{k_td13, 2, "", "ecs-svc/2222"},
      engine::PhaseStarted{"wait", "Waiting for the rollout"},
      progress(11, 0, 2, 1, "IN_PROGRESS"),
      engine::Retrying{"ecs:DescribeServices", 1, 3, 250ms, "ThrottlingException"},
      progress(13, 0, 2, 1, "IN_PROGRESS"),  // unchanged: plain prints nothing
      engine::ServiceEventSeen{k_t0 + 12s, "(service web) has started 2 tasks: (task a) (task b)."},
      progress(15, 2, 0, 1, "IN_PROGRESS"),
      engine::Message{engine::Severity::Notice, "old tasks draining"},
      progress(17, 2, 0, 0, "COMPLETED"),
      engine::PhaseFinished{"wait", true, 14s},
      engine::Finished{engine::Outcome::Succeeded, false,
                       "stg/web runs web:13 (web:v2), 2/2 tasks"},
  };
}

std::vector<engine::Event> failure_events() {
  engine::StoppedTaskEvidence ev;
  ev.task_arn = "arn:aws:ecs:us-east-1:123456789012:task/stg/0123abcd";
  ev.task_definition_arn = k_td13;
  ev.stop_code = "EssentialContainerExited";
  ev.stopped_reason = "Essential container in task exited";
  ev.containers = {{"app", 1, ""}};
  ev.log_group = "/ecs/web";
  ev.log_stream = "app/app/0123abcd";
  ev.log_tail = {"starting web v2", "error: DATABASE_URL is not set | exiting"};
  engine::StoppedTaskEvidence same = ev;  // a crash loop: said once, then one line per task
  same.task_arn = "arn:aws:ecs:us-east-1:123456789012:task/stg/4567cdef";
  same.log_stream = "app/app/4567cdef";
  engine::RolloutProgress failed = progress(3, 0, 0, 1, "FAILED");
  failed.deployments[0].failed = 3;
  return {
      engine::PhaseStarted{"wait", "Waiting for the rollout"},
      progress(1, 0, 2, 1, "IN_PROGRESS"),
      ev,
      same,
      failed,
      engine::Message{engine::Severity::Warning, "crash loop: 3 tasks of web:13 stopped"},
      engine::PhaseFinished{"wait", false, 30s},
      engine::RollbackStarted{"crash loop", k_td13, k_td12, "StopServiceDeployment(ROLLBACK)"},
      engine::Message{engine::Severity::Error, "rollout failed; stg/web runs web:12 again"},
      engine::Finished{engine::Outcome::RolloutFailed, false,
                       "web:13 crashed (3 tasks stopped); rolled back to web:12"},
  };
}

engine::OperationResult success_result() {
  engine::OperationResult r;
  r.command = "deploy";
  r.outcome = engine::Outcome::Succeeded;
  r.summary = "stg/web runs web:13 (web:v2), 2/2 tasks";
  r.cluster = "stg";
  r.service = "web";
  r.previous_task_definition = k_td12;
  r.task_definition = k_td13;
  r.previous_image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1";
  r.image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v2";
  r.previous_desired_count = 1;
  r.desired_count = 2;
  r.registered_new_revision = true;
  r.timings = {420ms, 150ms, 80ms, 14s, 14650ms};
  return r;
}

engine::OperationResult failure_result() {
  engine::OperationResult r = success_result();
  r.outcome = engine::Outcome::RolloutFailed;
  r.summary = "web:13 crashed (3 tasks stopped); rolled back to web:12";
  r.failure_reason = "crash loop: 3 tasks of web:13 stopped";
  r.rolled_back = true;
  r.running_task_definition = k_td12;
  return r;
}

std::string golden_path(const std::string& name) {
  return std::string(ECSDEPLOY_SOURCE_DIR) + "/tests/e2e/golden/reporters/" + name;
}

void expect_golden(const std::string& name, const std::string& actual) {
  const std::string path = golden_path(name);
  if (std::getenv("UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << path << " (run with UPDATE_GOLDEN=1)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "golden " << name;
}

// Renders events (and the result) with `reporter` writing into memory streams.
struct Capture {
  std::string out;
  std::string err;
};

template <class Make>
Capture render(const std::vector<engine::Event>& events, const engine::OperationResult& result,
               Make make) {
  char* out_buf = nullptr;
  char* err_buf = nullptr;
  size_t out_len = 0;
  size_t err_len = 0;
  std::FILE* out = open_memstream(&out_buf, &out_len);
  std::FILE* err = open_memstream(&err_buf, &err_len);
  testing_support::ManualClock clock(k_t0);
  {
    std::unique_ptr<CliReporter> reporter = make(out, err, clock);
    for (const auto& e : events) {
      reporter->on(e);
      clock.advance(1s);
    }
    reporter->finish(result);
  }
  std::fclose(out);
  std::fclose(err);
  Capture c{std::string(out_buf, out_len), std::string(err_buf, err_len)};
  std::free(out_buf);
  std::free(err_buf);
  return c;
}

TEST(ReporterGolden, Plain) {
  for (const auto& [name, events] : {std::pair{"plain_success.txt", success_events()},
                                     {"plain_failure.txt", failure_events()}}) {
    Capture c = render(events, success_result(), [](std::FILE*, std::FILE* err, util::Clock& k) {
      return std::make_unique<PlainReporter>(err, k);
    });
    EXPECT_EQ(c.out, "");
    expect_golden(name, c.err);
    EXPECT_EQ(c.err.find('\x1b'), std::string::npos) << "plain output must have no escapes";
  }
}

TEST(ReporterGolden, Tty) {
  for (bool color : {true, false}) {
    Capture c = render(success_events(), success_result(),
                       [color](std::FILE*, std::FILE* err, util::Clock&) {
                         return std::make_unique<TtyReporter>(err, color, 100);
                       });
    expect_golden(color ? "tty_success_color.txt" : "tty_success_nocolor.txt", c.err);
  }
  Capture f =
      render(failure_events(), failure_result(), [](std::FILE*, std::FILE* err, util::Clock&) {
        return std::make_unique<TtyReporter>(err, false, 100);
      });
  expect_golden("tty_failure_nocolor.txt", f.err);
}

TEST(ReporterGolden, TtyRedrawsInPlace) {
  Capture c =
      render(success_events(), success_result(), [](std::FILE*, std::FILE* err, util::Clock&) {
        return std::make_unique<TtyReporter>(err, false, 100);
      });
  // Each redraw moves up over the 4-line table and clears to the end of the screen: once per
  // event shown while the table is live (retry, 2 snapshots, service event, notice, last
  // snapshot); the last table is never erased.
  size_t redraws = 0;
  for (size_t p = 0; (p = c.err.find("\x1b[4A\r\x1b[J", p)) != std::string::npos; ++p) {
    ++redraws;
  }
  EXPECT_EQ(redraws, 6u);
  EXPECT_EQ(c.err.find("\x1b[3A"), std::string::npos);
  // The final table is left on screen after the wait ends.
  EXPECT_NE(c.err.find("PRIMARY 2222"), std::string::npos);
}

TEST(ReporterGolden, Json) {
  for (const auto& [name, events, result] :
       {std::tuple{"json_success.json", success_events(), success_result()},
        std::tuple{"json_failure.json", failure_events(), failure_result()}}) {
    Capture c = render(events, result, [](std::FILE* out, std::FILE*, util::Clock& k) {
      return std::make_unique<JsonReporter>(out, k);
    });
    expect_golden(name, c.out);
    EXPECT_EQ(std::count(c.out.begin(), c.out.end(), '\n'), 1) << "one JSON object, one line";
  }
}

TEST(ReporterGolden, GitHub) {
  const std::string dir = ::testing::TempDir();
  for (const auto& [name, events, result] :
       {std::tuple{"github_success", success_events(), success_result()},
        std::tuple{"github_failure", failure_events(), failure_result()}}) {
    const std::string summary = dir + "/summary-" + name;
    const std::string output = dir + "/output-" + name;
    std::remove(summary.c_str());
    std::remove(output.c_str());
    Capture c = render(events, result, [&](std::FILE*, std::FILE* err, util::Clock& k) {
      return std::make_unique<GitHubReporter>(err, k, GitHubReporter::Files{summary, output},
                                              [] { return std::string("EOF_DELIM"); });
    });
    expect_golden(std::string(name) + "_log.txt", c.err);
    std::stringstream s;
    s << std::ifstream(summary).rdbuf();
    expect_golden(std::string(name) + "_summary.md", s.str());
    std::stringstream o;
    o << std::ifstream(output).rdbuf();
    expect_golden(std::string(name) + "_output.txt", o.str());
  }
}

TEST(GitHubOutput, MultiLineSafeAndEscaping) {
  int n = 0;
  auto text = github_output_lines({{"a", "x\ny"}, {"b", "has D1 inside"}},
                                  [&] { return "D" + std::to_string(n++); });
  // The second value contains "D1", so a fresh delimiter is drawn.
  EXPECT_EQ(text, "a<<D0\nx\ny\nD0\nb<<D2\nhas D1 inside\nD2\n");
  EXPECT_EQ(escape_workflow_data("50%\r\nnext"), "50%25%0D%0Anext");
}

// Runs the real factory in a child whose stderr is a pty (forkpty) or a pipe, with the
// terminal detected from isatty(2) as the CLI does, and returns what the child wrote.
std::string run_detected(bool use_pty) {
  int fds[2] = {-1, -1};
  int master = -1;
  pid_t pid;
  if (use_pty) {
    pid = forkpty(&master, nullptr, nullptr, nullptr);
  } else {
    EXPECT_EQ(pipe(fds), 0);
    pid = fork();
  }
  if (pid == 0) {
    if (!use_pty) {
      dup2(fds[1], STDERR_FILENO);
      close(fds[0]);
      close(fds[1]);
    }
    util::MapEnv env(std::map<std::string, std::string>{{"TERM", "xterm"}});
    Terminal t = detect_terminal(isatty(STDERR_FILENO) == 1, env, /*no_color_flag=*/true);
    testing_support::ManualClock clock(k_t0);
    auto reporter = make_reporter(t, OutputFormat::Text, env, clock, stdout, stderr, 100);
    for (const auto& e : success_events()) {
      reporter->on(e);
      clock.advance(1s);
    }
    reporter->finish(success_result());
    std::fflush(stderr);
    _exit(0);
  }
  int fd = use_pty ? master : fds[0];
  if (!use_pty) {
    close(fds[1]);
  }
  std::string data;
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) {
      break;  // EOF, or EIO on the pty master once the child has gone
    }
    data.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  // The pty's line discipline turns \n into \r\n; undo it to compare with the golden file.
  std::string out;
  for (size_t i = 0; i < data.size(); ++i) {
    if (use_pty && data[i] == '\r' && i + 1 < data.size() && data[i + 1] == '\n') {
      continue;
    }
    out += data[i];
  }
  return out;
}

TEST(ReporterGolden, DetectedUnderPtyAndPipe) {
  expect_golden("tty_success_nocolor.txt", run_detected(true));
  expect_golden("plain_success.txt", run_detected(false));
}

}  // namespace
}  // namespace cli
