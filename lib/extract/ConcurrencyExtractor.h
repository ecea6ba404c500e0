// Extractor: worker starts, waits, sleeps, delays and assertions, in order.
#pragma once

#include "extract/BodyContext.h"
#include "extract/MacroRecorder.h"

#include <optional>

namespace parready {

/// A duration as written: `amount` units of `unitNanoseconds` each.
struct WrittenDuration {
  AbstractValue amount;
  uint64_t unitNanoseconds = 0;
};

/// Nanoseconds per tick of a duration class (std::chrono::milliseconds, any
/// `duration<Rep, ratio<N, D>>`: a template whose second argument is a ratio
/// of two integers); nullopt for any other type.
std::optional<uint64_t> tickNanoseconds(clang::QualType type);

/// Records, in one body, the calls that order it against concurrent work:
/// catalogued worker starts (`starts_worker`, and a container of workers
/// constructing one, `constructs_element`), waits (`waits_for_worker`),
/// fixed sleeps outside loops (`sleeps`: a sleep inside a loop is a polling
/// loop that re-checks its condition) and durations handed to the user's
/// calls (`flush_every(1s)`: the period the test waits for). Nothing inside
/// a lambda counts: a lambda runs where it is called (often on the worker).
class ConcurrencyExtractor : public BodyExtractor {
public:
  using BodyExtractor::BodyExtractor;
  void onApiCall(const Invocation &call, const ApiEntry &entry);
  void onUserCall(const Invocation &call);
  void enterLambda() { ++Lambdas; }
  void leaveLambda() { --Lambdas; }

  /// The duration `expr` denotes, when it is a duration object; its amount
  /// is unknown where the value is not known at compile time.
  std::optional<WrittenDuration> durationOf(const clang::Expr *expr);

private:
  /// Does the construction or emplacement start a worker?
  bool startsWorker(const Invocation &call, const ApiEntry &entry) const;
  void record(ConcurrencyEventKind kind, const Invocation &call, const std::string &api,
              WrittenDuration duration = {});

  unsigned Lambdas = 0;
};

/// Adds the catalog's assertion macros used in `function`'s body (outside
/// lambdas; only in functions of the main file: the test's own code) to its
/// concurrency events, and puts the events in source order.
void recordAssertions(const clang::FunctionDecl *function, const MacroUses &uses, SourceLocator &locator,
                      Function &out);

} // namespace parready
