// The spelling of an enum's values in the JSON files parready reads and the
// reports it writes: one table per enum gives both directions, so a name can
// never be printed one way and parsed another.
#pragma once

#include <array>
#include <string>
#include <utility>

namespace parready {

template <typename Enum, size_t N> struct EnumNames {
  std::array<std::pair<Enum, const char *>, N> names;

  /// "?" for a value the table lacks: a bug, but not one worth crashing a report for.
  const char *toString(Enum value) const {
    for (const auto &[e, name] : names)
      if (e == value)
        return name;
    return "?";
  }
  bool parse(const std::string &text, Enum &out) const {
    for (const auto &[e, name] : names)
      if (text == name) {
        out = e;
        return true;
      }
    return false;
  }
};

} // namespace parready
