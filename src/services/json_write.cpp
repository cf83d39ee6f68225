#include "services/json_write.h"

namespace services::json_write {

Json string_array(const std::vector<std::string>& items) {
  Json out = Json::array();
  for (const auto& s : items) {
    out.push_back(s);
  }
  return out;
}

void put_nonempty(Json& input, const char* key, const std::string& value) {
  if (!value.empty()) {
    input[key] = value;
  }
}

void put_positive(Json& input, const char* key, int value) {
  if (value > 0) {
    input[key] = value;
  }
}

}  // namespace services::json_write
