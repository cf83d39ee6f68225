#include "aws/sigv4.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "util/strings.h"
#include "util/time.h"

namespace aws {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------
// The aws-c-auth SigV4 suite (../shared/testdata/sigv4, or $SIGV4_SUITE_DIR): every case,
// every stage, header and query signing.

fs::path suite_dir() {
  if (const char* dir = std::getenv("SIGV4_SUITE_DIR"); dir != nullptr && *dir != '\0') {
    return dir;
  }
  const char* source = std::getenv("ECSDEPLOY_SOURCE_DIR");
  return fs::path(source != nullptr && *source != '\0' ? source : ECSDEPLOY_SOURCE_DIR) / ".." /
         "shared" / "testdata" / "sigv4";
}

std::vector<std::string> suite_cases() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(suite_dir(), ec)) {
    if (entry.is_directory() && fs::exists(entry.path() / "context.json")) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return {};
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A request as written in the suite's request.txt / *-signed-request.txt files.
struct TextRequest {
  std::string method;
  std::string target;  // path[?query], raw
  Headers headers;     // values as written after the ':'
  std::string body;
};

TextRequest parse_text_request(const std::string& text) {
  TextRequest r;
  std::size_t pos = text.find('\n');
  const std::string line = text.substr(0, pos);
  // The path may contain spaces: split the request line at its first and last space.
  const std::size_t first = line.find(' ');
  const std::size_t last = line.rfind(' ');
  r.method = line.substr(0, first);
  r.target = line.substr(first + 1, last - first - 1);
  while (pos != std::string::npos && pos + 1 <= text.size()) {
    const std::size_t start = pos + 1;
    pos = text.find('\n', start);
    const std::string header_line =
        text.substr(start, pos == std::string::npos ? std::string::npos : pos - start);
    if (header_line.empty()) {
      if (pos != std::string::npos) {
        r.body = text.substr(pos + 1);
      }
      break;
    }
    if ((header_line[0] == ' ' || header_line[0] == '\t') && !r.headers.empty()) {
      // A continuation line is one more value of the previous header (aws-c-auth's reading).
      r.headers.emplace_back(r.headers.back().first, std::string(util::trim(header_line)));
      continue;
    }
    const std::size_t colon = header_line.find(':');
    r.headers.emplace_back(header_line.substr(0, colon), header_line.substr(colon + 1));
  }
  return r;
}

// Order-independent view of headers: sorted (lowercase name, trimmed value) pairs.
std::vector<std::pair<std::string, std::string>> header_set(const Headers& headers) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, value] : headers) {
    out.emplace_back(util::to_lower(name), std::string(util::trim(value)));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Splits "path?query" into the path and the sorted list of raw query parameters.
std::pair<std::string, std::vector<std::string>> split_target(const std::string& target) {
  const std::size_t q = target.find('?');
  std::vector<std::string> params;
  if (q != std::string::npos) {
    params = util::split(target.substr(q + 1), '&');
  }
  std::sort(params.begin(), params.end());
  return {target.substr(0, q), params};
}

struct SuiteCase {
  TextRequest request;
  Credentials credentials;
  SigningParams params;
  bool omit_session_token = false;
  std::chrono::seconds expires{0};
};

SuiteCase load_case(const fs::path& dir) {
  SuiteCase c;
  c.request = parse_text_request(read_file(dir / "request.txt"));
  const auto ctx = nlohmann::json::parse(read_file(dir / "context.json"));
  c.credentials.access_key_id = ctx.at("credentials").at("access_key_id").get<std::string>();
  c.credentials.secret_access_key =
      ctx.at("credentials").at("secret_access_key").get<std::string>();
  c.credentials.session_token = ctx.at("credentials").value("token", "");
  c.params.region = ctx.at("region").get<std::string>();
  c.params.service = ctx.at("service").get<std::string>();
  const auto time = util::parse_iso8601(ctx.at("timestamp").get<std::string>());
  EXPECT_TRUE(time.has_value()) << "bad timestamp in " << dir;
  c.params.time = time.value_or(util::SystemTime{});
  c.params.normalize_path = ctx.value("normalize", true);
  c.params.sign_body_header = ctx.value("sign_body", false);
  c.omit_session_token = ctx.value("omit_session_token", false);
  c.expires = std::chrono::seconds{ctx.value("expiration_in_seconds", 0)};
  return c;
}

HttpRequest to_http_request(const TextRequest& text) {
  HttpRequest r;
  r.method = text.method;
  r.url = "https://" + std::string(util::trim(find_header(text.headers, "host").value_or(""))) +
          text.target;
  r.headers = text.headers;
  r.body = text.body;
  return r;
}

// The request line target and the headers of a signed request, for comparison.
std::string target_of(const HttpRequest& r) {
  const std::size_t authority = r.url.find("://") + 3;
  return r.url.substr(r.url.find_first_of("/?", authority));
}

std::string stage(const fs::path& dir, const std::string& file) {
  return read_file(dir / file);
}

// The credentials the signer sees: cases marked omit_session_token sign without the token
// and add it to the request afterwards.
Credentials signing_credentials(const SuiteCase& c) {
  Credentials creds = c.credentials;
  if (c.omit_session_token) {
    creds.session_token.clear();
  }
  return creds;
}

class SigV4SuiteTest : public ::testing::TestWithParam<std::string> {};

TEST(SigV4Suite, SuiteDirectoryHasCases) {
  const fs::path dir = suite_dir();
  ASSERT_TRUE(fs::is_directory(dir))
      << "SigV4 suite not found at " << dir << " (set SIGV4_SUITE_DIR)";
  EXPECT_FALSE(suite_cases().empty()) << "no cases in " << dir;
}

TEST_P(SigV4SuiteTest, HeaderSigning) {
  const fs::path dir = suite_dir() / GetParam();
  SuiteCase c = load_case(dir);
  HttpRequest request = to_http_request(c.request);
  const SigningStages stages = sign_request(request, signing_credentials(c), c.params);
  if (c.omit_session_token && !c.credentials.session_token.empty()) {
    request.headers.emplace_back("X-Amz-Security-Token", c.credentials.session_token);
  }

  EXPECT_EQ(stages.canonical_request, stage(dir, "header-canonical-request.txt"));
  EXPECT_EQ(stages.string_to_sign, stage(dir, "header-string-to-sign.txt"));
  EXPECT_EQ(stages.signature, stage(dir, "header-signature.txt"));

  const TextRequest expected = parse_text_request(stage(dir, "header-signed-request.txt"));
  EXPECT_EQ(request.method, expected.method);
  EXPECT_EQ(target_of(request), expected.target);
  EXPECT_EQ(header_set(request.headers), header_set(expected.headers));
  EXPECT_EQ(request.body, expected.body);
  EXPECT_EQ(find_header(request.headers, "authorization"), stages.authorization);
}

TEST_P(SigV4SuiteTest, QuerySigning) {
  const fs::path dir = suite_dir() / GetParam();
  SuiteCase c = load_case(dir);
  HttpRequest request = to_http_request(c.request);
  const SigningStages stages =
      presign_request(request, signing_credentials(c), c.params, c.expires);
  if (c.omit_session_token && !c.credentials.session_token.empty()) {
    request.url += "&X-Amz-Security-Token=" + util::uri_encode(c.credentials.session_token);
  }

  EXPECT_EQ(stages.canonical_request, stage(dir, "query-canonical-request.txt"));
  EXPECT_EQ(stages.string_to_sign, stage(dir, "query-string-to-sign.txt"));
  EXPECT_EQ(stages.signature, stage(dir, "query-signature.txt"));
  EXPECT_TRUE(stages.authorization.empty());

  const TextRequest expected = parse_text_request(stage(dir, "query-signed-request.txt"));
  EXPECT_EQ(request.method, expected.method);
  EXPECT_EQ(split_target(target_of(request)), split_target(expected.target));
  EXPECT_EQ(header_set(request.headers), header_set(expected.headers));
  EXPECT_EQ(request.body, expected.body);
}

std::string case_test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  std::replace_if(
      name.begin(), name.end(),
      [](char ch) { return !std::isalnum(static_cast<unsigned char>(ch)); }, '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, SigV4SuiteTest, ::testing::ValuesIn(suite_cases()), case_test_name);
// An empty suite directory must not pass silently: SuiteDirectoryHasCases fails instead.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(SigV4SuiteTest);

// ---------------------------------------------------------------------------------------
// Requests ecsdeploy actually sends. Expected signatures were computed independently with
// botocore 1.43's SigV4Auth for the same request and time.

const util::SystemTime k_time{std::chrono::seconds{1704164645}};  // 2024-01-02T03:04:05Z
const char* const k_token = "FQoGZXIvYXdzEXAMPLETOKEN/+==";

Credentials test_credentials(std::string token = {}) {
  return {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", std::move(token), {}, "test"};
}

SigningParams params_for(std::string region, std::string service) {
  SigningParams p;
  p.region = std::move(region);
  p.service = std::move(service);
  p.time = k_time;
  return p;
}

TEST(SigV4Test, EcsJsonRequestWithSessionToken) {
  HttpRequest r;
  r.url = "https://ecs.us-east-1.amazonaws.com/";
  r.headers = {{"Content-Type", "application/x-amz-json-1.1"},
               {"X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeServices"},
               {"User-Agent", "ecsdeploy/0.1.0"}};
  r.body = R"({"cluster":"prod","services":["web"]})";
  const auto stages = sign_request(r, test_credentials(k_token), params_for("us-east-1", "ecs"));

  EXPECT_EQ(stages.canonical_request,
            "POST\n/\n\n"
            "content-type:application/x-amz-json-1.1\n"
            "host:ecs.us-east-1.amazonaws.com\n"
            "x-amz-date:20240102T030405Z\n"
            "x-amz-security-token:FQoGZXIvYXdzEXAMPLETOKEN/+==\n"
            "x-amz-target:AmazonEC2ContainerServiceV20141113.DescribeServices\n\n"
            "content-type;host;x-amz-date;x-amz-security-token;x-amz-target\n"
            "dc27b20eeb479ffae19b092a1017c70c406a143d117a35242658db8246cfdcbe");
  EXPECT_EQ(stages.signature, "29ff6cc60f4ef8b6b385217f2448606289ad16e4e26d7df023d9230c63867375");
  EXPECT_EQ(find_header(r.headers, "Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240102/us-east-1/ecs/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, "
            "Signature=29ff6cc60f4ef8b6b385217f2448606289ad16e4e26d7df023d9230c63867375");
  EXPECT_EQ(find_header(r.headers, "X-Amz-Security-Token"), k_token);
  EXPECT_EQ(find_header(r.headers, "X-Amz-Date"), "20240102T030405Z");
  EXPECT_EQ(find_header(r.headers, "Host"), "ecs.us-east-1.amazonaws.com");
  EXPECT_EQ(find_header(r.headers, "User-Agent"), "ecsdeploy/0.1.0");  // sent, not signed
}

// Expected values from botocore 1.43.11: SigV4Auth("ecs", "us-east-1").add_auth() on the same
// request, with botocore.auth.get_current_datetime patched to 2024-01-02T03:04:05Z.
TEST(SigV4Test, FoldedAndTabbedHeaderValuesAreCanonicalisedAsBotocoreDoes) {
  HttpRequest r;
  r.url = "https://ecs.us-east-1.amazonaws.com/";
  r.headers = {{"Content-Type", "application/x-amz-json-1.1"},
               {"X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListServices"},
               {"X-Folded", "  first\r\n second\t\tthird \n\tfourth  "},
               {"X-Tabs", "\ta\t \tb\v\fc\t"}};
  r.body = R"({"cluster":"prod"})";
  const auto stages = sign_request(r, test_credentials(), params_for("us-east-1", "ecs"));
  EXPECT_EQ(stages.canonical_request,
            "POST\n/\n\n"
            "content-type:application/x-amz-json-1.1\n"
            "host:ecs.us-east-1.amazonaws.com\n"
            "x-amz-date:20240102T030405Z\n"
            "x-amz-target:AmazonEC2ContainerServiceV20141113.ListServices\n"
            "x-folded:first second third fourth\n"
            "x-tabs:a b c\n\n"
            "content-type;host;x-amz-date;x-amz-target;x-folded;x-tabs\n"
            "dbec8bc336631c2d084735a48c4ebe4c32a64add1185f42acec5ee1520c3c196");
  EXPECT_EQ(stages.signature, "78a001357cc5f416a32a25a5665217432c1dc17a73b814f7a9fcc4e445e36650");
}

TEST(SigV4Test, StsFormBodyWithSessionToken) {
  HttpRequest r;
  r.url = "https://sts.eu-west-1.amazonaws.com/";
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  r.body = util::form_url_encode({{"Action", "GetCallerIdentity"}, {"Version", "2011-06-15"}});
  const auto stages = sign_request(r, test_credentials(k_token), params_for("eu-west-1", "sts"));
  EXPECT_EQ(stages.string_to_sign,
            "AWS4-HMAC-SHA256\n20240102T030405Z\n20240102/eu-west-1/sts/aws4_request\n"
            "d9dafba4699ef4ca366eb2c57a05840853e9712803911f0ee342cae500786b1a");
  EXPECT_EQ(stages.signature, "b10e41a5279513ad55c09f61c002ddccf8ccc574aee8659bd1d276794cee3658");
}

TEST(SigV4Test, Utf8JsonBody) {
  HttpRequest r;
  r.url = "https://logs.ap-northeast-1.amazonaws.com/";
  r.headers = {{"Content-Type", "application/x-amz-json-1.1"},
               {"X-Amz-Target", "Logs_20140328.GetLogEvents"}};
  r.body =
      "{\"logGroupName\":\"/ecs/caf\xC3\xA9\",\"message\":"
      "\"\xE3\x83\x87\xE3\x83\x97\xE3\x83\xAD\xE3\x82\xA4 \xE2\x9C\x93\"}";
  const auto stages = sign_request(r, test_credentials(), params_for("ap-northeast-1", "logs"));
  EXPECT_TRUE(stages.canonical_request.ends_with(
      "57a28ef2d164dbcead27ca3762fd6b4a93ab2ff024261c7053e270e18b425a36"));
  EXPECT_EQ(stages.signature, "80b0408e49a7eaff7fa6376d72a27d81831c912644cf2f16d58a72252d1eace4");
  EXPECT_FALSE(find_header(r.headers, "X-Amz-Security-Token").has_value());
}

TEST(SigV4Test, EndpointOverrideKeepsSigningNameAndRegion) {
  HttpRequest r;
  r.url = "http://127.0.0.1:4566/";
  r.headers = {{"Content-Type", "application/x-amz-json-1.1"},
               {"X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921.DescribeImages"}};
  r.body = R"({"repositoryName":"web"})";
  const auto stages = sign_request(r, test_credentials(), params_for("us-west-2", "ecr"));
  EXPECT_NE(stages.canonical_request.find("\nhost:127.0.0.1:4566\n"), std::string::npos);
  EXPECT_EQ(find_header(r.headers, "Host"), "127.0.0.1:4566");
  EXPECT_NE(stages.string_to_sign.find("20240102/us-west-2/ecr/aws4_request"), std::string::npos);
  EXPECT_EQ(stages.signature, "5a5ecbdc0e849648745b809f97e24eea03cd05349b0e7ac1bbed2ec984ae6c0d");
}

TEST(SigV4Test, DoNotSignListIsHonoured) {
  HttpRequest r;
  r.url = "https://ecs.us-east-1.amazonaws.com/";
  r.headers = {{"User-Agent", "x"},           {"Expect", "100-continue"},
               {"Connection", "keep-alive"},  {"Transfer-Encoding", "chunked"},
               {"X-Amzn-Trace-Id", "Root=1"}, {"Authorization", "stale"}};
  const auto stages = sign_request(r, test_credentials(), params_for("us-east-1", "ecs"));
  EXPECT_NE(stages.authorization.find("SignedHeaders=host;x-amz-date,"), std::string::npos)
      << stages.authorization;
  EXPECT_EQ(std::count_if(r.headers.begin(), r.headers.end(),
                          [](const auto& h) { return util::iequals(h.first, "authorization"); }),
            1);
}

TEST(SigV4Test, ResigningReplacesDateTokenAndAuthorization) {
  HttpRequest r;
  r.url = "https://ecs.us-east-1.amazonaws.com/";
  const auto first = sign_request(r, test_credentials(k_token), params_for("us-east-1", "ecs"));
  SigningParams later = params_for("us-east-1", "ecs");
  later.time = k_time + std::chrono::minutes{5};
  const auto second = sign_request(r, test_credentials(), later);  // refreshed long-term keys

  HttpRequest fresh;
  fresh.url = r.url;
  const auto expected = sign_request(fresh, test_credentials(), later);
  EXPECT_EQ(second.signature, expected.signature);
  EXPECT_NE(first.signature, second.signature);
  EXPECT_EQ(header_set(r.headers), header_set(fresh.headers));
  EXPECT_FALSE(find_header(r.headers, "X-Amz-Security-Token").has_value());
}

TEST(SigV4Test, DerivesHostWithoutDefaultPort) {
  HttpRequest r;
  r.url = "https://ECS.us-east-1.amazonaws.com:443/";
  sign_request(r, test_credentials(), params_for("us-east-1", "ecs"));
  EXPECT_EQ(find_header(r.headers, "Host"), "ecs.us-east-1.amazonaws.com");
}

TEST(SigV4Test, CanonicalQueryDecodesSortsAndReencodes) {
  HttpRequest r;
  r.url = "https://example.amazonaws.com/a%20b/?b=2&a=z&a=y&c&d=%2F+";
  const auto stages = sign_request(r, test_credentials(), params_for("us-east-1", "service"));
  EXPECT_TRUE(stages.canonical_request.starts_with("POST\n/a%2520b/\na=y&a=z&b=2&c=&d=%2F%2B\n"))
      << stages.canonical_request;
}

TEST(SigV4Test, PresignAppendsParametersToAUrlWithoutQuery) {
  HttpRequest r;
  r.method = "GET";
  r.url = "https://example.amazonaws.com/path";
  const auto stages = presign_request(
      r, test_credentials(k_token), params_for("us-east-1", "service"), std::chrono::seconds{900});
  EXPECT_TRUE(r.url.starts_with("https://example.amazonaws.com/path?X-Amz-Algorithm="));
  EXPECT_NE(r.url.find("&X-Amz-Expires=900&"), std::string::npos);
  EXPECT_NE(r.url.find("&X-Amz-Security-Token=FQoGZXIvYXdzEXAMPLETOKEN%2F%2B%3D%3D&"),
            std::string::npos);
  EXPECT_TRUE(r.url.ends_with("&X-Amz-Signature=" + stages.signature));
  EXPECT_FALSE(find_header(r.headers, "X-Amz-Date").has_value());
}

}  // namespace
}  // namespace aws
