#include "engine/shared_reads.h"

namespace engine {

namespace {

// The part of a batched answer that is about `name` (a name or an ARN).
services::DescribeServicesResult one_service(const services::DescribeServicesResult& batch,
                                             const std::string& name) {
  services::DescribeServicesResult out;
  for (const auto& s : batch.services) {
    if (s.name == name || s.arn == name) {
      out.services.push_back(s);
      return out;
    }
  }
  for (const auto& f : batch.failures) {
    if (f.arn == name || f.arn.ends_with("/" + name)) {
      out.failures.push_back(f);
    }
  }
  return out;
}

}  // namespace

template <typename Key, typename Value>
Value SharedReads::remember(Memo<Key, Value>& memo, const Key& key,
                            const std::function<Value()>& fetch) {
  std::shared_future<Value> answer;
  std::optional<std::promise<Value>> mine;  // set when this caller makes the call
  {
    std::lock_guard lock(memo.mutex);
    auto it = memo.answers.find(key);
    if (it == memo.answers.end()) {
      mine.emplace();
      it = memo.answers.emplace(key, mine->get_future().share()).first;
    }
    answer = it->second;
  }
  if (mine) {
    {
      std::lock_guard lock(m_services_mutex);
      ++m_calls;
    }
    mine->set_value(fetch());
  }
  return answer.get();
}

util::Result<services::CallerIdentity> SharedReads::caller_identity() {
  return remember<int, util::Result<services::CallerIdentity>>(
      m_identity, 0, [this] { return m_clients.sts.get_caller_identity(); });
}

util::Result<services::DescribeClustersResult> SharedReads::cluster(const std::string& cluster) {
  return remember<std::string, util::Result<services::DescribeClustersResult>>(
      m_clusters, cluster, [&] { return m_clients.ecs.describe_clusters({cluster}); });
}

void SharedReads::prefetch_services(
    const std::vector<std::pair<std::string, std::string>>& services) {
  std::map<std::string, std::vector<std::string>> by_cluster;
  for (const auto& [cluster, service] : services) {
    by_cluster[cluster].push_back(service);
  }
  for (const auto& [cluster, names] : by_cluster) {
    // EcsClient::describe_services sends one call per 10 names.
    auto batch = m_clients.ecs.describe_services(cluster, names, true);
    std::lock_guard lock(m_services_mutex);
    m_calls += static_cast<int>((names.size() + 9) / 10);
    for (const auto& name : names) {
      m_prefetched.insert_or_assign(
          {cluster, name},
          batch ? util::Result<services::DescribeServicesResult>(one_service(batch.value(), name))
                : util::Result<services::DescribeServicesResult>(batch.error()));
    }
  }
}

util::Result<services::DescribeServicesResult> SharedReads::service(const std::string& cluster,
                                                                    const std::string& service) {
  {
    std::lock_guard lock(m_services_mutex);
    auto it = m_prefetched.find({cluster, service});
    if (it != m_prefetched.end()) {
      auto answer = std::move(it->second);
      m_prefetched.erase(it);
      return answer;
    }
    ++m_calls;
  }
  return m_clients.ecs.describe_services(cluster, {service}, true);
}

util::Result<services::TaskDefinition> SharedReads::task_definition(const std::string& reference) {
  return remember<std::string, util::Result<services::TaskDefinition>>(
      m_task_definitions, reference,
      [&] { return m_clients.ecs.describe_task_definition(reference); });
}

util::Result<services::ImageDetail> SharedReads::image(const std::string& registry_id,
                                                       const std::string& repository,
                                                       const std::string& tag,
                                                       const std::string& region) {
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  return remember<Key, util::Result<services::ImageDetail>>(
      m_images, Key{registry_id, repository, tag, region},
      [&] { return m_clients.ecr.describe_image_by_tag(registry_id, repository, tag, region); });
}

int SharedReads::calls() const {
  std::lock_guard lock(m_services_mutex);
  return m_calls;
}

}  // namespace engine
