// The one result object every renderer reads (docs/architecture.md, classify and
// report; its JSON form is the contract of docs/report-format.md).
// Paths in it are already relative to --root: renderers never recompute.
#pragma once

#include "config/Policy.h"
#include "facts/Facts.h"
#include "facts/Programs.h"
#include "rules/Resource.h"
#include "rules/Rules.h"
#include "rules/Verdict.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace parready {

/// Where a step of a finding's evidence stands: the call chain from the test
/// down to the access, the access itself, or another test's access that the
/// finding conflicts with (SARIF renders them as codeFlows and relatedLocations).
enum class EvidenceRole { Call, Access, Partner };

/// One step of a finding's evidence. A call step carries link's description
/// of it; an access is data that the reports phrase (report/Messages.h).
struct Evidence {
  SourceLocation location;
  std::string call; ///< a call step's description: "calls write_report"
  EvidenceRole role = EvidenceRole::Call;
  std::string test; ///< a partner's: the other test
  AccessMode access = AccessMode::Read; ///< an access's or partner's: what it does...
  std::string value;                    ///< ...to what, as messages quote it
  std::string api;                      ///< an access's: the call that does it
};

/// Why a finding has low confidence when its rule has high.
enum class LowConfidenceReason {
  None,
  VirtualCall,   ///< reached only through a guessed override of a virtual call
  GenerousBound, ///< a timing bound far above a stall under load (Rule::generousBoundSeconds)
  GenerousSleep, ///< a sleep far longer than the work it waits for (Rule::generousMarginMilliseconds)
};

/// How a finding compares with a baseline (--baseline): the reports show
/// the new ones, and only they fail the run.
enum class BaselineState { NotCompared, New, Unchanged };

template <> struct NamesOf<BaselineState> {
  static constexpr EnumNames<BaselineState, 3> names{{{{BaselineState::NotCompared, "not-compared"},
                                                       {BaselineState::New, "new"},
                                                       {BaselineState::Unchanged, "unchanged"}}}};
};

/// A rule that matched an access a test reaches. Its message is the rule's
/// template filled in with the finding's data (report/Messages.h).
struct Finding {
  std::string rule;
  Verdict verdict = Verdict::Fixable;
  SourceLocation location;
  std::string test; ///< full test name
  std::optional<Resource> resource; ///< nothing when the value is unresolved
  /// What the access touches, as messages quote it: the resource's name, or
  /// the unresolved value ("<Store::dir_>/log").
  std::string value;
  std::string api; ///< the call that accesses it, as the catalog names it
  AccessMode access = AccessMode::Write;
  bool conflict = false; ///< another test of this suite may touch it at the same time
  std::vector<std::string> partners;
  Confidence confidence = Confidence::High;
  LowConfidenceReason lowConfidenceReason = LowConfidenceReason::None;
  /// A timing bound's (parready-timing-assertion): as written, and its
  /// length in seconds when known (Access::bound, Access::boundSeconds).
  std::string bound;
  std::optional<double> boundSeconds;
  /// Low confidence without --strict: reported for review, but it raises no
  /// verdict and takes no part in conflicts, locks or the exit code
  /// (docs/usage.md#confidence).
  bool reviewOnly = false;
  std::vector<Evidence> evidence; ///< call chain to the access, then partners' accesses
  std::string fix;
  /// A conflict that `ctest -j` runs into as the build registers the tests:
  /// false when every partner runs in the same CTest entry (one process runs
  /// the binary's tests one after another) or in one CTest does not run.
  bool conflictAsRegistered = false;
  /// The test reads state that tests run before it in its process leave
  /// changed (parready-order-dependence): no lock helps, separate processes
  /// or another order break it.
  bool orderDependent = false;
  /// parready-sleep-synchronisation: what the test waits for by sleeping,
  /// and how long.
  std::optional<SleepWait> sleepWait;
  /// What stays the same when lines move or the checkout moves: the rule,
  /// the file, the subject and the occurrence among equal ones (Baseline.h).
  /// SARIF's partialFingerprints and baselines use it. "" when suppressed.
  std::string fingerprint;
  BaselineState baseline = BaselineState::NotCompared;
  /// Set for the findings of FileResult::suppressed: why it is no hazard.
  std::optional<Suppression> suppression;
  /// The .parready.json entry that gave it a verdict other than its rule's;
  /// invalid when the rule's own verdict stands.
  SourceLocation regradedAt;
  /// With --changed-only: neither in nor caused by the changed files
  /// (ChangedFiles.h). Like a baselined finding, it is not shown and fails nothing.
  bool outsideChange = false;

