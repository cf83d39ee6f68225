#pragma once
// EcsClient: the ECS operations the engine uses, one method per operation. Takes structs,
// returns structs; never retries (AwsClient does), prints or decides (contributing.md, principle
// 8).

#include <string>
#include <vector>

#include "aws/aws_client.h"
#include "services/ecs_types.h"
#include "util/result.h"

namespace services {

class EcsClient {
 public:
  explicit EcsClient(aws::AwsClient& client) : m_client(client) {}

  // ECS's clock as of its latest answer (see aws::AwsClient::server_now).
  std::optional<util::SystemTime> server_now() const { return m_client.server_now(); }

  util::Result<DescribeClustersResult> describe_clusters(const std::vector<std::string>& clusters);
  // Batches by 10 (the API limit) and merges the results, in input order.
  util::Result<DescribeServicesResult> describe_services(const std::string& cluster,
                                                         const std::vector<std::string>& services,
                                                         bool include_tags = false);
  util::Result<ListResult> list_services(const std::string& cluster, int max_results = 0,
                                         const std::string& next_token = {});
  // family, family:revision or ARN; includes TAGS.
  util::Result<TaskDefinition> describe_task_definition(const std::string& reference);
  // `definition` is a task definition without read-only fields; tags are sent as `tags`.
  util::Result<TaskDefinition> register_task_definition(const nlohmann::ordered_json& definition,
                                                        const std::vector<Tag>& tags);
  util::Result<ListResult> list_task_definitions(const ListTaskDefinitionsRequest& request);
  util::Result<Service> update_service(const UpdateServiceRequest& request);
  util::Result<ListResult> list_tasks(const ListTasksRequest& request);
  util::Result<DescribeTasksResult> describe_tasks(const std::string& cluster,
                                                   const std::vector<std::string>& tasks);
  util::Result<ListServiceDeploymentsResult> list_service_deployments(
      const ListServiceDeploymentsRequest& request);
  util::Result<DescribeServiceDeploymentsResult> describe_service_deployments(
      const std::vector<std::string>& arns);
  util::Result<DescribeServiceRevisionsResult> describe_service_revisions(
      const std::vector<std::string>& arns);
  // stop_type: "ROLLBACK" or "ABORT". Returns the service deployment ARN.
  util::Result<std::string> stop_service_deployment(const std::string& arn,
                                                    const std::string& stop_type);
  // Resumes a PAUSE hook awaiting action; action: "CONTINUE" or "ROLLBACK". Returns the ARN.
  util::Result<std::string> continue_service_deployment(const std::string& arn,
                                                        const std::string& hook_id,
                                                        const std::string& action);
  util::Status tag_resource(const std::string& arn, const std::vector<Tag>& tags);
  util::Result<std::vector<Tag>> list_tags_for_resource(const std::string& arn);

 private:
  util::Result<nlohmann::ordered_json> call(std::string_view operation,
                                            const nlohmann::ordered_json& input);
  aws::AwsClient& m_client;
};

}  // namespace services
