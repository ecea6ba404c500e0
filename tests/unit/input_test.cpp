#include "input/Durations.h"
#include "input/Input.h"
#include "input/Programs.h"
#include "input/TestSelection.h"

#include "ScratchDirectory.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
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

/// A compile job for a file under `directory`.
CompileJob jobIn(const std::string &directory, const std::string &name) {
  return CompileJob{directory + "/" + name, directory, {"c++", "-c", name}};
}

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

/// The catalogs parready ships: what a default run knows about tests and layouts.
ApiCatalog shippedCatalog() {
  ApiCatalog catalog;
  EXPECT_EQ(catalog.loadDirectory(std::string(PARREADY_SOURCE_RULES_DIR) + "/api"), "");
  return catalog;
}

/// A catalog of one document holding only `keys` (a JSON object's members).
ApiCatalog catalogOf(const std::string &keys) {
  ApiCatalog catalog;
  EXPECT_EQ(catalog.loadText(R"({"schema": "parready-api-catalog/1", )" + keys + "}", "layout.json"), "");
  return catalog;
}

std::vector<std::string> filesOf(const std::vector<CompileJob> &jobs) {
  std::vector<std::string> files;
  for (const CompileJob &job : jobs)
    files.push_back(job.file);
  return files;
}

TEST(TestSelection, PlainTestProgramsByTheirDirectoryOrName) {
  ApiCatalog catalog = shippedCatalog();
  const std::string main = "int main(void) { return run_all(); }\n";
  EXPECT_TRUE(isPlainTestProgram("/p/tests/io.c", main, catalog));
  EXPECT_TRUE(isPlainTestProgram("/p/unittests/sub/io.c", main, catalog));
  EXPECT_TRUE(isPlainTestProgram("/p/src/test_io.c", main, catalog));
  EXPECT_TRUE(isPlainTestProgram("/p/src/io_test.cc", main, catalog));
  EXPECT_TRUE(isPlainTestProgram("/p/src/io_unittest.cc", main, catalog));
  EXPECT_FALSE(isPlainTestProgram("/p/src/io.c", main, catalog)) << "neither a test directory nor a test name";
  EXPECT_FALSE(isPlainTestProgram("/p/tests.c/io.c", main, catalog)) << "a file's own name is not its directory";
  EXPECT_FALSE(isPlainTestProgram("/p/tests/io.c", "int helper(void) { return 0; }\n", catalog)) << "no main()";
  EXPECT_FALSE(isPlainTestProgram("/p/tests/runner.cc", "#include <gtest/gtest.h>\n" + main, catalog))
      << "a framework's runner, whose tests the macros find";
  for (const char *runner : {"int main(int c, char **v) { init(&c, v); return RUN_ALL_TESTS(); }\n",
                             "int main(int c, char **v) { return Catch::Session().run(c, v); }\n",
                             "int main(int c, char **v) { doctest::Context context(c, v); return context.run(); }\n"})
    EXPECT_FALSE(isPlainTestProgram("/p/tests/main.cc", std::string("#include \"test_util.h\"\n") + runner, catalog))
        << "a runner whose framework header comes through the project's own: " << runner;
}

TEST(TestSelection, TestDirectoriesAndNamesAreCatalogData) {
  ApiCatalog catalog = catalogOf(R"("test_directories": ["checks"], "test_file_names": ["check_*"])");
  const std::string main = "int main() {}\n";
  EXPECT_TRUE(isPlainTestProgram("/p/checks/io.c", main, catalog));
  EXPECT_TRUE(isPlainTestProgram("/p/src/check_io.c", main, catalog));
  EXPECT_FALSE(isPlainTestProgram("/p/tests/io.c", main, catalog));
  EXPECT_FALSE(isPlainTestProgram("/p/src/io_test.c", main, catalog));
}

