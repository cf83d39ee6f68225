#include "aws/curl_library.h"

#include <dlfcn.h>

#include <map>
#include <mutex>

namespace aws {

namespace {

util::Error unavailable(const std::string& file, const std::string& reason) {
  return util::make_error(util::ErrorKind::Internal,
                          "cannot load " + file + ": " + reason +
                              "; install libcurl4 (Debian: apt-get install libcurl4)",
                          "CurlUnavailable");
}

std::string last_dl_error() {
  const char* e = dlerror();
  return e != nullptr ? e : "unknown dynamic loader error";
}

// Resolves one function into `slot`; false (with the loader's reason) when it is missing.
template <typename Fn>
bool resolve(void* handle, const char* name, Fn& slot, std::string& reason) {
  (void)dlerror();  // clear any earlier error so a failure below is this lookup's own
  void* symbol = dlsym(handle, name);
  if (symbol == nullptr) {
    reason = last_dl_error();
    return false;
  }
  // POSIX guarantees a dlsym result converts to the function's pointer type.
  slot = reinterpret_cast<Fn>(symbol);
  return true;
}

util::Result<CurlLibrary> open_library(const std::string& file) {
  // RTLD_NOW: an incomplete installation fails here with the loader's message, not later
  // with an abort in the middle of a request.
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    return unavailable(file, last_dl_error());
  }
  CurlLibrary lib;
  std::string reason;
  const bool complete = resolve(handle, "curl_global_init", lib.global_init, reason) &&
                        resolve(handle, "curl_easy_init", lib.easy_init, reason) &&
                        resolve(handle, "curl_easy_cleanup", lib.easy_cleanup, reason) &&
                        resolve(handle, "curl_easy_reset", lib.easy_reset, reason) &&
                        resolve(handle, "curl_easy_setopt", lib.easy_setopt, reason) &&
                        resolve(handle, "curl_easy_perform", lib.easy_perform, reason) &&
                        resolve(handle, "curl_easy_getinfo", lib.easy_getinfo, reason) &&
                        resolve(handle, "curl_easy_strerror", lib.easy_strerror, reason) &&
                        resolve(handle, "curl_slist_append", lib.slist_append, reason) &&
                        resolve(handle, "curl_slist_free_all", lib.slist_free_all, reason);
  if (!complete) {
    dlclose(handle);
    return unavailable(file, reason);
  }
  // Once per process, before any other curl call and while no other thread uses libcurl
  // (the caller holds the loader's lock; libcurl is used nowhere else).
  if (CURLcode rc = lib.global_init(CURL_GLOBAL_DEFAULT); rc != CURLE_OK) {
    return unavailable(file, std::string("curl_global_init failed: ") + lib.easy_strerror(rc));
  }
  return lib;
}

}  // namespace

util::Result<const CurlLibrary*> load_curl_library(const std::string& file) {
  static std::mutex mutex;
  // Never destroyed, like the libraries it points into: a transport that outlives static
  // destruction can still free its handles. Map nodes never move, so the pointers stay valid.
  static auto& loaded = *new std::map<std::string, util::Result<CurlLibrary>>();
  std::lock_guard lock(mutex);
  auto it = loaded.find(file);
  if (it == loaded.end()) {
    it = loaded.emplace(file, open_library(file)).first;
  }
  if (!it->second) {
    return it->second.error();
  }
  return &*it->second;
}

}  // namespace aws
