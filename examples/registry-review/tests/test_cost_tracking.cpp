// FIXABLE: CostTracker's default file is Settings cost_file (/tmp/registry-review/costs.json), reset and appended by every test and every DocumentProcessor; fix: per-test cost_file (RegistryTest).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "registry/cost_tracker.h"
#include "registry/io.h"
#include "registry/llm.h"
#include "registry/settings.h"
#include "support/registry_test.h"

using namespace registry;

namespace {

class CostTracking : public testing_support::RegistryTest {};

TEST_F(CostTracking, TotalsRecordedCosts) {
    CostTracker tracker;
    tracker.reset();
    simulate_llm_call();
    tracker.record("extract_dates", 0.25);
    simulate_llm_call();
    tracker.record("extract_tenure", 0.5);
    EXPECT_EQ(tracker.entries(), 2u);
    EXPECT_DOUBLE_EQ(tracker.total(), 0.75);
}

TEST_F(CostTracking, ResetClearsRecordedCosts) {
    CostTracker tracker;
    tracker.record("extract_project_ids", 1.0);
    ASSERT_GE(tracker.entries(), 1u);
    tracker.reset();
    simulate_llm_call();
    EXPECT_EQ(tracker.entries(), 0u);
    EXPECT_DOUBLE_EQ(tracker.total(), 0.0);
}

TEST_F(CostTracking, ReadsCostsWrittenByOtherTools) {
    const std::filesystem::path file = Settings::instance().cost_file;
    std::filesystem::create_directories(file.parent_path());
    write_text(file, "{\"test\": \"external\", \"cost\": 2.5}\n");
    simulate_llm_call();
    CostTracker tracker;
    EXPECT_EQ(tracker.file(), file);
    EXPECT_EQ(tracker.entries(), 1u);
    EXPECT_DOUBLE_EQ(tracker.total(), 2.5);
}

TEST_F(CostTracking, TrackersShareTheDefaultFile) {
    CostTracker first;
    first.reset();
    first.record("summarise", 0.125);
    simulate_llm_call();
    CostTracker second;
    second.record("validate", 0.375);
    EXPECT_EQ(first.entries(), 2u);
    EXPECT_DOUBLE_EQ(second.total(), 0.5);
}

}  // namespace
