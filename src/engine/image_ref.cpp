#include "engine/image_ref.h"

namespace engine {

std::string ImageRef::name() const {
  return registry.empty() ? repository : registry + "/" + repository;
}

std::string ImageRef::str() const {
  std::string out = name();
  if (!tag.empty()) {
    out += ":" + tag;
  }
  if (!digest.empty()) {
    out += "@" + digest;
  }
  return out;
}

std::optional<ImageRef> parse_image(std::string_view image) {
  if (image.empty()) {
    return std::nullopt;
  }
  ImageRef ref;
  std::string_view rest = image;
  if (size_t at = rest.find('@'); at != std::string_view::npos) {
    ref.digest = std::string(rest.substr(at + 1));
    rest = rest.substr(0, at);
    if (ref.digest.empty()) {
      return std::nullopt;
    }
  }
  size_t first_slash = rest.find('/');
  if (first_slash != std::string_view::npos) {
    std::string_view first = rest.substr(0, first_slash);
    if (first.find('.') != std::string_view::npos || first.find(':') != std::string_view::npos ||
        first == "localhost") {
      ref.registry = std::string(first);
      rest = rest.substr(first_slash + 1);
    }
  }
  // The tag separator is a ':' after the last '/', so registry ports never look like tags.
  size_t last_slash = rest.rfind('/');
  size_t colon = rest.find(':', last_slash == std::string_view::npos ? 0 : last_slash);
  if (colon != std::string_view::npos) {
    ref.tag = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
    if (ref.tag.empty()) {
      return std::nullopt;
    }
  }
  ref.repository = std::string(rest);
  if (ref.repository.empty()) {
    return std::nullopt;
  }
  return ref;
}

std::string with_tag(const ImageRef& ref, std::string_view tag) {
  return ref.name() + ":" + std::string(tag);
}

std::optional<EcrRepository> ecr_repository(const ImageRef& ref) {
  const std::string& host = ref.registry;
  size_t dot = host.find('.');
  if (dot != 12) {
    return std::nullopt;
  }
  for (size_t i = 0; i < 12; ++i) {
    if (host[i] < '0' || host[i] > '9') {
      return std::nullopt;
    }
  }
  std::string_view rest = std::string_view(host).substr(13);
  for (std::string_view prefix : {"dkr.ecr-fips.", "dkr.ecr."}) {
    if (rest.starts_with(prefix)) {
      rest.remove_prefix(prefix.size());
      size_t next = rest.find('.');
      if (next == std::string_view::npos) {
        return std::nullopt;
      }
      std::string_view suffix = rest.substr(next + 1);
      if (suffix != "amazonaws.com" && suffix != "amazonaws.com.cn") {
        return std::nullopt;
      }
      return EcrRepository{host.substr(0, 12), std::string(rest.substr(0, next)), ref.repository};
    }
  }
  return std::nullopt;
}

}  // namespace engine
