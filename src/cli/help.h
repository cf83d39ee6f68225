#pragma once
// Help text, generated from the registry and the option tables (pure).

#include <string>

#include "cli/command.h"

namespace cli {

std::string general_help();
std::string command_help(const Command& command);

}  // namespace cli
