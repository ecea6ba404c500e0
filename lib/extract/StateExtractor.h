// Extractor: mutable global and field state that tests may share.
#pragma once

#include "extract/BodyContext.h"

namespace parready {

/// Records the body's reads and writes of mutable globals (a singleton's
/// static, a global object, through members, subscripts and non-const
/// methods) as Global accesses, and what it assigns to tracked state
/// (`Settings::instance().dir = ...`, mkstemp(tmpl_)), which link uses to
/// fill {global:...} placeholders per test.
class StateExtractor : public BodyExtractor {
public:
  using BodyExtractor::BodyExtractor;
  /// `target = value` or `target += value` (built-in or overloaded).
  void onAssignment(const clang::Expr *target, const clang::Expr *value, bool appends, clang::SourceLocation where);
  void onRead(const clang::Expr *target, clang::SourceLocation where) { recordGlobal(target, AccessMode::Read, where); }
  void onWrite(const clang::Expr *target, clang::SourceLocation where) { recordGlobal(target, AccessMode::Write, where); }
  /// A catalogued call that makes its argument unique in place: mkstemp(tmpl_).
  void onApiCall(const Invocation &call, const ApiEntry &entry);
  /// A non-const member call on a global object may mutate it, whoever
  /// implements the method (std::string::operator=, vector::push_back).
  void onMemberCall(const Invocation &call);

private:
  /// The {global:...} name of the tracked state an lvalue denotes, or "".
  std::string trackedName(const clang::Expr *target) const;
  void recordGlobal(const clang::Expr *target, AccessMode mode, clang::SourceLocation where);
};

/// What tracked state holds before any assignment runs: each tracked field
/// or global with its initialiser, into `facts.initialValues`.
void recordInitialValues(TranslationUnitScope &scope, TranslationUnitFacts &facts);

} // namespace parready
