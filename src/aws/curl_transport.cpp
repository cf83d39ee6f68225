#include "aws/curl_transport.h"

#include <mutex>
#include <string_view>
#include <vector>

#include "aws/curl_library.h"
#include "util/clock.h"
#include "util/strings.h"

namespace aws {

namespace {

using util::ErrorKind;

// Bodies beyond this are not AWS API responses; refusing them bounds memory.
constexpr size_t k_max_body = size_t{64} * 1024 * 1024;

// Easy handles and header lists free themselves through the loaded library.
struct HandleDeleter {
  const CurlLibrary* curl;
  void operator()(CURL* h) const { curl->easy_cleanup(h); }
};
using Handle = std::unique_ptr<CURL, HandleDeleter>;

struct SlistDeleter {
  const CurlLibrary* curl;
  void operator()(curl_slist* l) const { curl->slist_free_all(l); }
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
int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* request = static_cast<const HttpRequest*>(user);
  if (request != nullptr && request->on_progress) {
    request->on_progress();
  }
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

struct Failure {
  ErrorKind kind;
  const char* code;
  const char* what;
};

// True for the only schemes we send to: with those, "unsupported protocol" is the server's
// answer (HTTP/0.9, or no HTTP at all), not the URL.
bool http_url(std::string_view url) {
  return util::to_lower(url.substr(0, 7)) == "http://" ||
         util::to_lower(url.substr(0, 8)) == "https://";
}

Failure classify(CURLcode rc, const HttpRequest& request) {
  switch (rc) {
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_BAD_CONTENT_ENCODING:
      return {ErrorKind::Network, "BadResponse", "the endpoint's answer is not valid HTTP"};
    case CURLE_COULDNT_CONNECT:
      return {ErrorKind::Network, "ConnectionRefused", "could not connect"};
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return {ErrorKind::Network, "ConnectionReset", "connection reset"};
    case CURLE_OPERATION_TIMEDOUT:
      return {ErrorKind::Timeout, "Timeout", "timed out"};
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return {ErrorKind::Network, "DnsFailure", "could not resolve the host name"};
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
      return {ErrorKind::Network, "TlsError", "TLS error"};
    case CURLE_PARTIAL_FILE:
      return {ErrorKind::Network, "PartialResponse", "the response ended early"};
    case CURLE_ABORTED_BY_CALLBACK:
      return {ErrorKind::Cancelled, "Interrupted", "interrupted"};
    case CURLE_UNSUPPORTED_PROTOCOL:
      if (http_url(request.url)) {
        return {ErrorKind::Network, "BadResponse", "the endpoint's answer is not valid HTTP"};
      }
      return {ErrorKind::InvalidInput, "InvalidUrl", "invalid URL"};
    case CURLE_URL_MALFORMAT:
      return {ErrorKind::InvalidInput, "InvalidUrl", "invalid URL"};
    case CURLE_WRITE_ERROR:
      return {ErrorKind::ProtocolError, "ResponseTooLarge", "the response is larger than 64 MiB"};
    default:
      return {ErrorKind::Network, "CurlError", "HTTP request failed"};
  }
}

util::Error transport_error(const CurlLibrary& curl, CURLcode rc, const char* errbuf,
                            const HttpRequest& request, const CurlOptions& options) {
  const Failure failure = classify(rc, request);
  std::string what = failure.what;
  if (std::string_view(failure.code) == "TlsError" && !options.ca_bundle.empty()) {
    what += " (CA bundle " + options.ca_bundle + ")";
  }
  std::string detail = errbuf[0] != '\0' ? std::string(errbuf) : curl.easy_strerror(rc);
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == '\r')) {
    detail.pop_back();
  }
  return util::make_error(
      failure.kind, what + ": " + describe_target(request) + " (" + detail + ")", failure.code);
}

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(CurlOptions options) : m_options(std::move(options)) {}

