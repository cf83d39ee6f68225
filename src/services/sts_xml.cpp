// GetCallerIdentity XML parsing, kept apart from the client so it is testable on its own.
#include "services/sts_client.h"

#include "aws/xml.h"

namespace services {

util::Result<CallerIdentity> parse_caller_identity(std::string_view xml) {
  auto result = aws::xml::find_element(xml, "GetCallerIdentityResult");
  if (!result) {
    return util::make_error(util::ErrorKind::ProtocolError,
                            "STS GetCallerIdentity response has no GetCallerIdentityResult");
  }
  CallerIdentity id;
  id.account = aws::xml::find_text(*result, "Account").value_or("");
  id.arn = aws::xml::find_text(*result, "Arn").value_or("");
  id.user_id = aws::xml::find_text(*result, "UserId").value_or("");
  if (id.account.empty() || id.arn.empty()) {
    return util::make_error(util::ErrorKind::ProtocolError,
                            "STS GetCallerIdentity response lacks Account or Arn");
  }
  return id;
}

}  // namespace services
