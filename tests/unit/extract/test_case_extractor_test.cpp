// TestCaseExtractor: test cases, fixtures, program-wide fixtures, plain programs.
#include "ExtractTestSupport.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace parready {
namespace {

TEST_F(ExtractTest, GoogleTestCasesAndTheirFixtureMethods) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
struct Base : ::testing::Test {
  void SetUp() override {}
  void TearDown() override;
};
void Base::TearDown() {}
TEST(Plain, First) {}
TEST_F(Base, Second) {}
class Param : public ::testing::TestWithParam<int> {};
TEST_P(Param, Third) {}
INSTANTIATE_TEST_SUITE_P(P, Param, ::testing::Values(1));
template <typename T> struct Typed : ::testing::Test { void SetUp() override {} };
TYPED_TEST_SUITE_P(Typed);
TYPED_TEST_P(Typed, Fourth) {}
REGISTER_TYPED_TEST_SUITE_P(Typed, Fourth);
)");
  ASSERT_TRUE(facts.parsedCleanly) << (facts.diagnostics.empty() ? "" : facts.diagnostics[0].message);
  ASSERT_EQ(facts.tests.size(), 4u);
  EXPECT_EQ(facts.tests[0].fullName(), "Plain.First");
  EXPECT_EQ(facts.tests[0].location.line, 15u);
  EXPECT_TRUE(facts.tests[0].fixtureUsrs.empty());
  EXPECT_EQ(facts.tests[1].fullName(), "Base.Second");
  EXPECT_EQ(facts.tests[1].fixtureUsrs.size(), 2u); // SetUp and TearDown, both user-provided
  EXPECT_EQ(facts.tests[2].fullName(), "Param.Third");
  EXPECT_EQ(facts.tests[3].fullName(), "Typed.Fourth");
  EXPECT_EQ(facts.tests[3].fixtureUsrs.size(), 1u); // the dependent base's SetUp
  for (const TestCase &test : facts.tests)
    EXPECT_EQ(test.framework, "gtest");
  // An empty test body is kept: link walks from it.
  EXPECT_NE(testBody(facts, 0), nullptr);
}

TEST_F(ExtractTest, Catch2AndDoctestCases) {
  TranslationUnitFacts catch2 = extract(R"(#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
struct Fx { Fx() {} };
TEST_CASE("writes a report", "[io]") {}
TEST_CASE_METHOD(Fx, "uses the fixture") {}
)");
  ASSERT_TRUE(catch2.parsedCleanly);
  ASSERT_EQ(catch2.tests.size(), 2u);
  EXPECT_EQ(catch2.tests[0].name, "writes a report");
  EXPECT_EQ(catch2.tests[0].framework, "catch2");
  EXPECT_EQ(catch2.tests[1].suite, "Fx");
  EXPECT_EQ(catch2.tests[1].fixtureUsrs.size(), 1u); // Fx's constructor

  TranslationUnitFacts doctest = extract(R"(#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
TEST_CASE("doctest case") {}
)");
  ASSERT_TRUE(doctest.parsedCleanly);
  ASSERT_EQ(doctest.tests.size(), 1u);
  EXPECT_EQ(doctest.tests[0].framework, "doctest");
  EXPECT_EQ(doctest.tests[0].name, "doctest case");
}

TEST_F(ExtractTest, ProjectMacroNamedTestIsNotATestCase) {
  TranslationUnitFacts facts = extract("#define TEST(a, b) void a##b()\nTEST(X, Y) {}\n");
  EXPECT_TRUE(facts.tests.empty());
}

TEST_F(ExtractTest, ProgramWideFixturesRunAroundEveryTest) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
struct Env : ::testing::Environment {
  void SetUp() override {}
  void TearDown() override {}
  void helper() {}
};
TEST(A, One) {}
TEST(A, Two) {}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  ASSERT_EQ(facts.tests.size(), 2u);
  for (const TestCase &test : facts.tests)
    EXPECT_EQ(test.fixtureUsrs.size(), 2u) << test.fullName(); // SetUp and TearDown, not helper()
}

