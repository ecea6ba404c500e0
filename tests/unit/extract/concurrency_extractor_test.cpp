// ConcurrencyExtractor: worker starts, waits, sleeps, delays and assertions, in source order.
#include "ExtractTestSupport.h"

namespace parready {
namespace {

/// "kind@line api amount/unit" for each event of `function`, in order.
std::vector<std::string> eventsOf(const Function *function) {
  std::vector<std::string> events;
  if (!function)
    return events;
  for (const ConcurrencyEvent &event : function->concurrency) {
    std::string text = std::string(toString(event.kind)) + "@" + std::to_string(event.location.line) + " " + event.api;
    if (event.kind == ConcurrencyEventKind::Sleep || event.kind == ConcurrencyEventKind::Delay)
      text += " " + event.amount.text + "x" + std::to_string(event.unitNanoseconds);
    events.push_back(text);
  }
  return events;
}

TEST_F(ExtractTest, StartsSleepsWaitsAndAssertionsInSourceOrder) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
#include <chrono>
#include <future>
#include <thread>
using namespace std::chrono_literals;
TEST(T, Sleeps) {
  std::thread worker([] { std::this_thread::sleep_for(5ms); });
  std::thread moved(std::move(worker));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(1, 1);
  moved.join();
  auto result = std::async(std::launch::async, [] { return 1; });
  for (int i = 0; i < 10; ++i)
    std::this_thread::sleep_for(10ms);
  std::this_thread::sleep_for(2s);
  usleep(2500);
  EXPECT_EQ(result.get(), 1);
}
)");
  ASSERT_TRUE(facts.parsedCleanly) << (facts.diagnostics.empty() ? "" : facts.diagnostics[0].message);
  EXPECT_EQ(eventsOf(testBody(facts, 0)),
            (std::vector<std::string>{
                "worker-start@15 std::thread::thread", // the move at line 16 starts nothing; the lambda's sleep runs on the worker
                "sleep@17 std::this_thread::sleep_for 100x1000000",
                "assertion@18 EXPECT_EQ",
                "wait@19 std::thread::join",
                "worker-start@20 std::async",          // the loop's sleep polls: not recorded
                "sleep@23 std::this_thread::sleep_for 2x1000000000",
                "sleep@24 usleep 2500x1000",
                "wait@25 std::future::get", // inside the assertion: it runs first
                "assertion@25 EXPECT_EQ",
            }));
}

TEST_F(ExtractTest, DurationsHandedToCallsAndSleepsThroughParameters) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
#include <chrono>
#include <thread>
#include <vector>
void flush_every(std::chrono::milliseconds period);
void nap(unsigned millis) { std::this_thread::sleep_for(std::chrono::milliseconds(millis)); }
void pool() {
  std::vector<std::thread> threads;
  threads.emplace_back([] {});
  std::vector<int> numbers;
  numbers.emplace_back(1);
}
TEST(T, Delays) {
  flush_every(std::chrono::seconds(1));
  const auto pause = std::chrono::milliseconds(1250);
  std::this_thread::sleep_for(pause);
}
)");
  ASSERT_TRUE(facts.parsedCleanly) << (facts.diagnostics.empty() ? "" : facts.diagnostics[0].message);
  EXPECT_EQ(eventsOf(function(facts, "nap")),
            (std::vector<std::string>{"sleep@14 std::this_thread::sleep_for {param:0}x1000000"}));
  // A vector of threads constructs one; a vector of ints does not.
  EXPECT_EQ(eventsOf(function(facts, "pool")), (std::vector<std::string>{"worker-start@17 std::vector::emplace_back"}));
  EXPECT_EQ(eventsOf(testBody(facts, 0)),
            (std::vector<std::string>{"delay@22 flush_every 1x1000000000",
                                      "sleep@24 std::this_thread::sleep_for 1250x1000000"}));
}

TEST_F(ExtractTest, AConstructorThatStartsAThreadInItsInitialisers) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
#include <chrono>
#include <memory>
#include <thread>
class Flusher {
public:
  explicit Flusher(std::chrono::milliseconds period) : worker_([period] { std::this_thread::sleep_for(period); }) {}
private:
  std::thread worker_;
};
std::unique_ptr<Flusher> flush_every(std::chrono::milliseconds period) { return std::make_unique<Flusher>(period); }
)");
  ASSERT_TRUE(facts.parsedCleanly) << (facts.diagnostics.empty() ? "" : facts.diagnostics[0].message);
  EXPECT_EQ(eventsOf(function(facts, "Flusher::Flusher")),
            (std::vector<std::string>{"worker-start@15 std::thread::thread"}));
  const Function *factory = function(facts, "flush_every");
  ASSERT_NE(factory, nullptr);
  ASSERT_EQ(factory->calls.size(), 1u);
  EXPECT_EQ(factory->calls[0].calleeName, "Flusher::Flusher");
}

} // namespace
} // namespace parready
