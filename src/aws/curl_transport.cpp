#include "aws/curl_transport.h"

#include <mutex>
#include <string_view>
#include <vector>

#include <curl/curl.h>

#include "util/clock.h"
#include "util/strings.h"

namespace aws {

namespace {

using util::ErrorKind;

// Bodies beyond this are not AWS API responses; refusing them bounds memory.
constexpr size_t k_max_body = size_t{64} * 1024 * 1024;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct HandleDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
using Handle = std::unique_ptr<CURL, HandleDeleter>;

struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

struct Exchange {
  HttpResponse response;
  bool too_large = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  const size_t n = size * count;
  if (ex->response.body.size() + n > k_max_body) {
    ex->too_large = true;
    return 0;  // makes libcurl fail with CURLE_WRITE_ERROR
  }
  ex->response.body.append(data, n);
  return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  const size_t n = size * count;
  std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {
    // A new status line (after a 100 Continue, say): only the final response's headers count.
    ex->response.headers.clear();
    return n;
  }
  auto colon = line.find(':');
  if (colon != std::string_view::npos && colon > 0) {
    ex->response.headers.emplace_back(std::string(util::trim(line.substr(0, colon))),
                                      std::string(util::trim(line.substr(colon + 1))));
  }
  return n;
}

// Ctrl-C aborts a transfer in flight, not just the sleeps between attempts.
int on_progress(void*, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return util::interrupt_requested() ? 1 : 0;
}

// "POST http://host:port/path": the query is left out in case it carries anything sensitive.
std::string describe_target(const HttpRequest& request) {
  std::string url = request.url;
  if (auto q = url.find_first_of("?#"); q != std::string::npos) {
    url.resize(q);
  }
  return request.method + " " + url;
}

util::Error transport_error(CURLcode rc, const char* errbuf, const HttpRequest& request,
                            const CurlOptions& options) {
  ErrorKind kind = ErrorKind::Network;
  std::string code;
  std::string what;
  switch (rc) {
    case CURLE_COULDNT_CONNECT:
      code = "ConnectionRefused";
      what = "could not connect";
      break;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      code = "ConnectionReset";
      what = "connection reset";
      break;
    case CURLE_OPERATION_TIMEDOUT:
      kind = ErrorKind::Timeout;
      code = "Timeout";
      what = "timed out";
      break;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      code = "DnsFailure";
      what = "could not resolve the host name";
      break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
      code = "TlsError";
      what = options.ca_bundle.empty() ? "TLS error"
                                       : "TLS error (CA bundle " + options.ca_bundle + ")";
      break;
    case CURLE_PARTIAL_FILE:
      code = "PartialResponse";
      what = "the response ended early";
      break;
    case CURLE_ABORTED_BY_CALLBACK:
      kind = ErrorKind::Cancelled;
      code = "Interrupted";
      what = "interrupted";
      break;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      kind = ErrorKind::InvalidInput;
      code = "InvalidUrl";
      what = "invalid URL";
      break;
    case CURLE_WRITE_ERROR:
      kind = ErrorKind::ProtocolError;
      code = "ResponseTooLarge";
      what = "the response is larger than 64 MiB";
      break;
    default:
      code = "CurlError";
      what = "HTTP request failed";
      break;
  }
  std::string detail = errbuf[0] != '\0' ? std::string(errbuf) : curl_easy_strerror(rc);
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == '\r')) {
    detail.pop_back();
  }
  return util::make_error(kind, what + ": " + describe_target(request) + " (" + detail + ")", code);
}

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(CurlOptions options) : m_options(std::move(options)) { global_init(); }

  util::Result<HttpResponse> send(const HttpRequest& request) override {
    Handle handle = acquire();
    if (!handle) {
      return util::make_error(ErrorKind::Internal, "curl_easy_init failed");
    }
    auto result = perform(handle.get(), request);
    release(std::move(handle));
    return result;
  }

 private:
  Handle acquire() {
    {
      std::lock_guard lock(m_mutex);
      if (!m_idle.empty()) {
        Handle h = std::move(m_idle.back());
        m_idle.pop_back();
        return h;
      }
    }
    return Handle(curl_easy_init());
  }

  void release(Handle handle) {
    std::lock_guard lock(m_mutex);
    if (m_idle.size() < m_options.max_idle_handles) {
      m_idle.push_back(std::move(handle));
    }
  }

  util::Result<HttpResponse> perform(CURL* h, const HttpRequest& request) {
    // reset() clears options but keeps the handle's live connections and DNS cache.
    curl_easy_reset(h);
    Exchange ex;
    char errbuf[CURL_ERROR_SIZE] = {0};

    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(h, CURLOPT_PROTOCOLS, long{CURLPROTO_HTTP | CURLPROTO_HTTPS});
#endif
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(request.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &ex);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &ex);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    if (!m_options.user_agent.empty()) {
      curl_easy_setopt(h, CURLOPT_USERAGENT, m_options.user_agent.c_str());
    }
    if (!m_options.ca_bundle.empty()) {
      curl_easy_setopt(h, CURLOPT_CAINFO, m_options.ca_bundle.c_str());
    }

    const bool has_body = request.method != "GET" && request.method != "HEAD";
    if (request.method == "GET") {
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else if (request.method == "HEAD") {
      curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else {
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      if (request.method != "POST") {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      }
    }

    // Send exactly the signed headers: no "Expect: 100-continue", and no form Content-Type
    // that libcurl would otherwise add to a POST without one.
    Slist headers;
    auto add = [&headers](const std::string& line) {
      curl_slist* grown = curl_slist_append(headers.get(), line.c_str());
      if (grown != nullptr) {
        (void)headers.release();
        headers.reset(grown);
      }
    };
    for (const auto& [name, value] : request.headers) {
      std::string line = name;
      if (value.empty()) {
        line += ';';  // libcurl's syntax for sending a header with an empty value
      } else {
        line += ": ";
        line += value;
      }
      add(line);
    }
    if (!find_header(request.headers, "Expect")) {
      add("Expect:");
    }
    if (has_body && !find_header(request.headers, "Content-Type")) {
      add("Content-Type:");
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());

    CURLcode rc = curl_easy_perform(h);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
    if (rc != CURLE_OK) {
      return transport_error(ex.too_large ? CURLE_WRITE_ERROR : rc, errbuf, request, m_options);
    }
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    ex.response.status = static_cast<int>(status);
    return std::move(ex.response);
  }

  CurlOptions m_options;
  std::mutex m_mutex;
  std::vector<Handle> m_idle;
};

}  // namespace

std::unique_ptr<HttpTransport> make_curl_transport(const CurlOptions& options) {
  return std::make_unique<CurlTransport>(options);
}

}  // namespace aws
