#pragma once
// How a wire protocol words an error: the one thing the request pipeline (emulator.cpp) does
// not share between the JSON services and the query protocol (STS). Auth, IAM, faults,
// throttling and the request log are the same for every protocol.
#include <string>

#include "core/http_types.h"

namespace emulator {

struct ErrorCodec {
  HttpResponse (*encode)(int status, const std::string& code, const std::string& message,
                         const std::string& request_id) = nullptr;
  bool query_codes = false;  // STS-style codes: SignatureDoesNotMatch, AccessDenied (403)
  std::string throttling;    // code of a throttled call
  std::string server_error;  // injected 500
  std::string unavailable;   // injected 503
  std::string internal;      // an action that failed unexpectedly
};

// awsJson1_1 errors ({"__type","message"} + X-Amzn-ErrorType) with the service's codes.
const ErrorCodec& json_codec(const std::string& service);
// awsQuery errors (the STS XML ErrorResponse).
const ErrorCodec& query_codec();
// CloudWatch's awsJson1_0 (query-compatible: x-amzn-query-error carries the query code).
const ErrorCodec& json10_codec();
// Smithy RPC v2 CBOR: a CBOR map {__type, message} and the smithy-protocol header.
const ErrorCodec& cbor_codec();

HttpResponse json_error(int status, const std::string& code, const std::string& message,
                        const std::string& request_id);
HttpResponse xml_error(int status, const std::string& code, const std::string& message,
                       const std::string& request_id);

}  // namespace emulator
