// Shared preambles (extract/SharedPreambles.h): which leading includes a file
// has, which TUs share a PCH, and that the facts are the same with it.
#include "extract/SharedPreambles.h"

#include "../ScratchDirectory.h"

#include "facts/Json.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

namespace parready {
namespace {

std::vector<std::string> spellings(const std::vector<LeadingInclude> &includes) {
  std::vector<std::string> out;
  for (const LeadingInclude &include : includes)
    out.push_back(include.spelling);
  return out;
}

TEST(LeadingIncludes, CommentsAndBlankLinesMayComeBeforeAndBetween) {
  std::string text = "// a test\n/* of\n   something */\n\n#include <gtest/gtest.h>\n"
                     "  #  include <string> // strings\n\n#include <vector>\nint x;\n";
  std::vector<LeadingInclude> includes = leadingIncludes(text, "/p/tests/a_test.cpp");
  EXPECT_EQ(spellings(includes), (std::vector<std::string>{"<gtest/gtest.h>", "<string>", "<vector>"}));
  ASSERT_EQ(includes.size(), 3u);
  EXPECT_EQ(text.substr(0, includes[0].bytes), "// a test\n/* of\n   something */\n\n#include <gtest/gtest.h>\n");
  EXPECT_EQ(text.substr(includes[2].bytes), "int x;\n");
}

TEST(LeadingIncludes, AnythingElseEndsThem) {
  const std::string path = "/p/tests/a_test.cpp";
  EXPECT_TRUE(leadingIncludes("#define GTEST_HAS_X 1\n#include <gtest/gtest.h>\n", path).empty())
      << "a macro before the include may change what it means";
  EXPECT_EQ(spellings(leadingIncludes("#include <a.h>\n#if X\n#include <b.h>\n#endif\n", path)),
            std::vector<std::string>{"<a.h>"});
  EXPECT_EQ(spellings(leadingIncludes("#include <a.h>\nint x;\n#include <b.h>\n", path)),
            std::vector<std::string>{"<a.h>"});
  EXPECT_TRUE(leadingIncludes("#include <a.h> /* runs on\n*/ int x;\n", path).empty())
      << "a block comment after the include could hide code on the next line";
  EXPECT_TRUE(leadingIncludes("int x; #include <a.h>\n", path).empty());
  EXPECT_TRUE(leadingIncludes("#include <a.h>", path).empty()) << "no newline: nothing to skip to";
  EXPECT_TRUE(leadingIncludes("#include MACRO_HEADER\n", path).empty());
  EXPECT_TRUE(leadingIncludes("#import <a.h>\n", path).empty());
}

class SharedPreamblesTest : public ScratchDirectory {
protected:
  void SetUp() override {
    ScratchDirectory::SetUp();
    ASSERT_EQ(Catalog.loadDirectory(std::string(PARREADY_SOURCE_RULES_DIR) + "/api"), "");
    Options.resourceDir = PARREADY_DEFAULT_RESOURCE_DIR;
  }

  CompileJob job(const std::string &name, const std::vector<std::string> &flags = {"-std=c++17"}) const {
    CompileJob job{Dir + "/" + name, Dir, {"clang++"}};
    job.commandLine.insert(job.commandLine.end(), flags.begin(), flags.end());
    job.commandLine.push_back(name);
    return job;
  }

