#include "pipeline/Analyze.h"

#include "ScratchDirectory.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

namespace parready {
namespace {

/// The files each extraction round parsed, read from the progress lines.
using Rounds = std::vector<std::set<std::string>>;

/// A small project in a scratch directory: two test files, a support file
/// beside them, the library they call into, a library file nothing calls and
/// a vendored copy that spells the called name too.
class PipelineTest : public ScratchDirectory {
protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ScratchDirectory::SetUp());
    write("tests/save_test.cpp", "#include <gtest/gtest.h>\n#include \"../src/store.h\"\n"
                                 "TEST(Save, WritesTheReport) { app::SaveReport(); }\n");
    write("tests/clean_test.cpp", "#include <gtest/gtest.h>\n#include \"helpers.h\"\n"
                                  "TEST(Clean, RemovesTheScratchTree) { CleanScratch(); }\n");
    write("tests/helpers.h", "void CleanScratch();\n");
    write("tests/helpers.cpp", "#include <filesystem>\n#include \"helpers.h\"\n"
                               "void CleanScratch() { std::filesystem::remove_all(\"/tmp/app\"); }\n");
    write("src/store.h", "namespace app { void SaveReport(); }\n");
    write("src/store.cpp", "#include <fstream>\n#include \"store.h\"\n"
                           "void app::SaveReport() { std::ofstream(\"/tmp/app/report.txt\") << 1; }\n");
    write("src/unrelated.cpp", "int Unrelated() { return 0; }\n");
    write("third_party/dep/dep.cpp", "namespace dep { void SaveReport() {} }\n");
    std::string database = "[";
    for (const char *file : {"tests/save_test.cpp", "tests/clean_test.cpp", "tests/helpers.cpp", "src/store.cpp",
                             "src/unrelated.cpp", "third_party/dep/dep.cpp"})
      database += std::string(database.size() > 1 ? "," : "") + "{\"directory\": \"" + Dir + "\", \"file\": \"" +
                  file + "\", \"command\": \"c++ -std=c++17 -c " + file + "\"}";
    write("compile_commands.json", database + "]");

    Options.input.buildPath = Dir;
    Options.input.workingDirectory = Dir;
    Options.rulesDirectory = PARREADY_SOURCE_RULES_DIR;
    Options.extract.resourceDir = PARREADY_DEFAULT_RESOURCE_DIR;
    Options.classify.root = Dir;
    Options.jobs = 2;
    Options.progress = [this](const std::string &line) { Progress.push_back(line); };
  }
  /// Each round announces itself, then names its files ("[2/3] /path").
  Rounds rounds() const {
    Rounds parsed;
    for (const std::string &line : Progress) {
      if (line.starts_with("analysing ") || line.starts_with("following calls into "))
        parsed.emplace_back();
      else if (line.starts_with("[") && !parsed.empty())
        parsed.back().insert(line.substr(line.find("] ") + 2));
    }
    return parsed;
  }

  const FileResult *file(const AnalysisResult &result, const std::string &path) const {
    for (const FileResult &file : result.files)
      if (file.path == path)
        return &file;
    return nullptr;
  }

  AnalyzeOptions Options;
  std::vector<std::string> Progress;
};

TEST_F(PipelineTest, TestsAndSupportFirstThenTheLibraryTheyCallInto) {
  AnalyzeOutcome outcome = analyze(Options);
  ASSERT_EQ(outcome.fatalError, "");
  EXPECT_FALSE(outcome.incomplete);
  // Neither the uncalled library file nor the vendored one is parsed.
  EXPECT_EQ(rounds(), (Rounds{{Dir + "/tests/save_test.cpp", Dir + "/tests/clean_test.cpp", Dir + "/tests/helpers.cpp"},
                              {Dir + "/src/store.cpp"}}));

  ASSERT_EQ(outcome.result.files.size(), 2u) << "the report is about the test files";
  const FileResult *save = file(outcome.result, "tests/save_test.cpp");
  const FileResult *clean = file(outcome.result, "tests/clean_test.cpp");
  ASSERT_TRUE(save && clean);
  // The write happens in the library, the delete in the support file: the
  // two tests collide only because both were followed.
  ASSERT_FALSE(save->findings.empty());
  EXPECT_EQ(save->findings.front().test, "Save.WritesTheReport");
  EXPECT_EQ(save->findings.front().partners, std::vector<std::string>{"Clean.RemovesTheScratchTree"});
  ASSERT_FALSE(clean->findings.empty());
  EXPECT_EQ(clean->findings.front().test, "Clean.RemovesTheScratchTree");
}

