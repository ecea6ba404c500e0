// Reading integers from JSON that may be corrupt (a truncated cache entry, a
// fuzzer's input): nlohmann would cast any number to the target type, and a
// float out of range (2e86 as a line) is undefined behaviour.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>

namespace parready {

/// A line, an index, a count, a size: an unsigned integer in range, or a type error.
template <typename Unsigned> Unsigned unsignedFrom(const nlohmann::json &j) {
  if (!j.is_number_unsigned() || j.get<uint64_t>() > std::numeric_limits<Unsigned>::max())
    throw nlohmann::json::type_error::create(302, "expected an unsigned integer, found " + j.dump(), &j);
  return static_cast<Unsigned>(j.get<uint64_t>());
}

} // namespace parready
