#include "cli/run_operation_services.h"

#include <mutex>

#include "cli/error_text.h"
#include "cli/exit_codes.h"
#include "cli/reporters/services_reporter.h"
#include "cli/runtime.h"
#include "engine/deploy_services.h"
#include "util/crypto.h"

namespace cli {

namespace {

// Retry notices arrive from the parallel preflights' threads: one at a time, please.
class LockedReporter final : public engine::Reporter {
 public:
  explicit LockedReporter(engine::Reporter& to) : m_to(to) {}
  void on(const engine::Event& event) override {
    std::lock_guard lock(m_mutex);
    m_to.on(event);
  }

 private:
  std::mutex m_mutex;
  engine::Reporter& m_to;
};

}  // namespace

int run_services_operation(CommandContext& ctx, const GlobalOptions& global,
                           const std::vector<engine::DeployOptions>& services) {
  std::vector<std::string> names;
  for (const auto& s : services) {
    names.push_back(s.service);
  }
  ServicesReporter::Setup setup;
  setup.terminal = ctx.terminal;
  setup.output = global.output;
  setup.files = {ctx.env.get_nonempty("GITHUB_STEP_SUMMARY"),
                 ctx.env.get_nonempty("GITHUB_OUTPUT")};
  setup.delimiter = [] { return "ghadelimiter_" + util::uuid_v4(); };
  ServicesReporter reporter(names, setup, ctx.clock, ctx.out, ctx.err);
  LockedReporter retries(reporter.run());
  // A fleet shares the account's ECS buckets among many calls: adaptive pacing unless the
  // user named a retry mode (AWS_RETRY_MODE, retry_mode), as the AWS CLI lets them.
  GlobalOptions fleet = global;
  fleet.session.default_retry_mode = "adaptive";
  auto runtime = Runtime::create(fleet, ctx.env, ctx.clock,
                                 global.verbosity > 0 ? &retries : nullptr, &retries);
  engine::ServicesResult result;
  if (!runtime) {
    result.outcome = runtime.error().kind == util::ErrorKind::InvalidInput
                         ? engine::Outcome::InvalidInput
                         : engine::Outcome::Error;
    result.summary = explain_error(runtime.error());
    for (const auto& s : services) {
      engine::OperationResult r = engine::begin_result("deploy", s.cluster, s.service, s.dry_run);
      r.outcome = result.outcome;
      r.summary = result.summary;
      r.error = runtime.error();
      result.services.push_back(std::move(r));
    }
    print_error(ctx.err, result.summary);
  } else {
    result = engine::deploy_services((*runtime)->clients(), ctx.clock, reporter.run(), services,
                                     reporter.services());
    // Ctrl-C that landed during an HTTP call rather than a sleep: still an interruption.
    for (auto& r : result.services) {
      if (r.outcome == engine::Outcome::Error && r.error &&
          r.error->kind == util::ErrorKind::Cancelled) {
        r.outcome = engine::Outcome::Interrupted;
      }
      result.outcome = engine::worst_outcome(result.outcome, r.outcome);
    }
  }
  reporter.finish(result);
  if (result.outcome == engine::Outcome::Interrupted) {
    std::fprintf(ctx.err,
                 "ecsdeploy: interrupted; deployments already started continue in ECS. Follow "
                 "each with: ecsdeploy status --cluster C --service S\n");
  }
  return to_int(exit_code_for(result.outcome));
}

}  // namespace cli
