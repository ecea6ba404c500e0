// The rule loader (rules/<id>.json): a rule document, valid or not, loads or
// gives one error line; a loaded rule answers fixFor() for any access.
#include "FuzzTarget.h"

#include "rules/Rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace parready;
  const std::string origin = "fuzz-rule.json";
  RuleSet rules;
  std::string error = rules.loadRuleText(fuzz::text(data, size), origin, PARREADY_SOURCE_RULES_DIR "/snippets");
  fuzz::checkError(error, origin);
  if (!error.empty())
    return 0;
  if (rules.rules().size() != 1)
    fuzz::broken("one document loads one rule", std::to_string(rules.rules().size()));
  Access port;
  port.resource = ResourceKind::Port;
  port.value.kind = ValueKind::Const;
  port.value.text = "tcp://127.0.0.1:8080";
  for (const Access &access : {Access{}, port})
    rules.rules().front().fixFor(access);
  return 0;
}
