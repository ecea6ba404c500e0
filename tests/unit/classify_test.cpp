#include "classify/Classify.h"

#include <gtest/gtest.h>

#include <algorithm>

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
    Suite.files.push_back({file, partial, {index}});
  }

  static Access path(AccessMode mode, const std::string &value, unsigned line, bool recursive = false) {
    return {ResourceKind::Path, mode, AbstractValue::constant(value), {"/src/x.cpp", line, 3}, "api", recursive};
  }

  AnalysisResult run(Runner runner = Runner::Ctest) {
    ClassifyOptions options;
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
  EXPECT_EQ(write.resource, "path:/tmp/app/sessions/s.json");
  EXPECT_TRUE(write.conflict);
  EXPECT_EQ(write.partners, std::vector<std::string>{"S.Cleaner"});
  EXPECT_NE(write.message.find("'/tmp/app/sessions/s.json' is a fixed path written here while 1 other test uses it (S.Cleaner)"),
            std::string::npos)
      << write.message;
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
    EXPECT_TRUE(resource.conflict) << resource.key;
    EXPECT_EQ(resource.accessors.size(), 2u) << resource.key;
  }
}

TEST_F(ClassifyTest, PrivateEntriesInADirectoryAnotherTestEmptiesAreVictims) {
  Access own = path(AccessMode::Write, "", 6);
  own.value = joinPath(AbstractValue::constant("/tmp/app/sessions"),
                       concat(AbstractValue::constant("test-"), AbstractValue::unique("random_hex()")));
  Access listing = path(AccessMode::List, "/tmp/app/sessions", 7);
  Access wipe = path(AccessMode::Delete, "/tmp/app/sessions/*", 9, true);
  wipe.eachEntry = true;
  addTest("/src/ux_test.cpp", "ResumesNewest", 5, {own, listing});
  addTest("/src/ux_test.cpp", "OnlyOwnEntry", 12, {own});
  addTest("/src/infra_test.cpp", "Cleans", 5, {own, wipe});
  addTest("/src/private_test.cpp", "Alone", 5, {path(AccessMode::List, "/data/fixtures", 6)});
  AnalysisResult result = run();
  ASSERT_EQ(result.files.size(), 3u);
  const FileResult &infra = result.files[0], &alone = result.files[1], &ux = result.files[2];
  // The cleaner: its loop is the finding; its own entry adds nothing to say.
  ASSERT_EQ(infra.findings.size(), 1u);
  EXPECT_EQ(infra.findings[0].rule, "parready-cleanup-loop");
  EXPECT_EQ(infra.findings[0].partners, (std::vector<std::string>{"S.OnlyOwnEntry", "S.ResumesNewest"}));
  // The victims: one finding per test, naming the cleaner.
  ASSERT_EQ(ux.findings.size(), 2u);
  for (const Finding &finding : ux.findings) {
    EXPECT_TRUE(finding.conflict);
    EXPECT_NE(std::find(finding.partners.begin(), finding.partners.end(), "S.Cleans"), finding.partners.end());
  }
  EXPECT_EQ(ux.findings[0].rule, "parready-shared-directory");
  EXPECT_EQ(ux.findings[0].resource, "path:/tmp/app/sessions/<unique>");
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

TEST_F(ClassifyTest, PartialFileIsNeverSafeByOmission) {
  addTest("/src/p_test.cpp", "T", 5, {}, /*partial=*/true);
  AnalysisResult result = run();
  EXPECT_TRUE(result.files[0].partial);
  EXPECT_EQ(result.files[0].verdict, Verdict::Fixable);
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

TEST(RelativeTo, StripsTheRootOnlyAtAComponentBoundary) {
  EXPECT_EQ(relativeTo("/src/a/b.cpp", "/src"), "a/b.cpp");
  EXPECT_EQ(relativeTo("/src/a/b.cpp", "/src/"), "a/b.cpp");
  EXPECT_EQ(relativeTo("/srcx/b.cpp", "/src"), "/srcx/b.cpp");
}

} // namespace
} // namespace parready
