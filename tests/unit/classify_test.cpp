#include "classify/Baseline.h"
#include "classify/ChangedFiles.h"
#include "classify/Classify.h"
#include "classify/Projection.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <unistd.h>

namespace parready {
namespace {

class ClassifyTest : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_EQ(Rules.load(PARREADY_SOURCE_RULES_DIR), ""); }

  void addTest(const std::string &file, const std::string &name, unsigned line, std::vector<Access> accesses,
               bool partial = false) {
    size_t index = Suite.tests.size();
    LinkedTest test{TestCase{"gtest", "S", name, {file, line, 1}, "u" + name, {}}, file, {}};
    for (Access &access : accesses)
      test.accesses.push_back({std::move(access), {}});
    Suite.tests.push_back(std::move(test));
    for (LinkedFile &f : Suite.files)
      if (f.path == file) {
        f.tests.push_back(index);
        return;
      }
    Suite.files.push_back({file, partial, partial ? IncompleteCause::HeaderErrors : IncompleteCause::None, {index}});
  }

  static Access path(AccessMode mode, const std::string &value, unsigned line, bool recursive = false) {
    return {ResourceKind::Path, mode, AbstractValue::constant(value), {"/src/x.cpp", line, 3}, "api", recursive};
  }

  /// Sessions with random names in one fixed directory: a test that creates
  /// one and takes the newest from a listing, one that only creates one, and
  /// a cleaner that creates one and deletes every entry.
  void addSessionTests() {
    Access own = path(AccessMode::Write, "", 6);
    own.value = joinPath(AbstractValue::constant("/tmp/app/sessions"),
                         concat(AbstractValue::constant("test-"), AbstractValue::unique("random_hex()")));
    Access listing = path(AccessMode::List, "/tmp/app/sessions", 7);
    Access wipe = path(AccessMode::Delete, "/tmp/app/sessions/*", 9, true);
    wipe.eachEntry = true;
    addTest("/src/ux_test.cpp", "ResumesNewest", 5, {own, listing});
    addTest("/src/ux_test.cpp", "OnlyOwnEntry", 12, {own});
    addTest("/src/ux_test.cpp", "AlsoOnlyOwnEntry", 20, {own});
    addTest("/src/infra_test.cpp", "Cleans", 5, {own, wipe});
  }

  /// S.Writer and S.Rewriter (a_test.cpp) both write /tmp/app/data.json.
  void addWriters() {
    addTest("/src/a_test.cpp", "Writer", 5, {path(AccessMode::Write, "/tmp/app/data.json", 6)});
    addTest("/src/a_test.cpp", "Rewriter", 9, {path(AccessMode::Write, "/tmp/app/data.json", 10)});
  }

  /// The last added test reaches its access `index` only through a virtual
  /// call whose override is a guess.
  void behindAGuessedOverride(size_t index = 0) { Suite.tests.back().accesses.at(index).throughVirtualCall = true; }

  static Access unresolved(AccessMode mode, unsigned line) {
    return {ResourceKind::Path, mode, AbstractValue::unknown("$OUT_DIR/x"), {"/src/x.cpp", line, 3}, "api", false};
  }

  AnalysisResult run(Runner runner = Runner::Ctest, bool strict = false) {
    ClassifyOptions options;
    options.strict = strict;
    options.runner = runner;
    options.root = "/src";
    options.toolVersion = "t";
    return classify(Suite, Rules, options);
  }

  RuleSet Rules;
  LinkedSuite Suite;
};

TEST_F(ClassifyTest, ConflictingTestsNameEachOtherAsPartners) {
  addTest("/src/a_test.cpp", "Writer", 5, {path(AccessMode::Write, "/tmp/app/sessions/s.json", 6)});
  addTest("/src/b_test.cpp", "Cleaner", 5, {path(AccessMode::Delete, "/tmp/app/sessions", 7, true)});
  addTest("/src/c_test.cpp", "Reader", 5, {path(AccessMode::Read, "/data/input.txt", 8)});
  AnalysisResult result = run();

  ASSERT_EQ(result.files.size(), 3u);
  EXPECT_EQ(result.files[0].path, "a_test.cpp");
  EXPECT_EQ(result.files[0].verdict, Verdict::Fixable);
  ASSERT_EQ(result.files[0].findings.size(), 1u);
  const Finding &write = result.files[0].findings[0];
  EXPECT_EQ(write.rule, "parready-shared-path");
  EXPECT_EQ(keyOf(write.resource), "path:/tmp/app/sessions/s.json");
  EXPECT_TRUE(write.conflict);
  EXPECT_EQ(write.partners, std::vector<std::string>{"S.Cleaner"});
  EXPECT_EQ(write.value, "/tmp/app/sessions/s.json");
  EXPECT_EQ(write.api, "api");
  // The evidence is data the reports phrase: the access, then the partner's.
  ASSERT_EQ(write.evidence.size(), 2u);
  EXPECT_EQ(write.evidence[0].role, EvidenceRole::Access);
  EXPECT_EQ(write.evidence[0].access, AccessMode::Write);
  EXPECT_EQ(write.evidence[0].value, "/tmp/app/sessions/s.json");
  EXPECT_EQ(write.evidence[1].role, EvidenceRole::Partner);
  EXPECT_EQ(write.evidence[1].test, "S.Cleaner");
  EXPECT_EQ(write.evidence[1].access, AccessMode::Delete);
  EXPECT_EQ(write.evidence[1].value, "/tmp/app/sessions");
  EXPECT_EQ(result.files[1].findings.at(0).rule, "parready-recursive-delete");
  EXPECT_EQ(result.files[1].findings.at(0).partners, std::vector<std::string>{"S.Writer"});
  EXPECT_EQ(result.files[2].verdict, Verdict::Safe); // read-only data is no hazard

  EXPECT_FALSE(result.summary.parallelSafe);
  EXPECT_EQ(result.summary.files, 3u);
  EXPECT_EQ(result.summary.safe, 1u);
  EXPECT_EQ(result.summary.fixable, 2u);
  EXPECT_EQ(result.summary.findings, 2u);
  ASSERT_EQ(result.resources.size(), 2u);
  for (const ResourceResult &resource : result.resources) {
    EXPECT_TRUE(resource.conflict) << resource.resource.key();
    EXPECT_EQ(resource.accessors.size(), 2u) << resource.resource.key();
  }
}

