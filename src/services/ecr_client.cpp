#include "services/ecr_client.h"

#include <nlohmann/json.hpp>

#include "services/json_read.h"
#include "services/json_write.h"

namespace services {

using Json = nlohmann::ordered_json;

util::Result<ImageDetail> EcrClient::describe_image_by_tag(const std::string& registry_id,
                                                           const std::string& repository,
                                                           const std::string& tag,
                                                           const std::string& region) {
  Json input = Json::object();
  json_write::put_nonempty(input, "registryId", registry_id);
  input["repositoryName"] = repository;
  input["imageIds"] = Json::array({Json{{"imageTag", tag}}});
  auto r = m_client.call_json(aws::Service::Ecr, "DescribeImages", input, region);
  if (!r) {
    return r.take_error();
  }
  const Json& details = json_read::array(*r, "imageDetails");
  if (details.empty()) {
    // The API answers a missing tag with ImageNotFoundException; an empty list means the same.
    util::Error e = util::make_error(util::ErrorKind::NotFound,
                                     "image tag '" + tag + "' not found in '" + repository + "'",
                                     "ImageNotFoundException");
    return e;
  }
  const Json& d = details.front();
  ImageDetail out;
  out.registry_id = json_read::str(d, "registryId");
  out.repository_name = json_read::str(d, "repositoryName");
  out.digest = json_read::str(d, "imageDigest");
  out.tags = json_read::strings(d, "imageTags");
  out.pushed_at = json_read::time(d, "imagePushedAt");
  return out;
}

}  // namespace services
