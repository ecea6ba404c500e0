// TimingAssertionExtractor: upper bounds on elapsed wall-clock time.
#include "ExtractTestSupport.h"

#include "extract/TimingAssertionExtractor.h"
#include "extract/TimingBound.h"

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
  EXPECT_EQ(bound.bound, "std::chrono::milliseconds(150)");
  EXPECT_EQ(bound.boundSeconds, 0.15);
  EXPECT_TRUE(bound.clockThrough.empty());
  EXPECT_TRUE(accessesAt(facts, 16).empty()); // a lower bound holds under load
  EXPECT_EQ(onlyAccessAt(facts, 17, ResourceKind::Clock).api, "EXPECT_TRUE"); // spells the clock read itself
  EXPECT_TRUE(accessesAt(facts, 19).empty()); // a count, not a time
}

TEST_F(ExtractTest, ClockWrappersAreFoundByWhatTheyDo) {
  TranslationUnitFacts facts = extract(R"(
#include <time.h>
#include <stdlib.h>
static long ms_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
long since(long start) { return ms_now() - start; }
long elsewhere(void);
long remote(void) { return elsewhere() + 1; }
int count(void) { return 3; }
void test(void) {
  long start = ms_now();
  if (since(start) > 50) abort();
  if (count() > 5) abort();
  long t0 = elsewhere();
  if (elsewhere() - t0 > 20) abort();
  while (ms_now() < start + 100) {}
}
)",
                                       {"-x", "c", "-std=gnu11"});
  ASSERT_TRUE(facts.parsedCleanly) << (facts.diagnostics.empty() ? "" : facts.diagnostics[0].message);
  const Function *since = function(facts, "since");
  ASSERT_NE(since, nullptr);
  EXPECT_TRUE(since->returnsClock); // a wrapper of a wrapper
  const Function *remote = function(facts, "remote");
  ASSERT_NE(remote, nullptr);
  EXPECT_FALSE(remote->returnsClock);
  EXPECT_EQ(remote->returnsClockThrough.size(), 1u); // link decides: elsewhere() is in another TU
  EXPECT_FALSE(function(facts, "count")->returnsClock);
  EXPECT_TRUE(function(facts, "count")->returnsClockThrough.empty());

  Access local = onlyAccessAt(facts, 15, ResourceKind::Clock);
  EXPECT_EQ(local.api, "abort");
  EXPECT_EQ(local.bound, "50");
  EXPECT_TRUE(local.clockThrough.empty());
  EXPECT_TRUE(accessesAt(facts, 16).empty()); // a count, not a time
  Access remoteRead = onlyAccessAt(facts, 18, ResourceKind::Clock);
  EXPECT_EQ(remoteRead.clockThrough, remote->returnsClockThrough);
  EXPECT_TRUE(accessesAt(facts, 19).empty()); // a wait loop asserts nothing
}

TEST_F(ExtractTest, AssertionsOfAnyFormBoundElapsedTimes) {
  TranslationUnitFacts facts = extract(R"(
#include <assert.h>
#include <stdio.h>
#include <time.h>
#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s\n", #c); abort(); } } while (0)
void abort(void);
int main(void) {
  time_t start = time(NULL);
  double d = difftime(time(NULL), start);
  assert(d > -15 && d < 15);
  CHECK(!(d >= 2));
  assert(d > 1);
  long elapsed_ms = (long)(d * 1000);
  if (elapsed_ms > 100) { printf("slow\n"); return 1; }
  if (elapsed_ms > 100) { printf("slow\n"); return 0; }
  printf("%ld\n", elapsed_ms);
  return 0;
}
)",
                                       {"-x", "c", "-std=gnu11"});
  ASSERT_TRUE(facts.parsedCleanly) << (facts.diagnostics.empty() ? "" : facts.diagnostics[0].message);
  Access both = onlyAccessAt(facts, 10, ResourceKind::Clock);
  EXPECT_EQ(both.api, "assert");
  EXPECT_EQ(both.bound, "15");
  EXPECT_EQ(onlyAccessAt(facts, 11, ResourceKind::Clock).api, "CHECK");
  EXPECT_EQ(onlyAccessAt(facts, 11, ResourceKind::Clock).bound, "2");
  EXPECT_TRUE(accessesAt(facts, 12).empty()); // a lower bound
  Access exitStatus = onlyAccessAt(facts, 14, ResourceKind::Clock);
  EXPECT_EQ(exitStatus.api, "main's exit status");
  EXPECT_EQ(exitStatus.boundSeconds, 0.1); // the unit from the name elapsed_ms
  EXPECT_TRUE(accessesAt(facts, 15).empty()); // returning 0 passes
  EXPECT_TRUE(accessesAt(facts, 16).empty()); // only printed
}

