#pragma once
// ECS structures as the botocore model names them (Service, Deployment, Task, ...).
#include "core/state.h"

namespace emulator {

Json cluster_json(State& st, const Cluster& c, bool with_tags);
Json task_definition_json(const TaskDefinition& td);
Json service_json(State& st, const Service& svc, bool with_tags);
// service_json(...).dump(), reusing the service's cached events text.
std::string service_text(State& st, const Service& svc, bool with_tags);
Json task_json(const Task& t, bool with_tags);
Json service_deployment_json(State& st, const ServiceDeployment& sd);
Json service_deployment_brief_json(const ServiceDeployment& sd);
Json service_revision_json(const ServiceRevision& rev);

}  // namespace emulator
