#include "cli/global_options.h"

#include "cli/option_values.h"
#include "cli/validate.h"

namespace cli {

namespace {

constexpr OptionSpec k_globals[] = {
    {.name = "region",
     .value_name = "REGION",
     .help = "AWS region (else AWS_REGION, AWS_DEFAULT_REGION, the profile, the config file)"},
    {.name = "profile",
     .value_name = "NAME",
     .help = "profile in ~/.aws/config (else AWS_PROFILE)"},
    {.name = "endpoint-url",
     .value_name = "URL",
     .help = "send every AWS call to this URL (emulators); else AWS_ENDPOINT_URL[_<SERVICE>]"},
    {.name = "output",
     .value_name = "text|json",
     .help = "json: one JSON result object on stdout; progress stays on stderr",
     .env = "ECSDEPLOY_OUTPUT",
     .default_value = "text"},
    {.name = "config",
     .value_name = "FILE",
     .help = "targets file (default: ecsdeploy.yml, .yaml or .json in the current directory)",
     .env = "ECSDEPLOY_CONFIG"},
    {.name = "target",
     .value_name = "NAME",
     .help = "which entry of the targets file to use (default: the only one)",
     .env = "ECSDEPLOY_TARGET"},
    {.name = "no-color", .kind = ArgKind::Flag, .help = "no ANSI colours (NO_COLOR works too)"},
    {.name = "verbose",
     .short_name = 'v',
     .kind = ArgKind::Flag,
     .help = "also show each retry (throttling, 5xx, network errors) as it happens"},
    {.name = "version", .kind = ArgKind::Flag, .help = "print the version and exit"},
    {.name = "help", .short_name = 'h', .kind = ArgKind::Flag, .help = "show help and exit"},
};

util::Error usage(std::string message) {
  return util::make_error(util::ErrorKind::InvalidInput, std::move(message));
}

}  // namespace

OptionTable global_option_table() {
  return k_globals;
}

util::Result<GlobalOptions> global_options_from(const ParsedArgs& args, const util::Env& env) {
  auto values = OptionValues::resolve(k_globals, args, env, nullptr, "");
  if (!values) {
    return values.take_error();
  }
  GlobalOptions g;
  g.version = values->flag("version");
  g.help = values->flag("help");
  g.no_color = values->flag("no-color");
  g.verbosity = args.verbosity;
  if (auto region = values->get("region")) {
    if (util::Status st = check_region(*region, "--region"); !st) {
      return st.take_error();
    }
    g.session.region = *region;
  }
  if (auto profile = values->get("profile")) {
    if (profile->empty()) {
      return usage("empty profile name (from --profile)");
    }
    g.session.profile = *profile;
  }
  if (auto url = values->get("endpoint-url")) {
    if (util::Status st = check_endpoint_url(*url, "--endpoint-url"); !st) {
      return st.take_error();
    }
    g.session.endpoint_url = *url;
  }
  const std::string output = values->get("output").value_or("text");
  if (output == "json") {
    g.output = OutputFormat::Json;
  } else if (output != "text") {
    return usage("invalid output format " + quote_value(output) + " (from " +
                 values->origin("output") + "): expected text or json");
  }
  g.config_path = values->get("config");
  g.target = values->get("target");
  if (g.config_path && g.config_path->empty()) {
    return usage("empty config file name (from " + values->origin("config") + ")");
  }
  return g;
}

}  // namespace cli
