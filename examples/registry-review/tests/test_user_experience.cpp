// FIXABLE: uses Settings::instance().sessions_dir (shared) and expects most_recent() to be its own session; fix: per-test sessions_dir (RegistryTest).
// In parallel another test's session can be newer, and test_infrastructure's
// cleanup deletes the "test-ux-*" sessions while these tests use them.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "registry/llm.h"
#include "registry/session_store.h"
#include "registry/settings.h"
#include "support/registry_test.h"

using namespace registry;

namespace {

class UserExperience : public testing_support::RegistryTest {};

TEST_F(UserExperience, ResumeSelectsTheSessionJustCreated) {
    SessionStore store(Settings::instance().sessions_dir);
    const std::string id = store.create("C06-4997", "test-ux");
    simulate_llm_call();  // the reviewer asks the assistant to summarise the project
    simulate_llm_call();

    const auto recent = store.most_recent();
    ASSERT_TRUE(recent.has_value());
    EXPECT_EQ(*recent, id);
    EXPECT_TRUE(store.remove(id));
}

TEST_F(UserExperience, ResumedSessionKeepsItsProject) {
    SessionStore store(Settings::instance().sessions_dir);
    const std::string id = store.create("22-23-botany-farm", "test-ux");
    simulate_llm_call();
    simulate_llm_call();

    const auto recent = store.most_recent();
    ASSERT_TRUE(recent.has_value());
    const auto session = store.load(*recent);
    ASSERT_TRUE(session.has_value());
    EXPECT_EQ(session->project, "22-23-botany-farm");
    EXPECT_TRUE(store.remove(id));
}

TEST_F(UserExperience, NewSessionIsListedUntilRemoved) {
    SessionStore store(Settings::instance().sessions_dir);
    const std::string id = store.create("C06-4997", "test-ux");
    simulate_llm_call();
    simulate_llm_call();

    const auto ids = store.list();
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end());
    EXPECT_TRUE(store.remove(id));
    EXPECT_FALSE(store.load(id).has_value());
}

}  // namespace
