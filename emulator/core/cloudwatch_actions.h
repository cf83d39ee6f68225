#pragma once
// CloudWatch metric alarms: PutMetricAlarm, DescribeAlarms, SetAlarmState, DeleteAlarms. The
// actions take and return Json members as the JSON protocol names them; the front door
// (emulator.cpp) decodes and encodes the three wire protocols current clients use: awsJson1_0
// (X-Amz-Target GraniteServiceVersion20100801.*), Smithy RPC v2 CBOR and awsQuery.
#include <set>
#include <string>

#include "core/actions.h"

namespace emulator {

constexpr const char* k_cloudwatch_prefix = "GraniteServiceVersion20100801.";

const ActionTable& cloudwatch_actions();
// Members that are timestamps (epoch seconds in Json; tag 1 in CBOR; ISO 8601 in XML).
const std::set<std::string>& cloudwatch_timestamps();
// awsQuery form parameters (AlarmNames.member.1=a, Dimensions.member.1.Name=x) → Json.
Json query_params_to_json(const std::vector<std::pair<std::string, std::string>>& params);
// A response body as awsQuery XML: <OpResponse><OpResult>...</OpResult><ResponseMetadata/>.
std::string query_response_xml(const std::string& operation, const Json& result,
                               const std::string& request_id);

}  // namespace emulator
