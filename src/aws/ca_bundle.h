#pragma once
// Which CA certificates HTTPS trusts. OpenSSL is linked into the binary, so its compiled-in
// default directory belongs to the build machine, not the runner; the bundle is found the way
// curl and the AWS CLI find it on any Linux:
//   1. AWS_CA_BUNDLE, then the profile's ca_bundle (the AWS CLI's own setting; session.cpp);
//   2. SSL_CERT_FILE / SSL_CERT_DIR (OpenSSL's and curl's variables);
//   3. the first distribution bundle that exists (Debian/Ubuntu, Fedora/RHEL, openSUSE,
//      Alpine, ...), else the first hashed certificate directory.

#include <functional>
#include <string>

#include "aws/tls_config.h"
#include "util/env.h"

namespace aws {

// Steps 2 and 3; `exists` says whether a path is there (injectable for tests).
CaSource find_system_cas(const util::Env& env,
                         const std::function<bool(const std::string&)>& exists);
CaSource find_system_cas(const util::Env& env);

}  // namespace aws
