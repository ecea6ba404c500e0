#include "link/Link.h"

#include <algorithm>
#include <map>
#include <set>

namespace parready {

namespace {

// Bounds that keep link linear on large suites: a test reaching deeper than
// this through helpers is rare, and the cap is reported, not silent.
constexpr size_t MaxCallDepth = 16;
constexpr size_t MaxAccessesPerTest = 4000;

std::string valuesKey(const std::vector<AbstractValue> &values) {
  std::string key;
  for (const AbstractValue &value : values)
    key += std::string(toString(value.kind)) + ":" + value.text + "\x1f";
  return key;
}

/// Assignments reached from one test, by target: what the test's own code
/// (fixture set-up, body, helpers) puts into shared state before using it.
using Assigned = std::map<std::string, std::vector<AbstractValue>>;

/// Every override of a virtual method, through any depth of derivation.
using Overriders = std::map<std::string, std::vector<const Function *>>;

class Reacher {
public:
  Reacher(const std::map<std::string, const Function *> &functions, const Overriders &overriders, LinkedTest &test)
      : Functions(functions), OverridersOf(overriders), Test(test) {}

  /// Code that runs after the test (TearDown, destructors) uses the state
  /// but what it assigns there no longer matters to the test.
  void setAfterTest(bool after) { AfterTest = after; }
  const Assigned &assigned() const { return Assignments; }

  void reach(const std::string &usr, const std::vector<AbstractValue> &arguments,
             const ReceiverFields &receiver, std::vector<EvidenceStep> &chain) {
    auto found = Functions.find(usr);
    if (found == Functions.end() || chain.size() > MaxCallDepth)
      return;
    // The same function with the same values adds nothing new.
    std::string key = usr + "\x1e" + valuesKey(arguments);
    for (const auto &[field, value] : receiver)
      key += field + "=" + toString(value.kind) + ":" + value.text + "\x1f";
    if (!Visited.insert(key).second)
      return;
    const Function &function = *found->second;
    if (!AfterTest)
      for (const Assignment &assignment : function.assignments)
        Assignments[assignment.target].push_back(substituteParams(assignment.value, arguments, receiver));
    for (const Access &access : function.accesses) {
      if (Test.accesses.size() >= MaxAccessesPerTest)
        return;
      ReachedAccess reached{access, chain, VirtualDepth > 0, AfterTest};
      reached.access.value = substituteParams(access.value, arguments, receiver);
      Test.accesses.push_back(std::move(reached));
    }
    for (const CallSite &call : function.calls) {
      std::vector<AbstractValue> calleeArguments;
      for (const AbstractValue &argument : call.arguments)
        calleeArguments.push_back(substituteParams(argument, arguments, receiver));
      ReceiverFields calleeReceiver;
      if (call.onThis)
        calleeReceiver = receiver;
      for (const auto &[field, value] : call.receiver)
        calleeReceiver.emplace_back(field, substituteParams(value, arguments, receiver));
      chain.push_back({call.location, "calls " + call.calleeName});
      reach(call.calleeUsr, calleeArguments, calleeReceiver, chain);
      chain.pop_back();
      if (!call.isVirtual)
        continue;
      auto overriders = OverridersOf.find(call.calleeUsr);
      if (overriders == OverridersOf.end())
        continue;
      ++VirtualDepth;
      for (const Function *overrider : overriders->second) {
        chain.push_back({call.location, "calls " + call.calleeName + ", which may run the override " +
                                            overrider->name});
        reach(overrider->usr, calleeArguments, {}, chain);
        chain.pop_back();
      }
      --VirtualDepth;
    }
  }

private:
  const std::map<std::string, const Function *> &Functions;
  const Overriders &OverridersOf;
  LinkedTest &Test;
  int VirtualDepth = 0;
  std::set<std::string> Visited;
  Assigned Assignments;
  bool AfterTest = false;
};

/// Fills every "{result:N}" with what the called function returns, from
/// whichever TU defines it (a helper in tests/util.cpp, the library under
/// test), to a fixpoint over returns that call further helpers.
class ReturnResolver {
public:
  explicit ReturnResolver(std::vector<TranslationUnitFacts> &units) : Units(units) {
    for (size_t unit = 0; unit < Units.size(); ++unit)
      for (const Function &function : Units[unit].functions)
        Definitions.try_emplace(function.usr, unit, &function);
  }

