// ECR actions: CreateRepository, DescribeRepositories, PutImage, DescribeImages, BatchGetImage.
#include <algorithm>

#include "core/actions.h"
#include "core/api_error.h"
#include "core/crypto.h"

namespace emulator {
namespace {

bool valid_repository_name(const std::string& name) {
  if (name.size() < 2 || name.size() > 256) {
    return false;
  }
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-' || c == '/';
    if (!ok) {
      return false;
    }
  }
  return std::isalnum(static_cast<unsigned char>(name.front())) &&
         std::isalnum(static_cast<unsigned char>(name.back()));
}

std::string registry_of(Call& c) {
  std::string id = opt_string(c.body, "registryId").value_or(c.caller.account);
  if (id.size() != 12 || !std::all_of(id.begin(), id.end(), ::isdigit)) {
    throw invalid_parameter(
        "Invalid parameter at 'registryId' failed to satisfy constraint: "
        "'must satisfy regular expression '[0-9]{12}''");
  }
  return id;
}

EcrRepository& require_repository(Call& c, const std::string& registry) {
  std::string name = req_string(c.body, "repositoryName");
  EcrRepository* repo = c.st.find_repository(registry, name);
  if (repo == nullptr) {
    throw client_error("RepositoryNotFoundException",
                       "The repository with name '" + name +
                           "' does not exist in the registry with id '" + registry + "'");
  }
  return *repo;
}

Json repository_json(const EcrRepository& r) {
  return {{"repositoryArn", r.arn},
          {"registryId", r.account},
          {"repositoryName", r.name},
          {"repositoryUri", r.uri},
          {"createdAt", json_time(r.created_at)},
          {"imageTagMutability", r.tag_mutability},
          {"imageScanningConfiguration", {{"scanOnPush", false}}},
          {"encryptionConfiguration", {{"encryptionType", "AES256"}}}};
}

Json image_id_json(const std::string& digest, const std::string& tag) {
  Json j = {{"imageDigest", digest}};
  if (!tag.empty()) {
    j["imageTag"] = tag;
  }
  return j;
}

const EcrImage* find_image(const EcrRepository& repo, const Json& id) {
  auto tag = opt_string(id, "imageTag");
  auto digest = opt_string(id, "imageDigest");
  for (const auto& img : repo.images) {
    if (digest && img.digest != *digest) {
      continue;
    }
    if (tag && std::find(img.tags.begin(), img.tags.end(), *tag) == img.tags.end()) {
      continue;
    }
    if (tag || digest) {
      return &img;
    }
  }
  return nullptr;
}

std::string describe_id(const Json& id) {
  return "{imageDigest:'" + opt_string(id, "imageDigest").value_or("null") + "', imageTag:'" +
         opt_string(id, "imageTag").value_or("null") + "'}";
}

Json create_repository(Call& c) {
  std::string registry = registry_of(c);
  std::string name = req_string(c.body, "repositoryName");
  if (!valid_repository_name(name)) {
    throw invalid_parameter("Invalid parameter at 'repositoryName' failed to satisfy constraint.");
  }
  if (c.st.find_repository(registry, name) != nullptr) {
    throw client_error("RepositoryAlreadyExistsException",
                       "The repository with name '" + name +
                           "' already exists in the registry with id '" + registry + "'");
  }
  EcrRepository repo;
  repo.account = registry;
  repo.name = name;
  repo.arn = c.st.arn("ecr", registry, "repository/" + name);
  repo.uri = c.st.ecr_registry_host(registry) + "/" + name;
  repo.created_at = c.now;
  repo.tag_mutability = opt_string(c.body, "imageTagMutability").value_or("MUTABLE");
  auto& stored = c.st.repositories[registry + "/" + name] = std::move(repo);
  return {{"repository", repository_json(stored)}};
}

Json describe_repositories(Call& c) {
  std::string registry = registry_of(c);
  std::vector<std::string> names = opt_string_list(c.body, "repositoryNames");
  if (c.body.contains("repositoryNames") && (names.empty() || names.size() > 100)) {
    throw invalid_parameter("repositoryNames must have between 1 and 100 items.");
  }
  if (!names.empty() && (c.body.contains("maxResults") || c.body.contains("nextToken"))) {
    throw invalid_parameter("Cannot specify both repositoryNames and maxResults or nextToken.");
  }
  for (const auto& n : names) {
    if (c.st.find_repository(registry, n) == nullptr) {
      throw client_error("RepositoryNotFoundException",
                         "The repository with name '" + n +
                             "' does not exist in the registry with id '" + registry + "'");
    }
  }
  std::vector<const EcrRepository*> found;
  for (const auto& [key, repo] : c.st.repositories) {
    if (repo.account == registry &&
        (names.empty() || std::find(names.begin(), names.end(), repo.name) != names.end())) {
      found.push_back(&repo);
    }
  }
  // Without repositoryNames AWS pages: up to 100 by default, maxResults 1-1000.
  const std::size_t limit = names.empty() ? page_size(c.body, 100, 1000) : found.size();
  const std::string scope = "repositories:" + registry;
  const std::size_t start = parse_next_token(opt_string(c.body, "nextToken"), scope);
  Json out = {{"repositories", Json::array()}};
  for (std::size_t i = start; i < found.size() && i < start + limit; ++i) {
    out["repositories"].push_back(repository_json(*found[i]));
  }
  if (start + limit < found.size()) {
    out["nextToken"] = make_next_token(scope, start + limit);
  }
  return out;
}

Json put_image(Call& c) {
  std::string registry = registry_of(c);
  EcrRepository& repo = require_repository(c, registry);
  std::string manifest = req_string(c.body, "imageManifest");
  std::string tag = opt_string(c.body, "imageTag").value_or("");
  std::string digest = "sha256:" + sha256_hex(manifest);
  if (auto given = opt_string(c.body, "imageDigest"); given && *given != digest) {
    throw client_error("ImageDigestDoesNotMatchException",
                       "The specified digest does not match the manifest.");
  }
  EcrImage* img = nullptr;
  for (auto& existing : repo.images) {
    if (existing.digest == digest) {
      img = &existing;
    }
  }
  if (img != nullptr && !tag.empty() &&
      std::find(img->tags.begin(), img->tags.end(), tag) != img->tags.end()) {
    throw client_error("ImageAlreadyExistsException",
                       "Image with digest '" + digest + "' and tag '" + tag +
                           "' already exists in the repository with name '" + repo.name +
                           "' in registry with id '" + registry + "'");
  }
  if (!tag.empty()) {
    for (auto& other : repo.images) {
      auto it = std::find(other.tags.begin(), other.tags.end(), tag);
      if (it != other.tags.end()) {
        if (repo.tag_mutability == "IMMUTABLE") {
          throw client_error("ImageTagAlreadyExistsException",
                             "The image tag '" + tag + "' already exists in the '" + repo.name +
                                 "' repository and cannot be overwritten because the repository "
                                 "is immutable.");
        }
        other.tags.erase(it);
      }
    }
  }
  if (img == nullptr) {
    EcrImage fresh;
    fresh.digest = digest;
    fresh.manifest = manifest;
    fresh.size_bytes = static_cast<long long>(manifest.size()) * 1000;
    fresh.media_type = opt_string(c.body, "imageManifestMediaType").value_or(fresh.media_type);
    repo.images.push_back(std::move(fresh));
    img = &repo.images.back();
  }
  img->pushed_at = c.now;
  if (!tag.empty()) {
    img->tags.push_back(tag);
  }
  Json image = {{"registryId", registry},
                {"repositoryName", repo.name},
                {"imageId", image_id_json(digest, tag)},
                {"imageManifest", manifest},
                {"imageManifestMediaType", img->media_type}};
  return {{"image", image}};
}

Json image_detail(const EcrRepository& repo, const EcrImage& img) {
  Json j = {
      {"registryId", repo.account}, {"repositoryName", repo.name}, {"imageDigest", img.digest}};
  if (!img.tags.empty()) {
    j["imageTags"] = img.tags;
  }
  j["imageSizeInBytes"] = img.size_bytes;
  j["imagePushedAt"] = json_time(img.pushed_at);
  j["imageManifestMediaType"] = img.media_type;
  j["artifactMediaType"] = "application/vnd.docker.container.image.v1+json";
  return j;
}

Json describe_images(Call& c) {
  std::string registry = registry_of(c);
  EcrRepository& repo = require_repository(c, registry);
  const Json& ids = opt_array(c.body, "imageIds");
  if (!ids.is_null() && c.body.contains("maxResults")) {
    throw invalid_parameter("Cannot specify both imageIds and maxResults.");
  }
  Json out = {{"imageDetails", Json::array()}};
  if (!ids.is_null()) {
    if (ids.empty() || ids.size() > 100) {
      throw invalid_parameter("imageIds must have between 1 and 100 items.");
    }
    for (const auto& id : ids) {
      const EcrImage* img = find_image(repo, id);
      if (img == nullptr) {
        throw client_error("ImageNotFoundException",
                           "The image with imageId " + describe_id(id) +
                               " does not exist within the repository with name '" + repo.name +
                               "' in the registry with id '" + registry + "'");
      }
      out["imageDetails"].push_back(image_detail(repo, *img));
    }
    return out;
  }
  std::string tag_status = opt_string(opt_object(c.body, "filter"), "tagStatus").value_or("ANY");
  std::vector<const EcrImage*> found;
  for (const auto& img : repo.images) {
    if ((tag_status == "TAGGED" && img.tags.empty()) ||
        (tag_status == "UNTAGGED" && !img.tags.empty())) {
      continue;
    }
    found.push_back(&img);
  }
  std::size_t limit = page_size(c.body, 100, 1000);
  std::string scope = "images:" + repo.arn + ":" + tag_status;
  std::size_t start = parse_next_token(opt_string(c.body, "nextToken"), scope);
  for (std::size_t i = start; i < found.size() && i < start + limit; ++i) {
    out["imageDetails"].push_back(image_detail(repo, *found[i]));
  }
  if (start + limit < found.size()) {
    out["nextToken"] = make_next_token(scope, start + limit);
  }
  return out;
}

Json batch_get_image(Call& c) {
  std::string registry = registry_of(c);
  EcrRepository& repo = require_repository(c, registry);
  const Json& ids = opt_array(c.body, "imageIds");
  if (ids.is_null() || ids.empty() || ids.size() > 100) {
    throw invalid_parameter("imageIds must have between 1 and 100 items.");
  }
  Json out = {{"images", Json::array()}, {"failures", Json::array()}};
  for (const auto& id : ids) {
    const EcrImage* img = find_image(repo, id);
    if (img == nullptr) {
      Json fid = Json::object();
      if (auto t = opt_string(id, "imageTag")) {
        fid["imageTag"] = *t;
      }
      if (auto d = opt_string(id, "imageDigest")) {
        fid["imageDigest"] = *d;
      }
      out["failures"].push_back({{"imageId", fid},
                                 {"failureCode", "ImageNotFound"},
                                 {"failureReason", "Requested image not found"}});
      continue;
    }
    out["images"].push_back(
        {{"registryId", registry},
         {"repositoryName", repo.name},
         {"imageId", image_id_json(img->digest, opt_string(id, "imageTag").value_or(""))},
         {"imageManifest", img->manifest},
         {"imageManifestMediaType", img->media_type}});
  }
  return out;
}

}  // namespace

void add_ecr_actions(ActionTable& table) {
  table["CreateRepository"] = create_repository;
  table["DescribeRepositories"] = describe_repositories;
  table["PutImage"] = put_image;
  table["DescribeImages"] = describe_images;
  table["BatchGetImage"] = batch_get_image;
}

}  // namespace emulator
