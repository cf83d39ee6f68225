#include "server/options.h"

#include <cmath>
#include <stdexcept>

namespace emulator {

const char* const k_usage =
    "usage: ecs-emulator [--state scenario.json] [--port N] [--speed X] [--seed N] [--no-auth]\n"
    "                    [--max-connections N]\n"
    "  --state FILE   scenario to load (see docs/emulator.md); without it the emulator starts\n"
    "                 empty with account 123456789012 accepting any credentials\n"
    "  --port N       TCP port on 127.0.0.1; 0 (default) picks a free one\n"
    "  --speed X      virtual seconds per real second (default 1; 0 freezes the clock)\n"
    "  --seed N       seed for ids and jitter (default 1)\n"
    "  --no-auth      accept unsigned requests (calls run as the first scenario user)\n"
    "  --max-connections N  connections served at once (default 512); more get 503\n";

ParsedOptions parse_options(const std::vector<std::string>& args) {
  ParsedOptions out;
  ServerOptions o;
  auto fail = [&](const std::string& msg) {
    out.error = msg;
    return out;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string& v) {
      auto eq = a.find('=');
      if (eq != std::string::npos) {
        v = a.substr(eq + 1);
        return true;
      }
      if (i + 1 >= args.size()) {
        return false;
      }
      v = args[++i];
      return true;
    };
    std::string name = a.substr(0, a.find('='));
    std::string v;
    try {
      if (name == "--help" || name == "-h") {
        o.help = true;
      } else if (name == "--no-auth") {
        o.auth = false;
      } else if (name == "--port") {
        if (!value(v)) {
          return fail("--port needs a value");
        }
        std::size_t used = 0;
        long p = std::stol(v, &used);
        if (used != v.size() || p < 0 || p > 65535) {
          return fail("--port: expected 0-65535");
        }
        o.port = static_cast<int>(p);
      } else if (name == "--state") {
        if (!value(v) || v.empty()) {
          return fail("--state needs a file");
        }
        o.state_file = v;
      } else if (name == "--speed") {
        if (!value(v)) {
          return fail("--speed needs a value");
        }
        std::size_t used = 0;
        double s = std::stod(v, &used);
        if (used != v.size() || !(s >= 0) || s > 100000 || std::isnan(s)) {
          return fail("--speed: expected a number from 0 to 100000");
        }
        o.speed = s;
      } else if (name == "--max-connections") {
        if (!value(v)) {
          return fail("--max-connections needs a value");
        }
        std::size_t used = 0;
        long n = std::stol(v, &used);
        if (used != v.size() || n < 1 || n > 4096) {
          return fail("--max-connections: expected 1-4096");
        }
        o.max_connections = static_cast<std::size_t>(n);
      } else if (name == "--seed") {
        if (!value(v)) {
          return fail("--seed needs a value");
        }
        std::size_t used = 0;
        o.seed = std::stoull(v, &used);
        if (used != v.size()) {
          return fail("--seed: expected an unsigned integer");
        }
      } else {
        return fail("unknown option: " + a);
      }
    } catch (const std::exception&) {
      return fail(name + ": invalid value '" + v + "'");
    }
  }
  out.options = o;
  return out;
}

}  // namespace emulator
