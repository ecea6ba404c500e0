#include "link/Link.h"

#include <algorithm>
#include <climits>
#include <map>
#include <set>
#include <tuple>
#include <utility>

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

/// Where a function is defined: the TU (an index into link's units) and its facts.
struct Definition {
  size_t unit;
  const Function *function;
};

/// The functions, overrides and initial values of one build target's TUs
/// (or of the TUs no target holds). Inline functions and templates from
/// shared headers appear in several TUs with the same USR and the same body:
/// the first copy stands for all.
struct Layer {
  std::map<std::string, Definition> functions;
  std::map<std::string, std::vector<std::string>> overriddenBy; ///< overridden USR -> direct overriders
  std::map<std::string, AbstractValue> initialValues;

  void add(size_t unit, const TranslationUnitFacts &facts) {
    for (const Function &function : facts.functions)
      if (functions.try_emplace(function.usr, Definition{unit, &function}).second)
        for (const std::string &overridden : function.overrides)
          overriddenBy[overridden].push_back(function.usr);
    for (const auto &[target, value] : facts.initialValues)
      initialValues.emplace(target, value);
  }
};

/// What one program sees: its own TUs' layer first, then the layers of the
/// libraries it links. A library's layer is shared by every program that
/// links it, never copied; lookups go through the layers in order.
class ProgramScope {
public:
  explicit ProgramScope(std::vector<const Layer *> layers) : Layers(std::move(layers)) {}

  const Definition *definitionOf(const std::string &usr) const {
    for (const Layer *layer : Layers)
      if (auto found = layer->functions.find(usr); found != layer->functions.end())
        return &found->second;
    return nullptr;
  }

  const Function *find(const std::string &usr) const {
    const Definition *definition = definitionOf(usr);
    return definition ? definition->function : nullptr;
  }

  /// Every override of a virtual method this program defines, through any
  /// depth of derivation.
  const std::vector<const Function *> &overridersOf(const std::string &usr) {
    auto [known, inserted] = Overriders.try_emplace(usr);
    if (!inserted)
      return known->second;
    std::vector<std::string> pending{usr};
    std::set<std::string> seen{usr};
    while (!pending.empty()) {
      std::string next = pending.back();
      pending.pop_back();
      for (const Layer *layer : Layers)
        if (auto direct = layer->overriddenBy.find(next); direct != layer->overriddenBy.end())
          for (const std::string &overrider : direct->second)
            if (seen.insert(overrider).second) {
              known->second.push_back(find(overrider));
              pending.push_back(overrider);
            }
    }
    return known->second;
  }

  const AbstractValue *initialValue(const std::string &target) const {
    for (const Layer *layer : Layers)
      if (auto found = layer->initialValues.find(target); found != layer->initialValues.end())
        return &found->second;
    return nullptr;
  }

private:
  std::vector<const Layer *> Layers;
  std::map<std::string, std::vector<const Function *>> Overriders;
};

/// The polymorphic classes whose objects some TU builds, by USR: the final
/// overrider of each virtual method (the first TU's copy stands for all).
class ClassTable {
public:
  void add(const ClassFacts &facts) { Classes.emplace(facts.usr, &facts); }
  /// The function a virtual call of `method` runs on an object of `classUsr`;
  /// "" when the class or the method is not known.
  std::string finalOverrider(const std::string &classUsr, const std::string &method) const {
    auto found = Classes.find(classUsr);
    if (found == Classes.end())
      return "";
    for (const auto &[overridden, overrider] : found->second->finalOverriders)
      if (overridden == method)
        return overrider;
    return "";
  }
  std::string nameOf(const std::string &classUsr) const {
    auto found = Classes.find(classUsr);
    return found == Classes.end() ? classUsr : found->second->name;
  }

private:
  std::map<std::string, const ClassFacts *> Classes;
};

class Reacher {
public:
  /// `testUnits`: the TUs of test files, whose assertions are the test's
  /// own (an assert inside the library or the framework checks itself).
  Reacher(ProgramScope &scope, const ClassTable &classes, LinkedTest &test, const std::set<size_t> &testUnits)
      : Scope(scope), Classes(classes), Test(test), TestUnits(testUnits) {}