TEST_F(ScratchDirectory, WholeDatabaseSplitsIntoTestsSupportAndLibrary) {
  write("tests/store_test.cpp", "TEST(Store, Saves) { Save(); }\n");
  write("tests/helpers.cpp", "int Helper() { return 1; }\n");
  write("tests/plain/io.c", "int main(void) { return 0; }\n");
  write("src/store.cpp", "void Save() {}\n");
  write("third_party/zlib/inflate.c", "int inflate(void) { return 0; }\n");
  write("build/_deps/googletest-src/gtest-all.cc", "int gtest(void) { return 0; }\n");
  write("build/_deps/catch2-src/src/run_context.cpp", "// TEST_CASE() { SECTION(\"A\") {} }\nvoid run() {}\n");
  InputResult input;
  for (const char *name : {"tests/store_test.cpp", "tests/helpers.cpp", "tests/plain/io.c", "src/store.cpp",
                           "third_party/zlib/inflate.c", "build/_deps/googletest-src/gtest-all.cc",
                           "build/_deps/catch2-src/src/run_context.cpp", "gone.cpp"})
    input.jobs.push_back(jobIn(Dir, name));
  TranslationUnitSelection selection = selectTranslationUnits(input, shippedCatalog(), {});
  // An unreadable file stays a test: extraction reports why it cannot be read.
  EXPECT_EQ(filesOf(selection.tests),
            (std::vector<std::string>{Dir + "/tests/store_test.cpp", Dir + "/tests/plain/io.c", Dir + "/gone.cpp"}))
      << "a vendored framework's sources are no tests, whatever macros their comments name";
  EXPECT_EQ(filesOf(selection.support), std::vector<std::string>{Dir + "/tests/helpers.cpp"});
  EXPECT_EQ(filesOf(selection.library), std::vector<std::string>{Dir + "/src/store.cpp"}) << "vendored folders left out";

  // A file that defines no test must say why only when its text promised one.
  EXPECT_EQ(selection.mustDefineTests, (std::set<std::string>{Dir + "/tests/store_test.cpp", Dir + "/gone.cpp"}))
      << "tests/plain/io.c is a test by its main() alone: without one it is simply not a test";

  selection = selectTranslationUnits(input, shippedCatalog(), {.followLibrary = false});
  EXPECT_EQ(selection.tests.size(), 3u);
  EXPECT_EQ(selection.support.size(), 1u);
  EXPECT_TRUE(selection.library.empty());
}

TEST_F(ScratchDirectory, NamedFilesAreTheTestsAndOtherTestFilesStayOut) {
  write("tests/util.cpp", "void Clean() {}\n");
  write("tests/other_test.cpp", "TEST(Other, Runs) {}\n");
  write("src/store.cpp", "void Save() {}\n");
  InputResult input;
  input.jobs = {jobIn(Dir, "tests/store_test.cpp")}; // named, so a test even without a TEST macro
  input.others = {jobIn(Dir, "tests/util.cpp"), jobIn(Dir, "tests/other_test.cpp"), jobIn(Dir, "src/store.cpp")};
  TranslationUnitSelection selection = selectTranslationUnits(input, shippedCatalog(), {.filesNamed = true});
  EXPECT_EQ(filesOf(selection.tests), std::vector<std::string>{Dir + "/tests/store_test.cpp"});
  EXPECT_EQ(selection.mustDefineTests, std::set<std::string>{Dir + "/tests/store_test.cpp"});
  EXPECT_EQ(filesOf(selection.support), std::vector<std::string>{Dir + "/tests/util.cpp"});
  EXPECT_EQ(filesOf(selection.library), std::vector<std::string>{Dir + "/src/store.cpp"});
}

