#include "extract/ApiAccessExtractor.h"

namespace parready {

using namespace clang;

void ApiAccessExtractor::decideMode(const ArgumentAccess &spec, const std::vector<const Expr *> &operands,
                                    Access &access) {
  access.mode = spec.mode;
  if (spec.modeSource == ModeSource::Fixed)
    return;
  access.mode = AccessMode::Write;
  if (spec.modeArgument >= operands.size())
    return;
  ModeOperandKind kind =
      spec.modeSource == ModeSource::FopenMode ? ModeOperandKind::FopenMode : ModeOperandKind::OpenFlags;
  // The flags may sit in a variable (`int flags = O_RDONLY;`).
  AbstractValue operand = Body.evaluator.evaluate(operands[spec.modeArgument]).value;
  access.mode = accessModeOf(kind, operand);
  if (dependsOnParameters(operand)) {
    access.modeOperand = operand;
    access.modeOperandKind = kind;
  }
}

void ApiAccessExtractor::reportMissingOperand(const Invocation &call, const ApiEntry &entry, unsigned operand) {
  std::string message = "the .parready.json entry for '" + entry.name + "' (" + entry.declaredAt +
                        ") reads operand " + std::to_string(operand) + ", but this call has " +
                        std::to_string(call.operands.size()) +
                        " (for a method, operand 0 is the object); fix the entry's index";
  std::vector<ToolDiagnostic> &diagnostics = Body.scope.diagnostics;
  for (const ToolDiagnostic &known : diagnostics)
    if (known.message == message)
      return;
  SourceLocation where = Body.locate(call.where);
  diagnostics.push_back({"warning", message, where, where.path});
}

void ApiAccessExtractor::onApiCall(const Invocation &call, const ApiEntry &entry) {
  const std::vector<const Expr *> &operands = call.operands;
  for (const ArgumentAccess &spec : entry.accesses) {
    if (spec.argument >= operands.size()) {
      // A built-in entry may cover overloads with fewer operands; a
      // project's entry names its own function, and a wrong index there
      // would silently lose every access it declares.
      if (!entry.declaredAt.empty())
        reportMissingOperand(call, entry, spec.argument);
      continue;
    }
    EvaluatedValue value;
    if (spec.socketAddress) {
      std::optional<AbstractValue> stored =
          Body.evaluator.socketAddressValue(operands[spec.argument], call.where, spec.resource);
      if (!stored)
        continue;
      value.value = *stored;
    } else if (spec.optionArray) {
      value.value = Body.evaluator.optionArrayValue(operands[spec.argument], spec, call.where);
      // An option that is not set touches nothing (civetweb without
      // listening_ports listens nowhere).
      if (value.value == AbstractValue::constant(""))
        continue;
    } else {
      value = Body.evaluator.evaluate(operands[spec.argument]);
    }
    // "8080r,8443s": one access per port the option lists.
    for (const AbstractValue &each : splitAlternatives(value.value)) {
      if (Body.scope.catalog.sharesNothing(spec.resource, each))
        continue;
      Access access;
      access.resource = spec.resource;
      decideMode(spec, operands, access);
      access.value = each;
      access.location = Body.locate(call.where);
      access.api = entry.name;
      access.recursive = entry.recursive;
      access.eachEntry = value.eachEntry;
      access.overwrites = spec.overwrites;
      // chdir(dir): relative paths the test uses afterwards live under dir.
      if (access.resource == ResourceKind::Cwd && access.mode == AccessMode::Write)
        Body.out.assignments.push_back({WorkingDirectoryState, access.value, access.location});
      Body.out.accesses.push_back(std::move(access));
    }
  }
}

} // namespace parready
