#pragma once
// Ctrl-C and SIGTERM (a CI runner cancelling the job, `timeout`, `docker stop`): the first one
// asks the engine to stop waiting (util::request_interrupt), so it can say how to follow the
// deployment, write its outputs and exit 130; a second one kills the process.

namespace cli {

void install_interrupt_handler();

}  // namespace cli
