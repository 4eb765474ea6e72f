// pelkit/core/error.hpp — the one exception type pelkit throws for bad input.
#pragma once
#include <stdexcept>
#include <string>

namespace pelkit {

/// Thrown for bad input or an impossible request. The message names the file and line
/// (when there is one) and the problem, e.g. "glass.data:17: expected 5 fields, got 3".
class error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Builds the standard "file:line: problem" message (line 0 = whole file).
inline error input_error(const std::string& file, long line, const std::string& problem) {
  if (line > 0) return error(file + ":" + std::to_string(line) + ": " + problem);
  return error(file + ": " + problem);
}

}  // namespace pelkit
