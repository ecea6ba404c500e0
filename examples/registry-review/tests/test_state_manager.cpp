// FIXABLE: StateManager locks <Settings sessions_dir>/.state.lock, shared by all tests; a transition holds it through an LLM call, longer than lock_timeout_ms, so concurrent tests time out; fix: per-test sessions_dir (RegistryTest).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "registry/session_store.h"
#include "registry/settings.h"
#include "registry/state_manager.h"
#include "support/registry_test.h"

using namespace registry;

namespace {

class StateManagement : public testing_support::RegistryTest {};

TEST_F(StateManagement, TransitionsAreRecordedInOrder) {
    SessionStore store(Settings::instance().sessions_dir);
    const std::string id = store.create("C06-4997", "test-state");
    StateManager states(Settings::instance().sessions_dir);

    ASSERT_TRUE(states.transition(id, "initialized")) << "lock timed out";
    ASSERT_TRUE(states.transition(id, "documents_discovered")) << "lock timed out";
    EXPECT_EQ(states.state(id), "documents_discovered");
    EXPECT_EQ(states.history(id), (std::vector<std::string>{"initialized", "documents_discovered"}));
    store.remove(id);
}

TEST_F(StateManagement, LockIsReleasedAfterTransition) {
    SessionStore store(Settings::instance().sessions_dir);
    const std::string id = store.create("C06-4997", "test-state");
    StateManager states(Settings::instance().sessions_dir);

    ASSERT_TRUE(states.transition(id, "initialized")) << "lock timed out";
    EXPECT_FALSE(std::filesystem::exists(states.lock_file()));
    ASSERT_TRUE(states.transition(id, "evidence_extracted")) << "lock timed out";
    EXPECT_FALSE(std::filesystem::exists(states.lock_file()));
    store.remove(id);
}

TEST_F(StateManagement, ResumedManagerSeesSavedState) {
    SessionStore store(Settings::instance().sessions_dir);
    const std::string id = store.create("22-23-botany-farm", "test-state");
    {
        StateManager first(Settings::instance().sessions_dir);
        ASSERT_TRUE(first.transition(id, "initialized")) << "lock timed out";
    }
    StateManager resumed(Settings::instance().sessions_dir);
    EXPECT_EQ(resumed.state(id), "initialized");
    ASSERT_TRUE(resumed.transition(id, "report_generated")) << "lock timed out";
    EXPECT_EQ(resumed.history(id), (std::vector<std::string>{"initialized", "report_generated"}));
    store.remove(id);
}

TEST_F(StateManagement, UnknownSessionHasNoState) {
    StateManager states(Settings::instance().sessions_dir);
    SessionStore store(Settings::instance().sessions_dir);
    const std::string id = store.create("C06-4997", "test-state");
    EXPECT_EQ(states.state(id), "");
    ASSERT_TRUE(states.transition(id, "initialized")) << "lock timed out";
    EXPECT_EQ(states.state(id), "initialized");
    store.remove(id);
}

}  // namespace
