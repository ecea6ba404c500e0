#pragma once
// An exclusive lock file (O_CREAT | O_EXCL), like the seed's StateManager locks.
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <utility>

namespace registry {

class FileLock {
public:
    explicit FileLock(std::filesystem::path file) : file_(std::move(file)) {}
    ~FileLock() { release(); }
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

    bool try_acquire() {
        if (held_) return true;
        const int fd = ::open(file_.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0644);
        if (fd < 0) return false;
        const std::string owner = std::to_string(::getpid()) + "\n";
        const bool written = ::write(fd, owner.data(), owner.size()) == static_cast<ssize_t>(owner.size());
        ::close(fd);
        held_ = written;
        if (!written) ::unlink(file_.c_str());
        return held_;
    }

    void release() {
        if (!held_) return;
        ::unlink(file_.c_str());
        held_ = false;
    }

    bool held() const { return held_; }
    const std::filesystem::path& file() const { return file_; }

private:
    std::filesystem::path file_;
    bool held_ = false;
};

}  // namespace registry
