// SAFE: each test writes its report to ::testing::TempDir() + "rr-report-" + its own test name.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "registry/io.h"
#include "registry/llm.h"
#include "registry/text.h"

using namespace registry;

namespace {

class ReportGeneration : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = ::testing::TempDir() + "rr-report-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".md";
    }
    void TearDown() override { std::filesystem::remove(path_); }

    std::string generate(const ReportInput& input) {
        simulate_llm_call();  // the LLM writes the executive summary
        write_text(path_, render_report(input));
        return read_text(path_);
    }

    std::string path_;
};

TEST_F(ReportGeneration, AllPassingRequirementsApprove) {
    const std::string report = generate({"C06-4997", "Botany Farm Partnership",
                                         {{"Land tenure", "pass", "freehold title"},
                                          {"Crediting period", "pass", "2022-2023"}}});
    EXPECT_EQ(report.rfind("# Registry review: Botany Farm Partnership (C06-4997)\n", 0), 0u);
    EXPECT_NE(report.find("2 requirements: 2 pass, 0 fail, 0 need review"), std::string::npos);
    EXPECT_NE(report.find("Verdict: approved"), std::string::npos);
}

TEST_F(ReportGeneration, AnyFailureRejects) {
    const std::string report = generate({"C06-4997", "Botany Farm Partnership",
                                         {{"Land tenure", "pass", "freehold title"},
                                          {"Monitoring", "fail", ""},
                                          {"Additionality", "needs_review", ""}}});
    EXPECT_NE(report.find("| Monitoring | fail | - |"), std::string::npos);
    EXPECT_NE(report.find("Verdict: rejected"), std::string::npos);
}

TEST_F(ReportGeneration, OpenQuestionsKeepReviewPending) {
    const std::string report =
        generate({"C06-4997", "Botany Farm Partnership", {{"Additionality", "needs_review", "see plan 1.2"}}});
    EXPECT_NE(report.find("1 requirements: 0 pass, 0 fail, 1 need review"), std::string::npos);
    EXPECT_NE(report.find("Verdict: pending review"), std::string::npos);
}

}  // namespace
