// The extract stage as a whole: command lines, broken code, and the shared
// test support. Each extractor has its own file under unit/extract/.
#include "ExtractTestSupport.h"

namespace parready {

ApiCatalog *ExtractTest::Catalog = nullptr;

const char *const Prelude = R"(#include <gtest/gtest.h>
#include <filesystem>
#include <fstream>
#include <cstdlib>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>
namespace fs = std::filesystem;
)";

void ExtractTest::SetUpTestSuite() {
  Catalog = new ApiCatalog();
  ASSERT_EQ(Catalog->loadDirectory(std::string(PARREADY_SOURCE_RULES_DIR) + "/api"), "");
}

void ExtractTest::TearDownTestSuite() {
  delete Catalog;
  Catalog = nullptr;
}

TranslationUnitFacts ExtractTest::extract(const std::string &code, std::vector<std::string> flags) {
  ExtractOptions options;
  options.resourceDir = PARREADY_DEFAULT_RESOURCE_DIR;
  return extractFactsFromCode(code, "/virtual/sample_test.cpp", flags, *Catalog, options);
}

std::vector<Access> ExtractTest::accessesAt(const TranslationUnitFacts &facts, unsigned line) {
  std::vector<Access> found;
  for (const Function &f : facts.functions)
    for (const Access &a : f.accesses)
      if (a.location.line == line)
        found.push_back(a);
  return found;
}

Access ExtractTest::onlyAccessAt(const TranslationUnitFacts &facts, unsigned line, ResourceKind kind) {
  std::vector<Access> found;
  for (const Access &a : accessesAt(facts, line))
    if (a.resource == kind)
      found.push_back(a);
  EXPECT_EQ(found.size(), 1u) << "line " << line;
  return found.empty() ? Access{} : found.front();
}

const Function *ExtractTest::function(const TranslationUnitFacts &facts, const std::string &name) {
  for (const Function &f : facts.functions)
    if (f.name == name)
      return &f;
  return nullptr;
}

const Function *ExtractTest::testBody(const TranslationUnitFacts &facts, size_t index) {
  if (index >= facts.tests.size())
    return nullptr;
  for (const Function &f : facts.functions)
    if (f.usr == facts.tests[index].bodyUsr)
      return &f;
  return nullptr;
}

namespace {

TEST_F(ExtractTest, BrokenCodeIsPartialWithTheCompilerError) {
  TranslationUnitFacts facts = extract("#include \"does_not_exist.h\"\nint x = ;\n");
  EXPECT_FALSE(facts.parsedCleanly);
  ASSERT_FALSE(facts.diagnostics.empty());
  EXPECT_NE(facts.diagnostics[0].message.find("does_not_exist.h"), std::string::npos);
  EXPECT_EQ(facts.diagnostics[0].location.line, 1u);
}

TEST_F(ExtractTest, WhyATranslationUnitIsIncomplete) {
  EXPECT_EQ(extract(std::string(Prelude) + "TEST(A, B) {}\n").incompleteCause, IncompleteCause::None);
  EXPECT_EQ(extract(std::string(Prelude) + "TEST(A, B) { int x = ; }\n").incompleteCause,
            IncompleteCause::CompileErrors);
  // The missing header is what to fix, whatever errors follow from it; the
  // code after it is still parsed (a fatal error no longer ends the parse).
  TranslationUnitFacts missing =
      extract(std::string(Prelude) + "#include \"gen/config.h\"\nTEST(A, B) { CONFIG_VALUE; }\n");
  EXPECT_EQ(missing.incompleteCause, IncompleteCause::HeaderErrors);
  EXPECT_EQ(missing.tests.size(), 1u);
  ASSERT_FALSE(missing.diagnostics.empty());
  EXPECT_NE(missing.diagnostics[0].message.find("a header the build generates?"), std::string::npos);
}

TEST_F(ExtractTest, TestsCompiledOutByAnIfAreRecordedWithTheirBlock) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(#if defined(WITH_NETWORK)
TEST(Net, Binds) {}
#endif
)");
  ASSERT_TRUE(facts.parsedCleanly);
  EXPECT_TRUE(facts.tests.empty());
  const unsigned prelude = 8; // lines of Prelude
  EXPECT_EQ(facts.skippedTestBlocks,
            (std::vector<SkippedTestBlock>{{prelude + 1, "#if defined(WITH_NETWORK)", prelude + 2}}));
}

