#include "services/sts_client.h"

namespace services {

util::Result<CallerIdentity> StsClient::get_caller_identity() {
  auto body = m_client.call_query(aws::Service::Sts, "GetCallerIdentity", {});
  if (!body) {
    return body.take_error();
  }
  return parse_caller_identity(*body);
}

}  // namespace services