TEST_F(ScratchDirectory, FrameworkSourcesAreNeverParsedWhereverTheyAre) {
  // A framework vendored outside _deps/ and third_party/ (extern/, or beside the tests).
  write("extern/catch2/src/catch2/catch_session.cpp",
        "#include <catch2/catch_session.hpp>\n#include <catch2/internal/catch_run_context.hpp>\nvoid run() {}\n");
  write("extern/catch2/src/catch2/catch_approx.cpp", "#include <catch2/catch_approx.hpp>\nnamespace Catch {\nvoid f();\n}\n");
  write("extern/googletest/src/gtest-all.cc", "#include \"gtest/gtest.h\"\n#include \"src/gtest.cc\"\n");
  write("extern/googletest/src/gtest.cc", "#include \"src/gtest-internal-inl.h\"\nnamespace testing {\n}\n");
  write("extern/googletest/test/gtest_unittest.cc",
        "#include \"src/gtest-internal-inl.h\"\nTEST(Framework, OwnTest) {}\n");
  write("tests/catch_amalgamated.cpp", "#include \"catch_amalgamated.hpp\"\nnamespace Catch {\nvoid g();\n}\n");
  // Look-alikes: the project's own code and tests.
  write("tests/printers_test.cpp",
        "#include <catch2/catch_test_macros.hpp>\nnamespace Catch {\ntemplate <> struct StringMaker<Id>;\n}\n"
        "TEST_CASE(\"ids print\") {}\n");
  write("src/testing_utils.cpp", "namespace testing_utils {\nvoid run() {}\n}\n");
  write("src/session.cpp", "// namespace Catch { is in a comment of ours\n#include \"session.h\"\nvoid run() {}\n");
  write("testing/fixtures.cpp", "#include <gtest/gtest.h>\nvoid MakeFixture() {}\n");
  InputResult input;
  for (const char *name : {"extern/catch2/src/catch2/catch_session.cpp", "extern/catch2/src/catch2/catch_approx.cpp",
                           "extern/googletest/src/gtest-all.cc", "extern/googletest/src/gtest.cc",
                           "extern/googletest/test/gtest_unittest.cc", "tests/catch_amalgamated.cpp",
                           "tests/printers_test.cpp", "src/testing_utils.cpp", "src/session.cpp",
                           "testing/fixtures.cpp"})
    input.jobs.push_back(jobIn(Dir, name));
  TranslationUnitSelection selection = selectTranslationUnits(input, shippedCatalog(), {});
  EXPECT_EQ(filesOf(selection.tests), std::vector<std::string>{Dir + "/tests/printers_test.cpp"});
  EXPECT_TRUE(selection.support.empty()) << filesOf(selection.support).front();
  EXPECT_EQ(filesOf(selection.library), (std::vector<std::string>{Dir + "/src/testing_utils.cpp",
                                                                  Dir + "/src/session.cpp",
                                                                  Dir + "/testing/fixtures.cpp"}))
      << "the project's own helpers that use the framework are still followed";
}

TEST_F(ScratchDirectory, VendoredDirectoriesAreCatalogData) {
  ApiCatalog catalog = catalogOf(R"("vendored_directories": ["imported"])");
  write("imported/a.cpp", "void A() {}\n");
  write("third_party/b.cpp", "void B() {}\n");
  InputResult input;
  input.jobs = {jobIn(Dir, "imported/a.cpp"), jobIn(Dir, "third_party/b.cpp")};
  TranslationUnitSelection selection = selectTranslationUnits(input, catalog, {});
  EXPECT_EQ(filesOf(selection.library), std::vector<std::string>{Dir + "/third_party/b.cpp"});
}

