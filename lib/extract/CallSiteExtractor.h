// Extractor: the body's calls into user code, which link follows.
#pragma once

#include "extract/BodyContext.h"

namespace parready {

/// Records the calls a body makes into user-written functions: the callee's
/// USR, each argument's value, the fields of the object it runs on (its
/// construction decides them), whether the call dispatches virtually and on
/// what object (its class, when the code that built it shows it);
/// and the destructor a local object of a user type runs at scope exit
/// (RAII cleanup such as a TempDir that removes its directory), and the
/// constructor a factory (make_shared<T>) runs.
class CallSiteExtractor : public BodyExtractor {
public:
  using BodyExtractor::BodyExtractor;
  void onUserCall(const Invocation &call);
  /// make_shared<T>(args) (`constructs_object`): runs T's constructor with
  /// the operands, when the user wrote T and one constructor takes them.
  void onObjectFactory(const Invocation &call);
  void onLocalVariable(const clang::VarDecl *variable);

private:
  CallSite &recordCall(const clang::FunctionDecl *callee, clang::SourceLocation where,
                       const std::vector<const clang::Expr *> &arguments);
};

} // namespace parready
