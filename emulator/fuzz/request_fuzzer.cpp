// libFuzzer target: one raw HTTP request ("METHOD TARGET VERSION", headers, blank line, body)
// through the emulator's front door (Emulator::handle, or handle_control under /_emulator/),
// exactly as server/http_server.cpp hands it over, on a fresh emulator per input. A request
// with an Authorization header runs with SigV4 on (the verifier's parsing is fuzzed), any other
// with --no-auth semantics (the actions are). Build and run: emulator/fuzz/run.sh [seconds].
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/cbor.h"
#include "core/emulator.h"
#include "core/json_limits.h"
#include "core/scenario.h"

namespace {

using emulator::Json;

// A small scenario: one account with a signing user and a user whose policy allows reads only,
// one cluster with a steady service, an ECR repository, a log group and an image that crashes.
const char* const k_scenario = R"json({
  "region": "us-east-1", "startTime": "2026-01-01T00:00:00Z",
  "accounts": [{"id": "123456789012",
    "users": [{"name": "deployer", "accessKeyId": "AKIAFUZZ0000000001", "secretAccessKey": "fuzz-secret"},
              {"name": "reader", "accessKeyId": "AKIAFUZZ0000000002", "secretAccessKey": "fuzz-secret-2",
               "policy": {"Version": "2012-10-17", "Statement": [
                 {"Effect": "Allow", "Action": ["ecs:Describe*", "ecs:List*"], "Resource": "*",
                  "Condition": {"ArnLike": {"ecs:cluster": "arn:aws:ecs:*:*:cluster/demo"}}}]}}],
    "roles": [{"name": "deploy"}]}],
  "timings": {"jitter": 0},
  "logGroups": ["/ecs/web"],
  "clusters": [{"name": "demo"}],
  "repositories": [{"name": "web", "images": [{"tags": ["v1"]}, {"tags": ["v2"]}, {"tags": ["crash"]}]}],
  "taskDefinitions": [{"family": "web", "cpu": "256", "memory": "512", "networkMode": "awsvpc",
    "containerDefinitions": [{"name": "app", "essential": true,
      "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1",
      "logConfiguration": {"logDriver": "awslogs",
        "options": {"awslogs-group": "/ecs/web", "awslogs-stream-prefix": "web"}}}]}],
  "services": [{"name": "web", "cluster": "demo", "taskDefinition": "web", "desiredCount": 2,
    "deploymentConfiguration": {"minimumHealthyPercent": 50, "maximumPercent": 200,
      "deploymentCircuitBreaker": {"enable": true, "rollback": true}}}],
  "images": {"crash": {"behavior": "crash", "crashAfterSeconds": 2, "logLines": ["boom"]}},
  "scalableTargets": [{"resourceId": "service/demo/web", "minCapacity": 1, "maxCapacity": 4}]
})json";

std::string_view next_line(std::string_view& in) {
  std::size_t nl = in.find('\n');
  std::string_view line = in.substr(0, nl);
  in = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return line;
}

// Lenient, like a server that got this far: anything after the blank line is the body.
emulator::HttpRequest parse_request(std::string_view in) {
  emulator::HttpRequest req;
  std::string_view first = next_line(in);
  std::size_t sp = first.find(' ');
  req.method = std::string(first.substr(0, sp));
  std::string_view target =
      sp == std::string_view::npos ? std::string_view("/") : first.substr(sp + 1);
  target = target.substr(0, target.find(' '));
  std::size_t q = target.find('?');
  req.path = std::string(target.substr(0, q));
  req.query = q == std::string_view::npos ? std::string() : std::string(target.substr(q + 1));
  while (!in.empty()) {
    std::string_view line = next_line(in);
    if (line.empty()) {
      break;
    }
    std::size_t colon = line.find(':');
    std::string_view name = line.substr(0, colon);
    std::string_view value =
        colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') {
      value.remove_prefix(1);
    }
    req.headers.emplace_back(std::string(name), std::string(value));
  }
  req.body = std::string(in);
  return req;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Json k_doc = Json::parse(k_scenario);
  emulator::HttpRequest req =
      parse_request(std::string_view(reinterpret_cast<const char*>(data), size));
  emulator::EmulatorOptions options;
  options.auth = req.has_header("authorization");
  emulator::Scenario scenario = emulator::load_scenario(k_doc, 0, 1, 1767225600);
  emulator::Emulator emu(std::move(scenario.state), options);
  emulator::HttpResponse res =
      req.path.rfind("/_emulator/", 0) == 0 ? emu.handle_control(req) : emu.handle(req);
  // Every answer is well-formed: a real status, and JSON bodies parse (a stored request member
  // may add its own 512 levels under the response's).
  if (res.status < 100 || res.status > 599) {
    __builtin_trap();
  }
  // CloudWatch answers in Smithy RPC v2 CBOR: those bodies must decode as CBOR instead.
  if (res.content_type == "application/cbor") {
    if (!res.body.empty() && !emulator::cbor_decode(res.body)) {
      __builtin_trap();
    }
  } else if (res.content_type.rfind("application/", 0) == 0 && !res.body.empty() &&
             emulator::parse_json_bounded(res.body, 2 * emulator::k_max_json_depth).status !=
                 emulator::JsonParse::Ok) {
    __builtin_trap();
  }
  return 0;
}
