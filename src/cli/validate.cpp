#include "cli/validate.h"

#include <cctype>
#include <charconv>

#include "engine/names.h"
#include "services/arn.h"
#include "util/time.h"

namespace cli {

namespace {

util::Error invalid(std::string_view what, std::string_view value, std::string_view origin,
                    std::string_view expected) {
  return util::make_error(util::ErrorKind::InvalidInput,
                          "invalid " + std::string(what) + " " + quote_value(value) + " (from " +
                              std::string(origin) + "): " + std::string(expected));
}

std::string what_of(std::string_view option) {
  std::string out(option);
  for (char& c : out) {
    c = c == '-' ? ' ' : c;
  }
  return out;
}

bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// "cluster/NAME" for --cluster; "service/CLUSTER/NAME" or the older "service/NAME" for
// --service. Anything else (another service's ARN, a task ARN...) is refused here.
std::optional<EcsArnName> name_from_arn(std::string_view value, std::string_view option) {
  auto arn = services::parse_arn(value);
  if (!arn || arn->service != "ecs" || arn->account.size() != 12) {
    return std::nullopt;
  }
  std::string_view resource = arn->resource;
  const std::string kind = option == "cluster" ? "cluster/" : "service/";
  if (!resource.starts_with(kind) || (option != "cluster" && option != "service")) {
    return std::nullopt;
  }
  resource.remove_prefix(kind.size());
  EcsArnName out;
  out.account = arn->account;
  out.region = arn->region;
  if (auto slash = resource.find('/'); option == "service" && slash != std::string_view::npos) {
    out.cluster = std::string(resource.substr(0, slash));
    resource.remove_prefix(slash + 1);
    if (!engine::is_valid_resource_name(out.cluster)) {
      return std::nullopt;
    }
  }
  out.name = std::string(resource);
  if (!engine::is_valid_resource_name(out.name)) {
    return std::nullopt;
  }
  return out;
}

}  // namespace

std::string quote_value(std::string_view value) {
  std::string out = "'";
  size_t n = 0;
  for (char c : value) {
    if (++n > 80) {
      out += "...";
      break;
    }
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 15];
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string env_name_for(std::string_view option) {
  std::string out = "ECSDEPLOY_";
  for (char c : option) {
    out += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

util::Result<std::optional<std::string>> optional_name(const OptionValues& values,
                                                       std::string_view option, bool allow_arn) {
  const OptionValue* v = values.find(option);
  if (v == nullptr) {
    return std::optional<std::string>{};
  }
  if (engine::is_valid_resource_name(v->value)) {
    return std::optional<std::string>(v->value);
  }
  if (allow_arn) {
    if (auto from_arn = name_from_arn(v->value, option)) {
      return std::optional<std::string>(from_arn->name);
    }
  }
  return invalid(what_of(option) + " name", v->value, v->origin,
                 "use 1-255 letters, digits, '-' or '_'" +
                     std::string(allow_arn ? " (or the " + std::string(option) + "'s ARN)" : ""));
}

std::optional<EcsArnName> ecs_arn_name(const OptionValues& values, std::string_view option) {
  const OptionValue* v = values.find(option);
  return v != nullptr ? name_from_arn(v->value, option) : std::nullopt;
}

util::Result<std::string> require_name(const OptionValues& values, std::string_view option,
                                       bool allow_arn) {
  auto v = optional_name(values, option, allow_arn);
  if (!v) {
    return v.take_error();
  }
  if (!*v) {
    const std::string opt(option);
    return util::make_error(util::ErrorKind::InvalidInput,
                            "missing " + what_of(option) + ": pass --" + opt + ", set " +
                                env_name_for(option) + ", or put '" + what_of(option) +
                                "' in a target in ecsdeploy.yml");
  }
  return std::move(**v);
}

util::Result<std::optional<int>> optional_int(const OptionValues& values, std::string_view option,
                                              int min, int max) {
  const OptionValue* v = values.find(option);
  if (v == nullptr) {
    return std::optional<int>{};
  }
  const std::string& s = v->value;
  int n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || s[0] == '+' || s[0] == '-' || ec != std::errc{} || end != s.data() + s.size() ||
      n < min || n > max) {
    return invalid(
        what_of(option), s, v->origin,
        "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return std::optional<int>(n);
}

util::Result<std::optional<std::string>> optional_image_tag(const OptionValues& values,
                                                            std::string_view option) {
  const OptionValue* v = values.find(option);
  if (v == nullptr) {
    return std::optional<std::string>{};
  }
  if (engine::is_valid_image_tag(v->value)) {
    return std::optional<std::string>(v->value);
  }
  // The image swap replaces the tag (engine/image_ref.h with_tag): a digest cannot be
  // deployed, so say so here rather than let the engine refuse it with other words.
  if (engine::is_valid_digest(v->value)) {
    return invalid("image tag", v->value, v->origin,
                   "digests cannot be deployed; give the image's tag");
  }
  return invalid("image tag", v->value, v->origin,
                 "a tag is 1-128 letters, digits, '_', '.' or '-' and starts with a letter, "
                 "digit or '_'");
}

util::Result<std::optional<std::string>> optional_account_id(const OptionValues& values,
                                                             std::string_view option) {
  const OptionValue* v = values.find(option);
  if (v == nullptr) {
    return std::optional<std::string>{};
  }
  bool ok = v->value.size() == 12;
  for (char c : v->value) {
    ok = ok && c >= '0' && c <= '9';
  }
  if (!ok) {
    return invalid("AWS account id", v->value, v->origin, "expected 12 digits");
  }
  return std::optional<std::string>(v->value);
}

util::Result<std::optional<util::Duration>> optional_duration(const OptionValues& values,
                                                              std::string_view option) {
  const OptionValue* v = values.find(option);
  if (v == nullptr) {
    return std::optional<util::Duration>{};
  }
  auto d = util::parse_duration(v->value);
  if (!d || d->count() <= 0) {
    return invalid(what_of(option), v->value, v->origin,
                   "expected a positive duration such as 30m, 90s or 1h30m");
  }
  // A deadline that would overflow the clock ends the wait at once, after the service was
  // changed: refuse it before anything is called.
  if (*d > k_max_duration) {
    return invalid(what_of(option), v->value, v->origin,
                   "at most " + util::format_duration(k_max_duration));
  }
  return std::optional<util::Duration>(*d);
}

util::Result<std::optional<std::string>> optional_repository(const OptionValues& values,
                                                             std::string_view option) {
  const OptionValue* v = values.find(option);
  if (v == nullptr) {
    return std::optional<std::string>{};
  }
  const std::string& s = v->value;
  // ECR: (?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*, 2-256 chars.
  bool ok =
      s.size() >= 2 && s.size() <= 256 && is_lower_alnum(s.front()) && is_lower_alnum(s.back());
  for (size_t i = 0; ok && i < s.size(); ++i) {
    char c = s[i];
    bool sep = c == '.' || c == '_' || c == '-' || c == '/';
    ok = is_lower_alnum(c) || (sep && i > 0 && is_lower_alnum(s[i - 1]));
  }
  if (!ok) {
    return invalid("ECR repository name", s, v->origin,
                   "use lowercase letters, digits and single '.', '_', '-' or '/' separators");
  }
  return std::optional<std::string>(s);
}

util::Status check_region(std::string_view value, std::string_view origin) {
  if (value.empty()) {
    return util::make_error(
        util::ErrorKind::InvalidInput,
        "empty region (from " + std::string(origin) + "): give a region such as us-east-1");
  }
  // Shape of every AWS region: letters, then dash-separated parts, ending with a number.
  bool ok = value.size() <= 32 && std::isalpha(static_cast<unsigned char>(value.front())) &&
            std::isdigit(static_cast<unsigned char>(value.back())) &&
            value.find('-') != std::string_view::npos;
  for (char c : value) {
    ok = ok && (is_lower_alnum(c) || c == '-');
  }
  if (!ok) {
    return invalid("region", value, origin, "expected a region name such as us-east-1");
  }
  return {};
}

util::Status check_endpoint_url(std::string_view value, std::string_view origin) {
  const char* expected = "expected http://host[:port] or https://host[:port][/path]";
  std::string_view rest;
  if (value.starts_with("https://")) {
    rest = value.substr(8);
  } else if (value.starts_with("http://")) {
    rest = value.substr(7);
  } else {
    return invalid("endpoint URL", value, origin, expected);
  }
  std::string_view authority = rest.substr(0, rest.find('/'));
  std::string_view host = authority;
  bool ok = !authority.empty() && rest.find_first_of("?#") == std::string_view::npos &&
            authority.find('@') == std::string_view::npos;
  for (char c : value) {
    ok = ok && std::isgraph(static_cast<unsigned char>(c));
  }
  if (ok && !host.starts_with('[')) {  // IPv6 literals keep their colons
    if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
      std::string_view port = authority.substr(colon + 1);
      host = authority.substr(0, colon);
      int n = 0;
      auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
      ok = !port.empty() && ec == std::errc{} && end == port.data() + port.size() && n > 0 &&
           n < 65536;
    }
    for (char c : host) {
      ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_');
    }
    ok = ok && !host.empty();
  }
  if (!ok) {
    return invalid("endpoint URL", value, origin, expected);
  }
  return {};
}

util::Result<std::optional<std::chrono::seconds>> optional_settle(const OptionValues& values) {
  const OptionValue* v = values.find("settle");
  if (v == nullptr) {
    return std::optional<std::chrono::seconds>{};
  }
  if (v->value == "0") {
    return std::optional<std::chrono::seconds>(std::chrono::seconds(0));
  }
  auto d = util::parse_duration(v->value);
  if (!d || *d < std::chrono::seconds(1) || *d > k_max_settle) {
    return invalid("settle window", v->value, v->origin,
                   "expected 0 (no window) or a duration from 1s to 1h, such as 90s or 5m");
  }
  return std::optional<std::chrono::seconds>(std::chrono::duration_cast<std::chrono::seconds>(*d));
}

util::Result<std::optional<engine::WaitUntil>> optional_wait_until(const OptionValues& values) {
  const OptionValue* v = values.find("wait-until");
  if (v == nullptr) {
    return std::optional<engine::WaitUntil>{};
  }
  auto parsed = engine::parse_wait_until(v->value);
  if (!parsed) {
    std::string stages;
    for (const auto& s : engine::lifecycle_stages()) {
      stages += (stages.empty() ? "" : ", ") + s;
    }
    return invalid("wait-until value", v->value, v->origin,
                   "expected completed, paused or a lifecycle stage (" + stages + ")");
  }
  return std::optional<engine::WaitUntil>(*parsed);
}

util::Result<engine::BaseChoice> parse_base(const OptionValues& values, bool allow_auto,
                                            engine::BaseChoice fallback) {
  const OptionValue* v = values.find("base");
  if (v == nullptr) {
    return fallback;
  }
  using engine::BaseKind;
  if (v->value == "latest") {
    return engine::BaseChoice{BaseKind::Latest};
  }
  if (v->value == "last-good") {
    return engine::BaseChoice{BaseKind::LastGood};
  }
  if (allow_auto && v->value == "auto") {
    return engine::BaseChoice{BaseKind::Auto};
  }
  int n = 0;
  bool digits = !v->value.empty() && v->value.size() <= 7;
  for (char c : v->value) {
    digits = digits && c >= '0' && c <= '9';
    n = digits ? n * 10 + (c - '0') : n;
  }
  if (!digits || n < 1) {
    return invalid("base", v->value, v->origin,
                   std::string("expected ") + (allow_auto ? "auto, " : "") +
                       "latest, last-good or a revision number of the family");
  }
  return engine::BaseChoice{BaseKind::Revision, n};
}

}  // namespace cli
