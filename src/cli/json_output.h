#pragma once
// The JSON documents ecsdeploy prints (--output json, the `services` output): one line, with
// invalid UTF-8 replaced instead of throwing, and every non-ASCII character written as a \u
// escape, so outside text in them (C1 controls, bidirectional overrides; C0 controls JSON
// escapes anyway) cannot reach a terminal raw, and "##[" written "#\u0023[", so GitHub's
// runner cannot read a workflow command in it; a JSON reader gets the text back intact.

#include <string>

#include <nlohmann/json.hpp>

namespace cli {

std::string json_document(const nlohmann::ordered_json& j);

}  // namespace cli
