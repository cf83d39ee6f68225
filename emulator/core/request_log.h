#pragma once
// The request log behind GET /_emulator/requests: one entry per API call (never secrets).
#include <deque>
#include <string>

#include "core/json_access.h"

namespace emulator {

struct RequestLogEntry {
  long long seq = 0;
  double time = 0;  // virtual epoch seconds
  std::string service;
  std::string operation;
  std::string caller;  // identity ARN, "" when unauthenticated
  int status = 0;
  std::string error;  // AWS error code, "" on success
  std::string fault;  // injected fault type, if any
};

class RequestLog {
 public:
  void add(RequestLogEntry entry);
  Json to_json(long long since) const;  // entries with seq > since
  void clear();

 private:
  static constexpr std::size_t k_capacity = 20000;
  std::deque<RequestLogEntry> m_entries;
  long long m_next_seq = 1;
};

}  // namespace emulator
