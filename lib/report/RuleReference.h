// The rule reference, generated from rules/: `parready --list-rules` and
// `parready --explain RULE`, so that what the tool says about a rule is what
// its JSON and docs page say.
#pragma once

#include "rules/Rules.h"

#include <string>

namespace parready {

/// One line per rule, in registry order: id, verdict, summary.
std::string renderRuleList(const RuleSet &rules);

/// The docs page of `id` as text (the page its rule's "docs" names, found
/// beside `rulesDirectory`: rules/../docs/ in a checkout, share/parready/docs
/// when installed). Sets `error` for an unknown rule or a missing page.
std::string explainRule(const RuleSet &rules, const std::string &id, const std::string &rulesDirectory,
                        std::string &error);

} // namespace parready
