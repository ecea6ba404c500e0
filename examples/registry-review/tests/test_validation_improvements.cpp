// SAFE: pure normalisation and cross-document checks in memory, no I/O, no shared state.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "registry/text.h"

using namespace registry;

namespace {

TEST(ValidationImprovements, NormalisesMangledProjectIds) {
    EXPECT_EQ(normalize_project_id("C06-4997"), "C06-4997");
    EXPECT_EQ(normalize_project_id("c06 4997"), "C06-4997");
    EXPECT_EQ(normalize_project_id("C06_4997."), "C06-4997");
    EXPECT_EQ(normalize_project_id("C064997"), "C06-4997");
    EXPECT_EQ(normalize_project_id("C06-49970"), "");
    EXPECT_EQ(normalize_project_id("project C06-4997"), "");
}

TEST(ValidationImprovements, DatesAreCheckedAgainstTheCreditingPeriod) {
    const CreditingPeriod period{2022, 2023};
    EXPECT_TRUE(date_within_period("2022-01-01", period));
    EXPECT_TRUE(date_within_period("2023-12-31", period));
    EXPECT_FALSE(date_within_period("2021-12-31", period));
    EXPECT_FALSE(date_within_period("2024-01-01", period));
    EXPECT_FALSE(date_within_period("20x2-01-01", period));
}

TEST(ValidationImprovements, ConsistentDocumentsHaveNoIssues) {
    EXPECT_TRUE(consistency_issues({{"plan", "C06-4997", "2022-2023", {"2022-01-01"}},
                                    {"report", "C06-4997", "2022-2023", {"2023-06-20"}},
                                    {"deed", "C06-4997", "", {"2019-03-04"}}})
                    .empty());
}

TEST(ValidationImprovements, ReportsEachInconsistency) {
    const auto issues = consistency_issues({{"plan", "C06-4997", "2022-2023", {}},
                                            {"report", "C06-4998", "2022-2024", {"2024-02-01"}}});
    EXPECT_EQ(issues, (std::vector<std::string>{"report: project id C06-4998 differs from C06-4997 in plan",
                                                "report: crediting period 2022-2024 differs from plan",
                                                "report: date 2024-02-01 outside the crediting period"}));
}

}  // namespace
