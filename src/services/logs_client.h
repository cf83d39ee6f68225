#pragma once
// LogsClient: the tail of one CloudWatch Logs stream (for stopped-task evidence).

#include <cstdint>
#include <string>
#include <vector>

#include "aws/aws_client.h"
#include "util/result.h"

namespace services {

struct LogEvent {
  std::int64_t timestamp_ms = 0;
  std::string message;
};

class LogsClient {
 public:
  explicit LogsClient(aws::AwsClient& client) : m_client(client) {}

  // The last `lines` events of the stream, oldest first (GetLogEvents, startFromHead=false).
  util::Result<std::vector<LogEvent>> tail(const std::string& group, const std::string& stream,
                                           int lines);

 private:
  aws::AwsClient& m_client;
};

}  // namespace services
