// Which values are clock readings, found by what the code does (a project's
// now() that calls clock_gettime), not by names.
#pragma once

#include "extract/TranslationUnitScope.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace parready {

/// Whether a value is computed from a clock read: certainly (a catalogued
/// clock, `reads_clock`, or a function of this TU that returns one), or only
/// if one of the functions it calls that other TUs define returns one (their
/// USRs: link decides, Function::returnsClockThrough).
struct ClockDependence {
  bool certain = false;
  std::set<std::string> through;

  bool possible() const { return certain || !through.empty(); }
  /// Both contribute to the value: either makes it a clock reading.
  void add(const ClockDependence &other);
};

/// The functions of the TU that return a clock reading (`ms_now()` over
/// clock_gettime, `Stopwatch::elapsed()`, a wrapper of those), each body
/// looked at once, lazily.
class ClockWrappers {
public:
  explicit ClockWrappers(TranslationUnitScope &scope) : Scope(scope) {}
  /// What a call of `function` returns: a catalogued clock; a function with
  /// a body here, by its returns; one declared only, by its USR (another TU
  /// may define it); a function of a system header or returning no value
  /// that could hold a time (void, bool) is none.
  ClockDependence returnOf(const clang::FunctionDecl *function);
  /// Does what `callee` returns carry the values it is given? A generic
  /// algorithm does (duration_cast, std::max, std::accumulate), a library
  /// function returning a real number does (difftime, fabs), a function of
  /// the TU does when what it returns uses its parameters; snprintf's count
  /// of characters, or the result of a function not seen, does not.
  bool carriesArguments(const clang::FunctionDecl *callee);
  const ApiCatalog &catalog() const { return Scope.catalog; }

private:
  TranslationUnitScope &Scope;
  /// nullopt while its body is being looked at (recursion).
  std::map<const clang::FunctionDecl *, std::optional<ClockDependence>> Returns;
  std::map<const clang::FunctionDecl *, bool> Carries;
};

/// Which values of one function body hold clock readings. Flow-insensitive:
/// a variable is a clock reading when it is initialised or assigned from one
/// (`auto start = now();`, `elapsed = end - start`), filled by a clock
/// (`clock_gettime(CLOCK_MONOTONIC, &ts)`), or holds elapsed times put into
/// it (`samples.push_back(elapsed)`, `v[i] = elapsed`); an expression is one
/// when it reads a clock, calls a wrapper or a lambda of the body that
/// returns one, or computes from one (`v[v.size() / 2]`, `*max_element(..)`,
/// `accumulate(..) / n`), except what cannot be a time: a truth value or an
/// element count (`v.size()`).
class ClockValues {
public:
  ClockValues(ClockWrappers &wrappers, const clang::Stmt *body);
  ClockDependence of(const clang::Expr *expr) const;
  /// The variables holding clock readings, by name: macro arguments are text.
  const std::map<std::string, ClockDependence> &namesOfClockValues() const { return Names; }

private:
  ClockWrappers &Wrappers;
  std::map<const clang::VarDecl *, ClockDependence> Variables;
  /// The return values of the lambdas written in the body, by call operator.
  std::map<const clang::FunctionDecl *, std::vector<const clang::Expr *>> LambdaReturns;
  std::map<std::string, ClockDependence> Names;
};

/// The return statements' values of a body, not of the lambdas inside it.
std::vector<const clang::Expr *> returnedValues(const clang::Stmt *body);

} // namespace parready
