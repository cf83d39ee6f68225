#include "cli/run_report.h"

#include "cli/error_text.h"
#include "cli/exit_codes.h"
#include "cli/runtime.h"

namespace cli {

int run_report(CommandContext& ctx,
               const std::function<util::Result<std::string>(const engine::Clients&)>& query) {
  auto runtime = Runtime::create(ctx.global, ctx.env, ctx.clock, nullptr);
  if (!runtime) {
    print_error(ctx.err, explain_error(runtime.error()));
    return to_int(exit_code_for(runtime.error().kind));
  }
  auto text = query((*runtime)->clients());
  if (!text) {
    print_error(ctx.err, explain_error(text.error()));
    return to_int(exit_code_for(text.error().kind));
  }
  std::fputs(text->c_str(), ctx.out);
  std::fflush(ctx.out);
  return to_int(ExitCode::Success);
}

}  // namespace cli