  /// Code that runs after the test (TearDown, destructors) uses the state
  /// but what it assigns there no longer matters to the test.
  void setAfterTest(bool after) { AfterTest = after; }
  /// Fixture code runs before the body: its events come first.
  void setInFixture(bool fixture) { InFixture = fixture; }
  const Assigned &assigned() const { return Assignments; }
  /// The concurrency events the test's code runs before it ends, each with
  /// the chain of calls to it; a function reached again with the same
  /// values adds its events again at the new place.
  const std::vector<std::pair<bool, ReachedEvent>> &events() const { return Events; }

  void reach(const std::string &usr, const std::vector<AbstractValue> &arguments,
             const ReceiverFields &receiver, std::vector<EvidenceStep> &chain) {
    const Definition *definition = Scope.definitionOf(usr);
    if (!definition || chain.size() > MaxCallDepth)
      return;
    const Function *found = definition->function;
    // The same function with the same values adds nothing new.
    std::string key = usr + "\x1e" + valuesKey(arguments) + valuesKey({Self});
    for (const auto &[field, value] : receiver)
      key += field + "=" + toString(value.kind) + ":" + value.text + "\x1f";
    if (!Visited.insert(key).second) {
      replayEvents(key, chain);
      return;
    }
    const Function &function = *found;
    size_t firstEvent = Events.size();
    if (!AfterTest)
      for (const ConcurrencyEvent &event : function.concurrency) {
        if (Events.size() >= MaxAccessesPerTest)
          break;
        if (event.kind == ConcurrencyEventKind::Assertion && !TestUnits.count(definition->unit))
          continue;
        ReachedEvent reached{event, chain, VirtualDepth > 0, LoopDepth > 0};
        reached.event.amount = substituteParams(event.amount, arguments, receiver);
        Events.emplace_back(InFixture, std::move(reached));
      }
    Built.insert(function.builtClasses.begin(), function.builtClasses.end());
    if (!AfterTest)
      for (const Assignment &assignment : function.assignments)
        Assignments[assignment.target].push_back(substituteParams(assignment.value, arguments, receiver));
    for (const Access &access : function.accesses) {
      if (Test.accesses.size() >= MaxAccessesPerTest)
        return;
      // A caller's option array may list several ports: one access each.
      for (const AbstractValue &value : splitAlternatives(substituteParams(access.value, arguments, receiver))) {
        ReachedAccess reached{access, chain, VirtualDepth > 0, AfterTest};
        reached.access.value = value;
        // `LoadFile(path)` opens with "rb" through a `callfopen(path, mode)`: a read here.
        if (access.modeOperand)
          reached.access.mode =
              accessModeOf(access.modeOperandKind, substituteParams(*access.modeOperand, arguments, receiver));
        Test.accesses.push_back(std::move(reached));
      }
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
      if (call.isVirtual) {
        LoopDepth += call.inLoop;
        dispatch(call, calleeArguments, calleeReceiver, objectOf(call, arguments, receiver), chain);
        LoopDepth -= call.inLoop;
        continue;
      }
      chain.push_back({call.location, "calls " + call.calleeName});
      LoopDepth += call.inLoop;
      // A method called on the caller's own object runs on that object.
      reachOn(call.onThis ? Self : AbstractValue(), call.calleeUsr, calleeArguments, calleeReceiver, chain);
      LoopDepth -= call.inLoop;
      chain.pop_back();
    }
    EventSpans[key] = {firstEvent, Events.size(), chain.size()};
  }