TEST_F(ScratchDirectory, EachLibraryRoundTakesTheFilesThatMayDefineAnUnresolvedCall) {
  write("src/store.cpp", "void app::Store::Save(const char *path) {}\n");
  write("src/local.cpp", "int Local() { return 0; }\n");
  write("src/special.cpp", "Store::~Store() {}\nbool operator==(Store, Store);\n");
  Function body{.usr = "c:@F@Body", .name = "Body"};
  std::vector<std::pair<std::string, std::string>> callees = {{"c:@N@app@S@Store@F@Save", "app::Store::Save"},
                                                               {"c:@F@Local", "Local"},
                                                               {"c:@S@Store@F@~Store", "Store::~Store"},
                                                               {"c:@F@operator==", "operator=="}};
  for (const auto &[usr, name] : callees)
    body.calls.push_back(CallSite{.calleeUsr = usr, .calleeName = name});
  TranslationUnitFacts unit;
  unit.functions = {body, Function{.usr = "c:@F@Local", .name = "Local"}};
  std::vector<CompileJob> library = {jobIn(Dir, "src/local.cpp"), jobIn(Dir, "src/store.cpp"), jobIn(Dir, "src/special.cpp")};
  // Only Save is called and defined nowhere; destructors and operators are not looked for.
  EXPECT_EQ(filesOf(takeDefinersOfUnresolvedCalls({unit}, library)), std::vector<std::string>{Dir + "/src/store.cpp"});
  EXPECT_EQ(filesOf(library), (std::vector<std::string>{Dir + "/src/local.cpp", Dir + "/src/special.cpp"}));
  // A taken file leaves the pool: no later round parses it again.
  EXPECT_TRUE(takeDefinersOfUnresolvedCalls({unit}, library).empty());
}

// The samples under tests/data/durations/ are real output: CTest 3.25
// (cost data and --output-junit), GoogleTest 1.12 (--gtest_output=xml,
// with a disabled, a skipped and a value-parameterised test) and Catch2 2
// (-r junit, a section, a name with XML entities).
std::vector<TestDuration> read(const std::string &name, DurationFormat expected) {
  std::vector<TestDuration> durations;
  DurationFormat format{};
  std::string error = readDurations(std::string(PARREADY_TEST_DATA_DIR) + "/durations/" + name, durations, &format);
  EXPECT_EQ(error, "") << name;
  EXPECT_EQ(format, expected) << name;
  return durations;
}

std::map<std::string, double> byName(const std::vector<TestDuration> &durations) {
  std::map<std::string, double> map;
  for (const TestDuration &d : durations)
    map[d.name] = d.seconds;
  return map;
}

TEST(Durations, CTestCostDataKeepsNamesWithSpacesAndSkipsTestsThatNeverPassed) {
  std::map<std::string, double> seconds = byName(read("CTestCostData.txt", DurationFormat::CTestCostData));
  EXPECT_EQ(seconds, (std::map<std::string, double>{{"a b", 0.106071}, {"Suite.Fast", 0.00548589}}));
}

TEST(Durations, GoogleTestXmlNamesTestsAsGtestDiscoverTestsDoes) {
  std::map<std::string, double> seconds = byName(read("gtest.xml", DurationFormat::GoogleTestXml));
  // Run tests only: the disabled and the skipped one measured nothing.
  EXPECT_EQ(seconds.size(), 3u);
  EXPECT_TRUE(seconds.count("Suite.Fast"));
  EXPECT_TRUE(seconds.count("Prefix/P.Works/0"));
  EXPECT_TRUE(seconds.count("Prefix/P.Works/1"));
}

TEST(Durations, CTestJUnitUsesTheTestNameAndKeepsFailedTests) {
  std::map<std::string, double> seconds = byName(read("ctest-junit.xml", DurationFormat::JUnitXml));
  EXPECT_EQ(seconds.size(), 3u);
  EXPECT_DOUBLE_EQ(seconds["a b"], 0.106071);
  EXPECT_DOUBLE_EQ(seconds["fails"], 0.00451474); // it failed, but it took its time
}

TEST(Durations, Catch2JUnitDecodesEntitiesAndAddsSectionsUpToTheirCase) {
  std::map<std::string, double> seconds = byName(read("catch2-junit.xml", DurationFormat::JUnitXml));
  EXPECT_EQ(seconds.size(), 2u);
  EXPECT_TRUE(seconds.count("cache & \"quotes\" <ok>"));
  EXPECT_TRUE(seconds.count("second case"));
  std::vector<TestDuration> sections;
  ASSERT_EQ(parseDurations("<testsuites><testsuite name='t'>"
                           "<testcase classname='t.global' name='case/one' time='0.25'/>"
                           "<testcase classname='t.global' name='case/two' time='0.5'/>"
                           "<testcase classname='t.global' name='&#x41;&#66;' time='1'/>"
                           "</testsuite></testsuites>",
                           "s.xml", sections),
            "");
  EXPECT_EQ(byName(sections), (std::map<std::string, double>{{"case", 0.75}, {"AB", 1}}));
}

