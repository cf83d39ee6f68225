#pragma once
// ApiError: an AWS error reply raised inside an action and turned into the wire format
// (JSON {"__type","message"} or the STS XML envelope) by the dispatcher. The emulator is a
// standalone program whose actions all end at that one catch, so exceptions are the simplest
// honest way to unwind out of deep validation code (unlike the client, which uses Result<T>).
#include <stdexcept>
#include <string>

namespace emulator {

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, const std::string& message)
      : std::runtime_error(message), m_status(status), m_code(std::move(code)) {}
  int status() const { return m_status; }
  const std::string& code() const { return m_code; }

 private:
  int m_status;
  std::string m_code;
};

inline ApiError client_error(const std::string& code, const std::string& message) {
  return ApiError(400, code, message);
}
inline ApiError invalid_parameter(const std::string& message) {
  return ApiError(400, "InvalidParameterException", message);
}
inline ApiError client_exception(const std::string& message) {
  return ApiError(400, "ClientException", message);
}

}  // namespace emulator
