#include "cli/run_operation.h"

#include <algorithm>

#include "cli/error_text.h"
#include "cli/exit_codes.h"
#include "cli/next_step_text.h"
#include "cli/reporters/make_reporter.h"
#include "cli/runtime.h"

namespace cli {

int run_operation(CommandContext& ctx, engine::OperationResult base, const Operation& op) {
  std::unique_ptr<CliReporter> reporter =
      make_reporter(ctx.terminal, ctx.global.output, ctx.env, ctx.clock, ctx.out, ctx.err,
                    ctx.terminal.style == ReporterStyle::Tty ? terminal_width() : 0);
  // Retries are routine (throttling); they are shown with -v only.
  engine::Reporter* retry_sink = ctx.global.verbosity > 0 ? reporter.get() : nullptr;
  auto runtime = Runtime::create(ctx.global, ctx.env, ctx.clock, retry_sink, reporter.get());
  engine::OperationResult result;
  if (!runtime) {
    result = std::move(base);
    result.outcome = runtime.error().kind == util::ErrorKind::InvalidInput
                         ? engine::Outcome::InvalidInput
                         : engine::Outcome::Error;
    result.summary = explain_error(runtime.error());
    result.error = runtime.error();
  } else {
    result = op((*runtime)->clients(), ctx.clock, *reporter);
  }
  if (result.outcome == engine::Outcome::Error && result.error &&
      result.error->kind == util::ErrorKind::Cancelled) {
    // Ctrl-C that landed during an HTTP call rather than a sleep: still an interruption
    // (exit 130), not an unexpected error; the deployment keeps running either way.
    result.outcome = engine::Outcome::Interrupted;
  }
  reporter->finish(result);
  if (result.error && result.outcome != engine::Outcome::Interrupted &&
      (!runtime || result.outcome == engine::Outcome::InvalidInput ||
       result.outcome == engine::Outcome::Error)) {
    print_error(ctx.err, explain_error(*result.error));
  }
  const auto follows = [](const engine::Hint& h) {
    return h.step == engine::NextStep::FollowDeployment;
  };
  if (result.outcome == engine::Outcome::Interrupted &&
      std::none_of(result.next.begin(), result.next.end(), follows)) {
    const engine::Hint follow{engine::NextStep::FollowDeployment, result.cluster, result.service};
    std::fprintf(ctx.err, "ecsdeploy: interrupted; the deployment continues in ECS: %s\n",
                 next_step_text(follow).c_str());
  }
  return to_int(exit_code_for(result.outcome));
}

}  // namespace cli
