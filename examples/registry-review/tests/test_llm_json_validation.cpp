// SAFE: pure validation of LLM answers in memory, no I/O, no shared state.
#include <gtest/gtest.h>

#include <string>

#include "registry/text.h"

using namespace registry;

namespace {

TEST(LlmJsonValidation, AcceptsPlainObject) {
    const auto check = validate_llm_json("{\"project_id\": \"C06-4997\", \"dates\": []}", {"project_id", "dates"});
    EXPECT_TRUE(check.ok) << check.error;
    EXPECT_EQ(check.object, "{\"project_id\": \"C06-4997\", \"dates\": []}");
}

TEST(LlmJsonValidation, FindsObjectInsideFencesAndProse) {
    const auto check = validate_llm_json(
        "Here is the extraction:\n```json\n{\"land_tenure\": \"freehold {title}\"}\n```\nHope it helps.",
        {"land_tenure"});
    EXPECT_TRUE(check.ok) << check.error;
    EXPECT_EQ(check.object, "{\"land_tenure\": \"freehold {title}\"}");
}

TEST(LlmJsonValidation, RejectsTruncatedAnswer) {
    EXPECT_EQ(validate_llm_json("{\"dates\": [\"2022-01-01\"", {}).error, "unbalanced brackets");
    EXPECT_EQ(validate_llm_json("{\"dates\": \"2022-01-01", {}).error, "unterminated string");
    EXPECT_EQ(validate_llm_json("I could not find any dates.", {}).error, "no JSON object in the answer");
}

TEST(LlmJsonValidation, RejectsMismatchedBracketsAndMissingKeys) {
    EXPECT_FALSE(validate_llm_json("{\"dates\": [}", {}).ok);
    const auto check = validate_llm_json("{\"value\": \"project_id\"}", {"project_id"});
    EXPECT_FALSE(check.ok);
    EXPECT_EQ(check.error, "missing key: project_id");
}

}  // namespace
