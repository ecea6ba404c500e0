// SAFE: reads the checked-in data-dir documents read-only and extracts their facts in memory; no writes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "registry/documents.h"
#include "registry/llm.h"
#include "registry/text.h"

using namespace registry;

namespace {

TEST(LlmExtraction, ExtractsProjectIdFromPlan) {
    const std::string plan = read_document(kBotanyFarm, "project-plan");
    simulate_llm_call();
    EXPECT_EQ(primary_project_id(plan), "C06-4997");
    EXPECT_EQ(extract_project_ids(plan), (std::vector<std::string>{"C06-4997", "C06-4997", "C06-4998"}));
}

TEST(LlmExtraction, ExtractsDatesFromMonitoringReport) {
    const std::string report = read_document(kBotanyFarm, "monitoring-report");
    simulate_llm_call();
    EXPECT_EQ(extract_dates(report), (std::vector<std::string>{"2022-06-15", "2023-06-20", "2023-11-30"}));
    const auto period = extract_crediting_period(report);
    ASSERT_TRUE(period.has_value());
    EXPECT_EQ(period->first_year, 2022);
    EXPECT_EQ(period->last_year, 2023);
}

TEST(LlmExtraction, ExtractsLandTenureFromDeed) {
    const std::string deed = read_document(kBotanyFarm, "land-tenure-deed");
    simulate_llm_call();
    EXPECT_EQ(extract_field(deed, "Land tenure"), "freehold title held by Botany Farm Pty Ltd");
    EXPECT_FALSE(extract_crediting_period(deed).has_value());
    EXPECT_EQ(extract_field(deed, "Crediting period"), "");
}

TEST(LlmExtraction, IgnoresMalformedDates) {
    EXPECT_EQ(extract_dates("due 2023-13-01, paid 2023-02-30x, on 12023-01-01 and 2023-01-05."),
              std::vector<std::string>{"2023-01-05"});
}

}  // namespace
