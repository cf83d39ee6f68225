#include "support/manual_clock.h"
