#pragma once
// FakeTransport: a scripted HttpTransport. Tests queue responses (or transport errors) and
// inspect the requests that were sent. A handler may be installed instead of a queue for
// stateful fakes.

#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "aws/http_transport.h"

namespace testing_support {

class FakeTransport final : public aws::HttpTransport {
 public:
  using Handler = std::function<util::Result<aws::HttpResponse>(const aws::HttpRequest&)>;

  util::Result<aws::HttpResponse> send(const aws::HttpRequest& request) override;

  // Queue a response with the given status, body and headers.
  void push(int status, std::string body, aws::Headers headers = {});
  // Queue a transport failure (kind Network/Timeout).
  void push_error(util::Error error);
  // Use a handler for every request (after the queue is empty).
  void set_handler(Handler handler);

  const std::vector<aws::HttpRequest>& requests() const { return m_requests; }
  // X-Amz-Target values (or STS Action=) of the sent requests, in order.
  std::vector<std::string> operations() const;

 private:
  std::mutex m_mutex;
  std::deque<util::Result<aws::HttpResponse>> m_queue;
  Handler m_handler;
  std::vector<aws::HttpRequest> m_requests;
};

}  // namespace testing_support