TEST_F(ExtractTest, SkippedBlocksWithoutTestsOrBesideCompiledTestsAreNotRecorded) {
  // A skipped block of helpers names no test macro.
  EXPECT_TRUE(extract(std::string(Prelude) + "#if 0\nint helper();\n#endif\n").skippedTestBlocks.empty());
  // The other branch defines the tests: the file has tests, nothing is skipped.
  TranslationUnitFacts either = extract(std::string(Prelude) + R"(#ifdef _WIN32
TEST(Paths, Windows) {}
#else
TEST(Paths, Posix) {}
#endif
)");
  EXPECT_EQ(either.tests.size(), 1u);
  EXPECT_TRUE(either.skippedTestBlocks.empty());
}

TEST_F(ExtractTest, MemberCallsInUninstantiatedTemplatesDoNotCrash) {
  // fmt's chrono.h has this shape: a member call that is a plain CallExpr.
  TranslationUnitFacts facts = extract(R"(template <typename T> struct W {
  int get() const { return 0; }
  int num(int a, int b) const { return 0; }
  int use() const { return num(1, get()); }
};
)");
  EXPECT_TRUE(facts.parsedCleanly);
}

TEST(AdjustCommandLine, KeepsOurFlagsBeforeDoubleDash) {
  // inferMissingCompileCommands gives "c++ ... -- file.cpp" for files outside the database.
  CompileJob job{"/src/b.cpp", "/src", {"c++", "-std=c++17", "--", "/src/b.cpp"}};
  std::vector<std::string> args = adjustCommandLine(job, {"/res"});
  auto dashes = std::find(args.begin(), args.end(), "--");
  ASSERT_NE(dashes, args.end());
  EXPECT_EQ(std::vector<std::string>(dashes + 1, args.end()), std::vector<std::string>{"/src/b.cpp"});
}

TEST(AdjustCommandLine, InjectsResourceDirAndSyntaxOnly) {
  CompileJob job{"/src/a.cpp", "/src", {"c++", "-c", "a.cpp", "-o", "a.o", "-MD", "-MF", "a.d"}};
  std::vector<std::string> args = adjustCommandLine(job, {"/res"});
  EXPECT_NE(std::find(args.begin(), args.end(), "-resource-dir=/res"), args.end());
  EXPECT_NE(std::find(args.begin(), args.end(), "-fsyntax-only"), args.end());
  EXPECT_EQ(std::find(args.begin(), args.end(), "a.o"), args.end());
  EXPECT_EQ(std::find(args.begin(), args.end(), "-MF"), args.end());
  job.commandLine.push_back("-resource-dir=/mine");
  args = adjustCommandLine(job, {"/res"});
  EXPECT_EQ(std::count_if(args.begin(), args.end(), [](const std::string &a) { return a.starts_with("-resource-dir"); }), 1);
}

TEST(AdjustCommandLine, DropsOptionsClangDoesNotKnow) {
  // GCC-only options from a GCC build's database or Bazel's GCC toolchain.
  CompileJob job{"/src/a.cpp", "/src",
                 {"g++", "-fno-canonical-system-headers", "-std=c++17", "-Iinc", "-fno-such-option", "-c", "a.cpp"}};
  std::vector<std::string> args = adjustCommandLine(job, {"/res"});
  EXPECT_EQ(std::find(args.begin(), args.end(), "-fno-canonical-system-headers"), args.end());
  EXPECT_EQ(std::find(args.begin(), args.end(), "-fno-such-option"), args.end());
  for (const char *kept : {"g++", "-std=c++17", "-Iinc", "a.cpp"})
    EXPECT_NE(std::find(args.begin(), args.end(), kept), args.end()) << kept;
}

TEST_F(ExtractTest, ParsesACommandWithGccOnlyOptions) {
  TranslationUnitFacts facts = extract("int main() { return 0; }\n", {"-fno-canonical-system-headers", "-std=c++17"});
  EXPECT_TRUE(facts.parsedCleanly) << (facts.diagnostics.empty() ? "" : facts.diagnostics.front().message);
}

} // namespace
} // namespace parready
