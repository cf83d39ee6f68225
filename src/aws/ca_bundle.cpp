#include "aws/ca_bundle.h"

#include <sys/stat.h>

namespace aws {

namespace {

// Go's crypto/x509 list (root_linux.go), which is also where curl's distribution builds look.
constexpr const char* k_bundles[] = {
    "/etc/ssl/certs/ca-certificates.crt",                 // Debian, Ubuntu, Gentoo, Arch
    "/etc/pki/tls/certs/ca-bundle.crt",                   // Fedora, RHEL 6
    "/etc/ssl/ca-bundle.pem",                             // openSUSE
    "/etc/pki/tls/cacert.pem",                            // OpenELEC
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // CentOS, RHEL 7+, Amazon Linux
    "/etc/ssl/cert.pem",                                  // Alpine, macOS-like layouts
};
constexpr const char* k_dirs[] = {
    "/etc/ssl/certs",
    "/etc/pki/tls/certs",
};

bool path_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

CaSource find_system_cas(const util::Env& env,
                         const std::function<bool(const std::string&)>& exists) {
  CaSource from_env;
  from_env.file = env.get_or("SSL_CERT_FILE", "");
  from_env.dir = env.get_or("SSL_CERT_DIR", "");
  if (!from_env.file.empty() || !from_env.dir.empty()) {
    return from_env;
  }
  for (const char* bundle : k_bundles) {
    if (exists(bundle)) {
      return CaSource{bundle, ""};
    }
  }
  for (const char* dir : k_dirs) {
    if (exists(dir)) {
      return CaSource{"", dir};
    }
  }
  return {};
}

CaSource find_system_cas(const util::Env& env) {
  return find_system_cas(env, path_exists);
}

}  // namespace aws
