#include "support/fake_transport.h"

namespace testing_support {

util::Result<aws::HttpResponse> FakeTransport::send(const aws::HttpRequest& request) {
  std::lock_guard lock(m_mutex);
  m_requests.push_back(request);
  if (!m_queue.empty()) {
    auto r = std::move(m_queue.front());
    m_queue.pop_front();
    return r;
  }
  if (m_handler) {
    return m_handler(request);
  }
  return util::make_error(util::ErrorKind::Internal,
                          "FakeTransport: no scripted response for " + request.url);
}

void FakeTransport::push(int status, std::string body, aws::Headers headers) {
  std::lock_guard lock(m_mutex);
  aws::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  m_queue.emplace_back(std::move(r));
}

void FakeTransport::push_error(util::Error error) {
  std::lock_guard lock(m_mutex);
  m_queue.emplace_back(std::move(error));
}

void FakeTransport::set_handler(Handler handler) {
  std::lock_guard lock(m_mutex);
  m_handler = std::move(handler);
}

std::vector<std::string> FakeTransport::operations() const {
  std::vector<std::string> out;
  for (const auto& r : m_requests) {
    if (auto t = aws::find_header(r.headers, "X-Amz-Target")) {
      out.push_back(*t);
      continue;
    }
    auto pos = r.body.find("Action=");
    if (pos != std::string::npos) {
      auto end = r.body.find('&', pos);
      out.push_back(r.body.substr(pos + 7, end == std::string::npos ? end : end - pos - 7));
    } else {
      out.push_back(r.method + " " + r.url);
    }
  }
  return out;
}

}  // namespace testing_support
