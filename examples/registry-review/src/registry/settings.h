#pragma once
// Process-wide settings, the counterpart of the seed's module-level
// `settings = Settings()`: every user of instance() sees the same directories.
#include <string>
#include <utility>

namespace registry {

class Settings {
public:
    static Settings& instance() {
        static Settings settings;
        return settings;
    }

    std::string data_dir = "/tmp/registry-review/data";
    std::string sessions_dir = "/tmp/registry-review/data/sessions";
    std::string cache_dir = "/tmp/registry-review/data/cache";

    void set_data_dir(std::string dir) { data_dir = std::move(dir); }
    void set_sessions_dir(std::string dir) { sessions_dir = std::move(dir); }
    void set_cache_dir(std::string dir) { cache_dir = std::move(dir); }

    Settings(const Settings&) = delete;
    Settings& operator=(const Settings&) = delete;

private:
    Settings() = default;
};

}  // namespace registry
