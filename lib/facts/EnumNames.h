// The spelling of an enum's values in the JSON files parready reads and the
// reports it writes. One table per enum gives both directions, so a name can
// never be printed one way and parsed another, and a new enum needs nothing
// but its table.
#pragma once

#include <array>
#include <string>
#include <utility>

namespace parready {

template <typename Enum, size_t N> struct EnumNames {
  std::array<std::pair<Enum, const char *>, N> names;

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

/// Specialised for each enum with names: `static constexpr EnumNames<Enum, N> names`.
template <typename Enum> struct NamesOf;

template <typename Enum>
concept NamedEnum = requires { NamesOf<Enum>::names; };

/// The value's name; "?" for a value its table lacks (a bug, but not one
/// worth crashing a report for).
template <NamedEnum Enum> const char *toString(Enum value) { return NamesOf<Enum>::names.toString(value); }

/// Sets `out` to the value named `text`; false, leaving `out` alone, for an
/// unknown name.
template <NamedEnum Enum> bool parse(const std::string &text, Enum &out) {
  return NamesOf<Enum>::names.parse(text, out);
}

} // namespace parready
