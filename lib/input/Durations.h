// Measured test durations, read from what test runners already write: the
// input of the speed-up projection (--durations).
#pragma once

#include <string>
#include <vector>

namespace parready {

struct TestDuration {
  std::string name;   ///< as the runner knows the test: the ctest name, "Suite.Test" for GoogleTest
  double seconds = 0; ///< one run
};

enum class DurationFormat { CTestCostData, GoogleTestXml, JUnitXml };

/// Reads CTest's Testing/Temporary/CTestCostData.txt, a GoogleTest XML report
/// (--gtest_output=xml) or a JUnit XML report (ctest --output-junit, Catch2's
/// and doctest's junit reporters), recognised by content. Catch2's sections
/// of one test case add up to the case. Returns "" or a one-line error
/// starting with `origin`; on error `durations` is empty.
std::string parseDurations(const std::string &text, const std::string &origin, std::vector<TestDuration> &durations,
                           DurationFormat *format = nullptr);
/// Same, from a file.
std::string readDurations(const std::string &path, std::vector<TestDuration> &durations,
                          DurationFormat *format = nullptr);

} // namespace parready
