#pragma once
// Review-session state machine. Every transition takes the exclusive lock file
// <sessions_dir>/.state.lock (O_CREAT | O_EXCL), retries until
// Settings::lock_timeout_ms, and holds it while the LLM summarises the change
// and <sessions_dir>/<id>/state.json is rewritten: the seed's "StateManager
// lock files conflict between workers".
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "registry/io.h"
#include "registry/llm.h"
#include "registry/settings.h"

namespace registry {

inline constexpr const char kStateLockName[] = ".state.lock";
// A lock older than this is left over by a crashed reviewer.
inline constexpr int kStaleLockMs = 3000;

class StateManager {
public:
    StateManager() : StateManager(Settings::instance().sessions_dir) {}
    explicit StateManager(std::filesystem::path sessions_dir)
        : dir_(std::move(sessions_dir)), lock_file_(dir_ / kStateLockName) {}

    const std::filesystem::path& lock_file() const { return lock_file_; }

    // Moves `session_id` to `state`. False when the lock could not be taken in time.
    bool transition(const std::string& session_id, const std::string& state) {
        if (!acquire()) return false;
        try {
            const auto file = dir_ / session_id / "state.json";
            std::string history = state_field(session_id, "history");
            simulate_llm_call();  // summarise the transition for the audit trail
            history += (history.empty() ? "" : ",") + state;
            write_text(file, "{\"session\": \"" + session_id + "\", \"state\": \"" + state +
                                 "\", \"history\": \"" + history + "\"}\n");
        } catch (...) {
            release();
            throw;
        }
        release();
        return true;
    }

    // The current state of the session, "" when it has none.
    std::string state(const std::string& session_id) const { return state_field(session_id, "state"); }

    // The states the session went through, oldest first.
    std::vector<std::string> history(const std::string& session_id) const {
        std::vector<std::string> states;
        std::istringstream list(state_field(session_id, "history"));
        for (std::string state; std::getline(list, state, ',');) states.push_back(state);
        return states;
    }

private:
    std::string state_field(const std::string& session_id, const std::string& key) const {
        const auto file = dir_ / session_id / "state.json";
        if (!std::filesystem::exists(file)) return {};
        return json_field(read_text(file), key);
    }

    bool acquire() {
        std::filesystem::create_directories(dir_);
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(Settings::instance().lock_timeout_ms);
        for (;;) {
            const int fd = ::open(lock_file_.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0644);
            if (fd >= 0) {
                const std::string owner = std::to_string(::getpid()) + "\n";
                const bool written = ::write(fd, owner.data(), owner.size()) == static_cast<ssize_t>(owner.size());
                ::close(fd);
                if (written) return true;
                ::unlink(lock_file_.c_str());
            } else if (errno == EEXIST && stale()) {
                ::unlink(lock_file_.c_str());
                continue;
            }
            if (std::chrono::steady_clock::now() >= deadline) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }

    void release() { ::unlink(lock_file_.c_str()); }

    // The holder is gone, or the lock is far older than any transition.
    bool stale() const {
        std::error_code error;
        const auto written = std::filesystem::last_write_time(lock_file_, error);
        if (error) return false;
        const auto age = std::filesystem::file_time_type::clock::now() - written;
        if (age > std::chrono::milliseconds(kStaleLockMs)) return true;
        std::string owner;
        try {
            owner = read_text(lock_file_);
        } catch (...) {
            return false;
        }
        if (owner.empty() || owner.back() != '\n') return false;  // still being written
        const pid_t pid = static_cast<pid_t>(std::stol(owner));
        return pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH;
    }

    std::filesystem::path dir_;
    std::filesystem::path lock_file_;
};

}  // namespace registry
