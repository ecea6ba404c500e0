// FIXABLE: DocumentCache at Settings cache_dir (<source>/data/.cache): each test clear()s the shared cache and asserts exactly what it holds, racing the other cache tests; fix: per-test cache_dir (RegistryTest).
#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "registry/document_cache.h"
#include "registry/documents.h"
#include "registry/llm.h"
#include "support/registry_test.h"

using namespace registry;

namespace {

class DocumentProcessing : public testing_support::RegistryTest {};

TEST_F(DocumentProcessing, ProcessingWritesOneCacheEntry) {
    DocumentProcessor processor;
    processor.cache().clear();
    const Extraction plan = processor.process(kBotanyFarm, "project-plan");
    EXPECT_EQ(plan.project_id, "C06-4997");
    EXPECT_TRUE(std::filesystem::is_regular_file(processor.cache().entry(kBotanyFarm, "project-plan")));
    EXPECT_EQ(processor.cache().documents(kBotanyFarm), std::vector<std::string>{"project-plan"});
}

TEST_F(DocumentProcessing, SecondProcessingIsACacheHit) {
    DocumentProcessor processor;
    processor.cache().clear();
    const Extraction first = processor.process(kBotanyFarm, "monitoring-report");
    simulate_llm_call();  // the reviewer reads the extraction
    const Extraction second = processor.process(kBotanyFarm, "monitoring-report");
    EXPECT_EQ(processor.llm_calls(), 1);
    EXPECT_EQ(second.dates, first.dates);
    EXPECT_EQ(second.land_tenure, first.land_tenure);
}

TEST_F(DocumentProcessing, ClearForgetsEverything) {
    DocumentProcessor processor;
    processor.cache().clear();
    processor.process(kBotanyFarm, "project-plan");
    processor.process(kBotanyFarm, "land-tenure-deed");
    EXPECT_EQ(processor.cache().documents(kBotanyFarm).size(), 2u);
    processor.cache().clear();
    simulate_llm_call();
    EXPECT_FALSE(std::filesystem::exists(processor.cache().dir()));
    EXPECT_TRUE(processor.cache().documents(kBotanyFarm).empty());
}

TEST_F(DocumentProcessing, MissingDocumentIsAnError) {
    DocumentProcessor processor;
    EXPECT_THROW(processor.process(kBotanyFarm, "no-such-document"), std::runtime_error);
    EXPECT_EQ(processor.llm_calls(), 0);
}

}  // namespace
