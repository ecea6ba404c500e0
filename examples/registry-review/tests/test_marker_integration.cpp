// SAFE: converts a read-only data-dir document to markdown in a private mkstemp file.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "registry/documents.h"
#include "registry/io.h"
#include "registry/llm.h"
#include "registry/text.h"

using namespace registry;

namespace {

class MarkerIntegration : public ::testing::Test {
protected:
    void SetUp() override {
        const int fd = mkstemp(tmpl_);
        ASSERT_GE(fd, 0);
        ::close(fd);
        out_ = tmpl_;
    }
    void TearDown() override { std::filesystem::remove(out_); }

    // The document converted to markdown, written to and read back from out_.
    std::string convert(const std::string& document) {
        simulate_llm_call();  // the marker service converts the document
        write_text(out_, to_markdown(read_document(kBotanyFarm, document)));
        return read_text(out_);
    }

    char tmpl_[32] = "/tmp/rr-marker-XXXXXX";
    std::filesystem::path out_;
};

TEST_F(MarkerIntegration, TitleAndSectionsBecomeHeadings) {
    const std::string markdown = convert("project-plan");
    EXPECT_EQ(markdown.rfind("# Project Plan - Botany Farm Partnership\n", 0), 0u);
    EXPECT_NE(markdown.find("\n## 2 Land tenure\n"), std::string::npos);
    EXPECT_NE(markdown.find("\n## 3 Monitoring\n"), std::string::npos);
}

TEST_F(MarkerIntegration, FieldsBecomeListItems) {
    const std::string markdown = convert("land-tenure-deed");
    EXPECT_NE(markdown.find("- **Project ID:** C06-4997\n"), std::string::npos);
    EXPECT_NE(markdown.find("- **Land tenure:** freehold title held by Botany Farm Pty Ltd\n"), std::string::npos);
}

TEST_F(MarkerIntegration, ProseIsKeptWithCollapsedSpacing) {
    const std::string markdown = convert("project-plan");
    EXPECT_NE(markdown.find("\nThe project proponent holds\n"), std::string::npos);
    EXPECT_EQ(markdown.find("  "), std::string::npos);
}

}  // namespace