TEST_F(PipelineTest, WithoutFollowingTheLibraryOnlyTheTestsAndTheirSupportAreParsed) {
  Options.followLibrary = false;
  AnalyzeOutcome outcome = analyze(Options);
  ASSERT_EQ(outcome.fatalError, "");
  // Nothing found must mean nothing reached, not a test file that failed to parse.
  EXPECT_FALSE(outcome.incomplete);
  EXPECT_EQ(rounds(), (Rounds{{Dir + "/tests/save_test.cpp", Dir + "/tests/clean_test.cpp",
                               Dir + "/tests/helpers.cpp"}}));
  const FileResult *save = file(outcome.result, "tests/save_test.cpp");
  ASSERT_TRUE(save);
  EXPECT_FALSE(save->tests.empty());
  EXPECT_TRUE(save->findings.empty()) << "the write is in the library, which was not parsed";
}

TEST_F(PipelineTest, NamedFilesAreTheTestsAndTheirNeighboursSupport) {
  Options.input.files = {"tests/save_test.cpp"};
  AnalyzeOutcome outcome = analyze(Options);
  ASSERT_EQ(outcome.fatalError, "");
  // clean_test.cpp has tests of its own: it is not part of this run.
  EXPECT_EQ(rounds(), (Rounds{{Dir + "/tests/save_test.cpp", Dir + "/tests/helpers.cpp"}, {Dir + "/src/store.cpp"}}));
  ASSERT_EQ(outcome.result.files.size(), 1u);
  EXPECT_EQ(outcome.result.files.front().path, "tests/save_test.cpp");
}

TEST_F(PipelineTest, ABadRulesDirectoryIsFatalBeforeAnythingIsParsed) {
  Options.rulesDirectory = Dir + "/no-rules";
  AnalyzeOutcome outcome = analyze(Options);
  EXPECT_NE(outcome.fatalError.find(Dir + "/no-rules"), std::string::npos) << outcome.fatalError;
  EXPECT_TRUE(Progress.empty());
  EXPECT_TRUE(outcome.result.files.empty());
}

TEST_F(PipelineTest, AResourceDirectoryWithoutBuiltinHeadersIsFatal) {
  Options.extract.resourceDir = Dir;
  AnalyzeOutcome outcome = analyze(Options);
  EXPECT_EQ(outcome.fatalError, "clang resource directory '" + Dir +
                                    "' has no include/stddef.h; pass --resource-dir=$(clang-19 -print-resource-dir)");
  EXPECT_TRUE(Progress.empty());
}

TEST_F(PipelineTest, AnUnreadableDurationsFileIsFatal) {
  Options.durationsPath = Dir + "/CTestCostData.txt";
  AnalyzeOutcome outcome = analyze(Options);
  EXPECT_NE(outcome.fatalError.find(Dir + "/CTestCostData.txt"), std::string::npos) << outcome.fatalError;
  EXPECT_TRUE(Progress.empty());
}

TEST_F(PipelineTest, AMissingDatabaseIsFatal) {
  std::filesystem::remove(Dir + "/compile_commands.json");
  AnalyzeOutcome outcome = analyze(Options);
  EXPECT_NE(outcome.fatalError.find("compilation database not found"), std::string::npos) << outcome.fatalError;
  EXPECT_TRUE(Progress.empty());
}

} // namespace
} // namespace parready
