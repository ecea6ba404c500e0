// What extraction knows about library APIs and test frameworks, loaded from
// the JSON catalogs under rules/ (never hard-coded in C++: users extend them).
#pragma once

#include "facts/Facts.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace parready {

struct CatalogError;

/// How an argument's access mode is decided.
enum class ModeSource {
  Fixed,     ///< `mode` as written in the catalog
  FopenMode, ///< from an fopen-style mode string ("r" reads, "w"/"a"/"+" write)
  OpenFlags, ///< from POSIX open() flags (O_WRONLY, O_RDWR, O_CREAT, O_TRUNC)
};

struct ArgumentAccess {
  unsigned argument = 0; ///< index among the call's operands (object first for methods)
  ResourceKind resource = ResourceKind::Path;
  AccessMode mode = AccessMode::Read;
  ModeSource modeSource = ModeSource::Fixed;
  unsigned modeArgument = 0; ///< for FopenMode/OpenFlags
  /// The operand is a socket address (bind(fd, (sockaddr *)&addr, n)): its
  /// value is what was last stored into one of the catalog's address fields
  /// of this resource (a port into sin_port, a path into sun_path). An
  /// address without such a store (a TCP address for a path) is no access.
  bool socketAddress = false;
  /// The operand is a NULL-terminated key/value array of strings (civetweb's
  /// configuration options): the value is what it gives `optionArray->key`.
  std::optional<OptionLookup> optionArray;
  /// With optionArray: the operand points to a struct whose field of this
  /// name holds the array ("mg_init_data::configuration_options").
  std::string optionArrayField;
  /// The write replaces the whole resource whatever it held (setenv): a
  /// test that does it before reading does not see what earlier tests left.
  bool overwrites = false;
};

/// How a call's result value derives from its operands.
enum class ValueRule {
  None,     ///< not a value source: the result is unknown (or unique, see below)
  Operand0, ///< transparent: c_str(), string(), path(const char*), to_string
  Operand1, ///< the second operand: asio's endpoint(protocol, port) stands for its port
  Concat,   ///< operand0 + operand1 (operator+, append, +=)
  Join,     ///< operand0 / operand1 (std::filesystem::path)
  Constant, ///< a known root such as "<tmp>" (temp_directory_path)
  Unique,   ///< a uniquifier (mkdtemp, getpid, random)
  EnvLookup, ///< getenv: known variables map to roots, others are unknown
  DirectoryEntryName, ///< readdir: the name of each entry of a listed directory
  ParentPath          ///< path::parent_path(): operand 0 without its last component
};

/// A call that pauses the calling thread for a fixed time (sleep_for, usleep).
struct SleepSpec {
  /// The operand holding the duration; none: it is not read (nanosleep's
  /// timespec), the sleep's length is unknown.
  std::optional<unsigned> argument;
  /// What one unit of the operand is; 0: the operand is a duration object
  /// (std::chrono::milliseconds) whose type says its unit.
  uint64_t unitNanoseconds = 0;
};

struct ApiEntry {
  std::string name; ///< qualified, template arguments stripped
  std::vector<ArgumentAccess> accesses;
  bool recursive = false;      ///< the delete removes a whole tree
  bool listsDirectory = false; ///< iterating the result visits a directory's entries
  std::optional<unsigned> shellCommandArgument; ///< system()/popen(): parse the command
  std::optional<unsigned> makesArgumentUnique;  ///< mkdtemp/mkstemp rewrite their template
  ValueRule value = ValueRule::None;
  std::string constant; ///< for ValueRule::Constant
  bool assigns = false; ///< the call stores its value into operand 0 (+=, /=, append)
  bool constructsObject = false; ///< make_unique<T>(args): constructs a T from the operands
  /// snprintf(buf, n, fmt, ...): writes printf-formatted text into operand `bufferArgument`.
  std::optional<unsigned> bufferArgument;
  std::optional<unsigned> formatArgument;
  bool readsClock = false; ///< steady_clock::now(), clock_gettime(): the wall clock
  /// flock/lockf: the calling function shares the file it locked on
  /// purpose (a port counter every test program updates in turn).
  bool locksFile = false;
  /// strcpy(buf, src): copies operand `sourceArgument` into `bufferArgument`.
  std::optional<unsigned> sourceArgument;
  /// Starts work that runs concurrently with the caller (std::thread's
  /// constructor, pthread_create, std::async, timer_create).
  bool startsWorker = false;
  /// Waits until concurrent work is done or signals (join, future::get,
  /// condition_variable::wait): a sleep before it no longer decides anything.
  bool waitsForWorker = false;
  /// Pauses the caller (sleep_for, usleep): set when the call sleeps.
  std::optional<SleepSpec> sleeps;
  /// vector::emplace_back: constructs an element of the container's element
  /// type from the operands (a vector<std::thread> starts a thread).
  bool constructsElement = false;
  /// The call returns the program's one instance of its class
  /// (`Config::instance()`, defined where parready cannot see): what a test
  /// does to it, every test of the process shares.
  bool singleton = false;
  /// "path:line:col" of the entry in a project's .parready.json; "" for the
  /// catalogs under rules/api.
  std::string declaredAt;
};