  void resolveAll() {
    for (size_t unit = 0; unit < Units.size(); ++unit) {
      TranslationUnitFacts &facts = Units[unit];
      if (facts.callResults.empty())
        continue;
      auto fillIn = [&](AbstractValue &value) { value = fill(unit, value, 0); };
      for (Function &function : facts.functions) {
        for (Access &access : function.accesses)
          fillIn(access.value);
        for (CallSite &call : function.calls) {
          std::for_each(call.arguments.begin(), call.arguments.end(), fillIn);
          for (auto &[field, value] : call.receiver)
            fillIn(value);
        }
        for (Assignment &assignment : function.assignments)
          fillIn(assignment.value);
      }
      for (auto &[target, value] : facts.initialValues)
        fillIn(value);
    }
  }

private:
  AbstractValue fill(size_t unit, const AbstractValue &value, size_t depth) {
    return substituteResults(value, [&](size_t index) {
      const std::vector<CallResult> &results = Units[unit].callResults;
      if (index >= results.size())
        return AbstractValue::unknown("<call>");
      const CallResult &call = results[index];
      std::optional<AbstractValue> returned = depth < MaxCallDepth ? returnOf(call.calleeUsr, depth) : std::nullopt;
      if (!returned)
        return AbstractValue::unknown(call.rendering);
      std::vector<AbstractValue> arguments;
      for (const AbstractValue &argument : call.arguments)
        arguments.push_back(fill(unit, argument, depth + 1));
      ReceiverFields receiver;
      for (const auto &[field, fieldValue] : call.receiver)
        receiver.emplace_back(field, fill(unit, fieldValue, depth + 1));
      return substituteParams(*returned, arguments, receiver);
    });
  }

  /// The callee's return value with its own TU's results filled in; nullopt
  /// when no parsed TU defines it or what it returns is unknown.
  std::optional<AbstractValue> returnOf(const std::string &usr, size_t depth) {
    if (auto known = Returns.find(usr); known != Returns.end())
      return known->second; // nullopt also while recursing into itself
    auto definition = Definitions.find(usr);
    if (definition == Definitions.end() || !definition->second.second->returnValue)
      return std::nullopt;
    Returns[usr] = std::nullopt;
    auto [unit, function] = definition->second;
    AbstractValue value = fill(unit, *function->returnValue, depth + 1);
    Returns[usr] = value;
    return value;
  }

  std::vector<TranslationUnitFacts> &Units;
  std::map<std::string, std::pair<size_t, const Function *>> Definitions;
  std::map<std::string, std::optional<AbstractValue>> Returns;
};

bool runsAfterTest(const Function &fixture) {
  return fixture.name.find("TearDown") != std::string::npos || fixture.name.find('~') != std::string::npos;
}

/// Fills the test's {global:...} placeholders: the value its own assignments
/// give (all agreeing, or all private), else the initialiser. Under the ctest
/// runner each test is its own process, so other tests' assignments never
/// reach it; under threads they do, and the shared-global rule reports that.
class StateResolver {
public:
  /// `program`: what the TU's main() assigns before it runs any test.
  StateResolver(const Assigned &assigned, const Assigned &program, const std::map<std::string, AbstractValue> &initial)
      : Assignments(assigned), Program(program), Initial(initial) {}

  AbstractValue resolve(const AbstractValue &value, int depth = 0) {
    if (depth > 8)
      return value;
    return substituteGlobals(value, [&](const std::string &name) -> std::optional<AbstractValue> {
      std::optional<AbstractValue> found = valueOf(name);
      if (!found)
        return std::nullopt;
      return resolve(*found, depth + 1);
    });
  }

  /// A relative path after the test changed directory: under that directory.
  AbstractValue underWorkingDirectory(const AbstractValue &path) {
    const std::string &text = path.text;
    bool relative = path.kind != ValueKind::Unique && !text.empty() && text.front() != '/' &&
                    text.front() != '<' && text.front() != '{';
    if (!relative || (!Assignments.count(WorkingDirectoryState) && !Program.count(WorkingDirectoryState)))
      return path;
    std::optional<AbstractValue> directory = valueOf(WorkingDirectoryState);
    return directory ? joinPath(resolve(*directory), path) : path;
  }

private:
  std::optional<AbstractValue> valueOf(const std::string &name) const {
    const std::vector<AbstractValue> *found = nullptr;
    if (auto own = Assignments.find(name); own != Assignments.end())
      found = &own->second;
    else if (auto program = Program.find(name); program != Program.end())
      found = &program->second;
    if (!found) {
      auto initial = Initial.find(name);
      return initial == Initial.end() ? std::nullopt : std::optional<AbstractValue>(initial->second);
    }
    const std::vector<AbstractValue> &values = *found;
    for (const AbstractValue &value : values)
      if (!agree(value, values.front()))
        return AbstractValue::unknown(name + " (assigned several values)");
    return values.front();
  }

