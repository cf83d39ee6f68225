#include "cli/service_command.h"

#include <cstdio>
#include <string>

#include "cli/command_error.h"
#include "cli/error_text.h"
#include "cli/exit_codes.h"

namespace cli {

int usage_error(CommandContext& ctx, const util::Error& error) {
  util::Error usage = error;
  usage.kind = util::ErrorKind::InvalidInput;  // a parse error is a usage error (exit 2)
  const int code = command_error(ctx, usage);
  // Same as app.cpp's usage errors: in a GitHub run the message also becomes an annotation.
  std::fputs(usage_error_annotation(ctx.env, explain_error(usage)).c_str(), ctx.err);
  return code;
}

}  // namespace cli
