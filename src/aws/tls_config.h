#pragma once
// The TLS client settings the transport shares between connections: which CAs it trusts.
// OpenSSL is linked in, so the only thing taken from the machine is its CA bundle, found the
// way curl and the AWS CLI find it (aws/ca_bundle.h).

#include <memory>
#include <string>

#include "util/result.h"

struct ssl_ctx_st;

namespace aws {

struct CaSource {
  std::string file;  // a PEM bundle
  std::string dir;   // a hashed certificate directory (c_rehash / update-ca-certificates)
  std::string describe() const;  // "CA bundle /etc/ssl/certs/ca-certificates.crt"
};

class TlsConfig {
 public:
  // Loads the CAs once. Errors (kind Network, code "TlsError") name the file or directory.
  static util::Result<std::shared_ptr<TlsConfig>> make(const CaSource& cas);
  ~TlsConfig();
  TlsConfig(const TlsConfig&) = delete;
  TlsConfig& operator=(const TlsConfig&) = delete;

  ssl_ctx_st* context() const { return m_ctx; }
  const CaSource& cas() const { return m_cas; }

 private:
  TlsConfig(ssl_ctx_st* ctx, CaSource cas) : m_ctx(ctx), m_cas(std::move(cas)) {}
  ssl_ctx_st* m_ctx;
  CaSource m_cas;
};

}  // namespace aws
