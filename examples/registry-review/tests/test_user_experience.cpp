// FIXABLE: uses the global Settings' sessions directory and expects the
// "most recent" session in it to be its own. In parallel, another test's
// session can be newer, and test_infrastructure's cleanup deletes "test-*"
// sessions, including these. Fix: point the store at a per-test directory.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "registry/session_store.h"
#include "registry/settings.h"

using namespace registry;

namespace {

TEST(UserExperience, ResumeSelectsTheSessionJustCreated) {
    SessionStore store(Settings::instance().sessions_dir);
    const std::string id = store.create("C06-4997", "test-ux");

    const auto recent = store.most_recent();
    ASSERT_TRUE(recent.has_value());
    EXPECT_EQ(*recent, id);
    EXPECT_TRUE(store.remove(id));
}

TEST(UserExperience, ResumedSessionKeepsItsProject) {
    SessionStore store(Settings::instance().sessions_dir);
    const std::string id = store.create("22-23-botany-farm", "test-ux");

    const auto recent = store.most_recent();
    ASSERT_TRUE(recent.has_value());
    const auto session = store.load(*recent);
    ASSERT_TRUE(session.has_value());
    EXPECT_EQ(session->project, "22-23-botany-farm");
    EXPECT_TRUE(store.remove(id));
}

TEST(UserExperience, NewSessionIsListed) {
    SessionStore store(Settings::instance().sessions_dir);
    const std::string id = store.create("C06-4997", "test-ux");

    const auto ids = store.list();
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end());
    EXPECT_TRUE(store.remove(id));
    EXPECT_FALSE(store.load(id).has_value());
}

}  // namespace
