#include "aws/tls_config.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace aws {

std::string CaSource::describe() const {
  if (!file.empty()) {
    return "CA bundle " + file;
  }
  if (!dir.empty()) {
    return "CA directory " + dir;
  }
  return "no CA bundle found (set AWS_CA_BUNDLE, or install ca-certificates)";
}

namespace {

std::string openssl_reason() {
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) {
    return "unknown TLS error";
  }
  char buf[256];
  ERR_error_string_n(e, buf, sizeof(buf));
  return buf;
}

}  // namespace

util::Result<std::shared_ptr<TlsConfig>> TlsConfig::make(const CaSource& cas) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (ctx == nullptr) {
    return util::make_error(util::ErrorKind::Network, "TLS setup failed: " + openssl_reason(),
                            "TlsError");
  }
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  // A peer that closes without close_notify after a complete answer is not an error here:
  // HTTP framing says whether the answer was complete.
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
  SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
  if (!cas.file.empty() || !cas.dir.empty()) {
    const char* file = cas.file.empty() ? nullptr : cas.file.c_str();
    const char* dir = cas.dir.empty() ? nullptr : cas.dir.c_str();
    if (SSL_CTX_load_verify_locations(ctx, file, dir) != 1) {
      std::string reason = openssl_reason();
      SSL_CTX_free(ctx);
      return util::make_error(util::ErrorKind::Network,
                              "cannot load the " + cas.describe() + ": " + reason, "TlsError");
    }
  }
  return std::shared_ptr<TlsConfig>(new TlsConfig(ctx, cas));
}

TlsConfig::~TlsConfig() {
  SSL_CTX_free(m_ctx);
}

}  // namespace aws
