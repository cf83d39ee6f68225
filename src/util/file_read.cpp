#include "util/file_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace util {

namespace {

Error unreadable(const std::string& display, const std::string& why) {
  return make_error(ErrorKind::InvalidInput, "cannot read " + display + ": " + why,
                    "UnreadableFile");
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) {
      ::close(fd);
    }
  }
};

}  // namespace

std::string describe_size(std::size_t bytes) {
  if (bytes >= (std::size_t{1} << 20) && bytes % (std::size_t{1} << 20) == 0) {
    return std::to_string(bytes >> 20) + " MiB";
  }
  if (bytes >= 1024 && bytes % 1024 == 0) {
    return std::to_string(bytes >> 10) + " KiB";
  }
  return std::to_string(bytes) + " bytes";
}

Result<std::string> read_small_regular_file(const std::string& path, std::size_t max_bytes,
                                            const std::string& display) {
  // O_NONBLOCK: opening a FIFO without a writer would otherwise block before fstat can
  // tell it is not a regular file.
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)};
  if (f.fd < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) {
      Error e = unreadable(display, std::strerror(err));
      e.code = k_file_not_found_code;
      return e;
    }
    return unreadable(display, std::strerror(err));
  }
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) {
    return unreadable(display, std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) {
    return unreadable(display, "it is a directory");
  }
  if (S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3)) {
    return std::string();  // /dev/null: the usual way to say "no such file" (AWS_CONFIG_FILE)
  }
  if (!S_ISREG(st.st_mode)) {
    return unreadable(display, "not a regular file (a FIFO, socket or device is not read)");
  }
  const std::string too_large = "larger than the " + describe_size(max_bytes) + " limit";
  if (static_cast<unsigned long long>(st.st_size) > max_bytes) {
    return unreadable(display, too_large);
  }
  std::string out;
  out.resize(static_cast<std::size_t>(st.st_size));
  std::size_t have = 0;
  // Read one byte past the limit: the file may grow while it is read.
  char probe[4096];
  for (;;) {
    ssize_t n = 0;
    if (have < out.size()) {
      n = ::read(f.fd, out.data() + have, out.size() - have);
    } else {
      n = ::read(f.fd, probe, sizeof probe);
      if (n > 0) {
        if (have + static_cast<std::size_t>(n) > max_bytes) {
          return unreadable(display, too_large);
        }
        out.append(probe, static_cast<std::size_t>(n));
        have += static_cast<std::size_t>(n);
        continue;
      }
    }
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return unreadable(display, std::strerror(errno));
    }
    if (n == 0) {
      break;
    }
    have += static_cast<std::size_t>(n);
  }
  out.resize(have);
  return out;
}

}  // namespace util
