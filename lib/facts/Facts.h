// The facts model: what extraction records about one translation unit.
//
// Facts are observations, never verdicts. A TU's facts are a pure function of
// its compile command and file contents, so they can be serialised, cached and
// merged later (docs/architecture.md). Every stage after `extract` works on these
// types only and never sees a Clang AST.
#pragma once

#include "facts/EnumNames.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace parready {

struct SourceLocation {
  std::string path; // as the compiler saw it (absolute after extraction)
  unsigned line = 0;
  unsigned column = 0;

  bool valid() const { return !path.empty() && line != 0; }
  friend bool operator==(const SourceLocation &, const SourceLocation &) = default;
  friend auto operator<=>(const SourceLocation &, const SourceLocation &) = default;
};

/// What is known about a path, port or name at compile time.
enum class ValueKind {
  Const,   ///< fully known template: "/tmp/app", "<tmp>/sessions", "<cwd>/out"
  Param,   ///< known up to the enclosing function's parameters: "{param:0}/log"
  Unique,  ///< contains a uniquifier (mkdtemp, getpid, random): private per run
  Unknown, ///< runtime input; reported with low confidence, never dropped
};

struct AbstractValue {
  ValueKind kind = ValueKind::Unknown;
  /// For Const/Param: the template. For Unique/Unknown: a readable rendering.
  std::string text;

  static AbstractValue constant(std::string text) { return {ValueKind::Const, std::move(text)}; }
  /// `what` names the uniquifier; the text marks where it sits ("{unique:what}"),
  /// so that the fixed directory above a private name stays known.
  static AbstractValue unique(const std::string &what);
  static AbstractValue unknown(std::string why) { return {ValueKind::Unknown, std::move(why)}; }
  static AbstractValue param(unsigned index);

  friend bool operator==(const AbstractValue &, const AbstractValue &) = default;
};

/// Do two possible values of one expression name the same resource for the
/// analysis? Equal templates do; two private values do too (each is private,
/// whatever it is). Where several definitions reach a use, they join to the
/// first when all agree this way, else to unknown.
bool agree(const AbstractValue &a, const AbstractValue &b);

/// Concatenation in the abstract domain: a uniquifier anywhere makes the whole
/// value private; otherwise one unknown part makes it unknown.
AbstractValue concat(const AbstractValue &lhs, const AbstractValue &rhs);
/// `lhs / rhs` for std::filesystem::path (inserts exactly one separator).
AbstractValue joinPath(const AbstractValue &lhs, const AbstractValue &rhs);
/// Field values of the object a method runs on, by qualified field name.
using ReceiverFields = std::vector<std::pair<std::string, AbstractValue>>;

/// path::parent_path(). On a value that still has placeholders the cut is
/// deferred to substitution (a "{dirname}" marker), when the text is known.
AbstractValue parentPath(const AbstractValue &path);

/// A field of `this` whose value depends on how the object was constructed:
/// "{field:SessionStore::dir_}". Link replaces it with the receiver's value.
AbstractValue fieldPlaceholder(const std::string &qualifiedField);

/// State shared by everything one test runs (a singleton's field, a mutable
/// global) whose value depends on which assignments the test executes:
/// "{global:Settings::sessions_dir}". Link fills it per test.
AbstractValue globalPlaceholder(const std::string &qualifiedName);

/// For a private path under a fixed directory ("/tmp/app/sessions/{unique:..}"):
/// that directory ("/tmp/app/sessions"); "" when there is none.
std::string fixedParentOfUnique(const AbstractValue &value);

/// What a call to a function without a body in this TU returns: "{result:N}",
/// entry N of the TU's call results. Link fills it from the callee's TU.
AbstractValue resultPlaceholder(size_t index);

/// Replaces {result:N} placeholders by `resolve(N)`.
AbstractValue substituteResults(const AbstractValue &value, const std::function<AbstractValue(size_t)> &resolve);

/// Replaces {global:NAME} placeholders by `resolve(NAME)`; a name it does not
/// know stays a placeholder.
AbstractValue substituteGlobals(const AbstractValue &value,
                                const std::function<std::optional<AbstractValue>(const std::string &)> &resolve);

