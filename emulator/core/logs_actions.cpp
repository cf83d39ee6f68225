// CloudWatch Logs actions: CreateLogGroup, CreateLogStream, PutLogEvents, GetLogEvents,
// DescribeLogStreams. Event times are epoch milliseconds.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/actions.h"
#include "core/api_error.h"
#include "core/arn.h"
#include "core/log_store.h"

namespace emulator {
namespace {

ApiError not_found(const std::string& what) {
  return client_error("ResourceNotFoundException", "The specified " + what + " does not exist.");
}

std::string group_name(Call& c) {
  auto name = opt_string(c.body, "logGroupName");
  auto ident = opt_string(c.body, "logGroupIdentifier");
  if (name && ident) {
    throw invalid_parameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
  }
  if (ident) {
    // An ARN identifier: arn:...:log-group:<name>[:*]
    if (auto group = arn_resource(*ident, "log-group")) {
      std::string rest = *group;
      if (rest.size() > 2 && rest.compare(rest.size() - 2, 2, ":*") == 0) {
        rest.resize(rest.size() - 2);
      }
      return rest;
    }
    return *ident;
  }
  if (!name) {
    throw invalid_parameter("Either logGroupName or logGroupIdentifier must be specified.");
  }
  return *name;
}

LogGroup& require_group(Call& c) {
  LogGroup* g = find_log_group(c.st, c.caller.account, group_name(c));
  if (g == nullptr) {
    throw not_found("log group");
  }
  return *g;
}

LogStream& require_stream(Call& c, LogGroup& g) {
  auto it = g.streams.find(req_string(c.body, "logStreamName"));
  if (it == g.streams.end()) {
    throw not_found("log stream");
  }
  return it->second;
}

long long ms(double seconds) {
  return static_cast<long long>(std::llround(seconds * 1000));
}

Json create_log_group_action(Call& c) {
  std::string name = req_string(c.body, "logGroupName");
  if (name.empty() || name.size() > 512) {
    throw invalid_parameter("logGroupName must be 1-512 characters.");
  }
  if (find_log_group(c.st, c.caller.account, name) != nullptr) {
    throw client_error("ResourceAlreadyExistsException", "The specified log group already exists");
  }
  create_log_group(c.st, c.caller.account, name);
  return Json::object();
}

Json create_log_stream(Call& c) {
  LogGroup& g = require_group(c);
  std::string name = req_string(c.body, "logStreamName");
  if (name.empty() || name.size() > 512 || name.find(':') != std::string::npos ||
      name.find('*') != std::string::npos) {
    throw invalid_parameter("logStreamName must be 1-512 characters without ':' or '*'.");
  }
  if (g.streams.count(name) != 0) {
    throw client_error("ResourceAlreadyExistsException", "The specified log stream already exists");
  }
  ensure_log_stream(c.st, g, name);
  return Json::object();
}

Json put_log_events(Call& c) {
  LogGroup& g = require_group(c);
  LogStream& s = require_stream(c, g);
  const Json& events = opt_array(c.body, "logEvents");
  if (events.is_null() || events.empty() || events.size() > 10000) {
    throw invalid_parameter("logEvents must contain between 1 and 10000 events.");
  }
  std::vector<LogEvent> batch;
  long long previous = 0;
  for (const auto& e : events) {
    auto ts = opt_int(e, "timestamp");
    auto msg = opt_string(e, "message");
    if (!ts || !msg) {
      throw invalid_parameter("Each log event needs a timestamp and a message.");
    }
    if (*ts < previous) {
      throw invalid_parameter(
          "Log events in a single PutLogEvents request must be in chronological order.");
    }
    previous = *ts;
    batch.push_back(LogEvent{*ts, ms(c.now), *msg});
  }
  append_log_events(s, std::move(batch));
  return {{"nextSequenceToken", std::to_string(s.events.size())}};
}

std::string token(char direction, std::size_t index) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%c/%056zu", direction, index);
  return buf;
}

Json get_log_events(Call& c) {
  LogGroup& g = require_group(c);
  LogStream& s = require_stream(c, g);
  auto start_time = opt_int(c.body, "startTime");
  auto end_time = opt_int(c.body, "endTime");
  auto limit_v = opt_int(c.body, "limit");
  if (limit_v && (*limit_v < 1 || *limit_v > 10000)) {
    throw invalid_parameter("limit must be between 1 and 10000.");
  }
  std::size_t limit = static_cast<std::size_t>(limit_v.value_or(10000));
  bool from_head = opt_bool(c.body, "startFromHead").value_or(false);
  std::vector<const LogEvent*> events;
  for (const auto& e : s.events) {
    if ((start_time && e.timestamp < *start_time) || (end_time && e.timestamp >= *end_time)) {
      continue;
    }
    events.push_back(&e);
  }
  const std::size_t total = events.size();
  std::size_t begin = 0;
  std::size_t end = 0;
  auto next = opt_string(c.body, "nextToken");
  if (next) {
    if (next->size() != 58 || (next->at(0) != 'f' && next->at(0) != 'b') || next->at(1) != '/') {
      throw invalid_parameter("The specified nextToken is invalid.");
    }
    std::size_t index = 0;
    try {
      index = static_cast<std::size_t>(std::stoull(next->substr(2)));
    } catch (const std::exception&) {
      throw invalid_parameter("The specified nextToken is invalid.");
    }
    index = std::min(index, total);
    if (next->at(0) == 'f') {
      begin = index;
      end = std::min(total, index + limit);
    } else {
      end = index;
      begin = index > limit ? index - limit : 0;
    }
  } else if (from_head) {
    begin = 0;
    end = std::min(total, limit);
  } else {
    end = total;
    begin = total > limit ? total - limit : 0;
  }
  Json out = {{"events", Json::array()}};
  for (std::size_t i = begin; i < end; ++i) {
    out["events"].push_back({{"timestamp", events[i]->timestamp},
                             {"message", events[i]->message},
                             {"ingestionTime", events[i]->ingestion_time}});
  }
  // End of stream: paging forward past the last event hands back the token that was sent.
  if (next && next->at(0) == 'f' && begin == end) {
    out["nextForwardToken"] = *next;
  } else {
    out["nextForwardToken"] = token('f', end);
  }
  if (next && next->at(0) == 'b' && begin == end) {
    out["nextBackwardToken"] = *next;
  } else {
    out["nextBackwardToken"] = token('b', begin);
  }
  return out;
}

Json describe_log_streams(Call& c) {
  LogGroup& g = require_group(c);
  auto prefix = opt_string(c.body, "logStreamNamePrefix");
  const std::string order = opt_string(c.body, "orderBy").value_or("LogStreamName");
  if (order != "LogStreamName" && order != "LastEventTime") {
    throw invalid_parameter("orderBy must be LogStreamName or LastEventTime.");
  }
  if (order == "LastEventTime" && prefix) {
    throw invalid_parameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
  }
  const bool descending = opt_bool(c.body, "descending").value_or(false);
  const std::size_t limit = page_size(c.body, 50, 50, "limit");
  std::vector<const LogStream*> found;
  for (const auto& [name, s] : g.streams) {
    if (name.rfind(prefix.value_or(""), 0) == 0) {
      found.push_back(&s);
    }
  }
  if (order == "LastEventTime") {
    auto last = [](const LogStream* s) {
      return s->events.empty() ? 0 : s->events.back().timestamp;
    };
    std::stable_sort(found.begin(), found.end(),
                     [&](const LogStream* a, const LogStream* b) { return last(a) < last(b); });
  }
  if (descending) {
    std::reverse(found.begin(), found.end());
  }
  const std::string scope = "streams:" + g.arn + ":" + prefix.value_or("") + ":" + order +
                            (descending ? ":desc" : ":asc");
  std::size_t start = 0;
  if (auto token = opt_string(c.body, "nextToken")) {
    try {
      start = parse_next_token(token, scope);
    } catch (const ApiError&) {
      throw invalid_parameter("The specified nextToken is invalid.");
    }
  }
  Json out = {{"logStreams", Json::array()}};
  for (std::size_t i = start; i < found.size() && i < start + limit; ++i) {
    const LogStream& s = *found[i];
    Json j = {{"logStreamName", s.name},
              {"creationTime", ms(s.created_at)},
              {"arn", g.arn.substr(0, g.arn.size() - 1) + "log-stream:" + s.name},
              {"storedBytes", 0}};
    if (!s.events.empty()) {
      j["firstEventTimestamp"] = s.events.front().timestamp;
      j["lastEventTimestamp"] = s.events.back().timestamp;
      j["lastIngestionTime"] = s.events.back().ingestion_time;
    }
    out["logStreams"].push_back(std::move(j));
  }
  if (start + limit < found.size()) {
    out["nextToken"] = make_next_token(scope, start + limit);
  }
  return out;
}

}  // namespace

void add_logs_actions(ActionTable& table) {
  table["CreateLogGroup"] = create_log_group_action;
  table["CreateLogStream"] = create_log_stream;
  table["PutLogEvents"] = put_log_events;
  table["GetLogEvents"] = get_log_events;
  table["DescribeLogStreams"] = describe_log_streams;
}

}  // namespace emulator
