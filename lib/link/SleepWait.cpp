#include "link/SleepWait.h"

#include <algorithm>
#include <charconv>

namespace parready {

std::optional<uint64_t> milliseconds(const AbstractValue &amount, uint64_t unitNanoseconds) {
  if (amount.kind != ValueKind::Const || unitNanoseconds == 0)
    return std::nullopt;
  uint64_t count = 0;
  const char *end = amount.text.data() + amount.text.size();
  auto [stop, error] = std::from_chars(amount.text.data(), end, count);
  if (error != std::errc() || stop != end)
    return std::nullopt;
  return count * unitNanoseconds / 1000000;
}

std::vector<FoundSleepWait> findSleepWaits(const std::vector<ReachedEvent> &ordered) {
  std::vector<FoundSleepWait> found;
  std::optional<size_t> worker;       // the start nothing has waited for yet
  std::vector<size_t> sleeps;         // since that start
  uint64_t delay = 0;                 // the longest duration handed to a call since the last wait
  for (size_t index = 0; index < ordered.size(); ++index) {
    const ConcurrencyEvent &event = ordered[index].event;
    switch (event.kind) {
    case ConcurrencyEventKind::WorkerStart:
      if (!worker)
        worker = index;
      break;
    case ConcurrencyEventKind::Wait:
      worker.reset();
      sleeps.clear();
      delay = 0;
      break;
    case ConcurrencyEventKind::Delay:
      delay = std::max(delay, milliseconds(event.amount, event.unitNanoseconds).value_or(0));
      break;
    case ConcurrencyEventKind::Sleep:
      if (worker && !ordered[index].inLoop)
        sleeps.push_back(index);
      break;
    case ConcurrencyEventKind::Assertion: {
      if (sleeps.empty())
        break;
      const ReachedEvent &start = ordered[*worker];
      FoundSleepWait sleepWait{{start.event.api, start.event.location, uint64_t{0}, delay, event.api, event.location},
                               sleeps.back(),
                               start.throughVirtualCall};
      for (size_t sleep : sleeps) {
        const ConcurrencyEvent &pause = ordered[sleep].event;
        std::optional<uint64_t> length = milliseconds(pause.amount, pause.unitNanoseconds);
        if (!length || !sleepWait.wait.milliseconds)
          sleepWait.wait.milliseconds.reset();
        else
          *sleepWait.wait.milliseconds += *length;
        sleepWait.throughVirtualCall |= ordered[sleep].throughVirtualCall;
      }
      found.push_back(std::move(sleepWait));
      sleeps.clear();
      break;
    }
    }
  }
  return found;
}

} // namespace parready
