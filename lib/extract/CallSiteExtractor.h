// Extractor: the body's calls into user code, which link follows.
#pragma once

#include "extract/BodyContext.h"

#include <set>

namespace parready {

/// Records the calls a body makes into user-written functions: the callee's
/// USR, each argument's value, the fields of the object it runs on (its
/// construction decides them), whether the call dispatches virtually and on
/// what object (its class, when the code that built it shows it);
/// and the destructor a local object of a user type runs at scope exit
/// (RAII cleanup such as a TempDir that removes its directory), the
/// constructor a factory (make_shared<T>) runs, and the user functions the
/// body hands on by address, which run as callbacks while the test runs
/// (see onFunctionReference).
class CallSiteExtractor : public BodyExtractor {
public:
  using BodyExtractor::BodyExtractor;
  void onUserCall(const Invocation &call);
  /// make_shared<T>(args) (`constructs_object`): runs T's constructor with
  /// the operands, when the user wrote T and one constructor takes them.
  void onObjectFactory(const Invocation &call);
  void onLocalVariable(const clang::VarDecl *variable);
  /// A use of a function other than calling it, or of a global table of
  /// functions: Unity's RUN_TEST(test_bind) passes the test to the runner,
  /// acutest's main walks the TEST_LIST array, pthread_create and
  /// std::thread take the worker. Whatever receives the function calls it
  /// while the test runs, so the body counts as calling it, with arguments
  /// nobody knows.
  void onFunctionReference(const clang::DeclRefExpr *reference);

private:
  CallSite &recordCall(const clang::FunctionDecl *callee, clang::SourceLocation where,
                       const std::vector<const clang::Expr *> &arguments);
  /// A user function with code parready follows (not a library API).
  bool isFollowedUserFunction(const clang::FunctionDecl *function) const;
  /// Functions already recorded as handed on, so that a table read in ten
  /// places is one call per entry.
  std::set<const clang::FunctionDecl *> HandedOn;
};

} // namespace parready