  /// What the finding is about, to tell findings at one place apart: its
  /// resource's key, or for an unresolved value that value as messages quote it.
  std::string subject() const { return resource ? resource->key() : value; }
  /// Does it count for verdicts, conflicts and the exit code? Not when it
  /// is for review only (low confidence), nor a note that touches no
  /// verdict (a suppression that suppresses nothing).
  bool counts() const { return !reviewOnly && verdict != Verdict::Safe; }
};

struct TestResult {
  std::string name;
  unsigned line = 0;
  Verdict verdict = Verdict::Safe;
  /// A verdict the project declares for it (`// parready: serial`, a
  /// .parready.json test declaration), with its reason and place.
  std::optional<DeclaredVerdict> declared;
};

/// How many findings of one rule a file has.
struct RuleCount {
  std::string rule;
  size_t findings = 0;
};

struct FileResult {
  std::string path;
  std::string framework; ///< of its tests: "gtest", "catch2", "doctest"; "" when none
  Verdict verdict = Verdict::Safe;
  /// It did not parse cleanly: it is serial (it cannot be shown parallel-safe),
  /// and incompleteCause says why.
  bool partial = false;
  IncompleteCause incompleteCause = IncompleteCause::None;
  bool needsReview = false; ///< it has review-only findings (Finding::reviewOnly)
  std::vector<TestResult> tests;
  std::vector<Finding> findings;
  /// Findings a NOLINT comment, a safe mark or the configuration suppresses:
  /// they raise no verdict, take part in no lock and fail nothing.
  std::vector<Finding> suppressed;
  /// The rules behind the file's verdict (their findings have that verdict), by id.
  std::vector<RuleCount> reasons;
  /// With --changed-only: not changed, and no finding of it is shown.
  bool outsideChange = false;
};

/// A test program (an executable of the build, or a test file assumed to be
/// one) and how CTest runs it.
struct ProgramResult {
  std::string name; ///< "" when nothing is known about the build
  CtestRegistration registration = CtestRegistration::Unknown;
  std::vector<std::string> files; ///< its test files, sorted
};

struct ResourceAccessor {
  std::string test;
  std::string file;
  AccessMode access = AccessMode::Read;
  SourceLocation location;
};

struct ResourceResult {
  Resource resource;
  bool conflict = false;
  std::vector<ResourceAccessor> accessors;
  Verdict verdict = Verdict::Fixable; ///< worst verdict of the findings on it
  /// The conflict graph's edges on this resource: pairs of tests (first <
  /// second) whose accesses interfere. Readers of a file are no pair.
  std::vector<std::pair<std::string, std::string>> conflicts;
};

// The runner configuration that lets the safe part of a suite run in parallel
// today: which tests must not overlap (locks) and which need the machine to
// themselves (serial). `--format ctest` renders it; the speed-up projection
// schedules with it.

/// Tests that hold the same lock never run at the same time. Locks are exclusive
/// (CTest's RESOURCE_LOCK), so readers of a resource must not share one: a
/// resource gets one lock per group of tests that all interfere pairwise, and
/// two readers of a file end up in different locks, each shared with the writers.
struct TestLock {
  std::string name;     ///< "path:<tmp>/sessions", "...#2" for the resource's further locks
  Verdict verdict = Verdict::Fixable; ///< worst verdict of the hazards behind it
  std::vector<std::string> tests;     ///< sorted
};