  util::Result<HttpResponse> send(const HttpRequest& request) override {
    auto curl = load_curl_library(m_options.library);
    if (!curl) {
      return curl.error();
    }
    Handle handle = acquire(**curl);
    if (!handle) {
      return util::make_error(ErrorKind::Internal, "curl_easy_init failed");
    }
    auto result = perform(**curl, handle.get(), request);
    release(std::move(handle));
    return result;
  }

 private:
  Handle acquire(const CurlLibrary& curl) {
    {
      std::lock_guard lock(m_mutex);
      if (!m_idle.empty()) {
        Handle h = std::move(m_idle.back());
        m_idle.pop_back();
        return h;
      }
    }
    return Handle(curl.easy_init(), HandleDeleter{&curl});
  }

  void release(Handle handle) {
    std::lock_guard lock(m_mutex);
    if (m_idle.size() < m_options.max_idle_handles) {
      m_idle.push_back(std::move(handle));
    }
  }

  util::Result<HttpResponse> perform(const CurlLibrary& curl, CURL* h, const HttpRequest& request) {
    // reset() clears options but keeps the handle's live connections and DNS cache.
    curl.easy_reset(h);
    Exchange ex;
    char errbuf[CURL_ERROR_SIZE] = {0};
    // The setopt pointer bypasses curl.h's type checks: long options get a long, callbacks
    // their exact curl_*_callback type.
    auto set = curl.easy_setopt;

    set(h, CURLOPT_URL, request.url.c_str());
    set(h, CURLOPT_ERRORBUFFER, errbuf);
    set(h, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
    set(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    set(h, CURLOPT_PROTOCOLS, long{CURLPROTO_HTTP | CURLPROTO_HTTPS});
#endif
    set(h, CURLOPT_TCP_KEEPALIVE, 1L);
    set(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count()));
    set(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    set(h, CURLOPT_WRITEFUNCTION, static_cast<curl_write_callback>(on_body));
    set(h, CURLOPT_WRITEDATA, &ex);
    set(h, CURLOPT_HEADERFUNCTION, static_cast<curl_write_callback>(on_header));
    set(h, CURLOPT_HEADERDATA, &ex);
    set(h, CURLOPT_NOPROGRESS, 0L);
    set(h, CURLOPT_XFERINFOFUNCTION, static_cast<curl_xferinfo_callback>(on_progress));
    set(h, CURLOPT_XFERINFODATA, static_cast<void*>(const_cast<HttpRequest*>(&request)));
    if (!m_options.user_agent.empty()) {
      set(h, CURLOPT_USERAGENT, m_options.user_agent.c_str());
    }
    if (!m_options.ca_bundle.empty()) {
      set(h, CURLOPT_CAINFO, m_options.ca_bundle.c_str());
    }

    const bool has_body = request.method != "GET" && request.method != "HEAD";
    if (request.method == "GET") {
      set(h, CURLOPT_HTTPGET, 1L);
    } else if (request.method == "HEAD") {
      set(h, CURLOPT_NOBODY, 1L);
    } else {
      set(h, CURLOPT_POSTFIELDS, request.body.data());
      set(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
      if (request.method != "POST") {
        set(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      }
    }

    // Send exactly the signed headers: no "Expect: 100-continue", and no form Content-Type
    // that libcurl would otherwise add to a POST without one.
    Slist headers(nullptr, SlistDeleter{&curl});
    auto add = [&headers, &curl](const std::string& line) {
      curl_slist* grown = curl.slist_append(headers.get(), line.c_str());
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
    set(h, CURLOPT_HTTPHEADER, headers.get());

    CURLcode rc = curl.easy_perform(h);
    set(h, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr));
    set(h, CURLOPT_ERRORBUFFER, static_cast<char*>(nullptr));
    if (rc != CURLE_OK) {
      return transport_error(curl, ex.too_large ? CURLE_WRITE_ERROR : rc, errbuf, request,
                             m_options);
    }
    long status = 0;
    curl.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
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
