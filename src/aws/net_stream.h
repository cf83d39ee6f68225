#pragma once
// One TCP connection, optionally wrapped in TLS (OpenSSL, linked in), with every wait bounded
// by a deadline. Waits are sliced to at most a second so the caller's tick can report
// progress and Ctrl-C aborts a request in flight. The transport's only socket code.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "util/result.h"

namespace aws {

using SteadyTime = std::chrono::steady_clock::time_point;

// Called about once a second while waiting; returns false to abort (Ctrl-C).
using WaitTick = std::function<bool()>;

class TlsConfig;  // aws/tls_config.h

class NetStream {
 public:
  virtual ~NetStream() = default;
  // Errors: Network "ConnectionReset", Timeout "Timeout", Cancelled "Interrupted", or for
  // TLS Network "TlsError". Messages are the cause only; the transport adds the target.
  virtual util::Status write_all(std::string_view data, SteadyTime deadline,
                                 const WaitTick& tick) = 0;
  // Some bytes into `out` (appended); 0 at a clean end of the stream.
  virtual util::Result<size_t> read_some(std::string& out, SteadyTime deadline,
                                         const WaitTick& tick) = 0;
  // True when the peer has not closed or sent anything unexpected since the last answer: a
  // pooled connection that fails this is not reused.
  virtual bool looks_alive() = 0;
  // Wraps the connection in TLS and verifies the peer as `host` (SNI unless an IP literal).
  virtual util::Status start_tls(const TlsConfig& tls, const std::string& host, SteadyTime deadline,
                                 const WaitTick& tick) = 0;
};

// Resolves `host` and connects to the first address that answers before `connect_deadline`.
// Errors: "DnsFailure", "ConnectionRefused", "Timeout", "Interrupted".
util::Result<std::unique_ptr<NetStream>> connect_stream(const std::string& host, int port,
                                                        SteadyTime connect_deadline,
                                                        const WaitTick& tick);

}  // namespace aws
