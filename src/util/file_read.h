#pragma once
// Reading a whole small file that someone else may have placed: a config file, a token, a
// cache. Only regular files are read (a FIFO would block, /dev/zero never ends) and only
// up to a size limit, so no path can hang the tool or exhaust its memory.

#include <cstddef>
#include <string>

#include "util/result.h"

namespace util {

// Error code of read_small_regular_file() when the path does not exist.
inline constexpr const char* k_file_not_found_code = "FileNotFound";

// The contents of `path`. Errors (kind InvalidInput; code k_file_not_found_code for a missing
// file, else "UnreadableFile") name `display` (the path as the user knows it) and the reason:
// missing, a directory or other non-regular file, larger than `max_bytes`, or an I/O error.
// /dev/null reads as empty, as every AWS tool reads AWS_CONFIG_FILE=/dev/null.
// The contents are never quoted.
Result<std::string> read_small_regular_file(const std::string& path, std::size_t max_bytes,
                                            const std::string& display);
inline Result<std::string> read_small_regular_file(const std::string& path, std::size_t max_bytes) {
  return read_small_regular_file(path, max_bytes, path);
}

// "10 MiB", "1 MiB", "512 KiB", "100 bytes": for limits in messages.
std::string describe_size(std::size_t bytes);

}  // namespace util