  /// Runs the virtual calls whose object nothing identified, once all the
  /// test's own code is reached: by then `Built` holds every class the test,
  /// its fixture and what they call build objects of. When those classes
  /// give the method one override, that override is what runs (exact);
  /// otherwise the declared method and every override may (low confidence).
  /// What they reach may build more classes and make more such calls.
  void dispatchOnBuiltClasses() {
    while (!Unidentified.empty()) {
      std::vector<UnidentifiedCall> pending = std::move(Unidentified);
      Unidentified.clear();
      for (UnidentifiedCall &call : pending) {
        bool afterTest = std::exchange(AfterTest, call.afterTest);
        bool inFixture = std::exchange(InFixture, call.inFixture);
        int virtualDepth = std::exchange(VirtualDepth, call.virtualDepth);
        int loopDepth = std::exchange(LoopDepth, call.loopDepth);
        dispatchOnBuilt(call);
        AfterTest = afterTest;
        InFixture = inFixture;
        VirtualDepth = virtualDepth;
        LoopDepth = loopDepth;
      }
    }
  }

private:
  struct UnidentifiedCall {
    const CallSite *call;
    std::vector<AbstractValue> arguments;
    ReceiverFields receiver;
    AbstractValue object;
    std::vector<EvidenceStep> chain;
    bool afterTest;
    bool inFixture;
    int virtualDepth;
    int loopDepth;
  };

  /// The events a function reached before with the same values produced
  /// (itself and its callees), again at this place of the chain: a helper
  /// that joins called before and after a sleep joins both times.
  void replayEvents(const std::string &key, const std::vector<EvidenceStep> &chain) {
    auto span = EventSpans.find(key);
    if (span == EventSpans.end() || AfterTest) // still being reached: a recursive call
      return;
    const auto &[first, last, depth] = span->second;
    for (size_t index = first; index < last && Events.size() < MaxAccessesPerTest; ++index) {
      auto [inFixture, replayed] = Events[index];
      replayed.inLoop = replayed.inLoop || LoopDepth > 0;
      std::vector<EvidenceStep> steps = chain;
      steps.insert(steps.end(), replayed.callChain.begin() + depth, replayed.callChain.end());
      replayed.callChain = std::move(steps);
      Events.emplace_back(InFixture, std::move(replayed));
    }
  }

  void dispatchOnBuilt(UnidentifiedCall &unidentified) {
    const CallSite &call = *unidentified.call;
    std::vector<EvidenceStep> &chain = unidentified.chain;
    std::map<std::string, std::vector<std::string>> classesRunning; // override -> the built classes that run it
    for (const std::string &built : Built)
      if (std::string overrider = Classes.finalOverrider(built, call.calleeUsr); !overrider.empty())
        classesRunning[overrider].push_back(built);
    if (classesRunning.size() == 1) {
      const auto &[overrider, classes] = *classesRunning.begin();
      const Function *function = Scope.find(overrider);
      std::string runs = function ? function->name : call.calleeName;
      // Several built classes may inherit the one override: then which
      // object it runs on, for the calls it makes on `this`, is still open.
      bool oneClass = classes.size() == 1;
      chain.push_back({call.location, "calls " + call.calleeName + "; " +
                                          (oneClass ? "the only " + Classes.nameOf(classes.front()) +
                                                          " kind of object the test builds runs " + runs
                                                    : "every kind of object the test builds runs " + runs)});
      reachOn(oneClass ? objectValue(classes.front()) : AbstractValue(), overrider, unidentified.arguments,
              unidentified.receiver, chain);
      chain.pop_back();
      return;
    }
    chain.push_back({call.location, "calls " + call.calleeName});
    reachOn(unidentified.object, call.calleeUsr, unidentified.arguments, unidentified.receiver, chain);
    chain.pop_back();
    ++VirtualDepth;
    for (const Function *overrider : Scope.overridersOf(call.calleeUsr)) {
      chain.push_back({call.location, "calls " + call.calleeName + ", which may run the override " +
                                          overrider->name});
      reachOn(AbstractValue(), overrider->usr, unidentified.arguments, {}, chain);
      chain.pop_back();
    }
    --VirtualDepth;
  }

  /// The object a virtual call dispatches on, as far as the caller's
  /// arguments and receiver tell: `this` is the caller's own object.
  AbstractValue objectOf(const CallSite &call, const std::vector<AbstractValue> &arguments,
                         const ReceiverFields &receiver) const {
    if (call.onThis && call.receiverObject.kind == ValueKind::Unknown)
      return Self;
    return substituteParams(call.receiverObject, arguments, receiver);
  }

