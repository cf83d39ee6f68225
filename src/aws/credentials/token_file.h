#pragma once
// Reading small secret-bearing files (web identity tokens, container authorization tokens).
// Errors name the file and the reason, never the contents.

#include <string>

#include "util/result.h"

namespace aws {

// The file's contents with surrounding whitespace trimmed; `what` names it in errors
// ("web identity token file"). An empty file is an error.
util::Result<std::string> read_token_file(const std::string& path, const std::string& what);

}  // namespace aws
