#include "aws/ca_bundle.h"

#include <gtest/gtest.h>

#include <set>

namespace aws {
namespace {

CaSource find(const util::MapEnv& env, std::set<std::string> present) {
  return find_system_cas(env, [&](const std::string& p) { return present.count(p) > 0; });
}

TEST(FindSystemCas, VariablesThenDistributionBundlesThenDirectories) {
  util::MapEnv env;
  EXPECT_EQ(find(env, {"/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/certs"}).file,
            "/etc/ssl/certs/ca-certificates.crt");  // Debian, Ubuntu
  EXPECT_EQ(find(env, {"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"}).file,
            "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem");         // RHEL, Amazon Linux
  EXPECT_EQ(find(env, {"/etc/ssl/cert.pem"}).file, "/etc/ssl/cert.pem");  // Alpine
  const CaSource dir_only = find(env, {"/etc/ssl/certs"});
  EXPECT_TRUE(dir_only.file.empty());
  EXPECT_EQ(dir_only.dir, "/etc/ssl/certs");
  env.set("SSL_CERT_FILE", "/opt/corp-ca.pem");
  EXPECT_EQ(find(env, {"/etc/ssl/certs/ca-certificates.crt"}).file, "/opt/corp-ca.pem");
}

TEST(FindSystemCas, NothingFoundSaysWhatToDo) {
  const CaSource none = find(util::MapEnv(), {});
  EXPECT_TRUE(none.file.empty() && none.dir.empty());
  EXPECT_NE(none.describe().find("AWS_CA_BUNDLE"), std::string::npos);
  EXPECT_NE(none.describe().find("ca-certificates"), std::string::npos);
}

}  // namespace
}  // namespace aws