  void reachOn(const AbstractValue &object, const std::string &usr, const std::vector<AbstractValue> &arguments,
               const ReceiverFields &receiver, std::vector<EvidenceStep> &chain) {
    AbstractValue caller = std::exchange(Self, object);
    reach(usr, arguments, receiver, chain);
    Self = std::move(caller);
  }

  /// A virtual call on an object whose class the test, its fixture or a
  /// factory built runs that class's final overrider, exactly. Any other
  /// waits for dispatchOnBuiltClasses().
  void dispatch(const CallSite &call, const std::vector<AbstractValue> &arguments, const ReceiverFields &receiver,
                const AbstractValue &object, std::vector<EvidenceStep> &chain) {
    std::string builtClass = objectClass(object);
    if (std::string overrider = Classes.finalOverrider(builtClass, call.calleeUsr); !overrider.empty()) {
      const Function *function = Scope.find(overrider);
      std::string name = function ? function->name : call.calleeName;
      chain.push_back({call.location, "calls " + call.calleeName + " on a " + Classes.nameOf(builtClass) +
                                          ", which runs " + name});
      reachOn(object, overrider, arguments, receiver, chain);
      chain.pop_back();
      return;
    }
    Unidentified.push_back({&call, arguments, receiver, object, chain, AfterTest, InFixture, VirtualDepth, LoopDepth});
  }

  ProgramScope &Scope;
  const ClassTable &Classes;
  LinkedTest &Test;
  const std::set<size_t> &TestUnits;
  /// The object the function being reached runs on, when known.
  AbstractValue Self;
  /// Classes whose objects the reached code builds (their USRs).
  std::set<std::string> Built;
  /// Virtual calls on objects nothing identified, for dispatchOnBuiltClasses().
  std::vector<UnidentifiedCall> Unidentified;
  int VirtualDepth = 0;
  /// How many calls on the current chain are made inside a loop.
  int LoopDepth = 0;
  std::set<std::string> Visited;
  Assigned Assignments;
  bool AfterTest = false;
  bool InFixture = false;
  /// (reached from fixture code, the event), in the order reached.
  std::vector<std::pair<bool, ReachedEvent>> Events;
  /// By visit key: the events its first reach added, [first, last), and the
  /// chain's length there.
  std::map<std::string, std::tuple<size_t, size_t, size_t>> EventSpans;
};

/// The test's events in the order it runs them: fixture code before the
/// body; within each, by the place of the call in the test's own code, then
/// of the call inside that callee, and so on down to the event.
std::vector<ReachedEvent> inRunOrder(const std::vector<std::pair<bool, ReachedEvent>> &events) {
  auto place = [](const std::pair<bool, ReachedEvent> &entry) {
    std::vector<SourceLocation> places;
    for (const EvidenceStep &step : entry.second.callChain) {
      places.push_back(step.location);
      // A local's destructor call sits at its declaration but runs when
      // its scope ends: after everything else the function does.
      if (step.message.find("::~") != std::string::npos)
        places.back().line = places.back().column = UINT_MAX;
    }
    places.push_back(entry.second.event.location);
    // An assertion checks what the calls inside it (EXPECT_EQ(Wait(), 1))
    // did: it comes after everything they reach.
    if (entry.second.event.kind == ConcurrencyEventKind::Assertion)
      places.push_back({std::string(1, '\x7f'), UINT_MAX, UINT_MAX});
    return std::make_pair(!entry.first, places);
  };
  std::vector<std::pair<bool, ReachedEvent>> sorted = events;
  std::stable_sort(sorted.begin(), sorted.end(), [&](const auto &a, const auto &b) { return place(a) < place(b); });
  std::vector<ReachedEvent> ordered;
  for (auto &[inFixture, event] : sorted)
    ordered.push_back(std::move(event));
  return ordered;
}

