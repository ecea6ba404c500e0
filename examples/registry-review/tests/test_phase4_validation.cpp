// FIXABLE: phase-4 cross-document validation reads back what it cached in the shared DocumentCache at Settings cache_dir (<source>/data/.cache) after clearing it; fix: per-test cache_dir (RegistryTest).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "registry/document_cache.h"
#include "registry/documents.h"
#include "registry/io.h"
#include "registry/text.h"
#include "support/registry_test.h"

using namespace registry;

namespace {

class Phase4Validation : public testing_support::RegistryTest {
protected:
    // The facts of every cached document of the project.
    static std::vector<DocumentFacts> cached_facts(const DocumentCache& cache) {
        std::vector<DocumentFacts> facts;
        for (const auto& document : cache.documents(kBotanyFarm)) {
            const auto e = cache.get(kBotanyFarm, document);
            if (!e) continue;
            DocumentFacts doc{document, e->project_id, e->crediting_period, {}};
            for (std::size_t at = 0; at < e->dates.size(); at += 11) doc.dates.push_back(e->dates.substr(at, 10));
            facts.push_back(doc);
        }
        return facts;
    }
};

TEST_F(Phase4Validation, CachedDocumentsAreConsistent) {
    DocumentProcessor processor;
    processor.cache().clear();
    for (const auto& document : discover_documents(project_dir(kBotanyFarm)))
        processor.process(kBotanyFarm, document);

    const auto facts = cached_facts(processor.cache());
    ASSERT_EQ(facts.size(), 3u);
    EXPECT_TRUE(consistency_issues(facts).empty());
}

TEST_F(Phase4Validation, CacheEntriesAreCompleteJson) {
    DocumentProcessor processor;
    processor.cache().clear();
    processor.process(kBotanyFarm, "project-plan");
    processor.process(kBotanyFarm, "monitoring-report");

    const auto documents = processor.cache().documents(kBotanyFarm);
    ASSERT_EQ(documents, (std::vector<std::string>{"monitoring-report", "project-plan"}));
    for (const auto& document : documents) {
        const auto check = validate_llm_json(read_text(processor.cache().entry(kBotanyFarm, document)),
                                             {"project_id", "crediting_period", "land_tenure", "dates"});
        EXPECT_TRUE(check.ok) << document << ": " << check.error;
    }
}

TEST_F(Phase4Validation, DetectsTamperedCacheEntry) {
    DocumentProcessor processor;
    processor.cache().clear();
    Extraction plan = processor.process(kBotanyFarm, "project-plan");
    processor.process(kBotanyFarm, "monitoring-report");
    plan.project_id = "C06-4998";
    processor.cache().put(plan);  // an edited cache entry

    const auto issues = consistency_issues(cached_facts(processor.cache()));
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_NE(issues[0].find("C06-4998"), std::string::npos) << issues[0];
}

}  // namespace
