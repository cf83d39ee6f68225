#include "engine/base_drift.h"

#include <gtest/gtest.h>

namespace engine {
namespace {

services::TaskDefinition td(const std::string& image, const std::string& secret) {
  services::TaskDefinition t;
  t.raw = {{"family", "web"},
           {"revision", 5},
           {"containerDefinitions",
            {{{"name", "app"},
              {"image", image},
              {"secrets", {{{"name", "API_TOKEN"}, {"valueFrom", secret}}}}}}}};
  return t;
}

TEST(DriftBeyondImage, TheImageAndReadOnlyFieldsAreNotDrift) {
  auto running = td("web:v1", "arn:secret:a");
  auto latest = td("web:v2", "arn:secret:a");
  latest.raw["revision"] = 7;
  EXPECT_TRUE(drift_beyond_image(running, latest, "app").empty());
}

TEST(DriftBeyondImage, AChangedSecretIsNamed) {
  auto drift =
      drift_beyond_image(td("web:v1", "arn:secret:a"), td("web:v2", "arn:secret:b"), "app");
  ASSERT_EQ(drift.size(), 1u);
  EXPECT_EQ(drift[0].path, "containerDefinitions[app].secrets[API_TOKEN].valueFrom");
}

}  // namespace
}  // namespace engine
