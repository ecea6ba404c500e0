// SAFE: sessions go to each test's own mkdtemp directory; the project's data-dir documents are only read.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "registry/documents.h"
#include "registry/io.h"
#include "registry/llm.h"
#include "registry/session_store.h"

using namespace registry;

namespace {

class InitializeWorkflow : public ::testing::Test {
protected:
    void SetUp() override {
        const char* made = mkdtemp(tmpl_);
        ASSERT_NE(made, nullptr);
        dir_ = made;
        store_ = std::make_unique<SessionStore>(dir_ / "sessions");
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    // Starts a review: a session listing the project's documents.
    std::string initialize(const std::string& project) {
        const auto documents = discover_documents(project_dir(project));
        if (documents.empty()) return {};
        const std::string id = store_->create(project, "test-init");
        simulate_llm_call();  // classify the documents
        std::string listing;
        for (const auto& document : documents) listing += document + "\n";
        write_text(store_->dir() / id / "documents.txt", listing);
        return id;
    }

    char tmpl_[32] = "/tmp/rr-init-XXXXXX";
    std::filesystem::path dir_;
    std::unique_ptr<SessionStore> store_;
};

TEST_F(InitializeWorkflow, DiscoversTheProjectDocuments) {
    EXPECT_EQ(discover_documents(project_dir(kBotanyFarm)),
              (std::vector<std::string>{"land-tenure-deed", "monitoring-report", "project-plan"}));
}

TEST_F(InitializeWorkflow, SessionListsTheProjectDocuments) {
    const std::string id = initialize(kBotanyFarm);
    ASSERT_FALSE(id.empty());
    EXPECT_EQ(read_text(store_->dir() / id / "documents.txt"),
              "land-tenure-deed\nmonitoring-report\nproject-plan\n");
    EXPECT_EQ(store_->load(id)->project, kBotanyFarm);
}

TEST_F(InitializeWorkflow, NewestInitializedSessionIsResumed) {
    initialize(kBotanyFarm);
    const std::string second = initialize(kBotanyFarm);
    EXPECT_EQ(store_->list().size(), 2u);
    EXPECT_EQ(store_->most_recent(), second);
}

TEST_F(InitializeWorkflow, UnknownProjectCreatesNoSession) {
    EXPECT_TRUE(initialize("99-99-no-such-farm").empty());
    EXPECT_TRUE(store_->list().empty());
}

}  // namespace
