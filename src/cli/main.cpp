// ecsdeploy entry point: everything lives in cli::run (contributing.md, principle 9).
#include "cli/app.h"

int main(int argc, char** argv) {
  return cli::run(argc, argv);
}
