#include "cli/run_report.h"

#include "cli/command_error.h"
#include "cli/exit_codes.h"
#include "cli/next_step_text.h"
#include "cli/outside_text.h"
#include "cli/runtime.h"

#include <cstdio>
#include <mutex>

namespace cli {

namespace {

// The read-only commands have no progress reporter: a slow call's notice is one stderr line.
class NoticeLines final : public engine::Reporter {
 public:
  explicit NoticeLines(std::FILE* err) : m_err(err) {}
  void on(const engine::Event& event) override {
    if (const auto* m = std::get_if<engine::Message>(&event)) {
      std::lock_guard lock(m_mutex);  // notices come from the calling threads
      std::fprintf(m_err, "%s\n", printable_line("ecsdeploy: " + message_text(*m)).c_str());
    }
  }

 private:
  std::FILE* m_err;
  std::mutex m_mutex;
};

}  // namespace

int run_report(CommandContext& ctx,
               const std::function<util::Result<std::string>(const engine::Clients&)>& query) {
  NoticeLines notices(ctx.err);
  auto runtime = Runtime::create(ctx.global, ctx.env, ctx.clock, nullptr, &notices);
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
