// Where each member and element of a JSON text stands, so that an error in a
// configuration or a catalog points at the line and column of what is wrong
// (nlohmann/json keeps no positions).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace parready {

struct TextPosition {
  unsigned line = 1;   ///< from 1
  unsigned column = 1; ///< from 1, in bytes, as compilers count
};

/// " (did you mean 'rules'?)" for the candidate closest to a misspelt
/// `name`, or "" when none is close.
std::string didYouMean(std::string_view name, const std::vector<std::string_view> &candidates);

/// "origin:line:col: error: message" for a JSON syntax error that a parser
/// found at byte offset `offset` of `text`, as nlohmann/json words it
/// ("[json.exception.parse_error.101] parse error at line 3, column 5: ...").
std::string syntaxError(const std::string &origin, std::string_view text, size_t offset, const std::string &what);

/// `segment` escaped for a JSON pointer (RFC 6901): "~" -> "~0", "/" -> "~1".
std::string pointerSegment(std::string_view segment);

class JsonLocations {
public:
  /// Scans `text`, which should be valid JSON (what it cannot read past
  /// simply has no positions).
  explicit JsonLocations(std::string_view text);

  /// Where the value at `pointer` ("/rules/parready-shared-path", "" for the
  /// whole document) starts; for a pointer the text does not hold, its
  /// nearest ancestor's position.
  TextPosition value(const std::string &pointer) const;
  /// Where the key of the member at `pointer` starts (an unknown key is
  /// shown at its name); the value's position for an array element.
  TextPosition key(const std::string &pointer) const;
  /// The line and column of a byte offset into the text.
  TextPosition at(size_t offset) const;

private:
  size_t scanValue(size_t at, const std::string &pointer);
  size_t skipSpace(size_t at) const;
  size_t scanString(size_t at, std::string *decoded) const;
  size_t lookup(const std::map<std::string, size_t> &offsets, std::string pointer) const;

  std::string_view Text;
  std::vector<size_t> LineStarts;
  std::map<std::string, size_t> Values, Keys;
};

} // namespace parready
