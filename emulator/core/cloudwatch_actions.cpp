#include "core/cloudwatch_actions.h"

#include <cmath>

#include "core/api_error.h"
#include "core/cloudwatch_alarms.h"
#include "core/sts_actions.h"

namespace emulator {
namespace {

ApiError cw_error(const std::string& code, const std::string& message) {
  return ApiError(code == "ResourceNotFound" ? 404 : 400, code, message);
}

std::string str_member(const Json& body, const char* key, bool required) {
  if (!body.contains(key)) {
    if (required) {
      throw cw_error("MissingParameter", std::string("The parameter ") + key + " is required.");
    }
    return "";
  }
  if (!body[key].is_string()) {
    throw cw_error("InvalidParameterValue", std::string(key) + " must be a string.");
  }
  return body[key].get<std::string>();
}

// The query protocol sends every value as text; the JSON protocols send numbers.
std::optional<double> num_member(const Json& body, const char* key) {
  if (!body.contains(key)) {
    return std::nullopt;
  }
  const Json& v = body[key];
  if (v.is_number()) {
    return v.get<double>();
  }
  if (v.is_string()) {
    try {
      std::size_t used = 0;
      double d = std::stod(v.get<std::string>(), &used);
      if (used == v.get<std::string>().size() && std::isfinite(d)) {
        return d;
      }
    } catch (const std::exception&) {
    }
  }
  throw cw_error("InvalidParameterValue", std::string(key) + " must be a number.");
}

std::vector<std::string> names_member(const Json& body, const char* key) {
  std::vector<std::string> out;
  if (!body.contains(key)) {
    return out;
  }
  if (!body[key].is_array()) {
    throw cw_error("InvalidParameterValue", std::string(key) + " must be a list of names.");
  }
  for (const auto& n : body[key]) {
    if (!n.is_string()) {
      throw cw_error("InvalidParameterValue", std::string(key) + " must be a list of names.");
    }
    out.push_back(n.get<std::string>());
  }
  return out;
}

void check_state(const std::string& s) {
  if (s != "OK" && s != "ALARM" && s != "INSUFFICIENT_DATA") {
    throw cw_error("InvalidParameterValue",
                   "StateValue must be one of OK, ALARM, INSUFFICIENT_DATA.");
  }
}

Json put_metric_alarm(Call& c) {
  std::string name = str_member(c.body, "AlarmName", true);
  if (name.empty() || name.size() > 255) {
    throw cw_error("InvalidParameterValue", "AlarmName must be 1 to 255 characters.");
  }
  auto periods = num_member(c.body, "EvaluationPeriods");
  if (!periods) {
    throw cw_error("MissingParameter", "The parameter EvaluationPeriods is required.");
  }
  if (*periods < 1) {
    throw cw_error("InvalidParameterValue", "EvaluationPeriods must be at least 1.");
  }
  std::string op = str_member(c.body, "ComparisonOperator", true);
  if (auto period = num_member(c.body, "Period"); period && *period < 1) {
    throw cw_error("InvalidParameterValue", "Period must be at least 1.");
  }
  num_member(c.body, "Threshold");
  num_member(c.body, "DatapointsToAlarm");
  std::string key = c.caller.account + "|" + name;
  bool existed = c.st.alarms.count(key) > 0;
  if (!existed) {
    set_alarm_state(c.st, c.caller.account, name, "INSUFFICIENT_DATA",
                    "Unchecked: Initial alarm creation", c.now);
  }
  MetricAlarm& a = c.st.alarms.at(key);
  a.definition = Json::object();
  for (auto it = c.body.begin(); it != c.body.end(); ++it) {
    if (it.key() != "Tags") {
      a.definition[it.key()] = it.value();
    }
  }
  for (const char* k : {"EvaluationPeriods", "Period", "Threshold", "DatapointsToAlarm"}) {
    if (auto v = num_member(c.body, k)) {
      a.definition[k] = *v;
      if (std::string(k) != "Threshold") {
        a.definition[k] = static_cast<long long>(*v);
      }
    }
  }
  a.configuration_updated_at = c.now;
  return Json::object();
}

Json alarm_json(const MetricAlarm& a) {
  Json j = {{"AlarmName", a.name}, {"AlarmArn", a.arn}};
  for (auto it = a.definition.begin(); it != a.definition.end(); ++it) {
    if (it.key() != "AlarmName") {
      j[it.key()] = it.value();
    }
  }
  if (!j.contains("ActionsEnabled")) {
    j["ActionsEnabled"] = true;
  }
  for (const char* k : {"OKActions", "AlarmActions", "InsufficientDataActions", "Dimensions"}) {
    if (!j.contains(k)) {
      j[k] = Json::array();
    }
  }
  j["AlarmConfigurationUpdatedTimestamp"] = a.configuration_updated_at;
  j["StateValue"] = a.state;
  j["StateReason"] = a.reason;
  j["StateUpdatedTimestamp"] = a.updated_at;
  j["StateTransitionedTimestamp"] = a.updated_at;
  return j;
}

Json describe_alarms(Call& c) {
  apply_alarm_scripts(c.st, c.now);
  std::vector<std::string> names = names_member(c.body, "AlarmNames");
  if (names.size() > 100) {
    throw cw_error("InvalidParameterValue", "AlarmNames can have at most 100 items.");
  }
  std::string prefix = str_member(c.body, "AlarmNamePrefix", false);
  if (!names.empty() && !prefix.empty()) {
    throw cw_error("InvalidParameterCombination",
                   "AlarmNames and AlarmNamePrefix cannot be used together.");
  }
  std::string state = str_member(c.body, "StateValue", false);
  if (!state.empty()) {
    check_state(state);
  }
  auto max_records = num_member(c.body, "MaxRecords");
  if (max_records && (*max_records < 1 || *max_records > 100)) {
    throw cw_error("InvalidParameterValue", "MaxRecords must be between 1 and 100.");
  }
  std::size_t limit = max_records ? static_cast<std::size_t>(*max_records) : 50;
  std::string token = str_member(c.body, "NextToken", false);
  Json alarms = Json::array();
  std::string next;
  for (const auto& [key, a] : c.st.alarms) {
    if (a.account != c.caller.account ||
        (!names.empty() && std::find(names.begin(), names.end(), a.name) == names.end()) ||
        (!prefix.empty() && a.name.rfind(prefix, 0) != 0) || (!state.empty() && a.state != state) ||
        (!token.empty() && a.name < token)) {
      continue;
    }
    if (alarms.size() == limit) {
      next = a.name;
      break;
    }
    alarms.push_back(alarm_json(a));
  }
  Json out = {{"CompositeAlarms", Json::array()}, {"MetricAlarms", std::move(alarms)}};
  if (!next.empty()) {
    out["NextToken"] = next;
  }
  return out;
}

Json set_alarm_state_action(Call& c) {
  std::string name = str_member(c.body, "AlarmName", true);
  std::string state = str_member(c.body, "StateValue", true);
  std::string reason = str_member(c.body, "StateReason", true);
  check_state(state);
  if (c.st.alarms.count(c.caller.account + "|" + name) == 0) {
    throw cw_error("ResourceNotFound", "Alarm " + name + " does not exist.");
  }
  set_alarm_state(c.st, c.caller.account, name, state, reason, c.now);
  return Json::object();
}

Json delete_alarms(Call& c) {
  std::vector<std::string> names = names_member(c.body, "AlarmNames");
  if (!c.body.contains("AlarmNames")) {
    throw cw_error("MissingParameter", "The parameter AlarmNames is required.");
  }
  for (const auto& n : names) {
    if (c.st.alarms.count(c.caller.account + "|" + n) == 0) {
      throw cw_error("ResourceNotFound", "Alarm " + n + " does not exist.");
    }
  }
  for (const auto& n : names) {
    c.st.alarms.erase(c.caller.account + "|" + n);
  }
  return Json::object();
}

void xml_value(std::string& out, const std::string& key, const Json& v) {
  static const std::set<std::string>& ts = cloudwatch_timestamps();
  out += "<" + key + ">";
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      xml_value(out, it.key(), it.value());
    }
  } else if (v.is_array()) {
    for (const auto& item : v) {
      xml_value(out, "member", item);
    }
  } else if (ts.count(key) > 0 && v.is_number()) {
    out += iso8601(v.get<double>());
  } else if (v.is_string()) {
    out += xml_escape(v.get<std::string>());
  } else if (v.is_boolean()) {
    out += v.get<bool>() ? "true" : "false";
  } else if (!v.is_null()) {
    out += dump_json(v);
  }
  out += "</" + key + ">";
}

}  // namespace

