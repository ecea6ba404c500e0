#pragma once
// Test-suite housekeeping, the counterpart of the seed's cleanup_sessions fixture.
#include <cstddef>
#include <filesystem>

namespace registry {

// Deletes every session whose id starts with "test-", whoever created it.
// Returns how many were removed.
inline std::size_t cleanup_test_sessions(const std::filesystem::path& sessions_dir) {
    std::size_t removed = 0;
    if (!std::filesystem::exists(sessions_dir)) return removed;
    for (const auto& entry : std::filesystem::directory_iterator(sessions_dir)) {
        if (entry.path().filename().string().rfind("test-", 0) == 0) {
            std::filesystem::remove_all(entry.path());
            ++removed;
        }
    }
    return removed;
}

}  // namespace registry