struct PlannedTest {
  std::string name;
  std::string file;
  std::vector<std::string> locks; ///< lock names, in the order of RunnerPlan::locks
  bool runSerial = false;         ///< a serial hazard: nothing else may run beside it
};

struct RunnerPlan {
  std::vector<TestLock> locks;
  /// Every test of the suite, in report order; most need nothing.
  std::vector<PlannedTest> tests;
  /// Every test file as one whole-program test, named by the file's stem
  /// (add_test(NAME test_io COMMAND test_io)): its cases run one after
  /// another, so it holds only the locks they share with other files, and is
  /// serial when one of them is. In the order of `tests`.
  std::vector<PlannedTest> programs;
};

/// Predicted wall time of the suite from measured test durations, by a
/// simulation of CTest's scheduler with `workers` slots (Projection.h).
struct ScheduleProjection {
  std::string source; ///< the durations file
  unsigned workers = 0;
  size_t testsTimed = 0;   ///< tests of the plan with a measured duration
  size_t testsUntimed = 0; ///< the rest, counted with the median duration
  double serialSeconds = 0;         ///< one test after another (ctest -j1)
  double unlockedSeconds = 0;       ///< `workers` slots, no locks: fast, but the conflicts race
  double withLocksSeconds = 0;      ///< with the plan's locks and RUN_SERIAL: safe today
  double afterFixesSeconds = 0;     ///< fixable locks gone, serial ones kept
};

// What the reports say about the whole suite beyond its files, derived once
// (Readiness.h) so that every renderer says the same.

/// The answer to "can this suite run in parallel?"; each report phrases it.
enum class ParallelAnswer {
  NothingAnalysed, ///< no test files
  No,              ///< tests of one run collide
  Mostly,          ///< no two tests collide, but some files need the machine to themselves
  OrderDependent,  ///< no two tests collide, but some depend on what earlier tests of their process leave
  WithinOneRun,    ///< no two tests collide; the fixable hazards collide when two runs share a machine
  Unknown,         ///< no two tests collide, but some files were not analysed completely
  Yes,             ///< no test shares a resource with another
};

template <> struct NamesOf<ParallelAnswer> {
  static constexpr EnumNames<ParallelAnswer, 7> names{{{{ParallelAnswer::NothingAnalysed, "nothing-analysed"},
                                                        {ParallelAnswer::No, "no"},
                                                        {ParallelAnswer::Mostly, "mostly"},
                                                        {ParallelAnswer::OrderDependent, "order-dependent"},
                                                        {ParallelAnswer::WithinOneRun, "within-one-run"},
                                                        {ParallelAnswer::Unknown, "unknown"},
                                                        {ParallelAnswer::Yes, "yes"}}}};
};

/// Test files counted together, and their share of all test files.
struct FileShare {
  size_t files = 0;
  double percent = 0; ///< 0 when there are no test files
};

struct Summary {
  size_t files = 0, tests = 0, safe = 0, fixable = 0, serial = 0, findings = 0;
  size_t incomplete = 0; ///< of `files`, the partial ones (FileResult::partial)
  size_t skipped = 0;    ///< test files with no test in this configuration (AnalysisResult::skipped)
  size_t reviewFindings = 0; ///< of `findings`, the review-only ones (Finding::reviewOnly)
  size_t hazards = 0;        ///< of `findings`, those that count (Finding::counts)
  size_t needReview = 0;     ///< files with review-only findings
  size_t orderDependentTests = 0; ///< tests with a finding that counts and is Finding::orderDependent
  bool parallelSafe = true;
  /// Whether `ctest -j` runs into no conflict as the build registers the
  /// tests today (a binary registered as one entry runs its tests one after
  /// another); nullopt when CTest's registration is unknown. `parallelSafe`
  /// is the answer for one process per test case (gtest_discover_tests,
  /// sharding, gtest-parallel).
  std::optional<bool> parallelSafeAsRegistered;
  /// The programs registered as one CTest entry that hold a conflict that
  /// counts: `ctest -j` never meets it as registered (sorted names).
  std::vector<std::string> conflictsInsideOneEntry;
  ParallelAnswer answer = ParallelAnswer::NothingAnalysed;
  size_t conflictingResources = 0; ///< resources that tests of one run collide on
  size_t lockedTests = 0;          ///< tests the runner plan gives a lock
  /// Tests the runner plan runs alone (RUN_SERIAL); fixing the fixable
  /// hazards leaves them serial.
  size_t serialTests = 0;
  size_t freeTests = 0; ///< tests with neither: they run beside any other
  size_t suppressed = 0; ///< findings suppressed by comments or the configuration
  /// With --baseline: of `findings`, those the baseline has (not shown, not failing).
  std::optional<size_t> baselined;
  /// With --changed-only: of `findings`, those outside the change (not shown, not failing).
  std::optional<size_t> outsideChange;

