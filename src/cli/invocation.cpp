#include "cli/invocation.h"

#include "cli/validate.h"

namespace cli {

util::Status take_arn_region(const OptionValues& values, const util::Env& env,
                             GlobalOptions& global) {
  for (const char* option : {"cluster", "service"}) {
    auto arn = ecs_arn_name(values, option);
    if (!arn) {
      continue;
    }
    std::optional<std::string> region = global.session.region;
    std::string origin = "--region";
    for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
      if (!region && (region = env.get_nonempty(name))) {
        origin = name;
      }
    }
    if (region && *region != arn->region) {
      return util::make_error(util::ErrorKind::InvalidInput,
                              "the " + std::string(option) + " ARN (from " + values.origin(option) +
                                  ") is in region " + quote_value(arn->region) + ", not " +
                                  *region + " (from " + origin + ")");
    }
    if (!region) {
      if (util::Status st = check_region(arn->region, "the " + std::string(option) + " ARN"); !st) {
        return st;
      }
      global.session.region = arn->region;
    }
  }
  return {};
}

util::Result<Invocation> resolve_invocation(const ParsedArgs& args, GlobalOptions global,
                                            const Command& command, const util::Env& env,
                                            const std::optional<ConfigFile>& config) {
  const ConfigTarget* target = nullptr;
  if (config) {
    auto selected = select_target(*config, global.target);
    if (!selected) {
      return selected.take_error();
    }
    target = *selected;
  } else if (global.target) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            "--target " + quote_value(*global.target) +
                                " given but no ecsdeploy.yml/.json found (use --config FILE)");
  }
  auto values = OptionValues::resolve(command.options, args, env, target,
                                      config ? config->path : std::string());
  if (!values) {
    return values.take_error();
  }
  // Several targets and none chosen: say so, rather than "missing service" further on.
  if (config && target == nullptr && config->targets.size() > 1 &&
      find_option(command.options, "service") != nullptr && !values->get("service") &&
      !values->get("services") && !values->flag("all-services")) {
    std::string names;
    for (const ConfigTarget& t : config->targets) {
      names += (names.empty() ? "" : ", ") + t.name;
    }
    return util::make_error(util::ErrorKind::InvalidInput,
                            config->path + " has " + std::to_string(config->targets.size()) +
                                " targets (" + names +
                                ") and none was chosen: pass --target NAME (or set "
                                "ECSDEPLOY_TARGET), or give --cluster and --service");
  }
  if (util::Status st = take_arn_region(*values, env, global); !st) {
    return st.take_error();
  }
  if (target != nullptr && !global.session.region && !env.get_nonempty("AWS_REGION") &&
      !env.get_nonempty("AWS_DEFAULT_REGION")) {
    if (auto region = target->get("region")) {
      const std::string origin = config->path + " (target '" + target->name + "', region)";
      if (util::Status st = check_region(*region, origin); !st) {
        return st.take_error();
      }
      global.session.region = *region;
    }
  }
  return Invocation{std::move(global), &command, std::move(*values)};
}

}  // namespace cli
