#include "cli/reporters/event_text.h"

#include <gtest/gtest.h>

namespace cli {
namespace {

const std::string k_td = "arn:aws:ecs:us-east-1:1:task-definition/web:";

engine::PlanReady deploy_plan() {
  engine::PlanReady p;
  p.command = "deploy";
  p.cluster = "demo";
  p.service = "web";
  p.container = "app";
  p.current_task_definition = k_td + "2";
  p.base_task_definition = k_td + "3";
  p.current_image = "repo/web:v1";
  p.new_image = "repo/web:v3";
  p.current_desired = 2;
  p.new_desired = 2;
  return p;
}

// After an ECS rollback the service runs web:2 while web:3 (already at the tag) is reused.
TEST(PlanLines, ReuseNamesTheReusedRevision) {
  engine::PlanReady p = deploy_plan();
  p.reuse_revision = true;
  auto lines = event_lines(p);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[1],
            "  task definition: web:2 -> web:3 (image already at the tag: revision reused)");
  EXPECT_EQ(lines[2], "  image (app): repo/web:v1 -> repo/web:v3");
}

TEST(PlanLines, ReuseOfTheRunningRevision) {
  engine::PlanReady p = deploy_plan();
  p.base_task_definition = p.current_task_definition;
  p.current_image = p.new_image;
  p.reuse_revision = true;
  auto lines = event_lines(p);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[1], "  task definition: web:2 (image already at the tag: revision reused)");
}

}  // namespace
}  // namespace cli