/// A sleep that stands in for a wait, as an access of the machine's clock
/// (load decides whether the work is done in time) at the sleep.
ReachedAccess sleepWaitAccess(const ReachedEvent &sleep, const FoundSleepWait &found) {
  Access access;
  access.resource = ResourceKind::Clock;
  access.mode = AccessMode::Read;
  access.value = AbstractValue::constant("sleep");
  access.location = sleep.event.location;
  access.api = sleep.event.api;
  ReachedAccess reached{access, sleep.callChain, found.throughVirtualCall, false};
  reached.sleepWait = found.wait;
  return reached;
}

/// Fills every "{result:N}" with what the called function returns, as the
/// caller's program defines it (a helper in tests/util.cpp, the library under
/// test), to a fixpoint over returns that call further helpers.
class ReturnResolver {
public:
  /// `homes[unit]`: the scope the unit's calls resolve in.
  ReturnResolver(std::vector<TranslationUnitFacts> &units, const std::vector<ProgramScope *> &homes)
      : Units(units), Homes(homes) {}

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
          fillIn(call.receiverObject);
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
      std::optional<AbstractValue> returned =
          depth >= MaxCallDepth ? std::nullopt
          : call.outputParameter
              ? outputOf(Homes[unit]->definitionOf(call.calleeUsr), *call.outputParameter, depth)
              : returnOf(Homes[unit]->definitionOf(call.calleeUsr), depth);
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
  /// when the caller's program defines no such function or what it returns
  /// is unknown.
  std::optional<AbstractValue> returnOf(const Definition *definition, size_t depth) {
    if (!definition || !definition->function->returnValue)
      return std::nullopt;
    if (auto known = Returns.find(definition->function); known != Returns.end())
      return known->second; // nullopt also while recursing into itself
    Returns[definition->function] = std::nullopt;
    AbstractValue value = fill(definition->unit, *definition->function->returnValue, depth + 1);
    Returns[definition->function] = value;
    return value;
  }

  /// What the callee leaves in the object parameter `parameter` points to,
  /// in its parameters' terms; the parameter itself ("{param:N}": what the
  /// caller passed is unchanged) when it does not write it.
  std::optional<AbstractValue> outputOf(const Definition *definition, unsigned parameter, size_t depth) {
    if (!definition)
      return std::nullopt;
    for (const ParameterOutput &output : definition->function->outputs)
      if (output.parameter == parameter)
        return fill(definition->unit, output.value, depth + 1);
    return AbstractValue::param(parameter);
  }

  std::vector<TranslationUnitFacts> &Units;
  const std::vector<ProgramScope *> &Homes;
  std::map<const Function *, std::optional<AbstractValue>> Returns;
};

/// Settles the timing bounds whose value is a clock reading only if a
/// function another TU defines returns one (Access::clockThrough): kept when
/// the caller's program defines such a function that does (a project's
/// ms_now() in util.c, or a wrapper of it, to a fixpoint), dropped otherwise.
class ClockResolver {
public:
  ClockResolver(std::vector<TranslationUnitFacts> &units, const std::vector<ProgramScope *> &homes)
      : Units(units), Homes(homes) {}

  void resolveAll() {
    for (size_t unit = 0; unit < Units.size(); ++unit)
      for (Function &function : Units[unit].functions)
        std::erase_if(function.accesses, [&](Access &access) {
          if (access.clockThrough.empty())
            return false;
          bool measured = std::any_of(access.clockThrough.begin(), access.clockThrough.end(),
                                      [&](const std::string &usr) { return returnsClock(unit, usr, 0); });
          access.clockThrough.clear();
          return !measured;
        });
  }

private:
  bool returnsClock(size_t callerUnit, const std::string &usr, size_t depth) {
    const Definition *definition = Homes[callerUnit]->definitionOf(usr);
    if (!definition || depth >= MaxCallDepth)
      return false;
    const Function &function = *definition->function;
    if (function.returnsClock)
      return true;
    auto [known, first] = Known.try_emplace(&function, false); // false while recursing into itself
    if (!first)
      return known->second;
    bool clock = std::any_of(
        function.returnsClockThrough.begin(), function.returnsClockThrough.end(),
        [&](const std::string &callee) { return returnsClock(definition->unit, callee, depth + 1); });
    Known[&function] = clock;
    return clock;
  }

