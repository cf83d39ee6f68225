#include "cli/run_report.h"

#include "cli/command_error.h"
#include "cli/exit_codes.h"
#include "cli/runtime.h"

namespace cli {

int run_report(CommandContext& ctx,
               const std::function<util::Result<std::string>(const engine::Clients&)>& query) {
  auto runtime = Runtime::create(ctx.global, ctx.env, ctx.clock, nullptr);
  if (!runtime) {
    return command_error(ctx, runtime.error());
  }
  auto text = query((*runtime)->clients());
  if (!text) {
    return command_error(ctx, text.error());
  }
  std::fputs(text->c_str(), ctx.out);
  std::fflush(ctx.out);
  return to_int(ExitCode::Success);
}

}  // namespace cli
