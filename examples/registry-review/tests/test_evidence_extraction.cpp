// SAFE: each test uses <tmp>/rr-evidence-<pid>-<test name>, private to its process.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "registry/io.h"
#include "registry/session_store.h"
#include "registry/text.h"

using namespace registry;

namespace {

const char kMonitoringReport[] =
    "Monitoring report 2022-2023\n"
    "  Soil organic carbon was sampled at 40 points.\n"
    "Baseline sampling followed the methodology.\n"
    "SOIL samples were analysed by dry combustion.\n";

class EvidenceExtraction : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = std::filesystem::temp_directory_path() /
               ("rr-evidence-" + std::to_string(getpid()) + "-" + info->name());
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::filesystem::path dir_;
};

TEST_F(EvidenceExtraction, ExtractsKeywordLinesCaseInsensitively) {
    const auto evidence = extract_evidence(kMonitoringReport, "soil");
    ASSERT_EQ(evidence.size(), 2u);
    EXPECT_EQ(evidence[0], "Soil organic carbon was sampled at 40 points.");
    EXPECT_EQ(evidence[1], "SOIL samples were analysed by dry combustion.");
}

TEST_F(EvidenceExtraction, SavesEvidenceInOwnSession) {
    SessionStore store(dir_ / "sessions");
    const std::string id = store.create("C06-4997", "test-evidence");
    const auto file = store.dir() / id / "evidence.txt";
    for (const auto& line : extract_evidence(kMonitoringReport, "sampl"))
        append_text(file, line + "\n");

    EXPECT_EQ(read_text(file),
              "Soil organic carbon was sampled at 40 points.\n"
              "Baseline sampling followed the methodology.\n"
              "SOIL samples were analysed by dry combustion.\n");
}

TEST_F(EvidenceExtraction, MostRecentSessionInPrivateDirectoryIsOurs) {
    SessionStore store(dir_ / "sessions");
    store.create("C06-4997", "test-evidence");
    const std::string latest = store.create("C06-4998", "test-evidence");
    ASSERT_EQ(store.list().size(), 2u);
    EXPECT_EQ(store.most_recent(), latest);
    EXPECT_EQ(store.load(latest)->project, "C06-4998");
}

}  // namespace