  std::vector<TranslationUnitFacts> &Units;
  const std::vector<ProgramScope *> &Homes;
  std::map<const Function *, bool> Known;
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
  StateResolver(const Assigned &assigned, const Assigned &program, const ProgramScope &scope)
      : Assignments(assigned), Program(program), Scope(scope) {}

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
      const AbstractValue *initial = Scope.initialValue(name);
      return initial ? std::optional<AbstractValue>(*initial) : std::nullopt;
    }
    const std::vector<AbstractValue> &values = *found;
    for (const AbstractValue &value : values)
      if (!agree(value, values.front()))
        return AbstractValue::unknown(name + " (assigned several values)");
    return values.front();
  }

  const Assigned &Assignments;
  const Assigned &Program;
  const ProgramScope &Scope;
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
  for (ClassFacts &objectClass : unit.classes)
    for (auto &[method, overrider] : objectClass.finalOverriders) {
      own(method);
      own(overrider);
    }
  for (TestCase &test : unit.tests) {
    own(test.bodyUsr);
    std::for_each(test.fixtureUsrs.begin(), test.fixtureUsrs.end(), own);
  }
}

/// The layers and scopes of a suite's programs, built once: one layer per
/// build target, one for the TUs no target holds (seen by every program),
/// and one scope per target over its own layer and its libraries' layers.
class SuitePrograms {
public:
  SuitePrograms(const std::vector<TranslationUnitFacts> &units, const ProgramStructure &structure)
      : Structure(structure), Layers(structure.targets.size() + 1) {
    std::map<std::string, std::vector<size_t>> holders; // file -> targets compiling it
    for (size_t target = 0; target < structure.targets.size(); ++target)
      for (const std::string &source : structure.targets[target].sources)
        holders[source].push_back(target);
    Layer &unplaced = Layers.back();
    for (size_t unit = 0; unit < units.size(); ++unit) {
      auto found = holders.find(units[unit].mainFile);
      std::vector<size_t> targets = found == holders.end() ? std::vector<size_t>{} : found->second;
      for (size_t target : targets)
        Layers[target].add(unit, units[unit]);
      if (targets.empty())
        unplaced.add(unit, units[unit]);
      TargetsOf.push_back(std::move(targets));
    }
    for (const BuildTarget &target : structure.targets) {
      std::vector<const Layer *> layers{&Layers[&target - structure.targets.data()]};
      for (size_t dependency : target.dependencies)
        layers.push_back(&Layers[dependency]);
      layers.push_back(&unplaced);
      Scopes.emplace_back(std::move(layers));
    }
    Scopes.emplace_back(std::vector<const Layer *>{&unplaced});
  }

  /// Where the unit's own calls resolve: the first target compiling it.
  ProgramScope &home(size_t unit) {
    return TargetsOf[unit].empty() ? Scopes.back() : Scopes[TargetsOf[unit].front()];
  }

  /// The program the unit's tests run in: the first executable that compiles
  /// it or links a library that does; else the unit's home. Returns the
  /// target's index (the TUs no target holds: one past the last).
  size_t programOf(size_t unit) const {
    const std::vector<size_t> &targets = TargetsOf[unit];
    for (size_t target : targets)
      if (Structure.targets[target].executable)
        return target;
    for (size_t program = 0; program < Structure.targets.size(); ++program) {
      const std::vector<size_t> &linked = Structure.targets[program].dependencies;
      if (Structure.targets[program].executable && std::any_of(targets.begin(), targets.end(), [&](size_t target) {
            return std::find(linked.begin(), linked.end(), target) != linked.end();
          }))
        return program;
    }
    return targets.empty() ? Structure.targets.size() : targets.front();
  }

  ProgramScope &scope(size_t target) { return Scopes[target]; }

  LinkedProgram describe(size_t target) const {
    if (target == Structure.targets.size())
      return {};
    return {Structure.targets[target].name, Structure.targets[target].registration};
  }

private:
  const ProgramStructure &Structure;
  std::vector<Layer> Layers;
  std::vector<ProgramScope> Scopes; ///< by target; the last one sees only the unplaced TUs
  std::vector<std::vector<size_t>> TargetsOf; ///< by unit
};

} // namespace

