// ecs-emulator entry point (being built).
#include <cstdio>
int main() {
  std::fputs("ecs-emulator: being built\n", stderr);
  return 1;
}
