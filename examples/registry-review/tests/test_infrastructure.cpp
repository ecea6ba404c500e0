// FIXABLE: the fixture's TearDown iterates the shared sessions directory and
// deletes every "test-*" session, other tests' sessions included. Fix: give
// each test its own sessions directory, or delete only what this test created.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "registry/cleanup.h"
#include "registry/session_store.h"
#include "registry/settings.h"

using namespace registry;

namespace {

class Infrastructure : public ::testing::Test {
protected:
    void TearDown() override { cleanup_test_sessions(Settings::instance().sessions_dir); }

    SessionStore store_{Settings::instance().sessions_dir};
};

TEST_F(Infrastructure, CreateWritesSessionFile) {
    const std::string id = store_.create("C06-4997", "test-infra");
    EXPECT_TRUE(std::filesystem::is_regular_file(store_.dir() / id / "session.json"));
    const auto session = store_.load(id);
    ASSERT_TRUE(session.has_value());
    EXPECT_EQ(session->id, id);
    EXPECT_EQ(session->project, "C06-4997");
}

TEST_F(Infrastructure, CleanupRemovesOnlyTestSessions) {
    const std::string test_session = store_.create("C06-4997", "test-infra");
    const std::string kept_session = store_.create("C06-4997", "keep-infra");

    EXPECT_GE(cleanup_test_sessions(Settings::instance().sessions_dir), 1u);
    EXPECT_FALSE(store_.load(test_session).has_value());
    EXPECT_TRUE(store_.load(kept_session).has_value());
    EXPECT_TRUE(store_.remove(kept_session));
}

TEST_F(Infrastructure, RemoveDeletesSessionDirectory) {
    const std::string id = store_.create("C06-4997", "test-infra");
    ASSERT_TRUE(std::filesystem::exists(store_.dir() / id));
    EXPECT_TRUE(store_.remove(id));
    EXPECT_FALSE(std::filesystem::exists(store_.dir() / id));
    EXPECT_FALSE(store_.remove(id));
}

}  // namespace
