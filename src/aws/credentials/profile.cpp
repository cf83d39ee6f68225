#include "aws/credentials/profile.h"

#include <algorithm>
#include <set>
#include <vector>

#include "aws/credentials/assume_role.h"
#include "aws/credentials/chain.h"
#include "aws/credentials/container.h"
#include "aws/credentials/env.h"
#include "aws/credentials/imds.h"
#include "aws/credentials/process.h"
#include "aws/credentials/sso.h"
#include "aws/credentials/web_identity.h"

namespace aws {

namespace {

using ProviderResult = util::Result<std::unique_ptr<CredentialsProvider>>;

std::string quoted(const std::string& name) {
  return "'" + name + "'";
}

class ProfileResolver {
 public:
  ProfileResolver(const SharedConfig& config, const ProfileDeps& deps)
      : m_config(config), m_deps(deps) {}

  // `visited` holds the profiles on the source_profile path so far, for cycle detection.
  ProviderResult resolve(const std::string& name, std::vector<std::string> visited, bool top_level,
                         bool must_exist);

 private:
  ProviderResult static_keys(const std::string& name, const ConfigSection& p,
                             const std::string& file);
  ProviderResult role(const std::string& name, const ConfigSection& p,
                      std::vector<std::string> visited);
  ProviderResult credential_source(const std::string& name, const std::string& source);

  std::string files() const {
    return m_config.credentials_file().path + " or " + m_config.config_file().path;
  }