struct TestMacro {
  std::string name;      ///< "TEST_F"
  std::string framework; ///< "gtest"
  /// The macro counts only when defined in a header whose path contains this
  /// (a project's own TEST macro is not GoogleTest's).
  std::string definedIn;
  std::optional<unsigned> suiteArgument;
  unsigned nameArgument = 0;
};

/// An assertion macro that bounds a value from above (EXPECT_LT(a, b) bounds
/// a): on an elapsed wall-clock time, such a bound fails under load.
struct TimingAssertion {
  std::string name;      ///< "EXPECT_LT"
  std::string definedIn; ///< as for TestMacro
  std::optional<unsigned> boundArgument; ///< the bounded operand; none: either (EXPECT_NEAR)
  /// The argument is one comparison (EXPECT_TRUE(a < b), REQUIRE(a < b)):
  /// its smaller side is the bounded operand.
  bool comparison = false;
};

/// A macro that fails the test when its condition is false (EXPECT_EQ,
/// REQUIRE, ck_assert_int_eq, assert).
struct AssertionMacro {
  std::string name;
  std::string definedIn; ///< as for TestMacro
};

/// What a framework's own main() calls to run the registered tests
/// (RUN_ALL_TESTS, Catch::Session::run): a main() calling it is the
/// framework's runner, never a plain test program.
struct RunnerEntryPoint {
  std::string name;    ///< qualified, as catalogName() spells the callee
  std::string spelled; ///< what the text of a runner file contains, for the pre-filter
  std::string framework;
};

struct FrameworkCatalog {
  std::vector<TestMacro> macros;
  /// A test framework's own sources: files that open one of these
  /// namespaces ("Catch", "boost::unit_test") without defining a test...
  std::vector<std::string> implementationNamespaces;
  /// ...or that include one of these (part of an #include line: "catch2/internal/").
  std::vector<std::string> implementationIncludes;
  std::vector<RunnerEntryPoint> runnerEntryPoints;
  /// Methods of a fixture class that run around each test (besides ctor/dtor).
  std::vector<std::string> lifecycleMethods;
  /// Base classes of program-wide fixtures (testing::Environment): their
  /// lifecycle methods run around every test of the program.
  std::vector<std::string> globalFixtureBases;
  std::vector<TimingAssertion> timingAssertions;
  std::vector<AssertionMacro> assertions;
};

/// Which operands of a shell command an effect applies to.
enum class ShellOperands {
  All,        ///< rm a b: both
  Last,       ///< cp a b: the target
  AllButLast, ///< mv a b: the source
};

struct ShellEffectSpec {
  ShellOperands operands = ShellOperands::All;
  AccessMode mode = AccessMode::Write;
  ResourceKind resource = ResourceKind::Path; ///< Process: the operand is a name pattern (pkill)
};

/// A program that tests run through system()/popen() to set up or clean up,
/// and what it does to its operands (options, words starting with '-', are
/// not operands).
struct ShellProgram {
  std::string name; ///< "rm"; matched against the command's basename
  std::vector<ShellEffectSpec> effects;
  unsigned minimumOperands = 1; ///< with fewer, the command does nothing we model
  std::string recursiveFlags;   ///< option letters that make it act on a tree ("rR")
};

/// Where projects keep their tests and the code they did not write: the
/// input stage's test selection reads it (rules/api/project-layout.json).
struct ProjectLayout {
  /// A directory of one of these names holds test programs ("tests").
  std::vector<std::string> testDirectories;
  /// Shell-style patterns over a file's name without extension that mark a
  /// test program ("*_test"); checked valid when the catalog loads.
  std::vector<std::string> testFileNames;
  /// A directory of one of these names holds dependencies fetched or copied
  /// into the tree ("third_party", CMake's "_deps"): not the code under test.
  std::vector<std::string> vendoredDirectories;
};

