// SAFE: lock files live in each test's own mkdtemp directory.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "registry/file_lock.h"
#include "registry/io.h"

using namespace registry;

namespace {

class Locking : public ::testing::Test {
protected:
    void SetUp() override {
        const char* made = mkdtemp(tmpl_);
        ASSERT_NE(made, nullptr);
        dir_ = made;
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    char tmpl_[32] = "/tmp/rr-lock-XXXXXX";
    std::filesystem::path dir_;
};

TEST_F(Locking, SecondHolderIsRefused) {
    FileLock first(dir_ / "session.lock");
    FileLock second(dir_ / "session.lock");
    ASSERT_TRUE(first.try_acquire());
    EXPECT_FALSE(second.try_acquire());
    EXPECT_FALSE(second.held());
}

TEST_F(Locking, ReleaseLetsTheNextHolderIn) {
    FileLock first(dir_ / "session.lock");
    FileLock second(dir_ / "session.lock");
    ASSERT_TRUE(first.try_acquire());
    first.release();
    EXPECT_FALSE(std::filesystem::exists(dir_ / "session.lock"));
    EXPECT_TRUE(second.try_acquire());
}

TEST_F(Locking, LockFileRecordsOwnerAndGoesAwayWithTheLock) {
    {
        FileLock lock(dir_ / "session.lock");
        ASSERT_TRUE(lock.try_acquire());
        EXPECT_EQ(read_text(dir_ / "session.lock"), std::to_string(getpid()) + "\n");
    }
    EXPECT_FALSE(std::filesystem::exists(dir_ / "session.lock"));
}

}  // namespace