TEST_F(ClassifyTest, PrivateEntriesInADirectoryAnotherTestEmptiesAreVictims) {
  addSessionTests();
  addTest("/src/private_test.cpp", "Alone", 5, {path(AccessMode::List, "/data/fixtures", 6)});
  AnalysisResult result = run();
  ASSERT_EQ(result.files.size(), 3u);
  const FileResult &infra = result.files[0], &alone = result.files[1], &ux = result.files[2];
  // The cleaner: its loop is the finding; its own entry adds nothing to say.
  ASSERT_EQ(infra.findings.size(), 1u);
  EXPECT_EQ(infra.findings[0].rule, "parready-cleanup-loop");
  EXPECT_EQ(infra.findings[0].partners,
            (std::vector<std::string>{"S.AlsoOnlyOwnEntry", "S.OnlyOwnEntry", "S.ResumesNewest"}));
  // The victims: one finding per test, naming the cleaner.
  ASSERT_EQ(ux.findings.size(), 3u);
  for (const Finding &finding : ux.findings) {
    EXPECT_TRUE(finding.conflict);
    EXPECT_NE(std::find(finding.partners.begin(), finding.partners.end(), "S.Cleans"), finding.partners.end());
  }
  EXPECT_EQ(ux.findings[0].rule, "parready-shared-directory");
  EXPECT_EQ(keyOf(ux.findings[0].resource), "path:/tmp/app/sessions/<unique>");
  EXPECT_EQ(ux.verdict, Verdict::Fixable);
  // Listing a directory nobody changes is no hazard.
  EXPECT_EQ(alone.verdict, Verdict::Safe);
  EXPECT_TRUE(alone.findings.empty());
}

TEST_F(ClassifyTest, ALoneFixedPathIsALatentHazard) {
  addTest("/src/a_test.cpp", "Alone", 5, {path(AccessMode::Write, "/tmp/only-me", 6)});
  addTest("/src/a_test.cpp", "Other", 9, {path(AccessMode::Write, "/tmp/other-thing", 10)});
  AnalysisResult result = run();
  ASSERT_EQ(result.files.size(), 1u);
  for (const Finding &finding : result.files[0].findings) {
    EXPECT_FALSE(finding.conflict);
    EXPECT_TRUE(finding.partners.empty());
  }
  EXPECT_TRUE(result.summary.parallelSafe);
  EXPECT_EQ(result.files[0].verdict, Verdict::Fixable);
}

TEST_F(ClassifyTest, FileVerdictIsItsWorstTest) {
  addTest("/src/a_test.cpp", "Safe", 5, {});
  addTest("/src/a_test.cpp", "Serial", 9, {path(AccessMode::Write, "/etc/app.conf", 10)});
  addTest("/src/a_test.cpp", "Fixable", 12, {path(AccessMode::Write, "/tmp/x", 13)});
  AnalysisResult result = run();
  ASSERT_EQ(result.files.size(), 1u);
  EXPECT_EQ(result.files[0].verdict, Verdict::Serial);
  ASSERT_EQ(result.files[0].tests.size(), 3u);
  EXPECT_EQ(result.files[0].tests[0].verdict, Verdict::Safe);
  EXPECT_EQ(result.files[0].tests[1].verdict, Verdict::Serial);
  EXPECT_EQ(result.files[0].tests[2].verdict, Verdict::Fixable);
}

TEST_F(ClassifyTest, RunnerModelDecidesWhatIsShared) {
  Access global{ResourceKind::Global, AccessMode::Write, AbstractValue::constant("g_count"), {"/src/g.cpp", 3, 1}, "write"};
  addTest("/src/g_test.cpp", "A", 5, {global});
  addTest("/src/g_test.cpp", "B", 9, {global, path(AccessMode::Write, "<tmp>/fixed.txt", 11)});
  EXPECT_EQ(run(Runner::Ctest).files[0].findings.size(), 1u); // the temp file only
  AnalysisResult threads = run(Runner::Threads);
  EXPECT_EQ(threads.files[0].findings.size(), 3u);
  EXPECT_FALSE(threads.summary.parallelSafe);
  // Bazel gives each test target its own TEST_TMPDIR.
  EXPECT_EQ(run(Runner::Bazel).files[0].findings.size(), 0u);
}

/// Keys of resources, to compare them in one expectation.
std::vector<std::string> keysOf(const std::vector<NestedResource> &resources) {
  std::vector<std::string> keys;
  for (const NestedResource &nested : resources)
    keys.push_back(nested.resource.key());
  return keys;
}

TEST_F(ClassifyTest, ABlockersFixIsWrittenForTheFrameworkMostOfItsFilesUse) {
  addTest("/src/a_test.cpp", "A", 5, {path(AccessMode::Write, "/tmp/shared/out", 6)});
  addTest("/src/b_test.cpp", "B", 5, {path(AccessMode::Write, "/tmp/shared/out", 6)});
  addTest("/src/c_test.cpp", "C", 5, {path(AccessMode::Write, "/tmp/shared/out", 6)});
  Suite.tests[1].test.framework = "catch2";
  Suite.tests[2].test.framework = "catch2";
  AnalysisResult result = run();
  ASSERT_EQ(result.blockers.size(), 1u);
  EXPECT_EQ(result.blockers[0].files.size(), 3u);
  EXPECT_EQ(result.blockers[0].framework, "catch2"); // two files of three
}

TEST_F(ClassifyTest, ABlockerIsTheOutermostConflictingResourceWithWhatIsInsideIt) {
  addWriters();
  addTest("/src/b_test.cpp", "Cleaner", 5, {path(AccessMode::Delete, "/tmp/app", 7, true)});
  addTest("/src/c_test.cpp", "Config", 5, {path(AccessMode::Write, "/etc/app.conf", 6)});
  addTest("/src/c_test.cpp", "Lone", 9, {path(AccessMode::Write, "/tmp/only-me", 10)});
  AnalysisResult result = run();

  ASSERT_EQ(result.blockers.size(), 1u);
  const Blocker &blocker = result.blockers[0];
  EXPECT_EQ(blocker.resource.key(), "path:/tmp/app");
  EXPECT_EQ(keysOf(blocker.inside), std::vector<std::string>{"path:/tmp/app/data.json"});
  EXPECT_EQ(blocker.inside[0].tests, 3u);
  EXPECT_EQ(blocker.tests, (std::vector<std::string>{"S.Cleaner", "S.Rewriter", "S.Writer"}));
  ASSERT_EQ(blocker.files.size(), 2u);
  EXPECT_EQ(blocker.files[0].path, "a_test.cpp");
  EXPECT_EQ(blocker.files[0].tests, 2u);
  EXPECT_EQ(blocker.files[0].access, std::set<AccessMode>{AccessMode::Write});
  EXPECT_EQ(blocker.files[0].verdict, Verdict::Fixable);
  EXPECT_EQ(blocker.files[1].path, "b_test.cpp");
  EXPECT_EQ(blocker.files[1].access, std::set<AccessMode>{AccessMode::Delete});
  // The root cause is a finding on the blocker itself, not on what is inside it.
  ASSERT_TRUE(blocker.rootCause.has_value());
  EXPECT_EQ(blocker.rootCause->rule, "parready-recursive-delete");
  EXPECT_EQ(blocker.rootCause->test, "S.Cleaner");
  EXPECT_EQ(blocker.framework, "gtest");

  // What no other test collides with, by rule in report order.
  ASSERT_EQ(result.loneHazards.size(), 2u);
  EXPECT_EQ(result.loneHazards[0].rule, "parready-system-path");
  EXPECT_EQ(result.loneHazards[0].example.test, "S.Config");
  EXPECT_EQ(result.loneHazards[1].rule, "parready-shared-path");
  EXPECT_EQ(result.loneHazards[1].files, 1u);
  EXPECT_EQ(result.loneHazards[1].tests, 1u);

  // A file's reasons are the rules behind its verdict only.
  const FileResult &c = result.files[2];
  EXPECT_EQ(c.verdict, Verdict::Serial);
  ASSERT_EQ(c.reasons.size(), 1u);
  EXPECT_EQ(c.reasons[0].rule, "parready-system-path");
  ASSERT_EQ(result.files[0].reasons.size(), 1u);
  EXPECT_EQ(result.files[0].reasons[0].findings, 2u);
}

