#include "cli/json_output.h"

namespace cli {

std::string json_document(const nlohmann::ordered_json& j) {
  std::string out =
      j.dump(-1, ' ', /*ensure_ascii=*/true, nlohmann::ordered_json::error_handler_t::replace);
  // GitHub's runner reads its legacy "##[command]" form anywhere in a line of the log, and
  // stdout is in the log unless captured. '#' only occurs inside JSON strings, where \u0023
  // reads back as the same text.
  for (size_t at = 0; (at = out.find("##[", at)) != std::string::npos; at += 8) {
    out.replace(at + 1, 1, "\\u0023");
  }
  return out;
}

}  // namespace cli
