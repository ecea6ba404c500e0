// Stage 5, rules: each rule is data (rules/<id>.json), a predicate over the
// accesses a test reaches. Rules are listed explicitly in rules/registry.json,
// in the order they are tried: the first rule that matches an access wins.
#pragma once

#include "facts/Endpoint.h"
#include "link/Link.h"
#include "rules/Resource.h"
#include "rules/Verdict.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace parready {

struct RulePredicate {
  std::vector<ResourceKind> resources; ///< `resource`: one kind or a list of kinds
  std::vector<AccessMode> modes;     ///< empty = any
  std::vector<ValueKind> valueKinds; ///< empty = any
  /// Path rules: the normalised path starts with one of these (empty = any)...
  std::vector<std::string> pathPrefixes;
  /// ...and with none of these.
  std::vector<std::string> exceptPrefixes;
  std::optional<bool> recursive;
  std::optional<bool> eachEntry;
  std::vector<Runner> runners; ///< empty = every runner model
  /// Report only when another test of the suite interferes with the access:
  /// listing a directory, or owning a private entry in one, is harmless alone.
  bool requiresConflict = false;
  /// Report only a use, before the test ends, of state the test does not set
  /// itself and another test of its program leaves changed (a global, the
  /// environment): run serially in one process, the test sees what ran
  /// before it; in a process of its own (per-test registration, sharding,
  /// shuffling) it does not. The partners are those other tests.
  bool stateLeftByOtherTests = false;
  /// `sleep_wait`: set, the access must (true) or must not (false) be a
  /// fixed sleep link found standing in for a wait.
  std::optional<bool> sleepWait;
};

struct CodeSnippet {
  std::string language; ///< Markdown code-block language: "cpp", "cmake"
  std::string code;
};

/// The fix for some of a rule's findings: those through one of `apis`, on
/// an endpoint of one of the `endpoints` forms; every condition given must
/// hold. A port bound through ZeroMQ is fixed another way than sin_port.
struct FixVariant {
  std::vector<std::string> apis;       ///< catalog names; empty = any
  std::vector<EndpointKind> endpoints; ///< empty = any
  std::string fix;
};

struct Rule {
  std::string id;
  std::string title;   ///< short, for rule lists
  std::string summary; ///< one sentence: what it finds and why it breaks parallel runs
  Verdict verdict = Verdict::Fixable;
  Confidence confidence = Confidence::High;
  RulePredicate match;
  /// template: {path} {verb} {partners} {partner_names} {fix} {api}; for a
  /// timing bound {bound} {margin}; for a sleep standing in for a wait,
  /// {sleep} {worker} {assertion} {margin}
  std::string message;
  std::string fix;
  std::vector<FixVariant> fixes; ///< tried in order before `fix`
  /// The fix for a finding on `access`: the first variant that fits it, else `fix`.
  std::string fixFor(const Access &access) const;
  /// The fix as code, by test framework ("gtest", "catch2", "doctest", or
  /// "any"): rules/snippets/<snippet>.<framework>.<language>.
  std::map<std::string, CodeSnippet> snippets;
  std::string docs; ///< path of the docs page, relative to the repository
  /// `generous_margin_ms`: a sleep that waits at least this much longer than
  /// the work's own period (or for an unknown time) leaves a generous
  /// margin: its finding has low confidence.
  std::optional<uint64_t> generousMarginMilliseconds;
  /// A timing bound at least this long (Access::boundSeconds) is generous:
  /// only an extreme stall fails it, so its finding has low confidence.
  std::optional<double> generousBoundSeconds;
};

/// The rule with this id among `rules`, or null.
const Rule *findRule(const std::vector<Rule> &rules, const std::string &id);

class RuleSet {
public:
  /// Loads rules/registry.json and the rules it lists; returns an error or "".
  std::string load(const std::string &rulesDirectory);
  /// Adds the rule one rules/<id>.json document defines, its snippets read
  /// from `snippetsDirectory`; `origin` names it in errors. Returns an error or "".
  std::string loadRuleText(const std::string &text, const std::string &origin, const std::string &snippetsDirectory);
  const std::vector<Rule> &rules() const { return Rules; }
  const Rule *find(const std::string &id) const;

private:
  std::vector<Rule> Rules;
};

/// A rule that matched one access reached by one test.
struct RuleHit {
  const Rule *rule;
  size_t test;   ///< index into LinkedSuite::tests
  size_t access; ///< index into that test's accesses
  std::optional<Resource> resource; ///< nothing when the value is unresolved
};

std::vector<RuleHit> applyRules(const RuleSet &rules, const LinkedSuite &suite, Runner runner);

} // namespace parready