/// Replaces {param:N} placeholders by the caller's argument values (a missing
/// argument is unknown) and {field:F} placeholders by the receiver's field
/// values (a field the receiver does not know stays a placeholder, for an
/// outer caller to fill).
AbstractValue substituteParams(const AbstractValue &value,
                               const std::vector<AbstractValue> &arguments,
                               const ReceiverFields &fields = {});

/// Does the value wait for its caller: a {param:N} or a {field:F} that the
/// caller's arguments or the receiver's construction fill?
bool dependsOnCaller(const AbstractValue &value);
/// Does the value hold a {param:N} placeholder (what a caller passes in)?
bool dependsOnParameters(const AbstractValue &value);

/// An object whose class is known, as the value of an expression that
/// denotes it (`new PosixEnv`, `&env_`, a member of type MemEnv, a factory
/// that always builds one): "{object:<class USR>}". Link dispatches a
/// virtual call on it to that class's final overrider only.
AbstractValue objectValue(const std::string &classUsr);
/// The class USR of an object value; "" for any other value.
std::string objectClass(const AbstractValue &value);

/// An array of strings as one value (`const char *options[] = {"listening_ports",
/// "8080", NULL}`): its elements in order. A runtime element is kept as a
/// gap, so that the elements after it keep their places.
AbstractValue stringList(const std::vector<AbstractValue> &elements);
/// Several values one expression may have (`ipv6 ? "+8080" : "8080"`, an
/// element each branch of an `if` stores): an access through it may touch each.
AbstractValue alternatives(const std::vector<AbstractValue> &values);
/// The values `value` stands for: its alternatives, or itself.
std::vector<AbstractValue> splitAlternatives(const AbstractValue &value);

/// How to read one key of a key/value option array (civetweb's
/// {"listening_ports", "8080,8443s", ...}): the element after the key, split
/// at `separator` into several values, each without `trailingFlags`.
struct OptionLookup {
  std::string key;
  std::string separator;     ///< "" keeps the element whole
  std::string trailingFlags; ///< letters a list item may end with ("rso": 8443s)
};
/// The value the option array `list` gives `lookup.key` (alternatives when
/// it holds a list). On a list that still holds placeholders the lookup is
/// deferred to substitution, as parentPath() defers its cut. A list without
/// the key gives the empty constant: the option is not set.
AbstractValue optionValue(const AbstractValue &list, const OptionLookup &lookup);

/// The value as a message shows it: placeholders nobody could fill become
/// readable ("{field:Store::dir_}/log" -> "<Store::dir_>/log").
std::string displayText(const AbstractValue &value);

enum class ResourceKind { Path, Port, Env, Cwd, Global, Process, Clock };
enum class AccessMode { Read, Write, Create, Delete, List };
/// Write, Create and Delete change the resource; Read and List only look at it.
bool modifies(AccessMode);

template <> struct NamesOf<ValueKind> {
  static constexpr EnumNames<ValueKind, 4> names{{{{ValueKind::Const, "const"}, {ValueKind::Param, "param"},
                                                   {ValueKind::Unique, "unique"}, {ValueKind::Unknown, "unknown"}}}};
};
template <> struct NamesOf<ResourceKind> {
  static constexpr EnumNames<ResourceKind, 7> names{
      {{{ResourceKind::Path, "path"}, {ResourceKind::Port, "port"}, {ResourceKind::Env, "env"},
        {ResourceKind::Cwd, "cwd"}, {ResourceKind::Global, "global"}, {ResourceKind::Process, "process"},
        {ResourceKind::Clock, "clock"}}}};
};
template <> struct NamesOf<AccessMode> {
  static constexpr EnumNames<AccessMode, 5> names{{{{AccessMode::Read, "read"}, {AccessMode::Write, "write"},
                                                    {AccessMode::Create, "create"}, {AccessMode::Delete, "delete"},
                                                    {AccessMode::List, "list"}}}};
};

/// How an access's mode is read off one of its call's operands (the
/// catalog's mode_from): fopen's mode string or open()'s flags.
enum class ModeOperandKind { FopenMode, OpenFlags };

