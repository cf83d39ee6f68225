#include "cli/cmd_whoami.h"

#include <nlohmann/json.hpp>

#include "aws/session.h"
#include "cli/command_error.h"
#include "cli/exit_codes.h"
#include "cli/json_output.h"
#include "cli/outside_text.h"

namespace cli {

OptionTable whoami_options() {
  return {};
}

std::string whoami_text(const WhoamiResult& r) {
  return "account:      " + printable(r.identity.account) + "\n" +
         "arn:          " + printable(r.identity.arn) + "\n" +
         "user id:      " + printable(r.identity.user_id) + "\n" + "region:       " + r.region +
         "\n" + "credentials:  " + r.credential_source + "\n";
}

std::string whoami_json(const WhoamiResult& r) {
  nlohmann::ordered_json j;
  j["account"] = r.identity.account;
  j["arn"] = r.identity.arn;
  j["user_id"] = r.identity.user_id;
  j["region"] = r.region;
  j["credential_source"] = r.credential_source;
  return json_document(j) + "\n";
}

int run_whoami(CommandContext& ctx) {
  auto session = aws::make_session(ctx.global.session, ctx.env, ctx.clock);
  if (!session) {
    return command_error(ctx, session.error());
  }
  services::StsClient sts(*session->client);
  auto identity = sts.get_caller_identity();
  if (!identity) {
    return command_error(ctx, identity.error());
  }
  // The call above already resolved (and cached) the credentials; only their source is kept.
  auto creds = session->credentials->get();
  WhoamiResult result{*identity, session->region, creds ? creds->source : "unknown"};
  const std::string text =
      ctx.global.output == OutputFormat::Json ? whoami_json(result) : whoami_text(result);
  std::fputs(text.c_str(), ctx.out);
  return to_int(ExitCode::Success);
}

}  // namespace cli
