#include "cli/parsed_command.h"

#include <cstdio>
#include <string>

#include "cli/error_text.h"
#include "cli/exit_codes.h"

namespace cli {

int usage_error(CommandContext& ctx, const util::Error& error) {
  const std::string message = explain_error(error);
  print_error(ctx.err, message);
  // Same as app.cpp's usage errors: in a GitHub run the message also becomes an annotation.
  std::fputs(usage_error_annotation(ctx.env, message).c_str(), ctx.err);
  return to_int(ExitCode::Usage);
}

}  // namespace cli
