// SAFE: pure schema serialisation and checks in memory, no I/O, no shared state.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "registry/text.h"

using namespace registry;

namespace {

UnifiedAnalysis botany_farm() {
    return {"C06-4997", "2022-2023", "freehold title held by Botany Farm Pty Ltd", "pass",
            {"Land tenure: freehold title", "quote with \"marks\" and \\ backslash"}};
}

TEST(UnifiedAnalysisSchema, RoundTripsThroughJson) {
    const UnifiedAnalysis original = botany_farm();
    const auto parsed = parse_unified_analysis(to_json(original));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->project_id, original.project_id);
    EXPECT_EQ(parsed->crediting_period, original.crediting_period);
    EXPECT_EQ(parsed->land_tenure, original.land_tenure);
    EXPECT_EQ(parsed->status, original.status);
    EXPECT_EQ(parsed->evidence, original.evidence);
}

TEST(UnifiedAnalysisSchema, ValidAnalysisHasNoErrors) {
    EXPECT_TRUE(schema_errors(botany_farm()).empty());
}

TEST(UnifiedAnalysisSchema, ReportsEveryViolation) {
    UnifiedAnalysis bad{"C6-4997", "2023-2022", "", "maybe", {}};
    EXPECT_EQ(schema_errors(bad), (std::vector<std::string>{"project_id: not a project id",
                                                            "crediting_period: not YYYY-YYYY",
                                                            "land_tenure: missing",
                                                            "status: must be pass, fail or needs_review"}));
    UnifiedAnalysis unsupported = botany_farm();
    unsupported.evidence.clear();
    EXPECT_EQ(schema_errors(unsupported), std::vector<std::string>{"evidence: a pass needs evidence"});
}

TEST(UnifiedAnalysisSchema, RejectsUnknownFieldsAndBrokenJson) {
    EXPECT_FALSE(parse_unified_analysis("{\"project_id\": \"C06-4997\", \"score\": \"9\"}").has_value());
    EXPECT_FALSE(parse_unified_analysis("{\"project_id\": \"C06-4997\"").has_value());
    EXPECT_FALSE(parse_unified_analysis("[]").has_value());
    EXPECT_TRUE(parse_unified_analysis("{\"status\": \"fail\", \"evidence\": []}").has_value());
}

}  // namespace