TEST(Durations, ErrorsNameTheFileAndLeaveNothingBehind) {
  std::vector<TestDuration> durations;
  auto error = [&](const std::string &text) {
    durations = {{"stale", 1}};
    std::string message = parseDurations(text, "d.txt", durations);
    EXPECT_TRUE(durations.empty()) << text;
    return message;
  };
  EXPECT_EQ(error("{\"tests\": []}"), "d.txt: not a CTestCostData.txt, GoogleTest XML or JUnit XML file");
  EXPECT_EQ(error(""), "d.txt: not a CTestCostData.txt, GoogleTest XML or JUnit XML file");
  EXPECT_EQ(error("a 1 0.5\nbroken\n"), "d.txt:2: expected '<test> <runs> <seconds>', found 'broken'");
  EXPECT_EQ(error("a 1 0.5\nb x 0.5\n"), "d.txt:2: 'b x 0.5' has no run count and time");
  EXPECT_EQ(error("a 0 0\n---\na\n"), "d.txt: no test with a measured duration");
  EXPECT_EQ(error("<testsuite><testcase name=\"t\" time=\"soon\"/></testsuite>"),
            "d.txt: test 't' has no time (time=\"soon\")");
  EXPECT_EQ(error("<testsuite><testcase time=\"1\"/></testsuite>"), "d.txt: a <testcase> without a name");
  EXPECT_NE(readDurations("/nonexistent/CTestCostData.txt", durations).find("/nonexistent/CTestCostData.txt: cannot read"),
            std::string::npos);
}


/// A CMake file-API reply as CMake 3.25 writes it, cut down to what is read:
/// a library `store` (util.cc and a header), `mid` linking `store`, test
/// programs a_test (links store) and b_test (links mid), a utility target.
class FileApiReply : public ScratchDirectory {
protected:
  void SetUp() override {
    ScratchDirectory::SetUp();
    write("build/CMakeCache.txt", "");
    const std::string reply = "build/.cmake/api/v1/reply/";
    // An older index, pointing at nothing: the newest one is read.
    write(reply + "index-2026-01-01T00-00-00-0000.json", R"({"objects": []})");
    write(reply + "index-2026-12-02T14-37-30-0353.json",
          R"({"objects": [{"kind": "cache", "version": {"major": 2}, "jsonFile": "cache.json"},
                          {"kind": "codemodel", "version": {"major": 2, "minor": 4}, "jsonFile": "codemodel-v2-1.json"}]})");
    write(reply + "codemodel-v2-1.json", R"({"paths": {"source": ")" + Dir + R"(", "build": ")" + Dir + R"(/build"},
      "configurations": [{"name": "", "targets": [
        {"name": "store", "id": "store::@1", "jsonFile": "target-store.json"},
        {"name": "mid", "id": "mid::@1", "jsonFile": "target-mid.json"},
        {"name": "a_test", "id": "a_test::@1", "jsonFile": "target-a_test.json"},
        {"name": "b_test", "id": "b_test::@1", "jsonFile": "target-b_test.json"},
        {"name": "docs", "id": "docs::@1", "jsonFile": "target-docs.json"}]}]})");
    write(reply + "target-store.json", R"({"name": "store", "id": "store::@1", "type": "STATIC_LIBRARY",
      "artifacts": [{"path": "libstore.a"}],
      "sources": [{"path": "src/util.cc", "compileGroupIndex": 0}, {"path": "src/util.h"}]})");
    write(reply + "target-mid.json", R"({"name": "mid", "id": "mid::@1", "type": "STATIC_LIBRARY",
      "sources": [{"path": "src/mid.cc", "compileGroupIndex": 0}], "dependencies": [{"id": "store::@1"}]})");
    write(reply + "target-a_test.json", R"({"name": "a_test", "id": "a_test::@1", "type": "EXECUTABLE",
      "artifacts": [{"path": "tests/a_test"}],
      "sources": [{"path": "tests/a_test.cc", "compileGroupIndex": 0}], "dependencies": [{"id": "store::@1"}]})");
    write(reply + "target-b_test.json", R"({"name": "b_test", "id": "b_test::@1", "type": "EXECUTABLE",
      "artifacts": [{"path": "tests/b_test"}],
      "sources": [{"path": "tests/b_test.cc", "compileGroupIndex": 0}, {"path": "/elsewhere/shim.c", "compileGroupIndex": 1}],
      "dependencies": [{"id": "mid::@1"}, {"id": "docs::@1"}]})");
    write(reply + "target-docs.json", R"({"name": "docs", "id": "docs::@1", "type": "UTILITY", "sources": []})");
  }

  BuildTarget &target(ProgramStructure &programs, const std::string &name) {
    auto found = std::find_if(programs.targets.begin(), programs.targets.end(),
                              [&](const BuildTarget &target) { return target.name == name; });
    EXPECT_NE(found, programs.targets.end()) << name;
    return *found;
  }

  std::vector<std::string> dependencyNames(const ProgramStructure &programs, const BuildTarget &of) {
    std::vector<std::string> names;
    for (size_t dependency : of.dependencies)
      names.push_back(programs.targets[dependency].name);
    std::sort(names.begin(), names.end());
    return names;
  }
};