TEST_F(ClassifyTest, TheSummaryCountsWhatTheReportsQuote) {
  addWriters();
  addTest("/src/b_test.cpp", "Config", 5, {path(AccessMode::Write, "/etc/app.conf", 6)});
  addTest("/src/b_test.cpp", "Lone", 9, {path(AccessMode::Write, "/tmp/only-me", 10)});
  addTest("/src/c_test.cpp", "Reader", 5, {path(AccessMode::Read, "/data/input.txt", 6)});
  const Summary s = run().summary;
  EXPECT_EQ(s.answer, ParallelAnswer::No);
  EXPECT_EQ(s.conflictingResources, 1u);
  EXPECT_EQ(s.lockedTests, 2u); // Writer and Rewriter
  EXPECT_EQ(s.serialTests, 1u); // Config
  EXPECT_EQ(s.freeTests, 2u);   // Lone and Reader
  FileShare safe = s.filesWith(Verdict::Safe), fixable = s.filesWith(Verdict::Fixable),
            serial = s.filesWith(Verdict::Serial), notSerial = s.filesNotSerial();
  EXPECT_EQ(safe.files, 1u);
  EXPECT_EQ(fixable.files, 1u);
  EXPECT_EQ(serial.files, 1u);
  EXPECT_DOUBLE_EQ(serial.percent, 100.0 / 3);
  EXPECT_EQ(notSerial.files, 2u);
  EXPECT_DOUBLE_EQ(notSerial.percent, 200.0 / 3);
  EXPECT_DOUBLE_EQ(Summary{}.filesWith(Verdict::Safe).percent, 0.0); // no files: no division by zero
}

TEST_F(ClassifyTest, TheAnswerToCanItRunInParallel) {
  auto answer = [&](std::function<void()> suite) {
    Suite = {};
    suite();
    return run().summary.answer;
  };
  EXPECT_EQ(answer([] {}), ParallelAnswer::NothingAnalysed);
  EXPECT_EQ(answer([&] {
              addTest("/src/a_test.cpp", "A", 5, {path(AccessMode::Write, "/tmp/x", 6)});
              addTest("/src/b_test.cpp", "B", 5, {path(AccessMode::Write, "/tmp/x", 6)});
            }),
            ParallelAnswer::No);
  EXPECT_EQ(answer([&] { addTest("/src/a_test.cpp", "A", 5, {path(AccessMode::Write, "/etc/app.conf", 6)}); }),
            ParallelAnswer::Mostly);
  EXPECT_EQ(answer([&] { addTest("/src/a_test.cpp", "A", 5, {path(AccessMode::Write, "/tmp/x", 6)}); }),
            ParallelAnswer::WithinOneRun);
  EXPECT_EQ(answer([&] { addTest("/src/a_test.cpp", "A", 5, {}, /*partial=*/true); }), ParallelAnswer::Unknown);
  // What was found for certain stays the answer: a collision is a collision.
  EXPECT_EQ(answer([&] {
              addTest("/src/a_test.cpp", "A", 5, {path(AccessMode::Write, "/tmp/x", 6)});
              addTest("/src/b_test.cpp", "B", 5, {path(AccessMode::Write, "/tmp/x", 6)});
              addTest("/src/c_test.cpp", "C", 5, {}, /*partial=*/true);
            }),
            ParallelAnswer::No);
  EXPECT_EQ(answer([&] { addTest("/src/a_test.cpp", "A", 5, {path(AccessMode::Read, "/data/in.txt", 6)}); }),
            ParallelAnswer::Yes);
}

TEST_F(ClassifyTest, APartialFileIsSerialAndItsTestsRunAlone) {
  addTest("/src/a_test.cpp", "A", 5, {}, /*partial=*/true);
  addTest("/src/b_test.cpp", "B", 5, {});
  Suite.files.push_back({"/src/c_test.cpp", true, IncompleteCause::NotStarted, {}}); // no test case survived
  AnalysisResult result = run();
  ASSERT_EQ(result.files.size(), 3u);
  EXPECT_EQ(result.files[0].verdict, Verdict::Serial);
  EXPECT_EQ(result.files[0].incompleteCause, IncompleteCause::HeaderErrors);
  EXPECT_EQ(result.files[0].tests[0].verdict, Verdict::Serial);
  EXPECT_EQ(result.files[1].verdict, Verdict::Safe);
  EXPECT_EQ(result.files[2].verdict, Verdict::Serial);
  EXPECT_EQ(result.summary.incomplete, 2u);
  EXPECT_EQ(result.summary.serial, 2u);
  auto planned = std::find_if(result.plan.tests.begin(), result.plan.tests.end(),
                              [](const PlannedTest &test) { return test.name == "S.A"; });
  ASSERT_NE(planned, result.plan.tests.end());
  EXPECT_TRUE(planned->runSerial);
  // The file without test cases still has its whole-file test run alone.
  auto whole = std::find_if(result.plan.programs.begin(), result.plan.programs.end(),
                            [](const PlannedTest &program) { return program.name == "c_test"; });
  ASSERT_NE(whole, result.plan.programs.end());
  EXPECT_TRUE(whole->runSerial);
}

TEST_F(ClassifyTest, SkippedFilesAreListedAndCounted) {
  addTest("/src/a_test.cpp", "A", 5, {});
  Suite.skipped.push_back({"/src/z_test.cpp", {{2, "#if defined(ENABLE_NET)", 3}}});
  Suite.skipped.push_back({"/src/m_test.cpp", {}});
  AnalysisResult result = run();
  ASSERT_EQ(result.skipped.size(), 2u);
  EXPECT_EQ(result.skipped[0].path, "m_test.cpp"); // relative to the root, by path
  EXPECT_EQ(result.skipped[1].blocks[0].directive, "#if defined(ENABLE_NET)");
  EXPECT_EQ(result.summary.skipped, 2u);
  EXPECT_EQ(result.summary.files, 1u);
  EXPECT_EQ(result.summary.answer, ParallelAnswer::Yes);
}

/// The names of the locks two tests share.
std::vector<std::string> sharedLocks(const RunnerPlan &plan, const std::string &a, const std::string &b) {
  auto locksOf = [&](const std::string &name) {
    for (const PlannedTest &test : plan.tests)
      if (test.name == name)
        return test.locks;
    ADD_FAILURE() << "no test " << name << " in the plan";
    return std::vector<std::string>{};
  };
  std::vector<std::string> ofA = locksOf(a), ofB = locksOf(b), shared;
  for (const std::string &lock : ofA)
    if (std::find(ofB.begin(), ofB.end(), lock) != ofB.end())
      shared.push_back(lock);
  return shared;
}