class ApiCatalog {
public:
  /// Loads every *.json under `directory`; returns an error message or "".
  std::string loadDirectory(const std::string &directory);
  /// Loads one catalog document; `origin` names it in error messages
  /// ("origin:line:col: error: ..." where the position is known).
  std::string loadText(const std::string &text, const std::string &origin);
  /// Adds the catalog a project's configuration declares: the `apis` and
  /// `environment_roots` of the object at `sectionPointer` ("/catalog") of
  /// the JSON `text` of the file `origin`. Its entries win over those
  /// loaded before (built-in ones, a parent configuration's); one name
  /// declared twice in one file is an error.
  /// Returns one "path:line:col: error: ..." per mistake; none when it loaded.
  std::vector<std::string> loadProjectCatalog(const std::string &text, const std::string &origin,
                                              const std::string &sectionPointer);
  /// A hash of every document loaded, in order: what extraction read, so a
  /// facts cache can tell when a catalog edit makes its entries stale.
  const std::string &fingerprint() const { return Fingerprint; }

  const ApiEntry *find(const std::string &qualifiedName) const;
  const TestMacro *findMacro(const std::string &name, const std::string &definingFile) const;
  const TimingAssertion *findTimingAssertion(const std::string &name, const std::string &definingFile) const;
  const AssertionMacro *findAssertion(const std::string &name, const std::string &definingFile) const;
  const FrameworkCatalog &frameworks() const { return Frameworks; }
  /// A type of namespace std that holds one path or name (basic_string, path).
  bool isStringLikeStdType(const std::string &name) const;
  /// A method that puts an object back into a fresh state whatever it held
  /// (clear, reset): on a global, the earlier tests' state is gone.
  bool isStateReset(const std::string &methodName) const;
  /// The shell programs whose effects are understood, by name.
  const std::map<std::string, ShellProgram> &shellPrograms() const { return ShellPrograms; }
  /// How the clock reads (`reads_clock`) are spelt in source text without
  /// arguments ("now()"): macro arguments are text, not AST.
  std::vector<std::string> clockCallSpellings() const;
  /// How long one unit of time is, in seconds, by how code spells the unit:
  /// a chrono literal suffix ("ms"), a duration type ("milliseconds"), a
  /// name suffix ("elapsed_ms"). Timing bounds are measured with it.
  const std::map<std::string, double> &durationUnits() const { return DurationUnits; }
  const ProjectLayout &projectLayout() const { return Layout; }
  const std::map<std::string, std::string> &environmentRoots() const { return EnvRoots; }
  /// Device files every process has its own view of (/dev/null, /dev/stdout):
  /// touching them shares nothing.
  bool isPerProcessPath(const AbstractValue &value) const;
  /// An access that shares nothing with other processes whatever runs
  /// beside it: a per-process device file, a private endpoint (port 0, a
  /// '*' port, inproc://: facts/Endpoint.h) or a malformed one, and no file
  /// for an abstract socket name in sun_path. Checked where the value is known: at the access in extract,
  /// and again in link after a caller's argument filled it in.
  bool sharesNothing(ResourceKind resource, const AbstractValue &value) const;
  /// Fields of socket addresses that hold a resource: "sockaddr_in::sin_port"
  /// a port, "sockaddr_un::sun_path" a path.
  bool isAddressField(const std::string &qualifiedField, ResourceKind resource) const;
  /// Fields that hold their object's whole socket address, so that the port
  /// the object holds is also theirs: "addrinfo::ai_addr" (the address
  /// getaddrinfo resolved), "addrinfo::ai_next" (the next result of the same
  /// service). A field that is itself an address struct needs no entry: the
  /// evaluator sees that from its type.
  bool carriesAddress(const std::string &qualifiedField) const;

private:
  /// `apis` and `environment_roots` of `doc`, whose JSON pointer is
  /// `pointer`; for a project catalog, `projectOrigin` is its file and
  /// `declaredAt` says where an entry stands.
  /// With `mistakes`, an entry's error is collected there and the next
  /// entry read; without, the first error is thrown.
  void loadEntries(const nlohmann::json &doc, const std::string &pointer, const std::string &projectOrigin,
                   const std::function<std::string(const std::string &)> &declaredAt = {},
                   std::vector<CatalogError> *mistakes = nullptr);
  void loadFrameworksAndLayout(const nlohmann::json &doc);

  std::string Fingerprint;
  std::map<std::string, ApiEntry> Entries;
  std::map<std::string, std::string> EnvRoots;
  std::vector<std::string> PerProcessPaths;
  std::vector<std::pair<std::string, ResourceKind>> AddressFields;
  std::vector<std::string> AddressCarriers;
  FrameworkCatalog Frameworks;
  std::map<std::string, ShellProgram> ShellPrograms;
  std::vector<std::string> StringLikeStdTypes;
  std::vector<std::string> StateResets;
  std::map<std::string, double> DurationUnits;
  ProjectLayout Layout;
};

/// "std::basic_ofstream<char>::open" -> "std::basic_ofstream::open"
std::string stripTemplateArguments(const std::string &qualifiedName);

} // namespace parready