TEST_F(FileApiReply, ProgramsAreExecutablesWithTheLibrariesTheyLinkTransitively) {
  std::string problem;
  std::optional<ProgramStructure> programs = readCmakeFileApi(Dir + "/build", problem);
  ASSERT_TRUE(programs) << problem;
  EXPECT_EQ(programs->origin, "cmake-file-api");
  ASSERT_EQ(programs->targets.size(), 4u); // the utility target builds no code
  const BuildTarget &store = target(*programs, "store");
  EXPECT_FALSE(store.executable);
  EXPECT_EQ(store.sources, std::vector<std::string>{Dir + "/src/util.cc"}); // the header is no TU
  EXPECT_EQ(store.artifacts, std::vector<std::string>{Dir + "/build/libstore.a"});
  const BuildTarget &a = target(*programs, "a_test");
  EXPECT_TRUE(a.executable);
  EXPECT_EQ(a.artifacts, std::vector<std::string>{Dir + "/build/tests/a_test"});
  EXPECT_EQ(dependencyNames(*programs, a), std::vector<std::string>{"store"});
  const BuildTarget &b = target(*programs, "b_test");
  EXPECT_EQ(b.sources, (std::vector<std::string>{Dir + "/tests/b_test.cc", "/elsewhere/shim.c"}));
  EXPECT_EQ(dependencyNames(*programs, b), (std::vector<std::string>{"mid", "store"}));
}

TEST_F(FileApiReply, CtestRegistrationIsReadPerExecutable) {
  std::string problem;
  ProgramStructure programs = *readCmakeFileApi(Dir + "/build", problem);
  // a_test: one entry for the whole binary; b_test: discovered per case, not built yet.
  std::string listing = R"({"kind": "ctestInfo", "tests": [
      {"name": "a_test", "command": [")" + Dir + R"(/build/tests/a_test"]},
      {"name": "b_test_NOT_BUILT"}]})";
  EXPECT_EQ(applyCtestRegistrations(listing, programs), "");
  EXPECT_EQ(target(programs, "a_test").registration, CtestRegistration::OneEntry);
  EXPECT_EQ(target(programs, "b_test").registration, CtestRegistration::PerCase);
  EXPECT_EQ(target(programs, "store").registration, CtestRegistration::Unknown);

  // Built and discovered: one entry per case, behind a wrapper; a_test not registered.
  listing = R"({"tests": [
      {"name": "B.One", "command": ["valgrind", ")" + Dir + R"(/build/tests/b_test", "--gtest_filter=B.One"]},
      {"name": "B.Two", "command": ["valgrind", ")" + Dir + R"(/build/tests/b_test", "--gtest_filter=B.Two"]}]})";
  EXPECT_EQ(applyCtestRegistrations(listing, programs), "");
  EXPECT_EQ(target(programs, "a_test").registration, CtestRegistration::NotRegistered);
  EXPECT_EQ(target(programs, "b_test").registration, CtestRegistration::PerCase);

  EXPECT_NE(applyCtestRegistrations("ctest: unknown option", programs), "");
  EXPECT_EQ(target(programs, "b_test").registration, CtestRegistration::PerCase); // unchanged
}