TEST_F(ClassifyTest, OneEndpointWrittenThreeWaysIsOneResourceAndAReaderExpectingNothingThereIsAPartner) {
  auto port = [](AccessMode mode, const char *written, const char *api, unsigned line) {
    return Access{ResourceKind::Port, mode, AbstractValue::constant(written), {"/src/x.cpp", line, 3}, api};
  };
  addTest("/src/broker_test.cpp", "Binds", 5, {port(AccessMode::Write, "tcp://*:7100", "zmq_bind", 6)});
  addTest("/src/server_test.cpp", "Listens", 5, {port(AccessMode::Write, "7100", "bind", 7)});
  // Connects to 7100 and expects to be refused: nothing may listen there.
  addTest("/src/client_test.cpp", "IsRefused", 5, {port(AccessMode::Read, "tcp://127.0.0.1:7100", "zmq_connect", 8)});
  AnalysisResult result = run();

  ASSERT_EQ(result.files.size(), 3u);
  const Finding &zmq = result.files[0].findings.at(0);
  EXPECT_EQ(zmq.rule, "parready-fixed-port");
  EXPECT_EQ(keyOf(zmq.resource), "port:7100");
  EXPECT_EQ(zmq.value, "tcp://*:7100");
  EXPECT_EQ(zmq.partners, (std::vector<std::string>{"S.IsRefused", "S.Listens"}));
  EXPECT_NE(zmq.fix.find("ZMQ_LAST_ENDPOINT"), std::string::npos) << zmq.fix;
  const Finding &plain = result.files[2].findings.at(0);
  EXPECT_EQ(plain.value, "port 7100");
  EXPECT_EQ(plain.fix, Rules.find("parready-fixed-port")->fix);
  // The reader has no finding of its own (binding nothing is no hazard), but
  // it waits for both servers: they share a lock with it.
  EXPECT_EQ(result.files[1].path, "client_test.cpp");
  EXPECT_EQ(result.files[1].verdict, Verdict::Safe);
  ASSERT_EQ(result.resources.size(), 1u);
  EXPECT_EQ(result.resources[0].accessors.size(), 3u);
  EXPECT_FALSE(sharedLocks(result.plan, "S.IsRefused", "S.Binds").empty());
  EXPECT_FALSE(sharedLocks(result.plan, "S.IsRefused", "S.Listens").empty());
}

TEST_F(ClassifyTest, AFileWithOnlyLowConfidenceFindingsIsSafeAndNeedsReview) {
  addTest("/src/a_test.cpp", "WritesEnvDir", 5, {unresolved(AccessMode::Write, 6)});
  addTest("/src/a_test.cpp", "WritesThroughEnv", 9, {path(AccessMode::Write, "/etc/app.conf", 10)});
  behindAGuessedOverride();
  addTest("/src/b_test.cpp", "Plain", 5, {});
  AnalysisResult result = run();

  const FileResult &file = result.files.at(0);
  EXPECT_EQ(file.verdict, Verdict::Safe);
  EXPECT_TRUE(file.needsReview);
  // Still reported, with their own verdicts and confidence, for review.
  ASSERT_EQ(file.findings.size(), 2u);
  EXPECT_EQ(file.findings[0].rule, "parready-unresolved-path");
  EXPECT_EQ(file.findings[1].rule, "parready-system-path");
  EXPECT_EQ(file.findings[1].verdict, Verdict::Serial);
  for (const Finding &finding : file.findings) {
    EXPECT_EQ(finding.confidence, Confidence::Low);
    EXPECT_TRUE(finding.reviewOnly);
  }
  for (const TestResult &test : file.tests)
    EXPECT_EQ(test.verdict, Verdict::Safe) << test.name;
  EXPECT_TRUE(file.reasons.empty());
  EXPECT_FALSE(result.files.at(1).needsReview);
  // Nothing to lock, nothing serial, and the suite's answer is a plain yes.
  EXPECT_TRUE(result.resources.empty());
  EXPECT_TRUE(result.plan.locks.empty());
  for (const PlannedTest &test : result.plan.tests)
    EXPECT_FALSE(test.runSerial) << test.name;
  EXPECT_TRUE(result.loneHazards.empty());
  EXPECT_EQ(result.summary.safe, 2u);
  EXPECT_EQ(result.summary.findings, 2u);
  EXPECT_EQ(result.summary.reviewFindings, 2u);
  EXPECT_EQ(result.summary.needReview, 1u);
  EXPECT_EQ(result.summary.answer, ParallelAnswer::Yes);
}

TEST_F(ClassifyTest, AGenerousTimingBoundIsForReviewAndATightOneDecides) {
  auto bound = [](unsigned line, std::optional<double> seconds) {
    Access access{ResourceKind::Clock, AccessMode::Read, AbstractValue::constant("wall-clock"),
                  {"/src/t_test.cpp", line, 3}, "EXPECT_LT"};
    access.bound = "b";
    access.boundSeconds = seconds;
    return access;
  };
  addTest("/src/t_test.cpp", "Eventually", 5, {bound(6, 30.0), bound(7, 1.0)});
  addTest("/src/u_test.cpp", "Quick", 5, {bound(6, 0.15)});
  addTest("/src/v_test.cpp", "Unmeasured", 5, {bound(6, std::nullopt)});
  AnalysisResult result = run();
  ASSERT_EQ(result.files.size(), 3u);
  const FileResult &generous = result.files[0];
  EXPECT_EQ(generous.verdict, Verdict::Safe); // a second or more: only an extreme stall fails it
  EXPECT_TRUE(generous.needsReview);
  ASSERT_EQ(generous.findings.size(), 2u);
  for (const Finding &finding : generous.findings) {
    EXPECT_EQ(finding.confidence, Confidence::Low);
    EXPECT_EQ(finding.lowConfidenceReason, LowConfidenceReason::GenerousBound);
    EXPECT_TRUE(finding.reviewOnly);
  }
  EXPECT_EQ(generous.findings[0].boundSeconds, 30.0);
  EXPECT_EQ(result.files[1].verdict, Verdict::Serial);
  EXPECT_EQ(result.files[1].findings.at(0).lowConfidenceReason, LowConfidenceReason::None);
  EXPECT_EQ(result.files[1].findings.at(0).bound, "b");
  EXPECT_EQ(result.files[2].verdict, Verdict::Serial); // an unknown length counts like a tight one
  EXPECT_EQ(run(Runner::Ctest, true).files[0].verdict, Verdict::Serial); // --strict
}

TEST_F(ClassifyTest, StrictCountsLowConfidenceFindingsAsBefore) {
  addTest("/src/a_test.cpp", "WritesEnvDir", 5, {unresolved(AccessMode::Write, 6)});
  addTest("/src/a_test.cpp", "WritesThroughEnv", 9, {path(AccessMode::Write, "/etc/app.conf", 10)});
  behindAGuessedOverride();
  AnalysisResult result = run(Runner::Ctest, /*strict=*/true);

  const FileResult &file = result.files.at(0);
  EXPECT_EQ(file.verdict, Verdict::Serial);
  EXPECT_FALSE(file.needsReview);
  ASSERT_EQ(file.tests.size(), 2u);
  EXPECT_EQ(file.tests[0].verdict, Verdict::Fixable);
  EXPECT_EQ(file.tests[1].verdict, Verdict::Serial);
  for (const Finding &finding : file.findings) {
    EXPECT_EQ(finding.confidence, Confidence::Low); // still said, but counted
    EXPECT_FALSE(finding.reviewOnly);
  }
  ASSERT_EQ(result.plan.tests.size(), 2u);
  EXPECT_TRUE(result.plan.tests[1].runSerial);
  EXPECT_EQ(result.summary.reviewFindings, 0u);
  EXPECT_EQ(result.summary.answer, ParallelAnswer::Mostly);
}

