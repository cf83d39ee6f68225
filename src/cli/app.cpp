#include "cli/app.h"

#include <cstdio>
#include <cstring>

namespace cli {
int run(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--version") == 0) {
    std::puts("ecsdeploy " ECSDEPLOY_VERSION);
    return 0;
  }
  std::fputs("ecsdeploy: the command line is being built\n", stderr);
  return 1;
}
}  // namespace cli
