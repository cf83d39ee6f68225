#pragma once
// Limits on input from outside (AWS answers, config files, credential helpers), checked
// before anything is built from it: see docs/ARCHITECTURE.md "Limits on input".

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace util {

// Deepest nesting of arrays/objects accepted in JSON (and XML elements); real AWS answers
// and config files stay under 20. Recursive copies of a deeper DOM overflow the stack.
inline constexpr std::size_t k_max_nesting_depth = 512;
// Files read whole: config/credentials files and ecsdeploy.yml, task definition files.
inline constexpr std::size_t k_max_config_file_bytes = std::size_t{10} << 20;
// Token files, the SSO token cache and credential_process output.
inline constexpr std::size_t k_max_token_bytes = std::size_t{1} << 20;
// Server text kept in an error message (AWS error messages, parser diagnostics).
inline constexpr std::size_t k_max_shown_server_text = 1024;

// The byte offset of the first '[' or '{' that opens level max_depth + 1 of `json`, or
// nullopt. Brackets inside strings (escapes included) do not count. Exact for valid JSON
// and for any prefix of it, so a parser that stops at the first syntax error never nests
// deeper than this scan saw.
std::optional<std::size_t> json_too_deep(std::string_view json,
                                         std::size_t max_depth = k_max_nesting_depth);

// When `text` is longer than `max` bytes: its first `max` bytes (not cutting a UTF-8
// sequence) plus " … [truncated, N bytes]"; else `text` unchanged.
std::string truncate_for_display(std::string_view text, std::size_t max = k_max_shown_server_text);

}  // namespace util
