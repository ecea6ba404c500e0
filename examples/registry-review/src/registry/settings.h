#pragma once
// Process-wide settings, the counterpart of the seed's module-level
// `settings = Settings()`: every user of instance() sees the same locations,
// and every location the library writes to comes from here.
#include <cstdlib>
#include <string>
#include <utility>

namespace registry {

class Settings {
public:
    static Settings& instance() {
        static Settings settings;
        return settings;
    }

    // The project's checked-in example documents (the seed's examples/ dir);
    // REGISTRY_REVIEW_DATA_DIR is set by CMake to <source>/data.
    std::string data_dir = REGISTRY_REVIEW_DATA_DIR;
    // Review sessions, one directory each.
    std::string sessions_dir = "/tmp/registry-review/data/sessions";
    // Extraction cache: written into the source tree's data directory.
    std::string cache_dir = REGISTRY_REVIEW_DATA_DIR "/.cache";
    // LLM cost log of the whole suite.
    std::string cost_file = "/tmp/registry-review/costs.json";
    // The user's own configuration file.
    std::string config_file =
        std::string(std::getenv("HOME") ? std::getenv("HOME") : "") + "/.registry-review/config";
    // Workers are started as `rr_review_worker --tag <worker_tag>`.
    std::string worker_tag = "registry-review";
    // How long StateManager waits for its lock file. Shorter than one LLM
    // call: a reviewer gives up instead of queueing behind another one.
    int lock_timeout_ms = 80;

    void set_data_dir(std::string dir) { data_dir = std::move(dir); }
    void set_sessions_dir(std::string dir) { sessions_dir = std::move(dir); }
    void set_cache_dir(std::string dir) { cache_dir = std::move(dir); }
    void set_cost_file(std::string file) { cost_file = std::move(file); }
    void set_config_file(std::string file) { config_file = std::move(file); }
    void set_worker_tag(std::string tag) { worker_tag = std::move(tag); }
    void set_lock_timeout_ms(int ms) { lock_timeout_ms = ms; }

    Settings(const Settings&) = delete;
    Settings& operator=(const Settings&) = delete;

private:
    Settings() = default;
};

}  // namespace registry
