#include "aws/aws_error.h"

#include <gtest/gtest.h>

#include "aws/testing/http_response.h"

namespace aws {
namespace {

using testing_support::http_response;
using util::ErrorKind;

TEST(NormalizeErrorCodeTest, StripsNamespaceAndSuffixes) {
  struct Row {
    const char* raw;
    const char* code;
  };
  const Row rows[] = {
      {"ClusterNotFoundException", "ClusterNotFoundException"},
      {"com.amazonaws.ecs#ClusterNotFoundException", "ClusterNotFoundException"},
      {"FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError"},
      {"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/", "FooError"},
      {"FooError,BarError", "FooError"},
      {"  ThrottlingException  ", "ThrottlingException"},
      {"", ""},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(normalize_error_code(row.raw), row.code) << row.raw;
  }
}

TEST(ClassifyAwsErrorTest, Table) {
  struct Row {
    const char* code;
    int status;
    const char* message;
    ErrorKind kind;
  };
  const Row rows[] = {
      {"ThrottlingException", 400, "Rate exceeded", ErrorKind::Throttling},
      {"Throttling", 400, "Rate exceeded", ErrorKind::Throttling},
      {"TooManyRequestsException", 400, "", ErrorKind::Throttling},
      {"RequestLimitExceeded", 503, "", ErrorKind::Throttling},
      {"LimitExceededException", 400, "", ErrorKind::Throttling},
      {"SlowDown", 503, "", ErrorKind::Throttling},
      {"", 429, "", ErrorKind::Throttling},
      {"SomethingElse", 429, "", ErrorKind::Throttling},
      {"ServerException", 500, "", ErrorKind::ServerError},
      {"ServiceUnavailableException", 503, "", ErrorKind::ServerError},
      {"InternalServerException", 500, "", ErrorKind::ServerError},
      {"InternalFailure", 500, "", ErrorKind::ServerError},
      {"ServiceUnavailable", 503, "", ErrorKind::ServerError},
      {"RequestTimeoutException", 408, "", ErrorKind::ServerError},
      {"IDPCommunicationError", 400, "", ErrorKind::ServerError},
      {"UnknownFault", 503, "", ErrorKind::ServerError},
      {"", 500, "", ErrorKind::ServerError},
      {"", 502, "", ErrorKind::ServerError},
      {"", 504, "", ErrorKind::ServerError},
      {"", 501, "", ErrorKind::ServiceError},
      {"RequestTimeTooSkewed", 403, "", ErrorKind::ClockSkew},
      {"RequestExpired", 400, "Request has expired.", ErrorKind::ClockSkew},
      {"InvalidSignatureException", 400,
       "Signature expired: 20260101T000000Z is now earlier than 20260101T001000Z",
       ErrorKind::ClockSkew},
      {"SignatureDoesNotMatch", 403, "Signature expired: 20260101T000000Z is now earlier",
       ErrorKind::ClockSkew},
      {"InvalidSignatureException", 400, "The request signature we calculated does not match",
       ErrorKind::AccessDenied},
      {"SignatureDoesNotMatch", 403, "The request signature we calculated does not match",
       ErrorKind::AccessDenied},
      {"AccessDeniedException", 400, "User is not authorized", ErrorKind::AccessDenied},
      {"AccessDenied", 403, "", ErrorKind::AccessDenied},
      {"UnrecognizedClientException", 400, "", ErrorKind::AccessDenied},
      {"ExpiredTokenException", 400, "", ErrorKind::AccessDenied},
      {"ExpiredToken", 403, "", ErrorKind::AccessDenied},
      {"InvalidClientTokenId", 403, "", ErrorKind::AccessDenied},
      {"IncompleteSignature", 400, "", ErrorKind::AccessDenied},
      {"", 403, "", ErrorKind::AccessDenied},
      {"ClusterNotFoundException", 400, "Cluster not found.", ErrorKind::NotFound},
      {"ServiceNotFoundException", 400, "", ErrorKind::NotFound},
      {"RepositoryNotFoundException", 400, "", ErrorKind::NotFound},
      {"ImageNotFoundException", 400, "", ErrorKind::NotFound},
      {"ResourceNotFoundException", 400, "", ErrorKind::NotFound},
      {"NoSuchEntity", 404, "", ErrorKind::NotFound},
      {"", 404, "", ErrorKind::NotFound},
      {"ClientException", 400, "", ErrorKind::ServiceError},
      {"InvalidParameterException", 400, "", ErrorKind::ServiceError},
      {"ServiceNotActiveException", 400, "", ErrorKind::ServiceError},
      {"InvalidIdentityToken", 400, "", ErrorKind::ServiceError},
      {"", 400, "", ErrorKind::ServiceError},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(classify_aws_error(row.code, row.status, row.message), row.kind)
        << row.code << " " << row.status << " -> got "
        << util::to_string(classify_aws_error(row.code, row.status, row.message));
  }
}

TEST(ParseErrorResponseTest, JsonTable) {
  struct Row {
    HttpResponse response;
    const char* code;
    const char* message;
    const char* request_id;
    ErrorKind kind;
  };
  const Row rows[] = {
      {http_response(
           400,
           R"({"__type":"com.amazonaws.ecs#ClusterNotFoundException","message":"Cluster not found."})",
           {{"x-amzn-RequestId", "req-1"}}),
       "ClusterNotFoundException", "Cluster not found.", "req-1", ErrorKind::NotFound},
      {http_response(400, R"({"__type":"ThrottlingException","Message":"Rate exceeded"})",
                     {{"X-Amzn-RequestId", "req-2"}}),
       "ThrottlingException", "Rate exceeded", "req-2", ErrorKind::Throttling},
      {http_response(400, R"({"code":"ClientException","message":"bad"})"), "ClientException",
       "bad", "", ErrorKind::ServiceError},
      {http_response(400, R"({"message":"from header"})",
                     {{"X-Amzn-ErrorType", "AccessDeniedException:http://internal/"}}),
       "AccessDeniedException", "from header", "", ErrorKind::AccessDenied},
      {http_response(500, R"({"__type":"ServerException"})", {{"x-amz-request-id", "req-3"}}),
       "ServerException", "HTTP 500 response", "req-3", ErrorKind::ServerError},
      {http_response(503, "", {}), "", "HTTP 503 response without an error code", "",
       ErrorKind::ServerError},
      {http_response(502, "<html>\n<body>  Bad   Gateway</body></html>"), "",
       "HTTP 502 response: <html> <body> Bad Gateway</body></html>", "", ErrorKind::ServerError},
      {http_response(400, "{not json"), "", "HTTP 400 response: {not json", "",
       ErrorKind::ServiceError},
      // The body's __type wins over the header.
      {http_response(400, R"({"__type":"InvalidParameterException","message":"m"})",
                     {{"X-Amzn-ErrorType", "ThrottlingException"}}),
       "InvalidParameterException", "m", "", ErrorKind::ServiceError},
  };
  for (const auto& row : rows) {
    util::Error e = parse_error_response(row.response);
    EXPECT_EQ(e.code, row.code) << row.response.body;
    EXPECT_EQ(e.message, row.message) << row.response.body;
    EXPECT_EQ(e.request_id, row.request_id) << row.response.body;
    EXPECT_EQ(e.kind, row.kind) << row.response.body;
    EXPECT_EQ(e.http_status, row.response.status);
  }
}

TEST(ParseErrorResponseTest, XmlErrorResponse) {
  const char* body = R"(<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>InvalidIdentityToken</Code>
    <Message>Couldn&apos;t retrieve verification key from your identity provider</Message>
  </Error>
  <RequestId>4f2c-xml</RequestId>
</ErrorResponse>)";
  util::Error e = parse_error_response(http_response(400, body));
  EXPECT_EQ(e.code, "InvalidIdentityToken");
  EXPECT_EQ(e.message, "Couldn't retrieve verification key from your identity provider");
  EXPECT_EQ(e.request_id, "4f2c-xml");
  EXPECT_EQ(e.kind, ErrorKind::ServiceError);
}

TEST(ParseErrorResponseTest, XmlTable) {
  struct Row {
    const char* body;
    int status;
    const char* code;
    ErrorKind kind;
  };
  const Row rows[] = {
      {"<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
       "</ErrorResponse>",
       400, "Throttling", ErrorKind::Throttling},
      {"<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>Signature expired: "
       "20260101T000000Z is now earlier than 20260101T001500Z</Message></Error></ErrorResponse>",
       403, "SignatureDoesNotMatch", ErrorKind::ClockSkew},
      {"<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>The security token "
       "included in the request is invalid.</Message></Error></ErrorResponse>",
       403, "InvalidClientTokenId", ErrorKind::AccessDenied},
      {"<Error><Code>IDPCommunicationError</Code></Error>", 400, "IDPCommunicationError",
       ErrorKind::ServerError},
      {"<sts:ErrorResponse><sts:Error><sts:Code>ExpiredTokenException</sts:Code></sts:Error>"
       "</sts:ErrorResponse>",
       400, "ExpiredTokenException", ErrorKind::AccessDenied},
  };
  for (const auto& row : rows) {
    util::Error e = parse_error_response(http_response(row.status, row.body));
    EXPECT_EQ(e.code, row.code) << row.body;
    EXPECT_EQ(e.kind, row.kind) << row.body;
  }
}

// A server can echo megabytes (a 5 MB error message); the error keeps 1 KiB and says so.
TEST(ParseErrorResponseTest, HugeServerStringsAreTruncatedWithAMarker) {
  const std::string huge(5 << 20, 'm');
  for (const std::string& body : {R"({"__type":"ClientException","message":")" + huge + "\"}",
                                  "<ErrorResponse><Error><Code>Oops</Code><Message>" + huge +
                                      "</Message></Error></ErrorResponse>"}) {
    util::Error e = parse_error_response(http_response(400, body));
    EXPECT_EQ(e.message, std::string(1024, 'm') + " \xE2\x80\xA6 [truncated, 5242880 bytes]");
    EXPECT_EQ(e.kind, ErrorKind::ServiceError);
  }
  util::Error code = parse_error_response(
      http_response(400, "{}", {{"X-Amzn-ErrorType", std::string(1000, 'C')}}));
  EXPECT_LT(code.code.size(), 200u);
}

TEST(ParseErrorResponseTest, DeeplyNestedJsonBodyFallsBackToTheStatus) {
  const std::string deep = "{\"message\":" + std::string(100000, '[') + "}";
  util::Error e = parse_error_response(http_response(500, deep));
  EXPECT_EQ(e.kind, ErrorKind::ServerError);
  EXPECT_EQ(e.message.rfind("HTTP 500 response: {\"message\":[[[", 0), 0u) << e.message;
}

TEST(ResponseRequestIdTest, HeaderBeatsBody) {
  EXPECT_EQ(response_request_id(
                http_response(200, "<X><RequestId>b</RequestId></X>", {{"x-amzn-requestid", "h"}})),
            "h");
  EXPECT_EQ(response_request_id(http_response(200, "<X><RequestId>b</RequestId></X>")), "b");
  EXPECT_EQ(response_request_id(http_response(200, "{}")), "");
}

}  // namespace
}  // namespace aws
