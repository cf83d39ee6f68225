#include "core/error_codec.h"

#include "core/cbor.h"
#include "core/json_access.h"
#include "core/sts_actions.h"

namespace emulator {

HttpResponse json_error(int status, const std::string& code, const std::string& message,
                        const std::string& request_id) {
  HttpResponse r;
  r.status = status;
  r.body = dump_json(Json{{"__type", code}, {"message", message}});
  r.headers.emplace_back("x-amzn-RequestId", request_id);
  r.headers.emplace_back("X-Amzn-ErrorType", code);
  return r;
}

HttpResponse xml_error(int status, const std::string& code, const std::string& message,
                       const std::string& request_id) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/xml";
  r.body = sts_error_xml(code, message, request_id, status < 500);
  r.headers.emplace_back("x-amzn-RequestId", request_id);
  return r;
}

namespace {

HttpResponse json10_error(int status, const std::string& code, const std::string& message,
                          const std::string& request_id) {
  HttpResponse r = json_error(status, code, message, request_id);
  r.content_type = "application/x-amz-json-1.0";
  r.headers.emplace_back("x-amzn-query-error", code + (status < 500 ? ";Sender" : ";Receiver"));
  return r;
}

HttpResponse cbor_error(int status, const std::string& code, const std::string& message,
                        const std::string& request_id) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/cbor";
  r.body = cbor_encode(Json{{"__type", code}, {"message", message}});
  r.headers.emplace_back("x-amzn-RequestId", request_id);
  r.headers.emplace_back("smithy-protocol", "rpc-v2-cbor");
  r.headers.emplace_back("x-amzn-query-error", code + (status < 500 ? ";Sender" : ";Receiver"));
  return r;
}

}  // namespace

const ErrorCodec& json10_codec() {
  static const ErrorCodec k_codec{json10_error,         false,
                                  "Throttling",         "InternalServiceError",
                                  "ServiceUnavailable", "InternalServiceError"};
  return k_codec;
}

const ErrorCodec& cbor_codec() {
  static const ErrorCodec k_codec{cbor_error,           false,
                                  "Throttling",         "InternalServiceError",
                                  "ServiceUnavailable", "InternalServiceError"};
  return k_codec;
}

const ErrorCodec& json_codec(const std::string& service) {
  // CloudWatch Logs names its server errors differently from ECS, ECR and auto scaling.
  static const ErrorCodec k_logs{json_error,
                                 false,
                                 "ThrottlingException",
                                 "InternalServerException",
                                 "ServiceUnavailableException",
                                 "ServiceUnavailableException"};
  static const ErrorCodec k_default{
      json_error,       false, "ThrottlingException", "ServerException", "ServiceUnavailable",
      "ServerException"};
  return service == "logs" ? k_logs : k_default;
}

const ErrorCodec& query_codec() {
  static const ErrorCodec k_query{
      xml_error, true, "Throttling", "InternalFailure", "ServiceUnavailable", "InternalFailure"};
  return k_query;
}

}  // namespace emulator
