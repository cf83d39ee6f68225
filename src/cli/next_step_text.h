#pragma once
// The words for the engine's typed next steps (engine/next_step.h): the only place that turns
// "follow the deployment" into `ecsdeploy status --cluster C --service S`, so a renamed flag
// or command changes here and nowhere in the engine. Pure functions.

#include <string>

#include "engine/events.h"
#include "engine/operation_result.h"

namespace cli {

// "`ecsdeploy status --cluster stg --service web`"; "`ecsdeploy status`" when either is unknown.
std::string status_command(const std::string& cluster, const std::string& service);

// "follow it with `ecsdeploy status --cluster stg --service web`".
std::string next_step_text(const engine::Hint& hint);

// `text`, then "; " and each hint's words.
std::string with_hints(const std::string& text, const engine::Hints& hints);

// What each event and result says, hints included: every reporter prints these.
std::string message_text(const engine::Message& m);
std::string check_detail(const engine::PreflightCheck& c);
std::string summary_text(const engine::Finished& f);
std::string summary_text(const engine::OperationResult& r);

// The word a run ends with: engine::to_string(outcome), or "dry-run" for a dry run that
// succeeded (it only planned).
std::string outcome_word(engine::Outcome outcome, bool dry_run);

}  // namespace cli
