// SAFE: pure project-id filtering logic, no I/O, no shared state.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "registry/text.h"

using namespace registry;

namespace {

TEST(ProjectIdFiltering, KeepsValidIdsInOrderWithoutDuplicates) {
    EXPECT_EQ(filter_project_ids({"C06-4997", "C06-4998", "C06-4997"}),
              (std::vector<std::string>{"C06-4997", "C06-4998"}));
}

TEST(ProjectIdFiltering, NormalisesLlmVariants) {
    EXPECT_EQ(filter_project_ids({"c06 4997", "C06_4997", " C064997 ", "C06-4997."}),
              std::vector<std::string>{"C06-4997"});
}

TEST(ProjectIdFiltering, DropsFalsePositives) {
    EXPECT_TRUE(filter_project_ids({"DP 75432", "2022-2023", "C06-49970", "", "ID: C06-4997"}).empty());
}

TEST(ProjectIdFiltering, PrimaryIdIsTheMostFrequent) {
    EXPECT_EQ(primary_project_id("See C06-4998. Project C06-4997 (C06-4997) is ours."), "C06-4997");
    EXPECT_EQ(primary_project_id("C06-4998 then C06-4997"), "C06-4998");
    EXPECT_EQ(primary_project_id("no identifiers here, XC06-4997 neither"), "");
}

}  // namespace