  const SharedConfig& m_config;
  const ProfileDeps& m_deps;
};

ProviderResult ProfileResolver::static_keys(const std::string& name, const ConfigSection& p,
                                            const std::string& file) {
  auto key = p.get_nonempty("aws_access_key_id");
  auto secret = p.get_nonempty("aws_secret_access_key");
  if (!key || !secret) {
    return credentials_error("profile " + quoted(name) + " in " + file + " has " +
                             (key ? "aws_access_key_id but no aws_secret_access_key"
                                  : "aws_secret_access_key but no aws_access_key_id"));
  }
  Credentials c;
  c.access_key_id = *key;
  c.secret_access_key = *secret;
  c.session_token = p.get("aws_session_token").value_or("");
  c.source = "profile:" + name;
  return std::unique_ptr<CredentialsProvider>(std::make_unique<StaticProvider>(std::move(c)));
}

ProviderResult ProfileResolver::credential_source(const std::string& name,
                                                  const std::string& source) {
  if (source == "Environment") {
    return std::unique_ptr<CredentialsProvider>(std::make_unique<EnvProvider>(*m_deps.env));
  }
  if (source == "Ec2InstanceMetadata") {
    return std::unique_ptr<CredentialsProvider>(
        std::make_unique<ImdsProvider>(*m_deps.env, *m_deps.transport));
  }
  if (source == "EcsContainer") {
    return std::unique_ptr<CredentialsProvider>(
        std::make_unique<ContainerProvider>(*m_deps.env, *m_deps.transport));
  }
  return util::make_error(util::ErrorKind::InvalidInput,
                          "profile " + quoted(name) + " has credential_source '" + source +
                              "'; expected Environment, Ec2InstanceMetadata or EcsContainer");
}

ProviderResult ProfileResolver::role(const std::string& name, const ConfigSection& p,
                                     std::vector<std::string> visited) {
  AssumeRoleParams params;
  params.role_arn = *p.get_nonempty("role_arn");
  params.session_name = p.get("role_session_name").value_or("");
  params.external_id = p.get("external_id").value_or("");
  if (auto d = p.get_nonempty("duration_seconds")) {
    int secs = 0;
    bool digits = d->find_first_not_of("0123456789") == std::string::npos && d->size() <= 6;
    if (digits) {
      secs = std::stoi(*d);
    }
    if (!digits || secs < 900 || secs > 43200) {
      return util::make_error(
          util::ErrorKind::InvalidInput,
          "profile " + quoted(name) + " has duration_seconds outside 900..43200");
    }
    params.duration_seconds = secs;
  }
  const std::string label = "profile:" + name + " (assume-role " + params.role_arn + ")";
  if (p.get_nonempty("mfa_serial")) {
    return credentials_error("profile " + quoted(name) +
                             " needs an MFA code (mfa_serial), which ecsdeploy cannot prompt "
                             "for; get temporary credentials first (for example with "
                             "'aws sts get-session-token') and export them");
  }
  auto source_profile = p.get_nonempty("source_profile");
  auto cred_source = p.get_nonempty("credential_source");
  auto token_file = p.get_nonempty("web_identity_token_file");
  if (source_profile && cred_source) {
    return util::make_error(
        util::ErrorKind::InvalidInput,
        "profile " + quoted(name) + " sets both source_profile and credential_source; keep one");
  }
  std::unique_ptr<CredentialsProvider> source;
  if (source_profile) {
    const std::string& s = *source_profile;
    if (std::find(visited.begin(), visited.end(), s) != visited.end() && s != name) {
      std::string path;
      for (const auto& v : visited) {
        path += v + " -> ";
      }
      return util::make_error(util::ErrorKind::InvalidInput, "source_profile cycle: " + path + s);
    }
    ProviderResult r = util::make_error(util::ErrorKind::Internal, "unset");
    if (s == name) {
      // A profile may name itself: its own static keys assume its role (botocore allows it).
      if (!p.get_nonempty("aws_access_key_id") && !p.get_nonempty("aws_secret_access_key")) {
        return credentials_error("profile " + quoted(name) +
                                 " is its own source_profile but has no static keys");
      }
      r = static_keys(name, p, files());
    } else {
      r = resolve(s, visited, false, true);
    }
    if (!r) {
      return r.take_error();
    }
    source = std::move(r).value();
  } else if (cred_source) {
    auto r = credential_source(name, *cred_source);
    if (!r) {
      return r.take_error();
    }
    source = std::move(r).value();
  } else if (token_file) {
    return std::unique_ptr<CredentialsProvider>(std::make_unique<WebIdentityProvider>(
        m_deps.sts, *token_file, std::move(params),
        "profile:" + name + " (web-identity " + p.get("role_arn").value_or("") + ")"));
  } else {
    return util::make_error(util::ErrorKind::InvalidInput,
                            "profile " + quoted(name) +
                                " has role_arn but no source_profile, credential_source or "
                                "web_identity_token_file");
  }
  return std::unique_ptr<CredentialsProvider>(std::make_unique<AssumeRoleProvider>(
      m_deps.sts, std::move(source), std::move(params), label));
}

ProviderResult ProfileResolver::resolve(const std::string& name, std::vector<std::string> visited,
                                        bool top_level, bool must_exist) {
  auto p = m_config.profile(name);
  if (!p) {
    if (must_exist) {
      return util::make_error(util::ErrorKind::InvalidInput,
                              "profile " + quoted(name) + " not found in " + files());
    }
    return not_configured("not in " + files());
  }
  visited.push_back(name);
  if (p->get_nonempty("role_arn")) {
    return role(name, *p, std::move(visited));
  }
  if (p->get_nonempty("sso_session") || p->get_nonempty("sso_start_url") ||
      p->get_nonempty("sso_account_id")) {
    auto sso =
        make_sso_provider(m_config, name, *p, *m_deps.env, *m_deps.transport, *m_deps.sts.clock);
    if (!sso) {
      return sso.take_error();
    }
    return std::move(sso).value();
  }
  const ConfigSection* in_creds = m_config.credentials_file().find(name);
  if (in_creds != nullptr && (in_creds->get_nonempty("aws_access_key_id") ||
                              in_creds->get_nonempty("aws_secret_access_key"))) {
    return static_keys(name, *p, m_config.credentials_file().path);
  }
  if (auto cmd = p->get_nonempty("credential_process")) {
    return std::unique_ptr<CredentialsProvider>(
        std::make_unique<ProcessProvider>(*cmd, "profile:" + name + " (credential_process)",
                                          "credential_process of profile " + quoted(name)));
  }
  if (p->get_nonempty("aws_access_key_id") || p->get_nonempty("aws_secret_access_key")) {
    return static_keys(name, *p, m_config.config_file().path);
  }
  if (top_level) {
    return not_configured("no credentials in it");
  }
  return credentials_error("source_profile " + quoted(name) + " has no credentials");
}

}  // namespace

std::unique_ptr<CredentialsProvider> make_profile_provider(const SharedConfig& config,
                                                           const std::string& name, bool must_exist,
                                                           const ProfileDeps& deps) {
  // Walk the source_profile links first, iteratively: the resolver below recurses once per
  // hop, and so do the providers it builds, so an unbounded chain would overflow the stack.
  // A cycle stops the walk here and is reported, with its path, by the resolver.
  std::set<std::string> seen;
  std::string current = name;
  for (size_t hops = 0;; ++hops) {
    auto p = config.profile(current);
    auto next = p && p->get_nonempty("role_arn") ? p->get_nonempty("source_profile") : std::nullopt;
    if (!next || *next == current || !seen.insert(current).second) {
      break;
    }
    if (hops == k_max_source_profile_hops) {
      return std::make_unique<FailingProvider>(util::make_error(
          util::ErrorKind::InvalidInput,
          "profile " + quoted(name) + ": the source_profile chain is longer than " +
              std::to_string(k_max_source_profile_hops) + " profiles"));
    }
    current = *next;
  }
  ProfileResolver resolver(config, deps);
  auto r = resolver.resolve(name, {}, true, must_exist);
  if (!r) {
    return std::make_unique<FailingProvider>(r.take_error());
  }
  return std::move(r).value();
}

}  // namespace aws
