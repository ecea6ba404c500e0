#include "extract/ShellCommandExtractor.h"

#include "extract/ShellCommand.h"

namespace parready {

void ShellCommandExtractor::onApiCall(const Invocation &call, const ApiEntry &entry) {
  if (!entry.shellCommandArgument || *entry.shellCommandArgument >= call.operands.size())
    return;
  AbstractValue command = Body.evaluator.evaluate(call.operands[*entry.shellCommandArgument]).value;
  if (command.kind != ValueKind::Const && command.kind != ValueKind::Param)
    return;
  const ApiCatalog &catalog = Body.scope.catalog;
  for (const ShellEffect &effect : parseShellCommand(command.text, catalog.shellPrograms())) {
    AbstractValue operand{effect.path.find('{') == std::string::npos ? ValueKind::Const : ValueKind::Param,
                          effect.path};
    if (catalog.sharesNothing(effect.resource, operand))
      continue;
    Access access;
    access.resource = effect.resource;
    access.mode = effect.mode;
    access.value = operand;
    // `rm -rf dir/*` empties dir, whoever's files are in it.
    access.eachEntry = effect.resource == ResourceKind::Path && effect.path.ends_with("/*");
    access.location = Body.locate(call.where);
    access.api = entry.name + "(\"" + effect.program + " ...\")";
    access.recursive = effect.recursive;
    Body.out.accesses.push_back(std::move(access));
  }
}

} // namespace parready
