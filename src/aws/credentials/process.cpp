#include "aws/credentials/process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include <nlohmann/json.hpp>

#include "aws/json_parse.h"
#include "util/file_read.h"
#include "util/input_limits.h"
#include "util/time.h"

extern char** environ;

namespace aws {

namespace {

struct RunResult {
  int wait_status = 0;
  std::string out;
};

util::Error timed_out(std::chrono::milliseconds timeout) {
  const auto ms = timeout.count();
  return credentials_error(
      "the command did not finish within " +
          (ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms"),
      "CredentialProcessTimeout");
}

void kill_and_reap(pid_t pid) {
  ::kill(pid, SIGKILL);
  int ignored = 0;
  while (::waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {
  }
}

// Runs `/bin/sh -c command` with stdout captured; stdin and stderr are inherited. A command
// that outlives `timeout` or prints more than k_max_token_bytes is killed: a helper that
// hangs or floods must not hang the deploy or exhaust memory.
util::Result<RunResult> run_shell(const std::string& command, std::chrono::milliseconds timeout) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return credentials_error(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  std::string sh = "/bin/sh";
  std::string dash_c = "-c";
  std::string cmd = command;
  char* argv[] = {sh.data(), dash_c.data(), cmd.data(), nullptr};
  pid_t pid = 0;
  int rc = ::posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    return credentials_error(std::string("cannot start /bin/sh: ") + std::strerror(rc));
  }
  RunResult result;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fds[0], POLLIN, 0};
    const int ready = left.count() > 0 ? ::poll(&p, 1, static_cast<int>(left.count())) : 0;
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready == 0) {
      ::close(fds[0]);
      kill_and_reap(pid);
      return timed_out(timeout);
    }
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    if (result.out.size() + static_cast<size_t>(n) > util::k_max_token_bytes) {
      ::close(fds[0]);
      kill_and_reap(pid);
      return credentials_error("the command printed more than " +
                               util::describe_size(util::k_max_token_bytes));
    }
    result.out.append(buf, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  // stdout is closed; a command that then lingers still counts against the deadline.
  for (;;) {
    const pid_t done = ::waitpid(pid, &result.wait_status, WNOHANG);
    if (done == pid) {
      break;
    }
    if (done < 0 && errno != EINTR) {
      return credentials_error(std::string("cannot wait for the command: ") + std::strerror(errno));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      kill_and_reap(pid);
      return timed_out(timeout);
    }
    ::usleep(10000);
  }
  return result;
}

util::Error bad_output(const std::string& what) {
  return credentials_error("output " + what +
                               "; expected JSON {\"Version\": 1, \"AccessKeyId\": ..., "
                               "\"SecretAccessKey\": ..., \"SessionToken\": ..., "
                               "\"Expiration\": ...}",
                           "InvalidCredentialProcessOutput");
}

}  // namespace

util::Result<Credentials> parse_process_output(std::string_view output) {
  // No exceptions: the parser's messages quote the input, which holds secrets.
  if (auto refused = json_parse::refusal(output)) {
    return bad_output("is " + *refused);
  }
  auto doc = json_parse::parse_or_discard(output);
  if (doc.is_discarded()) {
    return bad_output("is not valid JSON");
  }
  if (!doc.is_object()) {
    return bad_output("is not a JSON object");
  }
  auto version = doc.find("Version");
  if (version == doc.end() || !version->is_number_integer() || version->get<long>() != 1) {
    return bad_output("has a missing or unsupported Version (only 1 is supported)");
  }
  Credentials c;
  const std::pair<const char*, std::string*> members[] = {
      {"AccessKeyId", &c.access_key_id},
      {"SecretAccessKey", &c.secret_access_key},
      {"SessionToken", &c.session_token},
  };
  for (const auto& [name, out] : members) {
    auto it = doc.find(name);
    if (it == doc.end() || it->is_null()) {
      if (out == &c.session_token) {
        continue;
      }
      return bad_output(std::string("has no ") + name);
    }
    if (!it->is_string() || (out != &c.session_token && it->get<std::string>().empty())) {
      return bad_output(std::string("has a ") + name + " that is not a non-empty string");
    }
    *out = it->get<std::string>();
  }
  if (auto it = doc.find("Expiration"); it != doc.end() && !it->is_null()) {
    if (!it->is_string() || !(c.expiration = util::parse_iso8601(it->get<std::string>()))) {
      return bad_output("has an Expiration that is not an ISO-8601 time");
    }
  }
  return c;
}

ProcessProvider::ProcessProvider(std::string command, std::string source, std::string label,
                                 std::chrono::milliseconds timeout)
    : m_command(std::move(command)),
      m_source(std::move(source)),
      m_label(std::move(label)),
      m_timeout(timeout) {}

util::Result<Credentials> ProcessProvider::get() {
  auto prefixed = [this](util::Error e) {
    e.message = m_label + ": " + e.message;
    return e;
  };
  auto run = run_shell(m_command, m_timeout);
  if (!run) {
    return prefixed(run.take_error());
  }
  const int st = run->wait_status;
  if (WIFSIGNALED(st)) {
    return prefixed(
        credentials_error("the command was killed by signal " + std::to_string(WTERMSIG(st)),
                          "CredentialProcessFailed"));
  }
  if (WIFEXITED(st) && WEXITSTATUS(st) != 0) {
    std::string msg = "the command exited with status " + std::to_string(WEXITSTATUS(st));
    if (WEXITSTATUS(st) == 127) {
      msg += " (command not found?)";
    }
    return prefixed(credentials_error(msg + "; its own messages, if any, are on stderr above",
                                      "CredentialProcessFailed"));
  }
  auto creds = parse_process_output(run->out);
  if (!creds) {
    return prefixed(creds.take_error());
  }
  creds->source = m_source;
  return creds;
}

}  // namespace aws
