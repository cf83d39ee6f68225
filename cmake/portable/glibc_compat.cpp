// Linked into portable executables only (cmake/portable.cmake). The static libstdc++ and
// libgcc_eh of Debian 12's GCC were built against glibc 2.36 and refer to three symbols that
// glibc 2.31 (the oldest glibc the release binary runs on) lacks. Static archives carry no
// symbol versions, so these definitions satisfy them; on a newer glibc they still win, as the
// executable's own definitions, and behave the same.

#include <dlfcn.h>
#include <link.h>
#include <sys/random.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" {

// glibc 2.32: libstdc++ skips atomic reference counting while this is non-zero. Zero means
// "maybe threads", which is always correct (ecsdeploy does run threads).
char __libc_single_threaded = 0;  // NOLINT(bugprone-reserved-identifier)

// glibc 2.36: std::random_device's default source. The same kernel generator glibc uses.
uint32_t arc4random() {
  uint32_t value = 0;
  auto* p = reinterpret_cast<unsigned char*>(&value);
  size_t got = 0;
  while (got < sizeof(value)) {
    const ssize_t n = getrandom(p + got, sizeof(value) - got, 0);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      std::abort();  // as glibc does when the kernel cannot give randomness
    }
    got += static_cast<size_t>(n);
  }
  return value;
}

// glibc 2.35: how the unwinder (exceptions) finds the .eh_frame_hdr of the object holding a
// code address. The layout is glibc's struct dl_find_object (no dbase on x86_64 and arm64).
struct ecsdeploy_dl_find_object {
  unsigned long long dlfo_flags;
  void* dlfo_map_start;
  void* dlfo_map_end;
  struct link_map* dlfo_link_map;
  void* dlfo_eh_frame;
  unsigned long long dlfo_reserved[7];
};

namespace {

struct FindState {
  uintptr_t pc;
  ecsdeploy_dl_find_object* out;
  bool found;
};

int visit(struct dl_phdr_info* info, size_t, void* data) {
  auto* state = static_cast<FindState*>(data);
  const ElfW(Phdr)* load = nullptr;
  const ElfW(Phdr)* eh = nullptr;
  for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type == PT_LOAD) {
      const uintptr_t start = info->dlpi_addr + ph.p_vaddr;
      if (state->pc >= start && state->pc < start + ph.p_memsz) {
        load = &ph;
      }
    } else if (ph.p_type == PT_GNU_EH_FRAME) {
      eh = &ph;
    }
  }
  if (load == nullptr) {
    return 0;  // not this object
  }
  state->found = true;
  state->out->dlfo_flags = 0;
  state->out->dlfo_map_start = reinterpret_cast<void*>(info->dlpi_addr + load->p_vaddr);
  state->out->dlfo_map_end =
      reinterpret_cast<void*>(info->dlpi_addr + load->p_vaddr + load->p_memsz);
  state->out->dlfo_link_map = nullptr;
  state->out->dlfo_eh_frame =
      eh != nullptr ? reinterpret_cast<void*>(info->dlpi_addr + eh->p_vaddr) : nullptr;
  return 1;
}

}  // namespace

int _dl_find_object(void* address, ecsdeploy_dl_find_object* result) {  // NOLINT
  FindState state{reinterpret_cast<uintptr_t>(address), result, false};
  dl_iterate_phdr(visit, &state);
  return state.found ? 0 : -1;
}

}  // extern "C"
