// TimingAssertionExtractor: upper bounds on elapsed wall-clock time.
#include "ExtractTestSupport.h"

#include "extract/TimingAssertionExtractor.h"

namespace parready {
namespace {

TEST_F(ExtractTest, UpperBoundsOnElapsedTimeReadTheClock) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
#include <chrono>
using Clock = std::chrono::steady_clock;
TEST(T, Timing) {
  auto start = Clock::now();
  auto elapsed = Clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::milliseconds(150));
  EXPECT_GT(elapsed, std::chrono::milliseconds(1));
  EXPECT_TRUE(Clock::now() - start < std::chrono::seconds(1));
  int retries = 3;
  EXPECT_LT(retries, 5);
}
)");
  ASSERT_TRUE(facts.parsedCleanly) << (facts.diagnostics.empty() ? "" : facts.diagnostics[0].message);
  Access bound = onlyAccessAt(facts, 15, ResourceKind::Clock);
  EXPECT_EQ(bound.api, "EXPECT_LT");
  EXPECT_EQ(bound.mode, AccessMode::Read);
  EXPECT_EQ(bound.value, AbstractValue::constant("wall-clock"));
  EXPECT_TRUE(accessesAt(facts, 16).empty()); // a lower bound holds under load
  EXPECT_EQ(onlyAccessAt(facts, 17, ResourceKind::Clock).api, "EXPECT_TRUE"); // spells the clock read itself
  EXPECT_TRUE(accessesAt(facts, 19).empty()); // a count, not a time
}

TEST(TimingAssertion, TheBoundedOperandOfAComparisonAsWritten) {
  EXPECT_EQ(upperBoundedOperand("elapsed < 100ms"), "elapsed");
  EXPECT_EQ(upperBoundedOperand("elapsed <= limit"), "elapsed");
  EXPECT_EQ(upperBoundedOperand("limit > elapsed"), "elapsed");
  EXPECT_EQ(upperBoundedOperand("duration_cast<ms>(d) < 100"), "duration_cast<ms>(d)");
  EXPECT_EQ(upperBoundedOperand("f(a < b)"), std::nullopt); // inside parentheses
  EXPECT_EQ(upperBoundedOperand("a << 2"), std::nullopt);
  EXPECT_EQ(upperBoundedOperand("ok"), std::nullopt);
}

TEST(TimingAssertion, IdentifiersAreMatchedAsWholeWords) {
  EXPECT_TRUE(mentionsIdentifier("elapsed.count()", "elapsed"));
  EXPECT_TRUE(mentionsIdentifier("end - start", "start"));
  EXPECT_FALSE(mentionsIdentifier("restart_count", "start"));
  EXPECT_FALSE(mentionsIdentifier("elapsed_ms", "elapsed"));
}

TEST(TimingAssertion, ClockReadsAreSpeltFromTheCatalog) {
  ApiCatalog catalog;
  ASSERT_EQ(catalog.loadText(R"({"schema": "parready-api-catalog/1", "apis": [
    {"name": "my::Clock::now", "reads_clock": true}, {"name": "other::now", "reads_clock": true},
    {"name": "my::tick", "reads_clock": true}, {"name": "my::sleep"}]})",
                             "test"),
            "");
  EXPECT_EQ(catalog.clockCallSpellings(), (std::vector<std::string>{"now()", "tick()"}));
}

} // namespace
} // namespace parready
