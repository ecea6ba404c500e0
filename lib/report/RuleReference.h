// The rule reference, generated from rules/: `parready --list-rules` and
// `parready --explain RULE`, so that what the tool says about a rule is what
// its JSON and docs page say.
#pragma once

#include "rules/Rules.h"

#include <string>

namespace parready {

/// One line per rule, in registry order: id, verdict, summary.
std::string renderRuleList(const RuleSet &rules);

/// Where the docs page of `rule` is on this machine: the page its "docs"
/// names, beside `rulesDirectory` (rules/../docs/ in a checkout,
/// share/parready/docs when installed).
std::string rulePage(const Rule &rule, const std::string &rulesDirectory);

/// The docs page of `id` as text (rulePage()). Sets `error` for an unknown
/// rule or a missing page.
std::string explainRule(const RuleSet &rules, const std::string &id, const std::string &rulesDirectory,
                        std::string &error);

} // namespace parready
