#pragma once
// Ctrl-C: the first SIGINT asks the engine to stop waiting (util::request_interrupt), so it
// can say how to follow the deployment and exit 130; a second one kills the process.

namespace cli {

void install_interrupt_handler();

}  // namespace cli
