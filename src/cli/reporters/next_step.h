#pragma once
// What to do after a failed run: the end of every failure line names the next command and the
// doc to read (issue 15 item 11). Pure; the wording lives here, not in the engine.

#include <string>

#include "engine/events.h"

namespace cli {

// "" for a success or a dry run; else "next: ..." for the end of the Finished line.
std::string next_step(const engine::Finished& finished);

// The Finished line's text with its next step: "<summary>; next: ...".
std::string with_next_step(const engine::Finished& finished, const std::string& line);

}  // namespace cli
