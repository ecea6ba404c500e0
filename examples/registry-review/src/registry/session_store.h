#pragma once
// Review sessions: one directory per session, <sessions_dir>/<id>/session.json.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "registry/io.h"

namespace registry {

// "<prefix>-<16 random lower-case hex digits>".
inline std::string make_session_id(const std::string& prefix = "session") {
    static std::mt19937_64 engine{std::random_device{}()};
    static const char digits[] = "0123456789abcdef";
    std::uint64_t bits = engine();
    std::string hex(16, '0');
    for (auto& c : hex) {
        c = digits[bits & 0xf];
        bits >>= 4;
    }
    return prefix + "-" + hex;
}

struct Session {
    std::string id;
    std::string project;
    long long created_ns = 0;
};

class SessionStore {
public:
    explicit SessionStore(std::filesystem::path sessions_dir) : dir_(std::move(sessions_dir)) {}

    const std::filesystem::path& dir() const { return dir_; }

    // Creates <dir>/<prefix>-<random hex>/session.json and returns the id.
    std::string create(const std::string& project, const std::string& prefix = "session") {
        const std::string id = make_session_id(prefix);
        const auto session_dir = dir_ / id;
        std::filesystem::create_directories(session_dir);
        const auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        write_text(session_dir / "session.json",
                   "{\"id\": \"" + id + "\", \"project\": \"" + project +
                       "\", \"created_ns\": " + std::to_string(now) + "}\n");
        return id;
    }

    std::optional<Session> load(const std::string& id) const {
        const auto file = dir_ / id / "session.json";
        if (!std::filesystem::exists(file)) return std::nullopt;
        const std::string json = read_text(file);
        return Session{json_field(json, "id"), json_field(json, "project"),
                       std::stoll(json_field(json, "created_ns"))};
    }

    // Ids of all sessions in the directory, sorted.
    std::vector<std::string> list() const {
        std::vector<std::string> ids;
        if (!std::filesystem::exists(dir_)) return ids;
        for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
            if (entry.is_directory() && std::filesystem::exists(entry.path() / "session.json"))
                ids.push_back(entry.path().filename().string());
        }
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    // The session created last, as the CLI's "resume" picks it.
    std::optional<std::string> most_recent() const {
        std::optional<Session> newest;
        for (const auto& id : list()) {
            auto session = load(id);
            if (session && (!newest || session->created_ns > newest->created_ns))
                newest = std::move(session);
        }
        if (!newest) return std::nullopt;
        return newest->id;
    }

    bool remove(const std::string& id) { return std::filesystem::remove_all(dir_ / id) > 0; }

private:
    std::filesystem::path dir_;
};

}  // namespace registry