template <> struct NamesOf<ModeOperandKind> {
  static constexpr EnumNames<ModeOperandKind, 2> names{
      {{{ModeOperandKind::FopenMode, "fopen-mode"}, {ModeOperandKind::OpenFlags, "open-flags"}}}};
};

/// The mode such an operand gives: a read only when its value is known and
/// says so ("rb", O_RDONLY); anything else may write.
AccessMode accessModeOf(ModeOperandKind kind, const AbstractValue &operand);

/// One touch of a shared resource, at the place in the source that performs it.
struct Access {
  ResourceKind resource = ResourceKind::Path;
  AccessMode mode = AccessMode::Read;
  AbstractValue value;      ///< the path / port / variable name
  SourceLocation location;
  std::string api;          ///< catalog entry that matched, e.g. "std::filesystem::remove_all"
  bool recursive = false;   ///< deletes a whole tree (remove_all, rm -r)
  /// The access happens to every entry found by listing `value` (a loop over a
  /// directory that deletes inside its body): it reaches other tests' files.
  bool eachEntry = false;
  /// A write that replaces the whole state without looking at it (`g = 0`,
  /// `registry.clear()`, setenv): what earlier tests left there is gone.
  bool overwrites = false;
  /// A timing bound (a clock access): the bound as written ("150ms",
  /// "wait + tolerance"), and its length in seconds when its unit is known.
  std::string bound;
  std::optional<double> boundSeconds;
  /// The bounded value is a clock reading only if one of these functions,
  /// which other TUs define, returns one (a project's ms_now() in util.c);
  /// empty: it certainly is. Link keeps the access when one of them does.
  std::vector<std::string> clockThrough;
  /// The mode operand when the enclosing function's caller passes it in
  /// (`fopen(path, mode)` in a `callfopen(path, mode)` that `LoadFile` calls
  /// with "rb"): link decides the mode at each call from the argument, and
  /// `mode` is what it is without one (a write).
  std::optional<AbstractValue> modeOperand;
  ModeOperandKind modeOperandKind = ModeOperandKind::FopenMode;

  friend bool operator==(const Access &, const Access &) = default;
};

/// What a function does that orders it against work running beside it:
/// the observations parready-sleep-synchronisation is decided from.
enum class ConcurrencyEventKind {
  WorkerStart, ///< starts a thread, an async task or a timer (std::thread, pthread_create)
  Wait,        ///< waits for such work (join, future::get, condition_variable::wait)
  Sleep,       ///< pauses for a fixed time outside any loop (sleep_for, usleep)
  Delay,       ///< hands a duration to a call (flush_every(1s)): a period or delay of the work
  Assertion,   ///< a framework assertion (EXPECT_EQ, REQUIRE, ck_assert_int_eq, assert)
};

template <> struct NamesOf<ConcurrencyEventKind> {
  static constexpr EnumNames<ConcurrencyEventKind, 5> names{
      {{{ConcurrencyEventKind::WorkerStart, "worker-start"}, {ConcurrencyEventKind::Wait, "wait"},
        {ConcurrencyEventKind::Sleep, "sleep"}, {ConcurrencyEventKind::Delay, "delay"},
        {ConcurrencyEventKind::Assertion, "assertion"}}}};
};

struct ConcurrencyEvent {
  ConcurrencyEventKind kind = ConcurrencyEventKind::Sleep;
  SourceLocation location;
  std::string api; ///< the catalogued call or assertion macro; the callee for a Delay
  /// Sleep, Delay: how many units ("100", "{param:0}"); unknown when the
  /// duration is not known at compile time.
  AbstractValue amount;
  /// Sleep, Delay: nanoseconds per unit of `amount`.
  uint64_t unitNanoseconds = 0;

  friend bool operator==(const ConcurrencyEvent &, const ConcurrencyEvent &) = default;
};

/// `target = value` on a singleton's field or a mutable global: which value
/// the state has depends on the assignments a test runs before using it.
/// The Assignment target that chdir() and current_path(p) set.
inline constexpr const char *WorkingDirectoryState = "<cwd>";

struct Assignment {
  std::string target; ///< as in its {global:...} placeholder
  AbstractValue value;
  SourceLocation location;

