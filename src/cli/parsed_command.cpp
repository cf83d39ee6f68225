#include "cli/parsed_command.h"

#include "cli/error_text.h"
#include "cli/exit_codes.h"

namespace cli {

int usage_error(CommandContext& ctx, const util::Error& error) {
  print_error(ctx.err, explain_error(error));
  return to_int(ExitCode::Usage);
}

}  // namespace cli