const ActionTable& cloudwatch_actions() {
  static const ActionTable k_table = {{"PutMetricAlarm", put_metric_alarm},
                                      {"DescribeAlarms", describe_alarms},
                                      {"SetAlarmState", set_alarm_state_action},
                                      {"DeleteAlarms", delete_alarms}};
  return k_table;
}

const std::set<std::string>& cloudwatch_timestamps() {
  static const std::set<std::string> k_ts = {"AlarmConfigurationUpdatedTimestamp",
                                             "StateUpdatedTimestamp", "StateTransitionedTimestamp"};
  return k_ts;
}

Json query_params_to_json(const std::vector<std::pair<std::string, std::string>>& params) {
  Json out = Json::object();
  for (const auto& [key, value] : params) {
    if (key == "Action" || key == "Version") {
      continue;
    }
    // Split "A.member.2.Name" into A, member, 2, Name and walk/create the path.
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
      std::size_t dot = key.find('.', start);
      parts.push_back(
          key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (dot == std::string::npos) {
        break;
      }
      start = dot + 1;
    }
    Json* node = &out;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) {
      const std::string& part = parts[i];
      bool last = i + 1 == parts.size();
      if (part == "member" && i + 1 < parts.size()) {
        std::size_t index = 0;
        try {
          index = static_cast<std::size_t>(std::stoul(parts[i + 1]));
        } catch (const std::exception&) {
          ok = false;
          break;
        }
        if (index < 1 || index > 1000) {
          ok = false;
          break;
        }
        if (!node->is_array()) {
          *node = Json::array();
        }
        while (node->size() < index) {
          node->push_back(nullptr);
        }
        node = &(*node)[index - 1];
        ++i;  // the index
        if (i + 1 == parts.size()) {
          *node = value;
        }
        continue;
      }
      if (!node->is_object()) {
        *node = Json::object();
      }
      node = &(*node)[part];
      if (last) {
        *node = value;
      }
    }
  }
  return out;
}

std::string query_response_xml(const std::string& operation, const Json& result,
                               const std::string& request_id) {
  std::string out =
      "<" + operation + "Response xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">";
  if (!result.empty()) {
    xml_value(out, operation + "Result", result);
  }
  out += "<ResponseMetadata><RequestId>" + request_id + "</RequestId></ResponseMetadata></" +
         operation + "Response>";
  return out;
}

}  // namespace emulator