TEST_F(ClassifyTest, ALowConfidenceFindingBesideCertainOnesDecidesNothing) {
  // a_test: a certain fixable write, and a serial write only a guessed
  // override makes; b_test's certain write collides with the guess alone.
  addTest("/src/a_test.cpp", "Writes", 5, {path(AccessMode::Write, "/tmp/app/own.json", 6)});
  addTest("/src/a_test.cpp", "MaybeConfig", 9,
          {path(AccessMode::Write, "/etc/app.conf", 10), path(AccessMode::Write, "/tmp/app/shared.json", 11)});
  behindAGuessedOverride(0);
  behindAGuessedOverride(1);
  addTest("/src/b_test.cpp", "Shares", 5, {path(AccessMode::Write, "/tmp/app/shared.json", 6)});
  AnalysisResult result = run();

  const FileResult &a = result.files.at(0), &b = result.files.at(1);
  EXPECT_EQ(a.verdict, Verdict::Fixable); // not serial: the serial access is a guess
  EXPECT_TRUE(a.needsReview);
  ASSERT_EQ(a.findings.size(), 3u); // the guesses stay in the file's list
  EXPECT_EQ(std::count_if(a.findings.begin(), a.findings.end(), [](const Finding &f) { return f.reviewOnly; }), 2);
  ASSERT_EQ(a.reasons.size(), 1u);
  EXPECT_EQ(a.reasons[0].rule, "parready-shared-path");
  EXPECT_EQ(a.reasons[0].findings, 1u);
  ASSERT_EQ(a.tests.size(), 2u);
  EXPECT_EQ(a.tests[1].verdict, Verdict::Safe);

  // The guessed write makes no conflict of b_test's certain one, and no lock.
  ASSERT_EQ(b.findings.size(), 1u);
  EXPECT_FALSE(b.findings[0].conflict);
  EXPECT_FALSE(b.needsReview);
  EXPECT_TRUE(result.summary.parallelSafe);
  EXPECT_TRUE(result.plan.locks.empty());
  for (const ResourceResult &resource : result.resources)
    for (const ResourceAccessor &accessor : resource.accessors)
      EXPECT_NE(accessor.test, "S.MaybeConfig") << resource.resource.key();
  // The reviewer still sees whom the guess would collide with.
  const Finding &guess = *std::find_if(a.findings.begin(), a.findings.end(), [](const Finding &f) {
    return f.reviewOnly && f.value == "/tmp/app/shared.json";
  });
  EXPECT_EQ(guess.partners, std::vector<std::string>{"S.Shares"});

  // With --strict the guess is a conflict partner again, and locks follow.
  AnalysisResult strict = run(Runner::Ctest, /*strict=*/true);
  EXPECT_EQ(strict.files.at(0).verdict, Verdict::Serial);
  EXPECT_TRUE(strict.files.at(1).findings.at(0).conflict);
  EXPECT_FALSE(strict.summary.parallelSafe);
  EXPECT_FALSE(sharedLocks(strict.plan, "S.Shares", "S.MaybeConfig").empty());
}

TEST_F(ClassifyTest, AGuessHidesNoCertainFinding) {
  // Lists writes a file of the directory only through a guessed override;
  // its certain listing of the directory, which Writes changes, still counts.
  addTest("/src/a_test.cpp", "Lists", 5,
          {path(AccessMode::Write, "/tmp/app/sessions/mine.json", 6), path(AccessMode::List, "/tmp/app/sessions", 7)});
  behindAGuessedOverride(0);
  addTest("/src/b_test.cpp", "Writes", 5, {path(AccessMode::Write, "/tmp/app/sessions/theirs.json", 6)});
  AnalysisResult result = run();
  const FileResult &lists = result.files.at(0);
  EXPECT_EQ(lists.verdict, Verdict::Fixable);
  ASSERT_EQ(lists.findings.size(), 2u);
  EXPECT_EQ(lists.findings[1].rule, "parready-shared-listing");
  EXPECT_FALSE(lists.findings[1].reviewOnly);
  EXPECT_TRUE(lists.findings[0].reviewOnly);
}

TEST_F(ClassifyTest, ReadersOfAFileNeverWaitForEachOtherButWritersWaitForAll) {
  addWriters();
  addTest("/src/b_test.cpp", "ReaderOne", 5, {path(AccessMode::Read, "/tmp/app/data.json", 6)});
  addTest("/src/b_test.cpp", "ReaderTwo", 9, {path(AccessMode::Read, "/tmp/app/data.json", 10)});
  addTest("/src/c_test.cpp", "Bystander", 5, {path(AccessMode::Read, "/data/input.txt", 6)});
  RunnerPlan plan = run().plan;

  EXPECT_TRUE(sharedLocks(plan, "S.ReaderOne", "S.ReaderTwo").empty());
  for (const char *writer : {"S.Writer", "S.Rewriter"})
    for (const char *other : {"S.Writer", "S.Rewriter", "S.ReaderOne", "S.ReaderTwo"})
      if (std::string(writer) != other)
        EXPECT_FALSE(sharedLocks(plan, writer, other).empty()) << writer << " / " << other;
  EXPECT_TRUE(sharedLocks(plan, "S.Bystander", "S.Writer").empty());
  // Exclusive locks for reader/writer semantics: one per reader, each with both writers.
  ASSERT_EQ(plan.locks.size(), 2u);
  EXPECT_EQ(plan.locks[0].name, "path:/tmp/app/data.json");
  EXPECT_EQ(plan.locks[1].name, "path:/tmp/app/data.json#2");
  for (const TestLock &lock : plan.locks) {
    EXPECT_EQ(lock.tests.size(), 3u);
    EXPECT_EQ(lock.verdict, Verdict::Fixable);
  }
  EXPECT_EQ(plan.tests.size(), 5u);
  for (const PlannedTest &test : plan.tests)
    EXPECT_FALSE(test.runSerial) << test.name;
  // Whole programs: a_test and b_test share both locks; c_test needs none.
  ASSERT_EQ(plan.programs.size(), 3u);
  EXPECT_EQ(plan.programs[0].name, "a_test");
  EXPECT_EQ(plan.programs[0].locks, (std::vector<std::string>{"path:/tmp/app/data.json", "path:/tmp/app/data.json#2"}));
  EXPECT_EQ(plan.programs[1].name, "b_test");
  EXPECT_EQ(plan.programs[1].locks.size(), 2u);
  EXPECT_EQ(plan.programs[2].name, "c_test");
  EXPECT_TRUE(plan.programs[2].locks.empty());
}

