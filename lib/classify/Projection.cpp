#include "classify/Projection.h"

#include <algorithm>
#include <set>

namespace parready {

namespace {

struct Task {
  std::string name;
  double seconds = 0;
  std::set<std::string> locks;
  bool runSerial = false;
};

/// Event-driven list scheduling, as cmCTestMultiProcessHandler starts tests:
/// whenever a slot frees, walk the pending tests in order and start every one
/// whose locks are free (a serial one only on an idle machine).
double makespan(std::vector<Task> tasks, unsigned workers) {
  std::stable_sort(tasks.begin(), tasks.end(), [](const Task &a, const Task &b) { return a.seconds > b.seconds; });
  struct Running {
    double end;
    const Task *task;
  };
  std::vector<Running> running;
  std::vector<const Task *> pending;
  for (const Task &task : tasks)
    pending.push_back(&task);
  double now = 0;
  while (!pending.empty() || !running.empty()) {
    for (auto it = pending.begin(); it != pending.end() && running.size() < workers;) {
      const Task &task = **it;
      bool serialRunning = std::any_of(running.begin(), running.end(), [](const Running &r) { return r.task->runSerial; });
      bool lockHeld = std::any_of(running.begin(), running.end(), [&](const Running &r) {
        return std::any_of(task.locks.begin(), task.locks.end(), [&](const std::string &lock) { return r.task->locks.count(lock); });
      });
      if (serialRunning || lockHeld || (task.runSerial && !running.empty())) {
        ++it;
        continue;
      }
      running.push_back({now + task.seconds, &task});
      it = pending.erase(it);
    }
    if (running.empty())
      break; // cannot happen: an idle machine starts the first pending test
    auto next = std::min_element(running.begin(), running.end(),
                                 [](const Running &a, const Running &b) { return a.end < b.end; });
    now = next->end;
    running.erase(next);
  }
  return now;
}

double median(std::vector<double> values) {
  if (values.empty())
    return 0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

enum class Locks { None, Plan, SerialOnly };

} // namespace

ScheduleProjection projectSchedule(const RunnerPlan &plan, const std::map<std::string, double> &seconds,
                                   unsigned workers, const std::string &source) {
  std::set<std::string> serialLocks;
  for (const TestLock &lock : plan.locks)
    if (lock.verdict == Verdict::Serial)
      serialLocks.insert(lock.name);

  size_t byCase = 0, byProgram = 0;
  for (const PlannedTest &test : plan.tests)
    byCase += seconds.count(test.name);
  for (const PlannedTest &program : plan.programs)
    byProgram += seconds.count(program.name);
  // Durations of whole programs (add_test per executable): schedule those.
  const std::vector<PlannedTest> &planned = byProgram > byCase ? plan.programs : plan.tests;
  std::vector<Task> base;
  for (const PlannedTest &test : planned)
    base.push_back({test.name, 0, {test.locks.begin(), test.locks.end()}, test.runSerial});

  ScheduleProjection projection;
  projection.source = source;
  projection.workers = workers;
  std::vector<double> measured;
  for (Task &task : base)
    if (auto it = seconds.find(task.name); it != seconds.end()) {
      task.seconds = it->second;
      measured.push_back(it->second);
      ++projection.testsTimed;
    }
  double fallback = median(measured);
  for (Task &task : base)
    if (!seconds.count(task.name)) {
      task.seconds = fallback;
      ++projection.testsUntimed;
    }

  auto variant = [&](Locks locks) {
    std::vector<Task> tasks = base;
    for (Task &task : tasks) {
      if (locks == Locks::None) {
        task.locks.clear();
        task.runSerial = false;
      } else if (locks == Locks::SerialOnly) {
        std::erase_if(task.locks, [&](const std::string &lock) { return !serialLocks.count(lock); });
      }
    }
    return tasks;
  };
  for (const Task &task : base)
    projection.serialSeconds += task.seconds;
  projection.unlockedSeconds = makespan(variant(Locks::None), workers);
  projection.withLocksSeconds = makespan(variant(Locks::Plan), workers);
  projection.afterFixesSeconds = makespan(variant(Locks::SerialOnly), workers);
  return projection;
}

} // namespace parready
