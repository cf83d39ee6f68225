#include "services/ecr_client.h"

#include <algorithm>

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
  // Only an entry that carries the tag and a digest proves the image exists: an answer of
  // {"imageDetails":[{}]} (a proxy, a broken emulator) must not pass the preflight.
  const Json* match = nullptr;
  for (const Json& d : json_read::array(*r, "imageDetails")) {
    const auto tags = json_read::strings(d, "imageTags");
    if (std::find(tags.begin(), tags.end(), tag) != tags.end()) {
      match = &d;
      break;
    }
  }
  if (match == nullptr) {
    // The API answers a missing tag with ImageNotFoundException; no entry with the tag means
    // the same.
    return util::make_error(util::ErrorKind::NotFound,
                            "image tag '" + tag + "' not found in '" + repository + "'",
                            "ImageNotFoundException");
  }
  const Json& d = *match;
  ImageDetail out;
  out.digest = json_read::str(d, "imageDigest");
  if (out.digest.empty()) {
    return util::make_error(util::ErrorKind::ProtocolError,
                            "DescribeImages: the entry for tag '" + tag + "' in '" + repository +
                                "' has no imageDigest",
                            "InvalidResponse");
  }
  out.registry_id = json_read::str(d, "registryId");
  out.repository_name = json_read::str(d, "repositoryName");
  out.tags = json_read::strings(d, "imageTags");
  out.pushed_at = json_read::time(d, "imagePushedAt");
  return out;
}

}  // namespace services