TEST_F(ClassifyTest, AWholeProgramHoldsOnlyTheLocksItSharesWithOtherFiles) {
  addTest("/src/a_test.cpp", "Writer", 5, {path(AccessMode::Write, "/tmp/app/own.json", 6)});
  addTest("/src/a_test.cpp", "Rewriter", 9, {path(AccessMode::Write, "/tmp/app/own.json", 10)});
  RunnerPlan plan = run().plan;
  ASSERT_EQ(plan.locks.size(), 1u); // the cases of a_test may run at once under gtest_discover_tests...
  ASSERT_EQ(plan.programs.size(), 1u);
  EXPECT_TRUE(plan.programs[0].locks.empty()); // ...but not as one program
}

TEST_F(ClassifyTest, OwnersOfPrivateEntriesWaitOnlyForWhoListsOrEmptiesTheirDirectory) {
  addSessionTests();
  RunnerPlan plan = run().plan;
  EXPECT_TRUE(sharedLocks(plan, "S.OnlyOwnEntry", "S.AlsoOnlyOwnEntry").empty());
  EXPECT_FALSE(sharedLocks(plan, "S.ResumesNewest", "S.OnlyOwnEntry").empty());
  EXPECT_FALSE(sharedLocks(plan, "S.Cleans", "S.OnlyOwnEntry").empty());
  EXPECT_FALSE(sharedLocks(plan, "S.Cleans", "S.ResumesNewest").empty());
}

TEST_F(ClassifyTest, SerialHazardsRunSerialAndKeepTheirVerdictOnTheirLock) {
  Access kill = {ResourceKind::Process, AccessMode::Delete, AbstractValue::constant("worker"), {"/src/x.cpp", 6, 3},
                 "pkill", false};
  addTest("/src/w_test.cpp", "KillsWorkers", 5, {kill});
  addTest("/src/w_test.cpp", "AlsoKillsWorkers", 9, {kill});
  addTest("/src/a_test.cpp", "Plain", 5, {});
  AnalysisResult result = run();
  ASSERT_EQ(result.plan.locks.size(), 1u);
  EXPECT_EQ(result.plan.locks[0].verdict, Verdict::Serial);
  for (const PlannedTest &test : result.plan.tests)
    EXPECT_EQ(test.runSerial, test.name != "S.Plain") << test.name;
}

RunnerPlan projectionPlan() {
  // A and B conflict on a fixable lock; E is a serial test.
  RunnerPlan plan;
  plan.locks = {{"path:/tmp/x", Verdict::Fixable, {"S.A", "S.B"}}};
  plan.tests = {{"S.A", "tests/ab_test.cpp", {"path:/tmp/x"}, false},
                {"S.B", "tests/ab_test.cpp", {"path:/tmp/x"}, false},
                {"S.C", "tests/c_test.cpp", {}, false},
                {"S.D", "tests/d_test.cpp", {}, false},
                {"S.E", "tests/e_test.cpp", {}, true}};
  // A and B share their lock within ab_test: the program needs none.
  plan.programs = {{"ab_test", "tests/ab_test.cpp", {}, false},
                   {"c_test", "tests/c_test.cpp", {}, false},
                   {"d_test", "tests/d_test.cpp", {}, false},
                   {"e_test", "tests/e_test.cpp", {}, true}};
  return plan;
}

TEST(Projection, ReplaysCTestsSchedulerWithAndWithoutTheLocks) {
  std::map<std::string, double> seconds = {{"S.A", 3}, {"S.B", 3}, {"S.C", 1}, {"S.D", 1}, {"S.E", 2}};
  ScheduleProjection p = projectSchedule(projectionPlan(), seconds, 2, "cost.txt");
  EXPECT_EQ(p.workers, 2u);
  EXPECT_EQ(p.testsTimed, 5u);
  EXPECT_EQ(p.testsUntimed, 0u);
  EXPECT_DOUBLE_EQ(p.serialSeconds, 10);
  // Longest first on 2 slots: A|B 0-3, then E 3-5 beside C 3-4 and D 4-5.
  EXPECT_DOUBLE_EQ(p.unlockedSeconds, 5);
  // A and C start; B waits for A's lock and E for an idle machine:
  // C 0-1, D 1-2, A 0-3, B 3-6, E 6-8.
  EXPECT_DOUBLE_EQ(p.withLocksSeconds, 8);
  // The fixable lock gone: A|B 0-3, E alone 3-5, C|D 5-6.
  EXPECT_DOUBLE_EQ(p.afterFixesSeconds, 6);
}

TEST(Projection, UntimedTestsCountWithTheMedianAndWholeFileRunsMatchByStem) {
  ScheduleProjection byCase = projectSchedule(projectionPlan(), {{"S.A", 3}, {"S.C", 1}, {"S.D", 2}}, 1, "x");
  EXPECT_EQ(byCase.testsTimed, 3u);
  EXPECT_EQ(byCase.testsUntimed, 2u);
  EXPECT_DOUBLE_EQ(byCase.serialSeconds, 3 + 1 + 2 + 2 + 2);

  // add_test per executable: one task per file, holding its cases' locks.
  std::map<std::string, double> perFile = {{"ab_test", 4}, {"c_test", 1}, {"d_test", 1}, {"e_test", 2}};
  ScheduleProjection byFile = projectSchedule(projectionPlan(), perFile, 4, "x");
  EXPECT_EQ(byFile.testsTimed, 4u);
  EXPECT_DOUBLE_EQ(byFile.serialSeconds, 8);
  // e_test is RUN_SERIAL: ab|c|d 0-4 (c, d done at 1), e alone 4-6.
  EXPECT_DOUBLE_EQ(byFile.withLocksSeconds, 6);
}

TEST(RelativeTo, StripsTheRootOnlyAtAComponentBoundary) {
  EXPECT_EQ(relativeTo("/src/a/b.cpp", "/src"), "a/b.cpp");
  EXPECT_EQ(relativeTo("/src/a/b.cpp", "/src/"), "a/b.cpp");
  EXPECT_EQ(relativeTo("/srcx/b.cpp", "/src"), "/srcx/b.cpp");
}


TEST_F(ClassifyTest, TestsThatReadWhatEarlierTestsLeaveAreTheAnswerUnderSeparateProcesses) {
  // S.Registers adds to the registry and leaves it; S.CountsTwo only reads it.
  auto global = [](AccessMode mode, unsigned line) {
    return Access{ResourceKind::Global, mode, AbstractValue::constant("g_registry"), {"/src/x.cpp", line, 3}, "api"};
  };
  addTest("/src/r_test.cpp", "Registers", 5, {global(AccessMode::Write, 6)});
  addTest("/src/r_test.cpp", "CountsTwo", 9, {global(AccessMode::Read, 10)});
  AnalysisResult result = run();
  ASSERT_EQ(result.files.size(), 1u);
  const std::vector<Finding> &findings = result.files[0].findings;
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "parready-order-dependence");
  EXPECT_EQ(findings[0].test, "S.CountsTwo");
  EXPECT_TRUE(findings[0].orderDependent);
  EXPECT_FALSE(findings[0].conflict); // no lock helps: they do not race, they run in sequence
  EXPECT_EQ(findings[0].partners, std::vector<std::string>{"S.Registers"});
  const Summary &s = result.summary;
  EXPECT_TRUE(s.parallelSafe);
  EXPECT_EQ(s.orderDependentTests, 1u);
  EXPECT_EQ(s.answer, ParallelAnswer::OrderDependent);
  // Threads of one process race on it instead: shared-global, no order answer.
  AnalysisResult threads = run(Runner::Threads);
  EXPECT_EQ(threads.summary.orderDependentTests, 0u);
  EXPECT_NE(threads.summary.answer, ParallelAnswer::OrderDependent);
}

