#include "aws/http_wire.h"

#include <charconv>

#include "util/strings.h"

namespace aws {

std::string serialize_request(const HttpRequest& request, const HttpUrl& url,
                              const std::string& target, const std::string& user_agent,
                              const std::string& proxy_authorization) {
  std::string out = request.method + " " + target + " HTTP/1.1\r\n";
  out += "Host: " + url.authority + "\r\n";
  if (!user_agent.empty() && !find_header(request.headers, "User-Agent")) {
    out += "User-Agent: " + user_agent + "\r\n";
  }
  const bool bodyless = request.method == "GET" || request.method == "HEAD";
  if (!find_header(request.headers, "Content-Length") && (!bodyless || !request.body.empty())) {
    out += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  }
  if (!proxy_authorization.empty()) {
    out += "Proxy-Authorization: " + proxy_authorization + "\r\n";
  }
  for (const auto& [name, value] : request.headers) {
    if (util::to_lower(name) == "host") {
      continue;  // always the URL's authority, which is also what was signed
    }
    out.append(name).append(": ").append(value).append("\r\n");
  }
  out += "\r\n";
  out += request.body;
  return out;
}

namespace {

bool parse_size(std::string_view s, int base, size_t& out) {
  s = util::trim(s);
  if (s.empty()) {
    return false;
  }
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
  return ec == std::errc() && end == s.data() + s.size();
}

bool has_token(std::string_view list, std::string_view token) {
  for (const auto& part : util::split(std::string(list), ',')) {
    if (util::to_lower(util::trim(part)) == token) {
      return true;
    }
  }
  return false;
}

}  // namespace

ResponseParser::State ResponseParser::bad(std::string why) {
  m_problem = std::move(why);
  m_reusable = false;
  return m_state = State::Bad;
}

ResponseParser::State ResponseParser::feed(std::string_view bytes) {
  if (m_state != State::NeedMore) {
    return m_state;
  }
  if (!bytes.empty()) {
    m_started = true;
  }
  m_buffer.append(bytes);
  return m_state = parse();
}

ResponseParser::State ResponseParser::finish() {
  if (m_state != State::NeedMore) {
    return m_state;
  }
  if (m_phase == Phase::ToClose) {
    m_phase = Phase::Done;
    return m_state = State::Done;
  }
  return m_state;
}

ResponseParser::State ResponseParser::append_body(std::string_view data) {
  if (m_response.body.size() + data.size() > k_max_response_body) {
    m_reusable = false;
    return m_state = State::TooLarge;
  }
  m_response.body.append(data);
  return State::NeedMore;
}

ResponseParser::State ResponseParser::head_complete(std::string_view head) {
  // Status line: "HTTP/1.1 200 OK". Anything else (HTTP/0.9, another protocol) is Bad.
  const auto eol = head.find("\r\n");
  std::string_view status_line = head.substr(0, eol);
  if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12 || status_line[8] != ' ') {
    return bad("not an HTTP/1.x status line");
  }
  int status = 0;
  auto digits = status_line.substr(9, 3);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + 3, status);
  if (ec != std::errc() || end != digits.data() + 3 || status < 100 || status > 999 ||
      (status_line.size() > 12 && status_line[12] != ' ')) {
    return bad("bad status code");
  }
  const bool http10 = status_line[7] == '0';
  Headers headers;
  std::string_view rest = eol == std::string_view::npos ? "" : head.substr(eol + 2);
  while (!rest.empty()) {
    auto line_end = rest.find("\r\n");
    std::string_view line = rest.substr(0, line_end);
    rest = line_end == std::string_view::npos ? "" : rest.substr(line_end + 2);
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return bad("malformed header line");
    }
    headers.emplace_back(std::string(util::trim(line.substr(0, colon))),
                         std::string(util::trim(line.substr(colon + 1))));
  }
  if (status < 200) {
    return State::NeedMore;  // 100 Continue and friends: the real answer follows
  }
  m_response.status = status;
  m_response.headers = std::move(headers);
  const auto connection = find_header(m_response.headers, "Connection");
  m_reusable = !http10 && !(connection && has_token(*connection, "close"));
  if (m_head_only || status == 204 || status == 304) {
    m_phase = Phase::Done;
    return State::Done;
  }
  if (auto te = find_header(m_response.headers, "Transfer-Encoding")) {
    if (!has_token(*te, "chunked")) {
      return bad("unsupported Transfer-Encoding");
    }
    m_phase = Phase::ChunkSize;
    return State::NeedMore;
  }
  if (auto length = find_header(m_response.headers, "Content-Length")) {
    if (!parse_size(*length, 10, m_remaining)) {
      return bad("bad Content-Length");
    }
    if (m_remaining > k_max_response_body) {
      m_reusable = false;
      return State::TooLarge;
    }
    m_phase = m_remaining == 0 ? Phase::Done : Phase::Length;
    return m_phase == Phase::Done ? State::Done : State::NeedMore;
  }
  m_phase = Phase::ToClose;
  m_reusable = false;
  return State::NeedMore;
}

ResponseParser::State ResponseParser::parse() {
  size_t pos = 0;
  auto consume = [&](size_t n) { pos += n; };
  auto pending = [&] { return std::string_view(m_buffer).substr(pos); };
  State state = State::NeedMore;
  while (state == State::NeedMore && m_phase != Phase::Done) {
    std::string_view data = pending();
    if (m_phase == Phase::Head) {
      const auto end = data.find("\r\n\r\n");
      if (end == std::string_view::npos) {
        if (data.size() > k_max_response_head) {
          return bad("response headers too large");
        }
        if (data.size() >= 5 && !data.starts_with("HTTP/")) {
          return bad("not an HTTP/1.x status line");
        }
        break;
      }
      state = head_complete(data.substr(0, end));
      consume(end + 4);
    } else if (m_phase == Phase::Length || m_phase == Phase::ChunkData) {
      if (data.empty()) {
        break;
      }
      const size_t n = std::min(data.size(), m_remaining);
      state = append_body(data.substr(0, n));
      consume(n);
      m_remaining -= n;
      if (m_remaining == 0) {
        m_phase = m_phase == Phase::Length ? Phase::Done : Phase::ChunkDataEnd;
      }
    } else if (m_phase == Phase::ToClose) {
      state = append_body(data);
      consume(data.size());
      break;
    } else {
      // Chunk-size lines, the CRLF after a chunk, trailers: all line based.
      const auto eol = data.find("\r\n");
      if (eol == std::string_view::npos) {
        if (data.size() > 4096) {
          return bad("malformed chunked body");
        }
        break;
      }
      std::string_view line = data.substr(0, eol);
      consume(eol + 2);
      if (m_phase == Phase::ChunkDataEnd) {
        if (!line.empty()) {
          return bad("malformed chunked body");
        }
        m_phase = Phase::ChunkSize;
      } else if (m_phase == Phase::ChunkSize) {
        if (!parse_size(line.substr(0, line.find(';')), 16, m_remaining)) {
          return bad("malformed chunk size");
        }
        m_phase = m_remaining == 0 ? Phase::Trailers : Phase::ChunkData;
      } else if (line.empty()) {  // Trailers end with an empty line
        m_phase = Phase::Done;
      }
    }
  }
  m_buffer.erase(0, pos);
  if (state == State::NeedMore && m_phase == Phase::Done) {
    state = State::Done;
  }
  return state;
}

}  // namespace aws