  /// The safe, fixable or serial test files.
  FileShare filesWith(Verdict verdict) const;
  /// The test files that are not serial: safe once the fixable hazards are fixed.
  FileShare filesNotSerial() const;
  /// The tests that run beside others once the fixable hazards are fixed.
  size_t testsNotSerial() const { return tests - serialTests; }
};

/// A file whose tests collide on a blocker.
struct BlockerFile {
  std::string path;
  Verdict verdict = Verdict::Safe; ///< the file's
  size_t tests = 0;                ///< its tests among the blocker's
  std::set<AccessMode> access;     ///< what those tests do to the resource

  /// Do those tests change the resource, rather than only read or list it?
  bool modifies() const {
    return std::any_of(access.begin(), access.end(), [](AccessMode mode) { return parready::modifies(mode); });
  }
};

/// A resource inside a blocker that tests also collide on.
struct NestedResource {
  Resource resource;
  size_t tests = 0; ///< tests in a conflict on it
};

/// A resource that tests of one run collide on, with the shared resources
/// inside it (a lock file in a shared directory): one root cause, one fix.
struct Blocker {
  Resource resource;
  std::vector<std::string> tests; ///< in a conflict on it or inside it; sorted
  std::vector<BlockerFile> files; ///< by path
  /// A conflicting finding on the resource itself, of the worst verdict: the
  /// root cause to show. None when only resources inside it have findings.
  std::optional<Finding> rootCause;
  std::vector<NestedResource> inside;
  /// The framework most of its files use, so that the fix is in their idiom.
  std::string framework;
};

/// Findings of one rule that no other test of this run collides with: they
/// break when two runs share a machine, or need the machine to themselves.
/// Review-only findings are not among them.
struct LoneHazards {
  std::string rule;
  size_t files = 0, tests = 0;
  Finding example; ///< the first, in report order
};

struct AnalysisResult {
  std::string toolVersion;
  Runner runner = Runner::Ctest;
  std::string root; ///< absolute; every relative path in the result is under it
  /// Every rule that was applied, in registry order, with the URL of its docs
  /// page (`docsUrl` + Rule::docs): SARIF lists them as the tool's rules.
  std::vector<Rule> rules;
  std::string docsUrl;
  /// Some translation unit could not be analysed completely.
  bool incomplete = false;
  Summary summary;
  std::vector<FileResult> files;
  /// Files taken for test files that define no test in this configuration, sorted by path.
  std::vector<SkippedFile> skipped;
  std::vector<ProgramResult> programs; ///< sorted by name
  std::vector<ResourceResult> resources;
  RunnerPlan plan;
  /// The conflicting resources as root causes, the most widely shared first.
  std::vector<Blocker> blockers;
  /// By rule, in the order their first finding is reported.
  std::vector<LoneHazards> loneHazards;
  std::optional<ScheduleProjection> projection; ///< with --durations only
  /// With --changed-only: the changed files, as paths of the result, sorted.
  std::optional<std::vector<std::string>> changedFiles;
  std::vector<ToolDiagnostic> diagnostics;

  /// The applied rule with this id; nullptr for none.
  const Rule *rule(const std::string &id) const;
};

} // namespace parready
