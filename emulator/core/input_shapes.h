#pragma once
// JSON types of every input member of the operations the emulator serves (generated from
// botocore's models into input_shapes_data.cpp by emulator/tools/gen_input_shapes.py). AWS's
// JSON front end refuses a member of the wrong type with SerializationException before any
// action runs, whether or not the action reads that member; wrong_member_type() does the same
// for the emulator, so a stored-verbatim member (a task definition's networkMode, a container's
// portMappings) can never come back to a client with a type its SDK cannot parse.
#include <optional>
#include <string>

#include "core/json_access.h"

namespace emulator {

extern const char* const k_input_shapes_json;

// The first member of `body` whose JSON type does not match the input shape of
// service:operation, as "Unexpected value for member 'a.b[0].c': expected a string", or
// nullopt. Unknown operations and members pass (actions decide about those); null is absent.
std::optional<std::string> wrong_member_type(const std::string& service,
                                             const std::string& operation, const Json& body);

}  // namespace emulator
