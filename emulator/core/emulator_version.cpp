#include "core/emulator_version.h"