  ApiCatalog Catalog;
  ExtractOptions Options;
};

TEST_F(SharedPreamblesTest, QuotedIncludesCountOnlyBesideTheFile) {
  write("tests/util.h", "int util();\n");
  std::vector<LeadingInclude> includes =
      leadingIncludes("#include \"util.h\"\n#include \"missing.h\"\n", Dir + "/tests/a_test.cpp");
  EXPECT_EQ(spellings(includes), std::vector<std::string>{"\"" + Dir + "/tests/util.h\""})
      << "spelled by its path, so that the PCH's own header finds the same file";
}

TEST_F(SharedPreamblesTest, FactsAreTheSameWithThePreamble) {
  const std::string head = "// a test file\n#include <fstream>\n#include \"util.h\"\n#include <string>\n";
  write("util.h", "#pragma once\n#include <cstdio>\ninline void Log(const char *p) { std::fopen(p, \"a\"); }\n");
  for (const char *name : {"a_test.cpp", "b_test.cpp", "c_test.cpp"})
    write(name, head + "void Work_" + std::string(1, name[0]) +
                    "() {\n  std::ofstream(\"/tmp/shared.db\") << 1;\n  Log(\"/tmp/log\");\n}\n"
                    "#if 0\nTEST(Skipped, Block) {}\n#endif\n");
  write("d_test.cpp", "#include <vector>\nvoid Other() {}\n"); // a beginning nobody shares
  std::vector<CompileJob> jobs = {job("a_test.cpp"), job("b_test.cpp"), job("c_test.cpp"), job("d_test.cpp")};
  SharedPreambles preambles(Options);
  preambles.plan(jobs);
  EXPECT_FALSE(preambles.preambleFor(jobs[3])) << "fewer than three TUs begin with <vector>";
  for (const CompileJob &tu : {jobs[0], jobs[1], jobs[2]}) {
    std::optional<PreambleUse> preamble = preambles.preambleFor(tu);
    ASSERT_TRUE(preamble) << tu.file;
    EXPECT_EQ(preamble->bytes, head.size());
    TranslationUnitFacts with = extractFacts(tu, Catalog, Options, &*preamble);
    TranslationUnitFacts without = extractFacts(tu, Catalog, Options);
    EXPECT_TRUE(with.parsedCleanly);
    // As JSON, so that a difference reads as one.
    EXPECT_EQ(nlohmann::json(with).dump(1), nlohmann::json(without).dump(1)) << tu.file;
    EXPECT_NE(std::find(with.includedFiles.begin(), with.includedFiles.end(), Dir + "/util.h"),
              with.includedFiles.end())
        << "the PCH's headers are the TU's inputs, for the cache";
    // The run's own files are no inputs: a record that named them would never hold in the next run.
    for (const std::string &own : {preamble->pchPath, preamble->headerPath})
      EXPECT_EQ(std::find(with.includedFiles.begin(), with.includedFiles.end(), own), with.includedFiles.end())
          << own;
  }
  EXPECT_EQ(preambles.built(), 1u);
}

TEST_F(SharedPreamblesTest, OtherFlagsAreAnotherPreamble) {
  for (const char *name : {"a_test.cpp", "b_test.cpp", "c_test.cpp", "d_test.cpp"})
    write(name, "#include <string>\nstd::string s;\n");
  std::vector<CompileJob> jobs = {job("a_test.cpp"), job("b_test.cpp"), job("c_test.cpp"),
                                  job("d_test.cpp", {"-std=c++17", "-DOTHER"})};
  SharedPreambles preambles(Options);
  preambles.plan(jobs);
  EXPECT_TRUE(preambles.preambleFor(jobs[0]));
  EXPECT_FALSE(preambles.preambleFor(jobs[3])) << "a PCH is valid only for the flags it was built with";
}

TEST_F(SharedPreamblesTest, AHeaderThatDoesNotBuildIsNotShared) {
  write("broken.h", "this is not C++;\n");
  for (const char *name : {"a_test.cpp", "b_test.cpp", "c_test.cpp"})
    write(name, "#include \"broken.h\"\nint x;\n");
  std::vector<CompileJob> jobs = {job("a_test.cpp"), job("b_test.cpp"), job("c_test.cpp")};
  SharedPreambles preambles(Options);
  preambles.plan(jobs);
  EXPECT_FALSE(preambles.preambleFor(jobs[0]));
  EXPECT_FALSE(preambles.preambleFor(jobs[1]));
  TranslationUnitFacts facts = extractFacts(jobs[0], Catalog, Options);
  EXPECT_FALSE(facts.parsedCleanly) << "the file's own errors are still reported, without a preamble";
}

} // namespace
} // namespace parready