TEST_F(ExtractTest, ReducedTimingsThroughContainersAndLambdas) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
#include <algorithm>
#include <chrono>
#include <numeric>
#include <vector>
TEST(T, Percentile) {
  auto measure = [] {
    auto t0 = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  };
  std::vector<double> samples;
  for (int i = 0; i < 10; ++i)
    samples.push_back(measure());
  std::sort(samples.begin(), samples.end());
  double p50 = samples[samples.size() / 2];
  double mean = std::accumulate(samples.begin(), samples.end(), 0.0) / samples.size();
  EXPECT_LE(p50, 8);
  EXPECT_LT(mean, 8);
  EXPECT_LE(*std::max_element(samples.begin(), samples.end()), 20);
  EXPECT_LE(samples.size(), 10u);
}
)");
  ASSERT_TRUE(facts.parsedCleanly) << (facts.diagnostics.empty() ? "" : facts.diagnostics[0].message);
  EXPECT_EQ(onlyAccessAt(facts, 25, ResourceKind::Clock).bound, "8");
  EXPECT_EQ(onlyAccessAt(facts, 26, ResourceKind::Clock).api, "EXPECT_LT");
  EXPECT_EQ(onlyAccessAt(facts, 27, ResourceKind::Clock).api, "EXPECT_LE");
  EXPECT_TRUE(accessesAt(facts, 28).empty()); // how many, not how long
}

TEST(TimingAssertion, TheSidesOfAComparisonAsWritten) {
  auto bounded = [](const std::string &text) {
    std::optional<UpperBound> side = upperBoundOf(text);
    return side ? std::optional<std::string>(side->bounded) : std::nullopt;
  };
  EXPECT_EQ(bounded("elapsed < 100ms"), "elapsed");
  EXPECT_EQ(bounded("elapsed <= limit"), "elapsed");
  EXPECT_EQ(bounded("limit > elapsed"), "elapsed");
  EXPECT_EQ(upperBoundOf("limit > elapsed")->bound, "limit");
  EXPECT_EQ(bounded("duration_cast<ms>(d) < 100"), "duration_cast<ms>(d)");
  EXPECT_EQ(upperBoundOf("duration_cast<ms>(d) < 100")->bound, "100");
  EXPECT_EQ(bounded("f(a < b)"), std::nullopt); // inside parentheses
  EXPECT_EQ(bounded("a << 2"), std::nullopt);
  EXPECT_EQ(bounded("ok"), std::nullopt);
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

TEST(TimingAssertion, BoundsAreMeasuredInSeconds) {
  ApiCatalog catalog;
  ASSERT_EQ(catalog.loadText(R"({"schema": "parready-api-catalog/1", "duration_units": [
    {"spelling": "ms", "seconds": 0.001}, {"spelling": "s", "seconds": 1},
    {"spelling": "milliseconds", "seconds": 0.001}, {"spelling": "seconds", "seconds": 1}]})",
                             "test"),
            "");
  const std::map<std::string, double> &units = catalog.durationUnits();
  EXPECT_EQ(timingBoundSeconds("150ms", "elapsed", units), 0.15);
  EXPECT_EQ(timingBoundSeconds(" 1.5s", "elapsed", units), 1.5);
  EXPECT_EQ(timingBoundSeconds("std::chrono::milliseconds(150)", "elapsed", units), 0.15);
  EXPECT_EQ(timingBoundSeconds("seconds{2}", "elapsed", units), 2.0);
  EXPECT_EQ(timingBoundSeconds("(30)", "std::chrono::duration_cast<std::chrono::seconds>(d).count()", units), 30.0);
  EXPECT_EQ(timingBoundSeconds("0.5", "std::chrono::duration<double>(end - start).count()", units), 0.5);
  EXPECT_EQ(timingBoundSeconds("100", "elapsed_ms", units), 0.1);
  EXPECT_EQ(timingBoundSeconds("100u", "elapsedMs", units), 0.1);
  // Unknown stays unknown: no unit, a one-letter name suffix, no constant.
  EXPECT_EQ(timingBoundSeconds("100", "elapsed", units), std::nullopt);
  EXPECT_EQ(timingBoundSeconds("100", "elapsed_s", units), std::nullopt);
  EXPECT_EQ(timingBoundSeconds("wait + 250ms", "elapsed", units), std::nullopt);
  EXPECT_EQ(timingBoundSeconds("150 * kScale", "elapsed_ms", units), std::nullopt);
  EXPECT_EQ(timingBoundSeconds("100fortnights", "elapsed", units), std::nullopt);
  EXPECT_EQ(timingBoundSeconds("(1) + (2)", "elapsed_ms", units), std::nullopt);
  EXPECT_EQ(trimmedExpression(" ((50)) "), "50");
  EXPECT_EQ(trimmedExpression("(a) + (b)"), "(a) + (b)");
}

} // namespace
} // namespace parready
