// FIXABLE: the full workflow uses the shared Settings sessions_dir (session, StateManager lock) and the shared DocumentCache at Settings cache_dir (<source>/data/.cache); fix: per-test directories (RegistryTest).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "registry/document_cache.h"
#include "registry/documents.h"
#include "registry/io.h"
#include "registry/llm.h"
#include "registry/session_store.h"
#include "registry/settings.h"
#include "registry/state_manager.h"
#include "registry/text.h"
#include "support/registry_test.h"

using namespace registry;

namespace {

class IntegrationFullWorkflow : public testing_support::RegistryTest {};

TEST_F(IntegrationFullWorkflow, ReviewProducesReportInSession) {
    SessionStore store(Settings::instance().sessions_dir);
    const std::string id = store.create(kBotanyFarm, "test-workflow");
    StateManager states(Settings::instance().sessions_dir);
    DocumentProcessor processor;
    processor.cache().clear();

    ReportInput report{"", "Botany Farm Partnership", {}};
    for (const auto& document : discover_documents(project_dir(kBotanyFarm))) {
        const Extraction e = processor.process(kBotanyFarm, document);
        report.project_id = e.project_id;
        report.findings.push_back({document + ": land tenure", e.land_tenure.empty() ? "fail" : "pass",
                                   e.land_tenure});
    }
    ASSERT_TRUE(states.transition(id, "evidence_extracted")) << "lock timed out";
    write_text(store.dir() / id / "report.md", render_report(report));

    EXPECT_EQ(processor.cache().documents(kBotanyFarm).size(), 3u);
    EXPECT_EQ(states.state(id), "evidence_extracted");
    EXPECT_NE(read_text(store.dir() / id / "report.md").find("Verdict: approved"), std::string::npos);
    store.remove(id);
}

TEST_F(IntegrationFullWorkflow, ResumeContinuesTheLatestReview) {
    SessionStore store(Settings::instance().sessions_dir);
    const std::string id = store.create(kBotanyFarm, "test-workflow");
    DocumentProcessor processor;
    processor.process(kBotanyFarm, "project-plan");
    simulate_llm_call();  // summarise where the review stopped

    const auto latest = store.most_recent();
    ASSERT_TRUE(latest.has_value());
    EXPECT_EQ(*latest, id);
    EXPECT_EQ(store.load(*latest)->project, kBotanyFarm);
    store.remove(id);
}

TEST_F(IntegrationFullWorkflow, SecondRunReusesCachedExtractions) {
    {
        DocumentProcessor first_run;
        first_run.cache().clear();
        first_run.process(kBotanyFarm, "project-plan");
        first_run.process(kBotanyFarm, "monitoring-report");
        EXPECT_EQ(first_run.llm_calls(), 2);
    }
    DocumentProcessor second_run;
    const Extraction plan = second_run.process(kBotanyFarm, "project-plan");
    const Extraction report = second_run.process(kBotanyFarm, "monitoring-report");
    EXPECT_EQ(second_run.llm_calls(), 0);
    EXPECT_EQ(plan.crediting_period, report.crediting_period);
}

}  // namespace
