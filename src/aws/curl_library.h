#pragma once
// libcurl, loaded with dlopen on the first request instead of linked. Debian's libcurl
// brings about 28 shared libraries (GnuTLS, Kerberos, LDAP, RTMP, SSH, ...); loading them all
// at every start cost ~10 ms, so `ecsdeploy --version` and `--help` could not start in under
// 10 ms. <curl/curl.h> is still included for its types and constants only.
//
// Calls go through the table's pointers, so curl.h's type-checking macros for
// curl_easy_setopt/getinfo do not apply: callers pass long for long options, curl_off_t for
// *_LARGE options and the exact callback types.

#include <curl/curl.h>

#include <string>

#include "util/result.h"

namespace aws {

// The shared library a default transport loads (runtime package libcurl4).
inline constexpr const char* k_libcurl_file = "libcurl.so.4";

// Exactly the libcurl functions curl_transport uses.
struct CurlLibrary {
  decltype(&curl_global_init) global_init = nullptr;
  decltype(&curl_easy_init) easy_init = nullptr;
  decltype(&curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&curl_easy_reset) easy_reset = nullptr;
  decltype(&curl_easy_setopt) easy_setopt = nullptr;
  decltype(&curl_easy_perform) easy_perform = nullptr;
  decltype(&curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&curl_easy_strerror) easy_strerror = nullptr;
  decltype(&curl_slist_append) slist_append = nullptr;
  decltype(&curl_slist_free_all) slist_free_all = nullptr;
};

// Loads `file` (a name dlopen searches for, or a path) and resolves every function, then
// runs curl_global_init. Once per file name and process, thread-safe: later calls return the
// same table, or the same error (kind Internal, code "CurlUnavailable", naming the file, the
// loader's reason and the package to install). The library is never unloaded.
util::Result<const CurlLibrary*> load_curl_library(const std::string& file = k_libcurl_file);

}  // namespace aws
