#include "aws/http_wire.h"

#include <gtest/gtest.h>

namespace aws {
namespace {

using State = ResponseParser::State;

HttpUrl url_of(const std::string& s) {
  auto u = parse_http_url(s);
  EXPECT_TRUE(u.ok());
  return *u;
}

TEST(SerializeRequest, ExactlyTheGivenHeadersPlusHostLengthAndAgent) {
  HttpRequest r;
  r.url = "http://127.0.0.1:8080/p?q=1";
  r.body = "{}";
  set_header(r.headers, "X-Amz-Target", "T");
  set_header(r.headers, "X-Empty", "");
  set_header(r.headers, "Host", "spoofed");
  const std::string wire = serialize_request(r, url_of(r.url), "/p?q=1", "ua/1");
  EXPECT_EQ(wire,
            "POST /p?q=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: ua/1\r\n"
            "Content-Length: 2\r\nX-Amz-Target: T\r\nX-Empty: \r\n\r\n{}");
}

TEST(SerializeRequest, GetHasNoLengthPutAlways) {
  HttpRequest get;
  get.method = "GET";
  get.url = "http://h/";
  EXPECT_EQ(serialize_request(get, url_of(get.url), "/", "").find("Content-Length"),
            std::string::npos);
  HttpRequest put = get;
  put.method = "PUT";
  EXPECT_NE(serialize_request(put, url_of(put.url), "/", "").find("Content-Length: 0\r\n"),
            std::string::npos);
}

struct Framing {
  const char* name;
  std::vector<std::string> pieces;  // fed one after another
  bool close_after;                 // the peer closes after the pieces
  State state;
  std::string body;
  bool reusable;
};

TEST(ResponseParser, Framings) {
  const Framing rows[] = {
      {"content-length",
       {"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"},
       false,
       State::Done,
       "hello",
       true},
      {"split everywhere",
       {"HTTP/1.1 2", "00 OK\r\nContent-Le", "ngth: 5\r\n\r", "\nhe", "llo"},
       false,
       State::Done,
       "hello",
       true},
      {"chunked",
       {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", "lo\r\n3;x=y\r\n",
        " wo\r\n0\r\nTrailer: t\r\n\r\n"},
       false,
       State::Done,
       "hello wo",
       true},
      {"to close", {"HTTP/1.1 200 OK\r\n\r\nall of it"}, true, State::Done, "all of it", false},
      {"connection close",
       {"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx"},
       false,
       State::Done,
       "x",
       false},
      {"http/1.0",
       {"HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx"},
       false,
       State::Done,
       "x",
       false},
      {"100 continue first",
       {"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"},
       false,
       State::Done,
       "",
       true},
      {"cut short",
       {"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"},
       true,
       State::NeedMore,
       "",
       false},
      {"not http", {"SSH-2.0-OpenSSH_9.2p1\r\n"}, false, State::Bad, "", false},
      {"bad status", {"HTTP/1.1 abc\r\n\r\n"}, false, State::Bad, "", false},
      {"bad length",
       {"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"},
       false,
       State::Bad,
       "",
       false},
      {"bad chunk",
       {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"},
       false,
       State::Bad,
       "",
       false},
      {"too large",
       {"HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n"},
       false,
       State::TooLarge,
       "",
       false},
  };
  for (const auto& row : rows) {
    ResponseParser p;
    State s = State::NeedMore;
    for (const auto& piece : row.pieces) {
      s = p.feed(piece);
    }
    if (row.close_after) {
      s = p.finish();
    }
    EXPECT_EQ(s, row.state) << row.name << ": " << p.problem();
    if (s == State::Done) {
      EXPECT_EQ(p.reusable(), row.reusable) << row.name;
      EXPECT_EQ(p.take_response().body, row.body) << row.name;
    }
  }
}

TEST(ResponseParser, HeadersAndHeadAnswers) {
  ResponseParser p(/*head_only=*/true);
  ASSERT_EQ(p.feed("HTTP/1.1 200 OK\r\nContent-Length: 42\r\nX-Amzn-RequestId:  rid \r\n\r\n"),
            State::Done);
  HttpResponse r = p.take_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(find_header(r.headers, "x-amzn-requestid"), "rid");
  EXPECT_TRUE(r.body.empty());
}

}  // namespace
}  // namespace aws
