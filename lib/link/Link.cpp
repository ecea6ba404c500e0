#include "link/Link.h"

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

class Reacher {
public:
  Reacher(const std::map<std::string, const Function *> &functions, LinkedTest &test)
      : Functions(functions), Test(test) {}

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
    for (const Access &access : function.accesses) {
      if (Test.accesses.size() >= MaxAccessesPerTest)
        return;
      ReachedAccess reached{access, chain};
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
    }
  }

private:
  const std::map<std::string, const Function *> &Functions;
  LinkedTest &Test;
  std::set<std::string> Visited;
};

} // namespace

LinkedSuite linkFacts(const std::vector<TranslationUnitFacts> &units, const std::set<std::string> &testFiles) {
  LinkedSuite suite;
  // Inline functions and templates from shared headers appear in several
  // TUs with the same USR and the same body: the first copy stands for all.
  std::map<std::string, const Function *> functions;
  for (const TranslationUnitFacts &unit : units)
    for (const Function &function : unit.functions)
      functions.emplace(function.usr, &function);

  for (const TranslationUnitFacts &unit : units) {
    suite.diagnostics.insert(suite.diagnostics.end(), unit.diagnostics.begin(), unit.diagnostics.end());
    // A TU that failed to parse may have lost its test macros with its
    // headers: it stays in the report, partial, rather than vanish.
    bool candidate = testFiles.empty() || testFiles.count(unit.mainFile);
    if (!candidate || (unit.tests.empty() && unit.parsedCleanly))
      continue;
    LinkedFile file{unit.mainFile, !unit.parsedCleanly, {}};
    for (const TestCase &test : unit.tests) {
      LinkedTest linked{test, unit.mainFile, {}};
      Reacher reacher(functions, linked);
      std::vector<EvidenceStep> chain;
      reacher.reach(test.bodyUsr, {}, {}, chain);
      for (const std::string &usr : test.fixtureUsrs) {
        auto fixture = functions.find(usr);
        if (fixture == functions.end())
          continue;
        chain.push_back({fixture->second->location, "fixture code " + fixture->second->name +
                                                        " runs around this test"});
        reacher.reach(usr, {}, {}, chain);
        chain.pop_back();
      }
      file.tests.push_back(suite.tests.size());
      suite.tests.push_back(std::move(linked));
    }
    suite.files.push_back(std::move(file));
  }
  return suite;
}

} // namespace parready