  friend bool operator==(const Assignment &, const Assignment &) = default;
};

struct CallSite {
  std::string calleeUsr;
  std::string calleeName;
  SourceLocation location;
  std::vector<AbstractValue> arguments;
  /// The callee runs on the caller's own object (an implicit this-> call):
  /// it sees the caller's receiver fields.
  bool onThis = false;
  /// Fields of the object the callee runs on, when its construction is visible.
  ReceiverFields receiver;
  /// A virtual call: at run time any override of the callee may run.
  bool isVirtual = false;
  /// For a virtual call on another object than the caller's own: what that
  /// object is, as a value ({object:C} when its class is known, else a
  /// placeholder link fills, else unknown). A call on `this` dispatches on
  /// the caller's own object, which link carries.
  AbstractValue receiverObject;
  /// Made inside a loop: a sleep it reaches polls (sleeps and re-checks)
  /// rather than waiting a fixed time.
  bool inLoop = false;

  friend bool operator==(const CallSite &, const CallSite &) = default;
};

/// The value a function leaves in what parameter `parameter` points to.
struct ParameterOutput {
  unsigned parameter = 0;
  AbstractValue value;

  friend bool operator==(const ParameterOutput &, const ParameterOutput &) = default;
};

/// A function with a body in the TU, by USR so that link can merge TUs.
struct Function {
  std::string usr;
  std::string name; ///< qualified, for messages
  SourceLocation location;
  std::vector<Access> accesses;
  std::vector<CallSite> calls;
  std::vector<Assignment> assignments;
  /// USRs of the virtual methods this method overrides (directly).
  std::vector<std::string> overrides;
  /// What the function returns in terms of its parameters, fields and state
  /// ("{param:0}/MANIFEST-{param:1}"), when that is known: callers in other
  /// TUs see it through their {result:N} placeholders.
  std::optional<AbstractValue> returnValue;
  /// What it leaves in the objects its pointer and reference parameters
  /// point to (`void TempFile(char *buf)` fills buf through mkstemp: param 0
  /// holds a unique value), in terms of its parameters; a parameter it does
  /// not write is not listed. Callers in other TUs see it through their
  /// {result:N} placeholders whose CallResult names the parameter.
  std::vector<ParameterOutput> outputs;
  /// USRs of the user's polymorphic classes whose objects it builds (new,
  /// a local or static object, placement new, also inside the constructors
  /// of what it builds), sorted: a virtual call on an object nothing else
  /// identifies runs an override of a class the test built.
  std::vector<std::string> builtClasses;
  /// Only this TU can call it: internal linkage (`static`, an anonymous
  /// namespace, `static inline` in a header every test includes) or the
  /// program's `main`. Another TU's function with the same USR is another
  /// function, so link never merges them.
  bool translationUnitLocal = false;
  /// What it returns is computed from a clock read (a project's now() or
  /// ms_now() over clock_gettime): callers in other TUs that compare it
  /// with a bound assert on elapsed time.
  bool returnsClock = false;
  /// ...or it is when one of these functions, which other TUs define,
  /// returns a clock reading (a wrapper of a wrapper).
  std::vector<std::string> returnsClockThrough;
  /// Its worker starts, waits, sleeps, delays and assertions, in source
  /// order (not those inside a lambda, which runs elsewhere); its calls
  /// interleave with them by location.
  std::vector<ConcurrencyEvent> concurrency;

  friend bool operator==(const Function &, const Function &) = default;
};

/// A polymorphic class whose objects the TU builds (an object value names
/// it): which function a virtual call on such an object runs.
struct ClassFacts {
  std::string usr;
  std::string name; ///< qualified, for messages
  /// (virtual method of the class or of any base, by USR; the final
  /// overrider in this class, by USR). Pure virtual overriders are left out.
  std::vector<std::pair<std::string, std::string>> finalOverriders;

  friend bool operator==(const ClassFacts &, const ClassFacts &) = default;
};

