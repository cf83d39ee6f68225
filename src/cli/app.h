#pragma once

namespace cli {
// Parses argv, runs one subcommand, maps the outcome to an exit code (cli/exit_codes.h).
// The only catch-all in the program lives here.
int run(int argc, char** argv);
}  // namespace cli