TEST_F(ExtractTest, ClassTemplatesWithADependentBaseAreNoProgramWideFixtures) {
  // spdlog's basic_file_sink<Mutex> : base_sink<Mutex>: its constructor
  // runs where a test builds one, not around every test.
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
template <typename Mutex> struct base_sink { virtual ~base_sink() = default; };
template <typename Mutex> struct file_sink : base_sink<Mutex> {
  file_sink() { std::remove("/tmp/sink.log"); }
  ~file_sink() override { std::remove("/tmp/sink.log"); }
};
template <typename T> struct ScratchEnv : ::testing::Environment {
  void SetUp() override {}
};
TEST(Sink, InMemory) {}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  ASSERT_EQ(facts.tests.size(), 1u);
  // Only the Environment template's SetUp (a program-wide fixture once instantiated).
  ASSERT_EQ(facts.tests[0].fixtureUsrs.size(), 1u);
  EXPECT_NE(facts.tests[0].fixtureUsrs[0].find("ScratchEnv"), std::string::npos);
}

TEST_F(ExtractTest, MainOfAPlainTestProgramIsItsTest) {
  TranslationUnitFacts program = extract(R"(#include <cstdio>
int main() { std::remove("/tmp/plain-out"); return 0; }
)");
  ASSERT_TRUE(program.parsedCleanly);
  ASSERT_EQ(program.tests.size(), 1u);
  EXPECT_EQ(program.tests[0].name, "sample_test"); // the file's stem
  EXPECT_EQ(program.tests[0].framework, "main");
  ASSERT_NE(testBody(program, 0), nullptr);
  EXPECT_EQ(testBody(program, 0)->name, "main");

  // main() belongs to its program alone: link never merges it with another's.
  EXPECT_TRUE(testBody(program, 0)->translationUnitLocal);

  // A framework's main() is no test when macros define tests.
  TranslationUnitFacts framework = extract(std::string(Prelude) + R"(
TEST(A, One) {}
int main(int argc, char **argv) { return RUN_ALL_TESTS(); }
)");
  ASSERT_EQ(framework.tests.size(), 1u);
  EXPECT_EQ(framework.tests[0].fullName(), "A.One");
}


TEST_F(ExtractTest, AFrameworksRunnerMainIsNoTestEvenWithoutTestsOfItsOwn) {
  // gtest_main.cc's shape: the tests are in other files of the program.
  TranslationUnitFacts runner = extract(std::string(Prelude) + R"(
int main(int argc, char **argv) {
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
)");
  ASSERT_TRUE(runner.parsedCleanly);
  EXPECT_TRUE(runner.tests.empty());
  // Kept all the same: what it does runs before every test of its program.
  EXPECT_TRUE(std::any_of(runner.functions.begin(), runner.functions.end(),
                          [](const Function &function) { return function.name == "main"; }));
}


TEST_F(ExtractTest, AProgramWhoseMainComesFromASharedHeaderIsNamedAfterItsFile) {
  // jansson's test/suites/api/util.h defines main(), which calls the file's run_tests().
  std::string directory = (std::filesystem::temp_directory_path() / "parready-header-main-XXXXXX").string();
  ASSERT_NE(mkdtemp(directory.data()), nullptr);
  std::ofstream(directory + "/util.h") << "static void run_tests(void);\nint main() { run_tests(); return 0; }\n";
  TranslationUnitFacts program = extract(R"(#include "util.h"
#include <cstdio>
static void run_tests(void) { std::remove("/tmp/plain-out"); }
)",
                                         {"-std=c++17", "-I" + directory});
  std::filesystem::remove_all(directory);
  ASSERT_TRUE(program.parsedCleanly);
  ASSERT_EQ(program.tests.size(), 1u);
  EXPECT_EQ(program.tests[0].name, "sample_test");
  EXPECT_EQ(testBody(program, 0)->name, "main");
}

} // namespace
} // namespace parready
