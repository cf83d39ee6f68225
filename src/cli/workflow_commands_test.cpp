#include "cli/workflow_commands.h"

#include <gtest/gtest.h>

#include "cli/reporters/github_reporter.h"

namespace cli {
namespace {

TEST(WorkflowCommands, DataAndPropertiesEscapeDifferently) {
  EXPECT_EQ(escape_workflow_data("50%\r\nnext: a,b"), "50%25%0D%0Anext: a,b");
  EXPECT_EQ(escape_workflow_property("50%\r\nnext: a,b"), "50%25%0D%0Anext%3A a%2Cb");
}

TEST(MostTellingLogLine, TheLastErrorLikeLineElseTheLastLine) {
  EXPECT_EQ(most_telling_log_line({"Starting", "Error: connect ECONNREFUSED 10.0.3.7:5432",
                                   "    at TCPConnectWrap", "exiting"}),
            "Error: connect ECONNREFUSED 10.0.3.7:5432");
  EXPECT_EQ(most_telling_log_line({"Starting", "bye", "  "}), "bye");
  EXPECT_EQ(most_telling_log_line({}), "");
}

TEST(EvidenceAnnotation, NamesRevisionContainerExitCodeAndTheTellingLine) {
  engine::StoppedTaskEvidence e;
  e.task_definition_arn = "arn:aws:ecs:us-east-1:1:task-definition/web:3";
  e.stop_code = "EssentialContainerExited";
  e.stopped_reason = "Essential container in task exited";
  e.containers = {{"log-router", 0, ""}, {"app", 1, ""}};
  e.log_tail = {"Starting web", "Error: connect ECONNREFUSED 10.0.3.7:5432"};
  EXPECT_EQ(evidence_annotation(e),
            "::error title=Task stopped%3A web%3A3 container app exit 1::EssentialContainerExited: "
            "Essential container in task exited%0Alog: Error: connect ECONNREFUSED "
            "10.0.3.7:5432");
  e.log_tail.clear();
  e.log_error = "the task never started, so it wrote no log lines";
  EXPECT_NE(evidence_annotation(e).find("(no log lines: the task never started"),
            std::string::npos);
}

}  // namespace
}  // namespace cli