TEST_F(ClassifyTest, ConflictsInsideABinaryRegisteredAsOneCtestEntryDoNotBiteCtestAsRegistered) {
  // unittest (a_test.cpp, b_test.cpp) is one add_test: its tests run one
  // after another. tool_test writes the same file from a process of its own.
  addWriters();
  addTest("/src/b_test.cpp", "Copier", 5, {path(AccessMode::Write, "/tmp/app/copy.json", 6)});
  addTest("/src/b_test.cpp", "Recopier", 9, {path(AccessMode::Write, "/tmp/app/copy.json", 10)});
  Suite.programs = {{"unittest", CtestRegistration::OneEntry}};
  AnalysisResult oneEntry = run();
  EXPECT_FALSE(oneEntry.summary.parallelSafe) << "per-case processes still race";
  ASSERT_TRUE(oneEntry.summary.parallelSafeAsRegistered);
  EXPECT_TRUE(*oneEntry.summary.parallelSafeAsRegistered);
  for (const FileResult &file : oneEntry.files)
    for (const Finding &finding : file.findings) {
      EXPECT_TRUE(finding.conflict) << finding.test;
      EXPECT_FALSE(finding.conflictAsRegistered) << finding.test;
    }
  ASSERT_EQ(oneEntry.programs.size(), 1u);
  EXPECT_EQ(oneEntry.programs[0].files, (std::vector<std::string>{"a_test.cpp", "b_test.cpp"}));

  // The same binary registered per case: every conflict bites ctest -j.
  Suite.programs[0].registration = CtestRegistration::PerCase;
  AnalysisResult perCase = run();
  EXPECT_FALSE(*perCase.summary.parallelSafeAsRegistered);

  // Another program writing what unittest writes: that pair bites, the
  // pair inside unittest still does not.
  Suite.programs = {{"unittest", CtestRegistration::OneEntry}, {"tool_test", CtestRegistration::OneEntry}};
  addTest("/src/tool_test.cpp", "Exports", 5, {path(AccessMode::Write, "/tmp/app/data.json", 6)});
  Suite.tests.back().program = 1;
  AnalysisResult twoPrograms = run();
  EXPECT_FALSE(*twoPrograms.summary.parallelSafeAsRegistered);
  for (const FileResult &file : twoPrograms.files)
    for (const Finding &finding : file.findings)
      EXPECT_EQ(finding.conflictAsRegistered, keyOf(finding.resource) == "path:/tmp/app/data.json") << finding.test;

  // Without CTest's word there is no answer for the registration.
  Suite.programs = {{"", CtestRegistration::Unknown}, {"", CtestRegistration::Unknown}};
  EXPECT_FALSE(run().summary.parallelSafeAsRegistered.has_value());
}

} // namespace
} // namespace parready

