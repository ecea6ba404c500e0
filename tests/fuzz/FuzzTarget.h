// What every fuzz target shares: libFuzzer's entry point and the one way a
// target says an invariant broke. A target built without -fsanitize=fuzzer
// links ReplayMain.cpp instead and runs its corpus as a regression test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace parready::fuzz {

inline std::string text(const uint8_t *data, size_t size) { return std::string(reinterpret_cast<const char *>(data), size); }

/// abort() rather than an exception or an assert: libFuzzer records the input
/// as a crash in every build type, and the replay test fails on it.
[[noreturn]] inline void broken(std::string_view invariant, std::string_view detail) {
  std::fprintf(stderr, "fuzz invariant broken: %.*s: %.*s\n", int(invariant.size()), invariant.data(),
               int(detail.size()), detail.data());
  std::abort();
}

/// An error message must be one line that names where the input came from.
inline void checkError(const std::string &error, const std::string &origin) {
  if (error.empty())
    return;
  if (error.rfind(origin, 0) != 0)
    broken("an error names its origin first", error);
  if (error.find('\n') != std::string::npos)
    broken("an error is one line", error);
}

} // namespace parready::fuzz
