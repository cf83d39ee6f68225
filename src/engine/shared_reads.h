#pragma once
// The read-only calls the preflights of one run share (deploy --services, issue 12): one
// GetCallerIdentity, one DescribeClusters per cluster, DescribeServices for every service in
// batches of 10 per cluster, one DescribeTaskDefinition per family (or revision), one
// DescribeImages per registry, repository, tag and region. The first caller of a key makes
// the call; concurrent callers of the same key wait for its answer. Thread-safe. A single
// deploy uses one too, so both paths run the same code.

#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "engine/clients.h"
#include "util/result.h"

namespace engine {

class SharedReads {
 public:
  explicit SharedReads(const Clients& clients) : m_clients(clients) {}

  util::Result<services::CallerIdentity> caller_identity();
  util::Result<services::DescribeClustersResult> cluster(const std::string& cluster);
  // Describes every (cluster, service) up front: one DescribeServices per 10 per cluster.
  void prefetch_services(const std::vector<std::pair<std::string, std::string>>& services);
  // One service's DescribeServices answer (tags included): the prefetched one the first time
  // it is asked for, a fresh call afterwards (a second preflight, after waiting for idle,
  // must see the service as it is now).
  util::Result<services::DescribeServicesResult> service(const std::string& cluster,
                                                         const std::string& service);
  // `reference`: family, family:revision or ARN.
  util::Result<services::TaskDefinition> task_definition(const std::string& reference);
  util::Result<services::ImageDetail> image(const std::string& registry_id,
                                            const std::string& repository, const std::string& tag,
                                            const std::string& region);

  // Calls sent through this object (for the plan and the benchmarks).
  int calls() const;

 private:
  template <typename Key, typename Value>
  struct Memo {
    std::mutex mutex;
    std::map<Key, std::shared_future<Value>> answers;
  };
  // The answer for `key`, computing it with `fetch` when nobody has asked yet.
  template <typename Key, typename Value>
  Value remember(Memo<Key, Value>& memo, const Key& key, const std::function<Value()>& fetch);

  const Clients& m_clients;
  Memo<int, util::Result<services::CallerIdentity>> m_identity;
  Memo<std::string, util::Result<services::DescribeClustersResult>> m_clusters;
  Memo<std::string, util::Result<services::TaskDefinition>> m_task_definitions;
  Memo<std::tuple<std::string, std::string, std::string, std::string>,
       util::Result<services::ImageDetail>>
      m_images;
  mutable std::mutex m_services_mutex;
  std::map<std::pair<std::string, std::string>, util::Result<services::DescribeServicesResult>>
      m_prefetched;  // taken out on first use
  int m_calls = 0;   // guarded by m_services_mutex
};

}  // namespace engine
