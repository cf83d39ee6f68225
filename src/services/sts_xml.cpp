// GetCallerIdentity XML parsing, kept apart from the client so it is testable on its own.
#include "services/sts_client.h"

#include <algorithm>

#include "aws/xml.h"
#include "util/input_limits.h"

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
  // What whoami shows must be what it says it is, not garbage shown as data.
  const bool twelve_digits =
      id.account.size() == 12 && std::all_of(id.account.begin(), id.account.end(),
                                             [](char c) { return c >= '0' && c <= '9'; });
  if (!twelve_digits) {
    return util::make_error(util::ErrorKind::ProtocolError,
                            "STS GetCallerIdentity answered a malformed Account '" +
                                util::truncate_for_display(id.account, 64) +
                                "' (an AWS account id is 12 digits)");
  }
  if (!id.arn.starts_with("arn:") || std::count(id.arn.begin(), id.arn.end(), ':') < 5) {
    return util::make_error(util::ErrorKind::ProtocolError,
                            "STS GetCallerIdentity answered a malformed Arn '" +
                                util::truncate_for_display(id.arn, 128) + "'");
  }
  return id;
}

}  // namespace services
