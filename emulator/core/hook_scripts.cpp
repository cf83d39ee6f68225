#include "core/hook_scripts.h"

#include <stdexcept>

#include "core/cloudwatch_alarms.h"

namespace emulator {
namespace {

[[noreturn]] void bad(const std::string& path, const std::string& what) {
  throw std::invalid_argument(path + ": " + what);
}

void only(const Json& obj, std::initializer_list<const char*> keys, const std::string& path) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool known = false;
    for (const char* k : keys) {
      known = known || it.key() == k;
    }
    if (!known) {
      bad(path + "." + it.key(), "unknown field");
    }
  }
}

std::string alarm_state_value(const Json& obj, const std::string& path, const char* fallback) {
  if (!obj.contains("state")) {
    return fallback;
  }
  if (!obj["state"].is_string()) {
    bad(path + ".state", "expected OK, ALARM or INSUFFICIENT_DATA");
  }
  std::string s = obj["state"].get<std::string>();
  if (s != "OK" && s != "ALARM" && s != "INSUFFICIENT_DATA") {
    bad(path + ".state", "expected OK, ALARM or INSUFFICIENT_DATA");
  }
  return s;
}

}  // namespace

void load_lambda_scripts(State& st, const Json& doc, const std::string& path) {
  if (!doc.is_object()) {
    bad(path, "expected an object of function ARN -> answers");
  }
  std::map<std::string, std::vector<LambdaReply>> parsed;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    std::string p = path + "." + it.key();
    if (it.key().rfind("arn:", 0) != 0) {
      bad(p, "expected a Lambda function ARN as the key");
    }
    if (!it.value().is_array() || it.value().empty()) {
      bad(p, "expected a non-empty list of answers");
    }
    std::vector<LambdaReply> replies;
    for (std::size_t i = 0; i < it.value().size(); ++i) {
      const Json& r = it.value()[i];
      std::string rp = p + "[" + std::to_string(i) + "]";
      if (!r.is_object()) {
        bad(rp, "expected an object");
      }
      only(r, {"hookStatus", "callBackDelay", "error", "hookDetails"}, rp);
      LambdaReply reply;
      if (r.contains("error")) {
        if (!r["error"].is_string() || r["error"].get<std::string>().empty()) {
          bad(rp + ".error", "expected a message");
        }
        reply.error = r["error"].get<std::string>();
      } else if (r.contains("hookStatus")) {
        // Any string is kept: an invalid status is how a script tests ECS's reaction to it.
        if (!r["hookStatus"].is_string()) {
          bad(rp + ".hookStatus", "expected a string");
        }
        reply.hook_status = r["hookStatus"].get<std::string>();
      }
      if (r.contains("callBackDelay")) {
        if (!r["callBackDelay"].is_number() || r["callBackDelay"].get<double>() < 1 ||
            r["callBackDelay"].get<double>() > 900) {
          bad(rp + ".callBackDelay", "expected seconds between 1 and 900");
        }
        reply.callback_delay = r["callBackDelay"].get<double>();
      }
      if (r.contains("hookDetails")) {
        reply.hook_details = r["hookDetails"];
      }
      replies.push_back(std::move(reply));
    }
    parsed[it.key()] = std::move(replies);
  }
  for (auto& [arn, replies] : parsed) {
    st.lambda_scripts[arn] = std::move(replies);
    st.lambda_calls.erase(arn);
  }
}

void load_alarm_scripts(State& st, const Json& doc, const std::string& path, double now) {
  if (!doc.is_array()) {
    bad(path, "expected a list of alarms");
  }
  const std::string default_account = st.accounts.empty() ? "123456789012" : st.accounts.front();
  struct Parsed {
    std::string account, name, state;
    std::vector<AlarmScript> scripts;
  };
  std::vector<Parsed> parsed;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const Json& a = doc[i];
    std::string p = path + "[" + std::to_string(i) + "]";
    if (!a.is_object()) {
      bad(p, "expected an object");
    }
    only(a, {"name", "account", "state", "script"}, p);
    Parsed out;
    if (!a.contains("name") || !a["name"].is_string() || a["name"].get<std::string>().empty()) {
      bad(p + ".name", "expected the alarm name");
    }
    out.name = a["name"].get<std::string>();
    out.account = a.contains("account") && a["account"].is_string()
                      ? a["account"].get<std::string>()
                      : default_account;
    out.state = alarm_state_value(a, p, "OK");
    const Json& script = a.contains("script") ? a["script"] : Json::array();
    if (!script.is_array()) {
      bad(p + ".script", "expected a list of changes");
    }
    for (std::size_t k = 0; k < script.size(); ++k) {
      const Json& s = script[k];
      std::string sp = p + ".script[" + std::to_string(k) + "]";
      if (!s.is_object()) {
        bad(sp, "expected an object");
      }
      only(s, {"atSeconds", "whenImageRuns", "state"}, sp);
      AlarmScript as;
      as.account = out.account;
      as.alarm = out.name;
      as.state = alarm_state_value(s, sp, "ALARM");
      if (s.contains("atSeconds") == s.contains("whenImageRuns")) {
        bad(sp, "expected exactly one of atSeconds and whenImageRuns");
      }
      if (s.contains("atSeconds")) {
        if (!s["atSeconds"].is_number() || s["atSeconds"].get<double>() < 0) {
          bad(sp + ".atSeconds", "expected non-negative seconds");
        }
        as.at = now + std::max(0.001, s["atSeconds"].get<double>());
      } else {
        if (!s["whenImageRuns"].is_string() || s["whenImageRuns"].get<std::string>().empty()) {
          bad(sp + ".whenImageRuns", "expected an image or a :tag");
        }
        as.when_image = s["whenImageRuns"].get<std::string>();
      }
      out.scripts.push_back(std::move(as));
    }
    parsed.push_back(std::move(out));
  }
  for (auto& a : parsed) {
    if (alarm_state(st, a.account, a.name).empty() || !a.state.empty()) {
      set_alarm_state(st, a.account, a.name, a.state, "Scenario: initial state", now);
    }
    for (auto& s : a.scripts) {
      st.alarm_scripts.push_back(std::move(s));
    }
  }
}

}  // namespace emulator
