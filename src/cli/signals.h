#pragma once
// Ctrl-C and SIGTERM (a CI runner cancelling the job, `timeout`, `docker stop`): the first one
// asks the engine to stop waiting (util::request_interrupt), so it can say how to follow the
// deployment, write its outputs and exit 130; a second signal of the same kind kills the
// process (SIGINT then SIGTERM, as a CI runner cancels, is still one interruption).

namespace cli {

void install_interrupt_handler();

}  // namespace cli
