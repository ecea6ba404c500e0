// SAFE: sources and session folders live in each test's own mkdtemp directory.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "registry/io.h"
#include "registry/llm.h"
#include "registry/upload.h"

using namespace registry;

namespace {

class UploadTools : public ::testing::Test {
protected:
    void SetUp() override {
        const char* made = mkdtemp(tmpl_);
        ASSERT_NE(made, nullptr);
        dir_ = made;
        session_ = dir_ / "session-upload";
        std::filesystem::create_directories(dir_ / "incoming");
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::filesystem::path incoming(const std::string& name, const std::string& text) {
        const auto file = dir_ / "incoming" / name;
        write_text(file, text);
        return file;
    }

    char tmpl_[32] = "/tmp/rr-upload-XXXXXX";
    std::filesystem::path dir_;
    std::filesystem::path session_;
};

TEST_F(UploadTools, CopiesDocumentIntoSession) {
    const auto stored = upload_document(session_, incoming("project-plan.txt", "Project ID: C06-4997\n"));
    simulate_llm_call();  // the upload is classified
    EXPECT_EQ(stored, session_ / "documents" / "project-plan.txt");
    EXPECT_EQ(read_text(stored), "Project ID: C06-4997\n");
    EXPECT_EQ(uploaded_documents(session_), std::vector<std::string>{"project-plan.txt"});
}

TEST_F(UploadTools, SameNameGetsNumberedSuffix) {
    const auto source = incoming("report.md", "# Monitoring\n");
    upload_document(session_, source);
    upload_document(session_, source);
    const auto third = upload_document(session_, source);
    EXPECT_EQ(third.filename(), "report-2.md");
    EXPECT_EQ(uploaded_documents(session_), (std::vector<std::string>{"report-1.md", "report-2.md", "report.md"}));
}

TEST_F(UploadTools, RejectsUnsupportedOrMissingFiles) {
    EXPECT_THROW(upload_document(session_, incoming("photo.jpg", "binary")), std::invalid_argument);
    EXPECT_THROW(upload_document(session_, dir_ / "incoming" / "absent.txt"), std::invalid_argument);
    EXPECT_TRUE(uploaded_documents(session_).empty());
}

}  // namespace
