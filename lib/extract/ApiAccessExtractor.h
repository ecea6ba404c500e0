// Extractor: resource accesses through the library APIs the catalogs describe.
#pragma once

#include "extract/BodyContext.h"

namespace parready {

/// Records what a catalogued call does to a resource (fopen(path, "w")
/// writes a path, bind() takes a port, chdir() moves the working directory):
/// the operand the catalog names, evaluated, with the access mode the
/// catalog fixes or the call's own mode argument decides. Accesses that
/// share nothing (port 0, /dev/null) are not recorded.
class ApiAccessExtractor : public BodyExtractor {
public:
  using BodyExtractor::BodyExtractor;
  void onApiCall(const Invocation &call, const ApiEntry &entry);

private:
  /// The catalog's mode, or the one the call's mode operand gives; an
  /// operand the caller passes in is kept for link to decide per call.
  void decideMode(const ArgumentAccess &spec, const std::vector<const clang::Expr *> &operands, Access &access);
  /// A project catalog entry (.parready.json) names an operand the call
  /// lacks: one warning per entry and TU, at the call.
  void reportMissingOperand(const Invocation &call, const ApiEntry &entry, unsigned operand);
};

} // namespace parready