TEST_F(FileApiReply, CommandsOfTestsNotBuiltYetComeFromTheTestfiles) {
  // libyaml's shape: add_test(NAME version COMMAND test-version), nothing built.
  write("build/CTestTestfile.cmake", "# CMake generated Testfile\n"
                                     "subdirs(\"tests\")\n");
  write("build/tests/CTestTestfile.cmake",
        "add_test([=[a version]=] \"" + Dir + "/build/tests/a_test\" \"--quiet\")\n"
        "set_tests_properties([=[a version]=] PROPERTIES  _BACKTRACE_TRIPLES \"x;1;add_test\")\n"
        "add_test(b-check \"" + Dir + "/build/tests/b_\\\"test\")\n");
  std::map<std::string, std::vector<std::string>> commands = readCtestTestfiles(Dir + "/build");
  EXPECT_EQ(commands["a version"], (std::vector<std::string>{Dir + "/build/tests/a_test", "--quiet"}));
  EXPECT_EQ(commands["b-check"], std::vector<std::string>{Dir + "/build/tests/b_\"test"});

  std::string problem;
  ProgramStructure programs = *readCmakeFileApi(Dir + "/build", problem);
  EXPECT_EQ(applyCtestRegistrations(R"({"tests": [{"name": "a version"}]})", programs, commands), "");
  EXPECT_EQ(target(programs, "a_test").registration, CtestRegistration::OneEntry);
  EXPECT_EQ(target(programs, "b_test").registration, CtestRegistration::NotRegistered);
}

TEST_F(FileApiReply, ARegisteredProgramWithoutATestFileHasItsTestFilesAddedByTheBuild) {
  // jansson's shape: main() comes from a header, so no file reads as a test;
  // the build registers a_test (one source) and b_test (b_test.cc and a shim).
  write("tests/a_test.cc", "#include \"util.h\"\nstatic void run_tests(void) {}\n");
  write("tests/b_test.cc", "#include \"util.h\"\nstatic void run_tests(void) {}\n");
  write("tests/runner_test.cc", "int main(int c, char **v) { return RUN_ALL_TESTS(); }\n");
  std::string problem;
  ProgramStructure programs = *readCmakeFileApi(Dir + "/build", problem);
  target(programs, "a_test").registration = CtestRegistration::OneEntry;
  target(programs, "b_test").registration = CtestRegistration::NotRegistered;
  programs.targets.push_back({.name = "runner", .executable = true, .sources = {Dir + "/tests/runner_test.cc"},
                              .registration = CtestRegistration::PerCase});
  TranslationUnitSelection selection;
  selection.support = {jobIn(Dir + "/tests", "a_test.cc"), jobIn(Dir + "/tests", "b_test.cc"),
                       jobIn(Dir + "/tests", "runner_test.cc")};
  selection.library = {jobIn(Dir + "/src", "util.cc")};
  addRegisteredTestPrograms(selection, programs, shippedCatalog());
  EXPECT_EQ(filesOf(selection.tests), std::vector<std::string>{Dir + "/tests/a_test.cc"})
      << "b_test is not registered; the runner is a framework's";
  EXPECT_EQ(selection.support.size(), 2u);
  EXPECT_EQ(filesOf(selection.library), std::vector<std::string>{Dir + "/src/util.cc"}) << "not in a test directory";
}