LinkedSuite linkFacts(const std::vector<TranslationUnitFacts> &parsedUnits, const std::set<std::string> &testFiles,
                      const SharesNothing &sharesNothing, const ProgramStructure &structure) {
  LinkedSuite suite;
  std::vector<TranslationUnitFacts> units = parsedUnits;
  std::for_each(units.begin(), units.end(), separateLocalFunctions);
  SuitePrograms programs(units, structure);
  std::vector<ProgramScope *> homes;
  for (size_t unit = 0; unit < units.size(); ++unit)
    homes.push_back(&programs.home(unit));
  ReturnResolver(units, homes).resolveAll();
  ClockResolver(units, homes).resolveAll();
  ClassTable classes;
  for (const TranslationUnitFacts &unit : units)
    std::for_each(unit.classes.begin(), unit.classes.end(), [&](const ClassFacts &facts) { classes.add(facts); });

  std::set<size_t> testUnits;
  for (size_t unit = 0; unit < units.size(); ++unit)
    if (testFiles.empty() || testFiles.count(units[unit].mainFile))
      testUnits.insert(unit);
  std::map<size_t, size_t> programIndex; // target -> index into suite.programs
  for (size_t unitIndex = 0; unitIndex < units.size(); ++unitIndex) {
    const TranslationUnitFacts &unit = units[unitIndex];
    suite.diagnostics.insert(suite.diagnostics.end(), unit.diagnostics.begin(), unit.diagnostics.end());
    // A TU that failed to parse may have lost its test macros with its
    // headers: it stays in the report, partial, rather than vanish.
    bool candidate = testFiles.empty() || testFiles.count(unit.mainFile);
    if (!candidate)
      continue;
    if (unit.tests.empty() && unit.parsedCleanly) {
      // Taken for a test file (its text uses a test macro), yet no test: say why.
      if (testFiles.count(unit.mainFile))
        suite.skipped.push_back({unit.mainFile, unit.skippedTestBlocks});
      continue;
    }
    LinkedFile file{unit.mainFile, !unit.parsedCleanly, unit.incompleteCause, {}};
    size_t target = programs.programOf(unitIndex);
    ProgramScope &scope = programs.scope(target);
    auto [program, added] = programIndex.try_emplace(target, suite.programs.size());
    if (added)
      suite.programs.push_back(programs.describe(target));
    // A custom main() runs before every test of its program: what it assigns
    // (an output root from argv) is what the tests see.
    LinkedTest programMain;
    Reacher programReacher(scope, classes, programMain, testUnits);
    for (const Function &function : unit.functions)
      if (function.name == "main") {
        std::vector<EvidenceStep> none;
        programReacher.reach(function.usr, {}, {}, none);
        programReacher.dispatchOnBuiltClasses();
      }
    for (const TestCase &test : unit.tests) {
      LinkedTest linked{test, unit.mainFile, {}};
      linked.program = program->second;
      Reacher reacher(scope, classes, linked, testUnits);
      std::vector<EvidenceStep> chain;
      reacher.reach(test.bodyUsr, {}, {}, chain);
      for (const std::string &usr : test.fixtureUsrs) {
        const Function *fixture = scope.find(usr);
        if (!fixture)
          continue;
        chain.push_back({fixture->location, "fixture code " + fixture->name + " runs around this test"});
        reacher.setAfterTest(runsAfterTest(*fixture));
        reacher.setInFixture(true);
        reacher.reach(usr, {}, {}, chain);
        chain.pop_back();
      }
      reacher.dispatchOnBuiltClasses();
      std::vector<ReachedEvent> events = inRunOrder(reacher.events());
      for (const FoundSleepWait &found : findSleepWaits(events))
        linked.accesses.push_back(sleepWaitAccess(events[found.sleep], found));
      StateResolver state(reacher.assigned(), programReacher.assigned(), scope);
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
