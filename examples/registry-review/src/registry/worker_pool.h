#pragma once
// Review workers: helper processes started as
//   rr_review_worker --tag <Settings::worker_tag>
// shutdown() stops this pool's own children by pid; kill_all_workers() stops
// them by name with pkill -f, and with them every worker carrying the same tag
// on the machine, whoever started it.
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "registry/settings.h"

extern char** environ;

namespace registry {

// The worker executable, set by CMake to the rr_review_worker target's path.
inline constexpr const char kWorkerProgram[] = REGISTRY_REVIEW_WORKER;

class WorkerPool {
public:
    WorkerPool() : WorkerPool(Settings::instance().worker_tag) {}
    explicit WorkerPool(std::string tag) : tag_(std::move(tag)) {}
    ~WorkerPool() { shutdown(); }
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    const std::string& tag() const { return tag_; }

    void start(std::size_t count) {
        for (std::size_t i = 0; i < count; ++i) {
            std::string program = kWorkerProgram;
            std::string flag = "--tag";
            std::string tag = tag_;
            char* argv[] = {program.data(), flag.data(), tag.data(), nullptr};
            pid_t pid = 0;
            const int rc = ::posix_spawn(&pid, program.c_str(), nullptr, nullptr, argv, environ);
            if (rc != 0) throw std::runtime_error("cannot start " + program);
            pids_.push_back(pid);
        }
    }

    // How many of this pool's workers are still running.
    std::size_t alive() {
        reap();
        return pids_.size();
    }

    // Waits until none of this pool's workers runs; false on timeout.
    bool wait_until_stopped(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (alive() > 0) {
            if (std::chrono::steady_clock::now() >= deadline) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return true;
    }

    // Stops this pool's own workers (by pid); returns how many were still running.
    std::size_t shutdown() {
        reap();
        const std::size_t running = pids_.size();
        for (const pid_t pid : pids_) ::kill(pid, SIGTERM);
        for (const pid_t pid : pids_) ::waitpid(pid, nullptr, 0);
        pids_.clear();
        return running;
    }

    // Stops every worker with this tag by name, the way the CLI's
    // `registry-review workers --kill` does.
    void kill_all_workers() const {
        if (std::system(("pkill -f 'rr_review_worker --tag " + tag_ + "'").c_str()) == -1)
            throw std::runtime_error("cannot run pkill");
    }

private:
    // Forgets the workers that have exited (and collects their status).
    void reap() {
        std::vector<pid_t> running;
        for (const pid_t pid : pids_) {
            int status = 0;
            if (::waitpid(pid, &status, WNOHANG) == 0) running.push_back(pid);
        }
        pids_ = std::move(running);
    }

    std::string tag_;
    std::vector<pid_t> pids_;
};

}  // namespace registry