namespace parready {
namespace {

/// What the project says, from in-memory sources: classify with a policy.
class PolicyClassifyTest : public ClassifyTest {
protected:
  AnalysisResult runWithPolicy(Runner runner = Runner::Ctest) {
    Configurations configurations(Rules);
    FindingPolicy policy(configurations, Rules, [this](const std::string &path) -> std::optional<std::string> {
      auto found = Sources.find(path);
      return found == Sources.end() ? std::nullopt : std::optional<std::string>(found->second);
    });
    ClassifyOptions options;
    options.runner = runner;
    options.root = "/src";
    options.toolVersion = "t";
    options.policy = &policy;
    return classify(Suite, Rules, options);
  }
  /// A source whose line `line` (from 1) is `text`, the others empty.
  void source(const std::string &path, unsigned line, const std::string &text) {
    std::string &contents = Sources[path];
    size_t lines = std::count(contents.begin(), contents.end(), '\n');
    if (lines < line)
      contents += std::string(line - lines, '\n');
    size_t start = 0;
    for (unsigned n = 1; n < line; ++n)
      start = contents.find('\n', start) + 1;
    contents.insert(start, text);
  }
  std::map<std::string, std::string> Sources;
};

TEST_F(PolicyClassifyTest, ASuppressedFindingRaisesNothingButItsPartnerStillConflicts) {
  addWriters(); // S.Writer writes at x.cpp:6, S.Rewriter at x.cpp:10
  source("/src/x.cpp", 6, "std::ofstream out(\"/tmp/app/data.json\"); // NOLINT(parready-shared-path): reviewed");
  AnalysisResult result = runWithPolicy();
  ASSERT_EQ(result.files.size(), 1u);
  const FileResult &file = result.files[0];
  ASSERT_EQ(file.findings.size(), 1u);
  EXPECT_EQ(file.findings[0].test, "S.Rewriter");
  EXPECT_EQ(file.findings[0].partners, std::vector<std::string>{"S.Writer"}) << "the race is still there";
  ASSERT_EQ(file.suppressed.size(), 1u);
  EXPECT_EQ(file.suppressed[0].test, "S.Writer");
  ASSERT_TRUE(file.suppressed[0].suppression);
  EXPECT_EQ(file.suppressed[0].suppression->location, (SourceLocation{"x.cpp", 6, 45}));
  EXPECT_EQ(file.suppressed[0].fingerprint, "") << "suppressed findings are no SARIF results";
  EXPECT_EQ(result.summary.suppressed, 1u);
  EXPECT_EQ(result.summary.findings, 1u);
  EXPECT_EQ(file.tests[0].verdict, Verdict::Safe);
  EXPECT_EQ(file.tests[1].verdict, Verdict::Fixable);
}

TEST_F(PolicyClassifyTest, RulesOffOrRegradedAndTestsDeclaredSerial) {
  addWriters();
  addTest("/src/a_test.cpp", "License", 20, {});
  source("/src/a_test.cpp", 19, "// parready: serial talks to the license server");
  source("/src/a_test.cpp", 20, "TEST(S, License) {}");
  AnalysisResult result = runWithPolicy();
  const FileResult &file = result.files.at(0);
  EXPECT_EQ(file.verdict, Verdict::Serial);
  const TestResult &license = file.tests.at(2);
  ASSERT_TRUE(license.declared);
  EXPECT_EQ(license.verdict, Verdict::Serial);
  EXPECT_EQ(license.declared->reason, "talks to the license server");
  EXPECT_EQ(license.declared->location, (SourceLocation{"a_test.cpp", 19, 4}));
  auto planned = std::find_if(result.plan.tests.begin(), result.plan.tests.end(),
                              [](const PlannedTest &test) { return test.name == "S.License"; });
  ASSERT_NE(planned, result.plan.tests.end());
  EXPECT_TRUE(planned->runSerial) << "RUN_SERIAL in --format ctest";
  EXPECT_TRUE(file.reasons.empty() || file.reasons[0].rule != "parready-shared-path");
}

TEST_F(PolicyClassifyTest, AnUnusedSuppressionIsAFindingThatChangesNoVerdict) {
  addTest("/src/a_test.cpp", "Clean", 3, {});
  source("/src/a_test.cpp", 4, "  compute(); // NOLINT(parready-fixed-port)");
  AnalysisResult result = runWithPolicy();
  const FileResult &file = result.files.at(0);
  ASSERT_EQ(file.findings.size(), 1u);
  const Finding &unused = file.findings[0];
  EXPECT_EQ(unused.rule, "parready-unused-suppression");
  EXPECT_EQ(unused.verdict, Verdict::Safe);
  EXPECT_EQ(unused.location, (SourceLocation{"a_test.cpp", 4, 17}));
  EXPECT_EQ(unused.test, "");
  EXPECT_FALSE(unused.counts());
  EXPECT_EQ(file.verdict, Verdict::Safe);
  EXPECT_TRUE(file.reasons.empty());
  EXPECT_EQ(result.summary.answer, ParallelAnswer::Yes);
}

TEST_F(ClassifyTest, FingerprintsIgnoreLinesAndTheCheckoutAndBaselinesMatchThem) {
  addWriters();
  AnalysisResult before = run();
  for (LinkedTest &test : Suite.tests)
    for (ReachedAccess &reached : test.accesses)
      reached.access.location.line += 40; // code inserted above
  AnalysisResult after = run();
  ASSERT_EQ(before.files.at(0).findings.size(), 2u);
  const Finding &first = before.files[0].findings[0];
  EXPECT_EQ(first.fingerprint.size(), 18u) << first.fingerprint; // 16 hex digits and ":1"
  EXPECT_TRUE(first.fingerprint.ends_with(":1"));
  EXPECT_NE(first.fingerprint, before.files[0].findings[1].fingerprint) << "another place";
  EXPECT_EQ(first.fingerprint, after.files[0].findings[0].fingerprint);

  Baseline baseline;
  baseline.fingerprints.insert(first.fingerprint);
  compareWithBaseline(after, baseline);
  EXPECT_EQ(after.files[0].findings[0].baseline, BaselineState::Unchanged);
  EXPECT_EQ(after.files[0].findings[1].baseline, BaselineState::New);
  EXPECT_EQ(after.summary.baselined, 1u);

  nlohmann::json written = nlohmann::json::parse(baselineText(before));
  EXPECT_EQ(written["schema"], "parready-baseline/1");
  ASSERT_EQ(written["findings"].size(), 2u);
  EXPECT_EQ(written["findings"][0]["fingerprint"], first.fingerprint);
  EXPECT_EQ(written["findings"][0]["rule"], "parready-shared-path");
  EXPECT_EQ(written["findings"][0]["subject"], "path:/tmp/app/data.json");
}

TEST(Baseline, ReadsItsOwnFilesAndSarifLogs) {
  std::string directory = ::testing::TempDir() + "parready-baseline-" + std::to_string(::getpid());
  std::filesystem::create_directories(directory);
  std::ofstream(directory + "/baseline.json")
      << R"({"schema": "parready-baseline/1", "findings": [{"fingerprint": "00000000000000aa:1"}]})";
  std::ofstream(directory + "/log.sarif")
      << R"({"runs": [{"results": [{"partialFingerprints": {"primaryLocationLineHash": "00000000000000bb:2"}}]}]})";
  std::ofstream(directory + "/broken.json") << "{\"schema\": ";
  std::ofstream(directory + "/other.json") << "{\"schema\": \"parready-report/6\"}";
  Baseline own, sarif, broken, other, missing;
  EXPECT_EQ(readBaseline(directory + "/baseline.json", own), "");
  EXPECT_EQ(own.fingerprints, (std::multiset<std::string>{"00000000000000aa:1"}));
  EXPECT_EQ(readBaseline(directory + "/log.sarif", sarif), "");
  EXPECT_EQ(sarif.fingerprints, (std::multiset<std::string>{"00000000000000bb:2"}));
  EXPECT_NE(readBaseline(directory + "/broken.json", broken).find("broken.json:1:12: error: "), std::string::npos);
  EXPECT_NE(readBaseline(directory + "/other.json", other).find("not a baseline"), std::string::npos);
  EXPECT_NE(readBaseline(directory + "/none.json", missing).find("cannot read the baseline"), std::string::npos);
  std::filesystem::remove_all(directory);
}

TEST_F(ClassifyTest, ChangedOnlyShowsWhatTheChangedFilesHaveOrCause) {
  addTest("/src/a_test.cpp", "Writer", 5, {path(AccessMode::Write, "/tmp/app/sessions/s.json", 6)});
  addTest("/src/b_test.cpp", "Cleaner", 5, {path(AccessMode::Delete, "/tmp/app/sessions", 7, true)});
  addTest("/src/c_test.cpp", "Lone", 5, {path(AccessMode::Write, "/tmp/app/lone.json", 8)});
  addTest("/src/d_test.cpp", "Reader", 5, {path(AccessMode::Read, "/data/input.txt", 9)});
  auto shown = [](const AnalysisResult &result) {
    std::vector<std::string> files;
    for (const FileResult &file : result.files)
      for (const Finding &finding : file.findings)
        if (!finding.outsideChange)
          files.push_back(file.path);
    return files;
  };
  auto outsideFiles = [](const AnalysisResult &result) {
    std::vector<std::string> files;
    for (const FileResult &file : result.files)
      if (file.outsideChange)
        files.push_back(file.path);
    return files;
  };

  // A changed test file: its own finding only; the others neither are nor cause it.
  AnalysisResult lone = run();
  limitToChangedFiles(lone, {"/src/c_test.cpp"});
  EXPECT_EQ(shown(lone), std::vector<std::string>{"c_test.cpp"});
  EXPECT_EQ(outsideFiles(lone), (std::vector<std::string>{"a_test.cpp", "b_test.cpp", "d_test.cpp"}));
  EXPECT_EQ(lone.summary.outsideChange, 2u);
  EXPECT_EQ(lone.changedFiles, std::vector<std::string>{"c_test.cpp"});

  // The cleaner's file changed: the writer's finding is the change's too,
  // its partner is in it; the safe reader is no file with anything to show.
  AnalysisResult cleaner = run();
  limitToChangedFiles(cleaner, {"/src/b_test.cpp"});
  EXPECT_EQ(shown(cleaner), (std::vector<std::string>{"a_test.cpp", "b_test.cpp"}));
  EXPECT_EQ(outsideFiles(cleaner), (std::vector<std::string>{"c_test.cpp", "d_test.cpp"}));

  // The helper that does every access changed: every finding is shown.
  AnalysisResult helper = run();
  limitToChangedFiles(helper, {"/src/x.cpp"});
  EXPECT_EQ(helper.summary.outsideChange, 0u);
  EXPECT_EQ(outsideFiles(helper), std::vector<std::string>{"d_test.cpp"});

  // A file outside the suite (a README) leaves everything out.
  AnalysisResult readme = run();
  limitToChangedFiles(readme, {"/src/README.md"});
  EXPECT_TRUE(shown(readme).empty());
  EXPECT_EQ(readme.summary.outsideChange, readme.summary.findings);
}

} // namespace
} // namespace parready