TEST_F(FileApiReply, WithoutAReplyTheQueryIsWrittenAndTestFilesAreTheirOwnPrograms) {
  std::filesystem::remove_all(Dir + "/build/.cmake/api/v1/reply");
  TranslationUnitSelection selection;
  selection.tests = {jobIn(Dir + "/tests", "a_test.cc"), jobIn(Dir + "/tests", "b_test.cc")};
  selection.support = {jobIn(Dir + "/tests", "util.cc")};
  selection.library = {jobIn(Dir + "/src", "store.cc")};
  std::vector<ToolDiagnostic> diagnostics;
  ProgramStructure programs = findPrograms({.buildDirectory = Dir + "/build", .ctestProgram = ""}, selection, diagnostics);
  EXPECT_TRUE(std::filesystem::exists(Dir + "/build/.cmake/api/v1/query/client-parready/codemodel-v2"));
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].severity, "warning");
  EXPECT_NE(diagnostics[0].message.find("re-run `cmake " + Dir + "/build`"), std::string::npos)
      << diagnostics[0].message;
  EXPECT_EQ(programs.origin, "assumed");
  // A test file links with the non-test files, never with another test file.
  const BuildTarget &a = target(programs, "a_test");
  EXPECT_TRUE(a.executable);
  EXPECT_EQ(a.sources, std::vector<std::string>{Dir + "/tests/a_test.cc"});
  ASSERT_EQ(a.dependencies.size(), 1u);
  EXPECT_EQ(programs.targets[a.dependencies[0]].sources,
            (std::vector<std::string>{Dir + "/tests/util.cc", Dir + "/src/store.cc"}));
  EXPECT_EQ(dependencyNames(programs, target(programs, "b_test")), dependencyNames(programs, a));
}

TEST_F(FileApiReply, ATestFileTheReplyDoesNotKnowIsAProgramOfItsOwn) {
  TranslationUnitSelection selection;
  selection.tests = {jobIn(Dir + "/tests", "a_test.cc"), jobIn(Dir + "/tests", "new_test.cc")};
  selection.library = {jobIn(Dir + "/src", "util.cc"), jobIn(Dir + "/src", "new.cc")};
  std::vector<ToolDiagnostic> diagnostics;
  ProgramStructure programs = findPrograms({.buildDirectory = Dir + "/build", .ctestProgram = ""}, selection, diagnostics);
  EXPECT_TRUE(diagnostics.empty());
  EXPECT_EQ(programs.origin, "cmake-file-api");
  EXPECT_EQ(target(programs, "a_test").sources, std::vector<std::string>{Dir + "/tests/a_test.cc"});
  const BuildTarget &added = target(programs, "new_test");
  EXPECT_EQ(added.sources, std::vector<std::string>{Dir + "/tests/new_test.cc"});
  ASSERT_EQ(added.dependencies.size(), 1u);
  EXPECT_EQ(programs.targets[added.dependencies[0]].sources, std::vector<std::string>{Dir + "/src/new.cc"});
}

TEST_F(ScratchDirectory, ABuildDirectoryCMakeDidNotWriteIsLeftAlone) {
  TranslationUnitSelection selection;
  selection.tests = {jobIn(Dir, "a_test.c")};
  std::vector<ToolDiagnostic> diagnostics;
  ProgramStructure programs = findPrograms({.buildDirectory = Dir}, selection, diagnostics);
  EXPECT_TRUE(diagnostics.empty());
  EXPECT_FALSE(std::filesystem::exists(Dir + "/.cmake"));
  EXPECT_EQ(programs.origin, "assumed");
  ASSERT_EQ(programs.targets.size(), 2u);
  EXPECT_TRUE(programs.targets[1].executable);
}

} // namespace
} // namespace parready
