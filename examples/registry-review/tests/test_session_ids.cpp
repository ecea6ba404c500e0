// SAFE: pure session-id generation (std::random_device / mt19937) in memory, no I/O, no shared state.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "registry/session_store.h"
#include "registry/text.h"

using namespace registry;

namespace {

TEST(SessionIds, HaveThePrefixAndSixteenHexDigits) {
    const std::string id = make_session_id("review");
    EXPECT_EQ(id.rfind("review-", 0), 0u);
    EXPECT_EQ(id.size(), std::string("review-").size() + 16);
    EXPECT_TRUE(is_valid_session_id(id)) << id;
}

TEST(SessionIds, DefaultPrefixIsSession) {
    EXPECT_EQ(make_session_id().rfind("session-", 0), 0u);
}

TEST(SessionIds, AreUniqueAcrossManyCalls) {
    std::set<std::string> ids;
    for (int i = 0; i < 10000; ++i) ids.insert(make_session_id("test"));
    EXPECT_EQ(ids.size(), 10000u);
}

TEST(SessionIds, ValidatorRejectsForeignIds) {
    EXPECT_FALSE(is_valid_session_id("session-XYZ"));
    EXPECT_FALSE(is_valid_session_id("session_0123456789abcdef"));
    EXPECT_TRUE(is_valid_session_id("test-ux-0123456789abcdef"));
}

}  // namespace
