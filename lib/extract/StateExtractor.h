// Extractor: mutable global and field state that tests may share.
#pragma once

#include "extract/BodyContext.h"

namespace parready {

/// Records the body's reads and writes of mutable globals (a singleton's
/// static, a global object, through members, subscripts and methods) as
/// Global accesses, marking the writes that replace the whole state
/// (`g = 0`, `registry.clear()`), and what it assigns to tracked state
/// (`Settings::instance().dir = ...`, mkstemp(tmpl_)), which link uses to
/// fill {global:...} placeholders per test.
class StateExtractor : public BodyExtractor {
public:
  using BodyExtractor::BodyExtractor;
  /// `target = value` or `target += value` (built-in or overloaded).
  void onAssignment(const clang::Expr *target, const clang::Expr *value, bool appends, clang::SourceLocation where);
  /// A variable or a field of one (`g`, `Settings::instance().dir`) used
  /// for its value. Pre-order: the field comes before its object, so the
  /// read names the field.
  void onRead(const clang::Expr *use);
  /// `assigns`: a plain `target = value`, which replaces what the target
  /// held when the target is a variable or a field of one (`++g`, `g += 1`
  /// and `g[key] = v` change what is there).
  void onWrite(const clang::Expr *target, clang::SourceLocation where, bool assigns);
  /// A catalogued call that makes its argument unique in place: mkstemp(tmpl_).
  void onApiCall(const Invocation &call, const ApiEntry &entry);
  /// A call on a global object: a non-const method may mutate it, whoever
  /// implements it (std::string::operator=, vector::push_back), a const one
  /// reads it. A singleton accessor (`Registry::instance()`) reads its static
  /// where it is called, not in its own body: taking the reference is no use
  /// of the state.
  void onCall(const Invocation &call);

private:
  /// The {global:...} name of the tracked state an lvalue denotes, or "".
  std::string trackedName(const clang::Expr *target) const;
  struct GlobalTarget;
  /// The mutable global (or Meyers-singleton static, or catalogued
  /// singleton) an lvalue refers to.
  GlobalTarget globalTarget(const clang::Expr *expr) const;
  /// "Config::instance()" when the catalog says `accessor` returns a
  /// singleton (a user's .parready.json, for an accessor defined out of sight).
  std::string declaredSingleton(const clang::FunctionDecl *accessor) const;
  void recordGlobal(const GlobalTarget &target, AccessMode mode, clang::SourceLocation where, bool overwrites = false);
  /// What named the state of the last access recorded: the reads met inside
  /// a write or a call (`++g`, the `instance()` of `instance().add(x)`) are
  /// that access, not uses of their own.
  const clang::Expr *LastNamed = nullptr;
};

/// What tracked state holds before any assignment runs: each tracked field
/// or global with its initialiser, into `facts.initialValues`.
void recordInitialValues(TranslationUnitScope &scope, TranslationUnitFacts &facts);

} // namespace parready