/// A call, used as a value, of a function this TU declares but does not
/// define (a helper in another .cpp file): what "{result:N}" stands for.
struct CallResult {
  std::string calleeUsr;
  std::string rendering; ///< the call as written, for an unknown result
  std::vector<AbstractValue> arguments;
  ReceiverFields receiver;
  /// Set: the placeholder stands for what the call leaves in the object its
  /// argument `outputParameter` points to (an out-parameter), not for what
  /// it returns. A callee that does not write it leaves the argument's value.
  std::optional<unsigned> outputParameter;

  friend bool operator==(const CallResult &, const CallResult &) = default;
};

/// A test case as the framework registers it.
struct TestCase {
  std::string framework; ///< "gtest", "catch2", "doctest"
  std::string suite;     ///< empty where the framework has no suites
  std::string name;
  SourceLocation location;  ///< the TEST(...) macro
  std::string bodyUsr;      ///< the function holding the test's body
  /// Fixture code that runs around this test (SetUp/TearDown, constructors,
  /// suite set-up): a hazard in it belongs to every test of the fixture.
  std::vector<std::string> fixtureUsrs;

  std::string fullName() const { return suite.empty() ? name : suite + "." + name; }
  friend bool operator==(const TestCase &, const TestCase &) = default;
};

/// The tool's own problem with an input (not a hazard in the user's code).
struct ToolDiagnostic {
  std::string severity; ///< "error" or "warning"
  std::string message;
  SourceLocation location; ///< may be invalid for whole-input problems
  std::string file;        ///< the input the problem belongs to

  friend bool operator==(const ToolDiagnostic &, const ToolDiagnostic &) = default;
};

/// A block of the main file that the preprocessor skipped (`#if` on a build
/// option that is off) and whose text uses a test macro: the tests it would
/// define are not compiled in this configuration.
struct SkippedTestBlock {
  unsigned directiveLine = 0; ///< the `#if`/`#ifdef`/`#elif`/`#else` that skips it
  std::string directive;      ///< that directive's text, e.g. "#if defined(ENABLE_NET)"
  unsigned testMacroLine = 0; ///< the first test macro inside the block

  friend bool operator==(const SkippedTestBlock &, const SkippedTestBlock &) = default;
};

/// Why a TU's facts are incomplete (TranslationUnitFacts::parsedCleanly is false).
enum class IncompleteCause {
  None,
  /// Errors only in headers, or a header not found: the test file's own code
  /// was parsed, what it uses from those headers is not understood.
  HeaderErrors,
  CompileErrors, ///< errors in the test file itself
  NotStarted,    ///< no AST at all: the file is missing or the command is broken
  Crashed,       ///< Clang or parready crashed on it (contained, see pipeline/Analyze.cpp)
};

template <> struct NamesOf<IncompleteCause> {
  static constexpr EnumNames<IncompleteCause, 5> names{{{{IncompleteCause::None, "none"},
                                                         {IncompleteCause::HeaderErrors, "header-errors"},
                                                         {IncompleteCause::CompileErrors, "compile-errors"},
                                                         {IncompleteCause::NotStarted, "not-started"},
                                                         {IncompleteCause::Crashed, "crashed"}}}};
};

struct TranslationUnitFacts {
  static constexpr const char *Schema = "parready-facts/9";
  std::string mainFile;
  /// Every file the compiler read for this TU (the main file, its headers,
  /// the compiler's own), absolute and sorted: what a cache entry depends on.
  std::vector<std::string> includedFiles;
  bool parsedCleanly = true;
  IncompleteCause incompleteCause = IncompleteCause::None;
  /// Test blocks compiled out by the preprocessor (only recorded when the TU has no test).
  std::vector<SkippedTestBlock> skippedTestBlocks;
  std::vector<TestCase> tests;
  std::vector<Function> functions;
  /// Initialisers of the state that assignments change (the value a test
  /// sees when it runs no assignment), by {global:...} name.
  std::vector<std::pair<std::string, AbstractValue>> initialValues;
  /// Entry N is what the TU's "{result:N}" placeholders stand for.
  std::vector<CallResult> callResults;
  /// The polymorphic classes that object values of this TU name.
  std::vector<ClassFacts> classes;
  std::vector<ToolDiagnostic> diagnostics;

  friend bool operator==(const TranslationUnitFacts &, const TranslationUnitFacts &) = default;
};

} // namespace parready
