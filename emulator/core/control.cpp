// The control endpoint (loopback only): /_emulator/health, requests, faults, advance, state.
#include <cmath>

#include "core/ecs_json.h"
#include "core/emulator.h"
#include "core/hook_scripts.h"
#include "core/json_limits.h"

namespace emulator {
namespace {

HttpResponse json_reply(int status, const Json& body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = dump_json(body, 2);
  return r;
}

HttpResponse control_error(int status, const std::string& message) {
  return json_reply(status, {{"error", message}});
}

std::string query_param(const HttpRequest& req, const std::string& key) {
  for (const auto& [k, v] : parse_form(req.query)) {
    if (k == key) {
      return v;
    }
  }
  return {};
}

bool is_loopback(const std::string& addr) {
  return addr.rfind("127.", 0) == 0 || addr == "::1" || addr == "::ffff:127.0.0.1";
}

Json state_json(State& st) {
  Json out = {{"virtualTime", std::round(st.now() * 1000) / 1000},
              {"region", st.region},
              {"clusters", Json::array()},
              {"services", Json::array()},
              {"taskDefinitions", Json::array()},
              {"repositories", Json::array()},
              {"logGroups", Json::array()},
              {"taskCount", st.tasks.size()}};
  for (const auto& [arn, c] : st.clusters) {
    out["clusters"].push_back(cluster_json(st, c, true));
  }
  for (const auto& [arn, s] : st.services) {
    out["services"].push_back(service_json(st, s, true));
  }
  for (const auto& [key, revisions] : st.families) {
    for (const auto& td : revisions) {
      out["taskDefinitions"].push_back({{"arn", td.arn}, {"status", td.status}});
    }
  }
  for (const auto& [key, repo] : st.repositories) {
    Json images = Json::array();
    for (const auto& img : repo.images) {
      images.push_back({{"digest", img.digest}, {"tags", img.tags}});
    }
    out["repositories"].push_back({{"name", repo.name}, {"uri", repo.uri}, {"images", images}});
  }
  for (const auto& [account, groups] : st.log_groups) {
    for (const auto& [name, g] : groups) {
      Json streams = Json::array();
      for (const auto& [sname, s] : g.streams) {
        streams.push_back({{"name", sname}, {"events", s.events.size()}});
      }
      out["logGroups"].push_back({{"name", name}, {"streams", streams}});
    }
  }
  return out;
}

}  // namespace

HttpResponse Emulator::handle_control(const HttpRequest& req) {
  if (!is_loopback(req.remote_addr)) {
    return control_error(403, "the control endpoint only answers loopback clients");
  }
  if (req.body.size() > m_options.max_body_bytes) {
    return control_error(413, "the body exceeds the limit of " +
                                  std::to_string(m_options.max_body_bytes) + " bytes");
  }
  const std::string& p = req.path;
  State& st = *m_state;
  if (p == "/_emulator/health" && req.method == "GET") {
    std::lock_guard<std::mutex> lock(st.mutex());
    st.catch_up();
    return json_reply(200, {{"ok", true},
                            {"virtualTime", std::round(st.now() * 1000) / 1000},
                            {"speed", st.clock().speed()}});
  }
  if (p == "/_emulator/requests") {
    std::lock_guard<std::mutex> lock(st.mutex());
    if (req.method == "DELETE") {
      m_log.clear();
      return json_reply(200, {{"cleared", true}});
    }
    if (req.method == "GET") {
      long long since = 0;
      std::string s = query_param(req, "since");
      if (!s.empty()) {
        try {
          since = std::stoll(s);
        } catch (const std::exception&) {
          return control_error(400, "since: expected an integer");
        }
      }
      return json_reply(200, m_log.to_json(since));
    }
  }
  if (p == "/_emulator/faults") {
    std::lock_guard<std::mutex> lock(st.mutex());
    if (req.method == "GET") {
      return json_reply(200, m_faults.to_json());
    }
    if (req.method == "DELETE") {
      m_faults.clear();
      return json_reply(200, m_faults.to_json());
    }
    if (req.method == "POST" || req.method == "PUT") {
      BoundedJson parsed = parse_json_bounded(req.body);
      if (parsed.status == JsonParse::TooDeep) {
        return control_error(400, "faults: the body " + too_deep_message());
      }
      if (parsed.status != JsonParse::Ok) {
        return control_error(400, "faults: malformed JSON");
      }
      Json body = parsed.value;
      try {
        // Hook answers and alarm scripts ride along with the fault rules; each key is
        // validated before anything changes.
        if (body.is_object()) {
          State scratch(st.now(), 0, 1);
          scratch.accounts = st.accounts;
          if (body.contains("lambdaHooks")) {
            load_lambda_scripts(scratch, body["lambdaHooks"], "faults.lambdaHooks");
          }
          if (body.contains("alarms")) {
            load_alarm_scripts(scratch, body["alarms"], "faults.alarms", st.now());
          }
          Json rules = body;
          rules.erase("lambdaHooks");
          rules.erase("alarms");
          Faults check;
          check.configure(rules, "faults");
          st.catch_up();
          if (body.contains("lambdaHooks")) {
            load_lambda_scripts(st, body["lambdaHooks"], "faults.lambdaHooks");
          }
          if (body.contains("alarms")) {
            load_alarm_scripts(st, body["alarms"], "faults.alarms", st.now());
            for (auto& [arn, svc] : st.services) {
              svc.touch();
            }
          }
          body = std::move(rules);
        }
        m_faults.configure(body, "faults");
      } catch (const std::invalid_argument& e) {
        return control_error(400, e.what());
      }
      return json_reply(200, m_faults.to_json());
    }
  }
  if (p == "/_emulator/advance" && req.method == "POST") {
    std::string s = query_param(req, "seconds");
    double seconds = 0;
    try {
      seconds = std::stod(s);
    } catch (const std::exception&) {
      return control_error(400, "seconds: expected a number");
    }
    if (!(seconds >= 0) || seconds > 30 * 24 * 3600) {
      return control_error(400, "seconds: expected 0 to 2592000");
    }
    std::lock_guard<std::mutex> lock(st.mutex());
    st.clock().advance(seconds);
    st.catch_up();
    return json_reply(200, {{"virtualTime", std::round(st.now() * 1000) / 1000}});
  }
  if (p == "/_emulator/state" && req.method == "GET") {
    std::lock_guard<std::mutex> lock(st.mutex());
    st.catch_up();
    return json_reply(200, state_json(st));
  }
  return control_error(404, "no such control endpoint: " + req.method + " " + p);
}

}  // namespace emulator
