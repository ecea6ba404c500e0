#include "facts/JsonLocations.h"

#include <algorithm>

namespace parready {

namespace {
/// Levenshtein distance (facts links no LLVM: StringRef::edit_distance is out of reach).
size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}
} // namespace

std::string didYouMean(std::string_view name, const std::vector<std::string_view> &candidates) {
  std::string_view closest;
  // More than a third of the name wrong is another name, not a typo.
  size_t best = std::max<size_t>(2, name.size() / 3) + 1;
  // Of equally close names, one that the misspelt one begins ("of": "off", not "on").
  bool bestExtends = false;
  for (std::string_view candidate : candidates) {
    size_t distance = editDistance(name, candidate);
    bool extends = candidate.starts_with(name);
    if (distance < best || (distance == best && extends && !bestExtends)) {
      best = distance;
      bestExtends = extends;
      closest = candidate;
    }
  }
  return closest.empty() ? "" : " (did you mean '" + std::string(closest) + "'?)";
}

std::string syntaxError(const std::string &origin, std::string_view text, size_t offset, const std::string &what) {
  size_t colon = what.find(": ");
  std::string message = colon == std::string::npos ? what : what.substr(colon + 2);
  for (char &c : message)
    if (c == '\n' || c == '\r')
      c = ' ';
  TextPosition at = JsonLocations(text).at(std::min(offset, text.size()));
  return origin + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": error: " + message;
}

std::string pointerSegment(std::string_view segment) {
  std::string escaped;
  for (char c : segment)
    escaped += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return escaped;
}

JsonLocations::JsonLocations(std::string_view text) : Text(text) {
  LineStarts.push_back(0);
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n')
      LineStarts.push_back(i + 1);
  scanValue(skipSpace(0), "");
}

TextPosition JsonLocations::at(size_t offset) const {
  auto line = std::upper_bound(LineStarts.begin(), LineStarts.end(), offset) - 1;
  return {unsigned(line - LineStarts.begin()) + 1, unsigned(offset - *line) + 1};
}

size_t JsonLocations::lookup(const std::map<std::string, size_t> &offsets, std::string pointer) const {
  for (;;) {
    if (auto found = offsets.find(pointer); found != offsets.end())
      return found->second;
    if (auto found = Values.find(pointer); found != Values.end())
      return found->second;
    if (pointer.empty())
      return 0;
    pointer.erase(pointer.rfind('/'));
  }
}

TextPosition JsonLocations::value(const std::string &pointer) const { return at(lookup(Values, pointer)); }

TextPosition JsonLocations::key(const std::string &pointer) const { return at(lookup(Keys, pointer)); }

size_t JsonLocations::skipSpace(size_t at) const {
  while (at < Text.size() && (Text[at] == ' ' || Text[at] == '\t' || Text[at] == '\n' || Text[at] == '\r'))
    ++at;
  return at;
}

/// Past the string starting at `at` (a '"'); its characters, escapes kept
/// as written except \" and \\, go to `decoded`. Keys with other escapes
/// are rare enough in configurations to be found by their raw text.
size_t JsonLocations::scanString(size_t at, std::string *decoded) const {
  for (++at; at < Text.size() && Text[at] != '"'; ++at) {
    if (Text[at] == '\\' && at + 1 < Text.size()) {
      char escaped = Text[++at];
      if (decoded)
        *decoded += escaped == '"' || escaped == '\\' ? std::string(1, escaped) : std::string("\\") + escaped;
      continue;
    }
    if (decoded)
      *decoded += Text[at];
  }
  return at + 1;
}

size_t JsonLocations::scanValue(size_t at, const std::string &pointer) {
  if (at >= Text.size())
    return at;
  Values.emplace(pointer, at);
  char open = Text[at];
  if (open == '"')
    return scanString(at, nullptr);
  if (open != '{' && open != '[') {
    while (at < Text.size() && std::string_view(",]} \t\r\n").find(Text[at]) == std::string_view::npos)
      ++at;
    return at;
  }
  char close = open == '{' ? '}' : ']';
  at = skipSpace(at + 1);
  for (size_t index = 0; at < Text.size() && Text[at] != close; ++index) {
    std::string member = pointer + "/";
    if (open == '{') {
      if (Text[at] != '"')
        return Text.size();
      size_t keyAt = at;
      std::string name;
      at = skipSpace(scanString(at, &name));
      member += pointerSegment(name);
      Keys.emplace(member, keyAt);
      if (at >= Text.size() || Text[at] != ':')
        return Text.size();
      at = skipSpace(at + 1);
    } else {
      member += std::to_string(index);
    }
    at = skipSpace(scanValue(at, member));
    if (at < Text.size() && Text[at] == ',')
      at = skipSpace(at + 1);
  }
  return at + 1;
}

} // namespace parready
