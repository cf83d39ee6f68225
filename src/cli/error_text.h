#pragma once
// Turning an Error into the one line a user reads, with what to do about it.

#include <cstdio>
#include <string>

#include "util/error.h"

namespace cli {

// Pure. Adds a hint for the errors people hit most (bad secret, unknown key id, expired
// token, access denied, unreachable endpoint). Never includes secrets: it only uses the
// error's code, message and request id, which the AWS layer keeps secret-free.
std::string explain_error(const util::Error& error);

// Writes "ecsdeploy: error: <message>\n" as one line (newlines in `message` are folded).
void print_error(std::FILE* err, const std::string& message);

}  // namespace cli
