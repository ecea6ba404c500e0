// FIXABLE: processes the 22-23-botany-farm documents through DocumentCache at Settings cache_dir (<source>/data/.cache), clearing it first and checking its exact contents; fix: per-test cache_dir (RegistryTest).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "registry/document_cache.h"
#include "registry/documents.h"
#include "registry/text.h"
#include "support/registry_test.h"

using namespace registry;

namespace {

class BotanyFarmAccuracy : public testing_support::RegistryTest {};

TEST_F(BotanyFarmAccuracy, ProjectPlanFactsMatchGroundTruth) {
    DocumentProcessor processor;
    processor.cache().clear();
    processor.process(kBotanyFarm, "project-plan");

    const auto cached = processor.cache().get(kBotanyFarm, "project-plan");
    ASSERT_TRUE(cached.has_value());
    EXPECT_EQ(cached->project_id, "C06-4997");
    EXPECT_EQ(cached->crediting_period, "2022-2023");
    EXPECT_EQ(cached->land_tenure, "freehold title held by Botany Farm Pty Ltd");
    EXPECT_EQ(cached->dates, "2022-01-01;2023-12-31");
    EXPECT_EQ(processor.cache().documents(kBotanyFarm), std::vector<std::string>{"project-plan"});
}

TEST_F(BotanyFarmAccuracy, MonitoringDatesLieInCreditingPeriod) {
    DocumentProcessor processor;
    processor.cache().clear();
    const Extraction plan = processor.process(kBotanyFarm, "project-plan");
    processor.process(kBotanyFarm, "monitoring-report");

    const auto report = processor.cache().get(kBotanyFarm, "monitoring-report");
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->dates, "2022-06-15;2023-06-20;2023-11-30");
    const auto period = parse_crediting_period(plan.crediting_period);
    ASSERT_TRUE(period.has_value());
    EXPECT_TRUE(date_within_period("2022-06-15", *period));
    EXPECT_TRUE(date_within_period("2023-11-30", *period));
    EXPECT_EQ(processor.cache().documents(kBotanyFarm),
              (std::vector<std::string>{"monitoring-report", "project-plan"}));
}

TEST_F(BotanyFarmAccuracy, TenureAgreesAcrossAllDocuments) {
    DocumentProcessor processor;
    processor.cache().clear();
    for (const auto& document : discover_documents(project_dir(kBotanyFarm)))
        processor.process(kBotanyFarm, document);

    const auto cached = processor.cache().documents(kBotanyFarm);
    ASSERT_EQ(cached.size(), 3u);
    for (const auto& document : cached) {
        const auto extraction = processor.cache().get(kBotanyFarm, document);
        ASSERT_TRUE(extraction.has_value());
        EXPECT_EQ(extraction->land_tenure, "freehold title held by Botany Farm Pty Ltd") << document;
    }
    EXPECT_EQ(processor.llm_calls(), 3);
}

}  // namespace
