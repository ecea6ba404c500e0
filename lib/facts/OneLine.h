// Errors are one line (docs/usage.md#output-and-exit-codes): problem
// matchers, CI logs and `parready: error:` readers take a line for a message.
// An error that quotes its input (a test name, a catalog value) must not let
// that input's line breaks split it.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace parready {

/// `text` with every control character written as an escape: "\n", "\t",
/// "\x01". Anything else, UTF-8 or not, is kept.
inline std::string oneLine(std::string_view text) {
  std::string line;
  line.reserve(text.size());
  for (unsigned char c : text) {
    if (c == '\n')
      line += "\\n";
    else if (c == '\r')
      line += "\\r";
    else if (c == '\t')
      line += "\\t";
    else if (c < 0x20 || c == 0x7f) {
      char escape[5];
      std::snprintf(escape, sizeof escape, "\\x%02x", c);
      line += escape;
    } else {
      line += char(c);
    }
  }
  return line;
}

} // namespace parready
