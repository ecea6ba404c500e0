#include "report/RuleReference.h"

#include "facts/JsonLocations.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace parready {

std::string renderRuleList(const RuleSet &rules) {
  size_t idWidth = 0;
  for (const Rule &rule : rules.rules())
    idWidth = std::max(idWidth, rule.id.size());
  std::string out;
  for (const Rule &rule : rules.rules()) {
    std::string id = rule.id + std::string(idWidth - rule.id.size(), ' ');
    std::string verdict = toString(rule.verdict);
    out += id + "  " + verdict + std::string(8 - std::min<size_t>(8, verdict.size()), ' ') + "  " + rule.summary + "\n";
  }
  return out;
}

std::string rulePage(const Rule &rule, const std::string &rulesDirectory) {
  // rule.docs is relative to the directory holding rules/ ("docs/rules/<id>.md").
  llvm::StringRef directory(rulesDirectory);
  llvm::SmallString<256> page(llvm::sys::path::parent_path(directory.rtrim('/')));
  llvm::sys::path::append(page, rule.docs);
  return std::string(page);
}

std::string explainRule(const RuleSet &rules, const std::string &id, const std::string &rulesDirectory,
                        std::string &error) {
  const Rule *rule = rules.find(id);
  if (!rule) {
    std::vector<std::string_view> ids;
    for (const Rule &each : rules.rules())
      ids.push_back(each.id);
    error = "unknown rule '" + id + "'" + didYouMean(id, ids) + "; parready --list-rules lists them";
    return "";
  }
  std::string page = rulePage(*rule, rulesDirectory);
  auto buffer = llvm::MemoryBuffer::getFile(page);
  if (!buffer) {
    error = page + ": cannot read the docs page of " + id + ": " + buffer.getError().message();
    return "";
  }
  return (*buffer)->getBuffer().str();
}

} // namespace parready
