// FIXABLE: TearDown runs cleanup_test_sessions() on the shared Settings sessions_dir, deleting other tests' "test-*" sessions; fix: per-test sessions_dir (RegistryTest).
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "registry/cleanup.h"
#include "registry/llm.h"
#include "registry/session_store.h"
#include "registry/settings.h"
#include "support/registry_test.h"

using namespace registry;

namespace {

class Infrastructure : public testing_support::RegistryTest {
protected:
    void SetUp() override {
        RegistryTest::SetUp();
        store_ = std::make_unique<SessionStore>(Settings::instance().sessions_dir);
    }
    void TearDown() override {
        // The seed's cleanup_sessions fixture: remove every test session.
        cleanup_test_sessions(Settings::instance().sessions_dir);
        RegistryTest::TearDown();
    }

    std::unique_ptr<SessionStore> store_;
};

TEST_F(Infrastructure, CreateWritesSessionFile) {
    const std::string id = store_->create("C06-4997", "test-infra");
    simulate_llm_call();  // initial document scan
    EXPECT_TRUE(std::filesystem::is_regular_file(store_->dir() / id / "session.json"));
    const auto session = store_->load(id);
    ASSERT_TRUE(session.has_value());
    EXPECT_EQ(session->id, id);
    EXPECT_EQ(session->project, "C06-4997");
}

TEST_F(Infrastructure, CleanupRemovesOnlyTestSessions) {
    const std::string test_session = store_->create("C06-4997", "test-infra");
    const std::string kept_session = store_->create("C06-4997", "keep-infra");
    simulate_llm_call();

    EXPECT_GE(cleanup_test_sessions(Settings::instance().sessions_dir), 1u);
    EXPECT_FALSE(store_->load(test_session).has_value());
    EXPECT_TRUE(store_->load(kept_session).has_value());
    EXPECT_TRUE(store_->remove(kept_session));
}

TEST_F(Infrastructure, RemoveDeletesSessionDirectory) {
    const std::string id = store_->create("C06-4997", "test-infra");
    simulate_llm_call();
    ASSERT_TRUE(std::filesystem::exists(store_->dir() / id));
    EXPECT_TRUE(store_->remove(id));
    EXPECT_FALSE(std::filesystem::exists(store_->dir() / id));
    EXPECT_FALSE(store_->remove(id));
}

TEST_F(Infrastructure, SessionsSurviveALongScan) {
    const std::string first = store_->create("C06-4997", "test-infra");
    const std::string second = store_->create("C06-4998", "test-infra");
    simulate_llm_call();
    simulate_llm_call();
    EXPECT_TRUE(store_->load(first).has_value());
    EXPECT_TRUE(store_->load(second).has_value());
}

}  // namespace