  const Assigned &Assignments;
  const Assigned &Program;
  const std::map<std::string, AbstractValue> &Initial;
};

/// Gives the TU-local functions of `unit` (static helpers, `main`) USRs of
/// their own, so that merging by USR never joins two TUs' copies: the
/// `static inline` helper of a header every test includes is one function
/// per TU, each called only by its own TU's tests.
void separateLocalFunctions(TranslationUnitFacts &unit) {
  std::set<std::string> local;
  for (const Function &function : unit.functions)
    if (function.translationUnitLocal)
      local.insert(function.usr);
  if (local.empty())
    return;
  auto own = [&](std::string &usr) {
    if (local.count(usr))
      usr += "@tu:" + unit.mainFile;
  };
  for (Function &function : unit.functions) {
    own(function.usr);
    std::for_each(function.overrides.begin(), function.overrides.end(), own);
    for (CallSite &call : function.calls)
      own(call.calleeUsr);
  }
  for (CallResult &call : unit.callResults)
    own(call.calleeUsr);
  for (TestCase &test : unit.tests) {
    own(test.bodyUsr);
    std::for_each(test.fixtureUsrs.begin(), test.fixtureUsrs.end(), own);
  }
}

} // namespace

LinkedSuite linkFacts(const std::vector<TranslationUnitFacts> &parsedUnits, const std::set<std::string> &testFiles,
                      const SharesNothing &sharesNothing) {
  LinkedSuite suite;
  std::vector<TranslationUnitFacts> units = parsedUnits;
  std::for_each(units.begin(), units.end(), separateLocalFunctions);
  ReturnResolver(units).resolveAll();
  // Inline functions and templates from shared headers appear in several
  // TUs with the same USR and the same body: the first copy stands for all.
  std::map<std::string, const Function *> functions;
  std::map<std::string, AbstractValue> initialValues;
  for (const TranslationUnitFacts &unit : units) {
    for (const Function &function : unit.functions)
      functions.emplace(function.usr, &function);
    for (const auto &[target, value] : unit.initialValues)
      initialValues.emplace(target, value);
  }
  Overriders overriders;
  std::map<std::string, std::vector<std::string>> direct; // overridden usr -> overriding usrs
  for (const auto &[usr, function] : functions)
    for (const std::string &overridden : function->overrides)
      direct[overridden].push_back(usr);
  for (const auto &[base, _] : direct) {
    std::vector<std::string> pending{base};
    std::set<std::string> seen{base};
    while (!pending.empty()) {
      std::string next = pending.back();
      pending.pop_back();
      for (const std::string &usr : direct[next])
        if (seen.insert(usr).second) {
          overriders[base].push_back(functions.at(usr));
          pending.push_back(usr);
        }
    }
  }

  for (const TranslationUnitFacts &unit : units) {
    suite.diagnostics.insert(suite.diagnostics.end(), unit.diagnostics.begin(), unit.diagnostics.end());
    // A TU that failed to parse may have lost its test macros with its
    // headers: it stays in the report, partial, rather than vanish.
    bool candidate = testFiles.empty() || testFiles.count(unit.mainFile);
    if (!candidate || (unit.tests.empty() && unit.parsedCleanly))
      continue;
    LinkedFile file{unit.mainFile, !unit.parsedCleanly, {}};
    // A custom main() runs before every test of its program: what it assigns
    // (an output root from argv) is what the tests see.
    LinkedTest program;
    Reacher programReacher(functions, overriders, program);
    for (const Function &function : unit.functions)
      if (function.name == "main") {
        std::vector<EvidenceStep> none;
        programReacher.reach(function.usr, {}, {}, none);
      }
    for (const TestCase &test : unit.tests) {
      LinkedTest linked{test, unit.mainFile, {}};
      Reacher reacher(functions, overriders, linked);
      std::vector<EvidenceStep> chain;
      reacher.reach(test.bodyUsr, {}, {}, chain);
      for (const std::string &usr : test.fixtureUsrs) {
        auto fixture = functions.find(usr);
        if (fixture == functions.end())
          continue;
        chain.push_back({fixture->second->location, "fixture code " + fixture->second->name +
                                                        " runs around this test"});
        reacher.setAfterTest(runsAfterTest(*fixture->second));
        reacher.reach(usr, {}, {}, chain);
        chain.pop_back();
      }
      StateResolver state(reacher.assigned(), programReacher.assigned(), initialValues);
      for (ReachedAccess &reached : linked.accesses) {
        reached.access.value = state.resolve(reached.access.value);
        if (reached.access.resource == ResourceKind::Path)
          reached.access.value = state.underWorkingDirectory(reached.access.value);
      }
      // An empty path names no file: state that is still unset when it is used
      // (guarded by `if (!work_.empty())`) touches nothing. A helper's
      // parameter filled with /dev/null or port 0 shares nothing either.
      std::erase_if(linked.accesses, [&](const ReachedAccess &reached) {
        const Access &access = reached.access;
        return (access.resource == ResourceKind::Path && access.value == AbstractValue::constant("")) ||
               (sharesNothing && sharesNothing(access.resource, access.value));
      });
      file.tests.push_back(suite.tests.size());
      suite.tests.push_back(std::move(linked));
    }
    suite.files.push_back(std::move(file));
  }
  return suite;
}

} // namespace parready
