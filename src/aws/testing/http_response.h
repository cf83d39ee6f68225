#pragma once
// The HttpResponse a server would send, for unit tests that hand responses straight to
// parsers and classifiers (no transport in between). Header-only: src/aws/testing/ holds test
// helpers, and a .cpp here would join the product library.

#include <string>
#include <utility>

#include "aws/http_transport.h"

namespace testing_support {

inline aws::HttpResponse http_response(int status, std::string body, aws::Headers headers = {}) {
  aws::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

}  // namespace testing_support
