// SAFE: pure validation logic, no file system, no shared state.
#include <gtest/gtest.h>

#include "registry/text.h"

using namespace registry;

namespace {

TEST(Validation, AcceptsWellFormedProjectIds) {
    EXPECT_TRUE(is_valid_project_id("C06-4997"));
    EXPECT_TRUE(is_valid_project_id("A00-0001"));
}

TEST(Validation, RejectsMalformedProjectIds) {
    EXPECT_FALSE(is_valid_project_id(""));
    EXPECT_FALSE(is_valid_project_id("c06-4997"));
    EXPECT_FALSE(is_valid_project_id("C064997"));
    EXPECT_FALSE(is_valid_project_id("C06-49970"));
    EXPECT_FALSE(is_valid_project_id("C0X-4997"));
}

TEST(Validation, ChecksSessionIds) {
    EXPECT_TRUE(is_valid_session_id("session-0123456789abcdef"));
    EXPECT_TRUE(is_valid_session_id("test-ux-00000000000000ff"));
    EXPECT_FALSE(is_valid_session_id("session-0123456789ABCDEF"));
    EXPECT_FALSE(is_valid_session_id("session-0123"));
    EXPECT_FALSE(is_valid_session_id("-0123456789abcdef"));
}

TEST(Validation, ParsesCreditingPeriods) {
    const auto period = parse_crediting_period("2022-2023");
    ASSERT_TRUE(period.has_value());
    EXPECT_EQ(period->first_year, 2022);
    EXPECT_EQ(period->last_year, 2023);
    EXPECT_FALSE(parse_crediting_period("2023-2022").has_value());
    EXPECT_FALSE(parse_crediting_period("22-23").has_value());
}

}  // namespace
