// Speed-up projection: how long the suite takes with N workers, from measured
// test durations and the runner plan's locks.
#pragma once

#include "classify/Result.h"

#include <map>
#include <string>

namespace parready {

/// Replays CTest's scheduler (longest tests first; a test waits while a
/// running test holds one of its locks; a RUN_SERIAL test runs alone) four
/// ways: serially, unlocked, with the plan, and with only the serial hazards
/// left. `seconds` is by test name; a suite run as whole-file tests
/// (add_test per executable) is matched by the test files' stems.
ScheduleProjection projectSchedule(const RunnerPlan &plan, const std::map<std::string, double> &seconds,
                                   unsigned workers, const std::string &source);

} // namespace parready
