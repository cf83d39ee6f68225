#include "services/json_write.h"

#include <gtest/gtest.h>

namespace services::json_write {
namespace {

TEST(JsonWriteTest, UnsetMembersAreLeftOutAndOrderIsKept) {
  Json input = Json::object();
  put_nonempty(input, "cluster", "stg");
  put_nonempty(input, "family", "");
  put_positive(input, "maxResults", 0);
  put_positive(input, "limit", -1);
  put_positive(input, "count", 3);
  input["names"] = string_array({"b", "a"});
  input["none"] = string_array({});
  EXPECT_EQ(input.dump(), R"({"cluster":"stg","count":3,"names":["b","a"],"none":[]})");
}

}  // namespace
}  // namespace services::json_write
