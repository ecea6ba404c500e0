// The durations reader (--durations): CTestCostData.txt, GoogleTest XML and
// JUnit XML written by other tools, any of them truncated or foreign.
#include "FuzzTarget.h"

#include "input/Durations.h"

#include <cmath>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace parready;
  const std::string origin = "fuzz-durations";
  std::vector<TestDuration> durations;
  std::string error = parseDurations(fuzz::text(data, size), origin, durations);
  fuzz::checkError(error, origin);
  if (!error.empty() && !durations.empty())
    fuzz::broken("on error no durations are returned", error);
  for (const TestDuration &duration : durations)
    if (!std::isfinite(duration.seconds) || duration.seconds < 0)
      fuzz::broken("a duration is a finite number of seconds", duration.name + ": " + std::to_string(duration.seconds));
  return 0;
}
