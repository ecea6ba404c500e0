// SAFE: every test works in its own mkdtemp directory.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "registry/io.h"
#include "registry/session_store.h"
#include "registry/text.h"

using namespace registry;

namespace {

const char kProjectPlan[] =
    "Project plan for C06-4997\n"
    "Section 1.2   Land tenure\n"
    "The   project  proponent holds\n"
    "title to all parcels.\n";

class CitationVerification : public ::testing::Test {
protected:
    void SetUp() override {
        const char* made = mkdtemp(tmpl_);
        ASSERT_NE(made, nullptr);
        dir_ = made;
        store_ = std::make_unique<SessionStore>(dir_ / "sessions");
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    // Saves the document into a fresh session and returns what was stored.
    std::string stored_document() {
        const std::string id = store_->create("C06-4997", "test-cite");
        const auto file = store_->dir() / id / "project-plan.txt";
        write_text(file, kProjectPlan);
        return read_text(file);
    }

    char tmpl_[32] = "/tmp/rr-cite-XXXXXX";
    std::filesystem::path dir_;
    std::unique_ptr<SessionStore> store_;
};

TEST_F(CitationVerification, FindsQuoteInStoredDocument) {
    const Citation citation = verify_citation(stored_document(), "project proponent holds");
    EXPECT_TRUE(citation.found);
    EXPECT_EQ(citation.line, 3u);
}

TEST_F(CitationVerification, QuoteMaySpanLinesAndSpacing) {
    const Citation citation =
        verify_citation(stored_document(), "The project proponent holds title to all parcels.");
    EXPECT_TRUE(citation.found);
    EXPECT_EQ(citation.line, 3u);
}

TEST_F(CitationVerification, ReportsMissingQuote) {
    const Citation citation = verify_citation(stored_document(), "leased from the state");
    EXPECT_FALSE(citation.found);
    EXPECT_EQ(citation.line, 0u);
}

}  // namespace
