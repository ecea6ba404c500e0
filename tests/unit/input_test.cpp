#include "input/Input.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace parready {
namespace {

TEST(TestSelection, FindsTestMacrosFollowedByParenthesis) {
  std::vector<std::string> macros = {"TEST", "TEST_F", "TEST_CASE"};
  EXPECT_TRUE(mentionsTestMacro("TEST(A, B) {}", macros));
  EXPECT_TRUE(mentionsTestMacro("TEST_F (Fixture, B) {}", macros));
  EXPECT_TRUE(mentionsTestMacro("TEST_CASE(\"x\") {}", macros));
  EXPECT_FALSE(mentionsTestMacro("MY_TEST(A, B)", macros));
  EXPECT_FALSE(mentionsTestMacro("int TESTING = 1;", macros));
  EXPECT_FALSE(mentionsTestMacro("int main() { return 0; }", macros));
}

/// A private scratch directory: these tests must be parallel-safe themselves.
class ScratchDirectory : public ::testing::Test {
protected:
  void SetUp() override {
    char templ[] = "/tmp/parready-input-XXXXXX";
    ASSERT_NE(mkdtemp(templ), nullptr);
    Dir = templ;
  }
  void TearDown() override { std::system(("rm -rf '" + Dir + "'").c_str()); }
  void write(const std::string &name, const std::string &text) { std::ofstream(Dir + "/" + name) << text; }
  std::string Dir;
};

TEST_F(ScratchDirectory, NonexistentFileIsFatal) {
  InputOptions options;
  options.fixedFlags = std::vector<std::string>{"-std=c++17"};
  options.files = {"missing_test.cpp"};
  options.workingDirectory = Dir;
  InputResult result = loadCompileJobs(options);
  EXPECT_EQ(result.fatalError, "missing_test.cpp: no such file");
}

TEST_F(ScratchDirectory, MissingDatabaseIsFatalWithAHint) {
  InputOptions options;
  options.buildPath = Dir;
  options.workingDirectory = Dir;
  InputResult result = loadCompileJobs(options);
  EXPECT_NE(result.fatalError.find("compilation database not found"), std::string::npos) << result.fatalError;
}

TEST_F(ScratchDirectory, MalformedDatabaseIsFatalOnOneLine) {
  write("compile_commands.json", "[{\"directory\": ");
  InputOptions options;
  options.buildPath = Dir;
  options.workingDirectory = Dir;
  InputResult result = loadCompileJobs(options);
  EXPECT_NE(result.fatalError.find("malformed compilation database"), std::string::npos) << result.fatalError;
  EXPECT_EQ(result.fatalError.find('\n'), std::string::npos);
}

TEST_F(ScratchDirectory, DatabaseEntriesBecomeJobs) {
  write("a_test.cpp", "TEST(A, B) {}");
  write("compile_commands.json", "[{\"directory\": \"" + Dir + "\", \"file\": \"a_test.cpp\", "
                                 "\"command\": \"c++ -std=c++17 -c a_test.cpp -o a.o\"}]");
  InputOptions options;
  options.buildPath = Dir;
  options.workingDirectory = "/";
  InputResult result = loadCompileJobs(options);
  ASSERT_EQ(result.fatalError, "");
  ASSERT_EQ(result.jobs.size(), 1u);
  EXPECT_EQ(result.jobs[0].file, Dir + "/a_test.cpp");
  EXPECT_EQ(result.jobs[0].directory, Dir);
  EXPECT_EQ(result.jobs[0].commandLine.front(), "c++");
}

TEST_F(ScratchDirectory, FixedFlagsApplyToEveryFile) {
  write("b_test.cpp", "TEST(A, B) {}");
  InputOptions options;
  options.fixedFlags = std::vector<std::string>{"-std=c++20", "-DX=1"};
  options.files = {"b_test.cpp"};
  options.workingDirectory = Dir;
  InputResult result = loadCompileJobs(options);
  ASSERT_EQ(result.jobs.size(), 1u);
  const std::vector<std::string> &args = result.jobs[0].commandLine;
  EXPECT_NE(std::find(args.begin(), args.end(), "-DX=1"), args.end());
  EXPECT_EQ(args.back(), Dir + "/b_test.cpp");
}

} // namespace
} // namespace parready
