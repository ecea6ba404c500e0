#include "extract/Extract.h"
#include "extract/ShellCommand.h"

#include <gtest/gtest.h>

namespace parready {
namespace {

class ExtractTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    Catalog = new ApiCatalog();
    ASSERT_EQ(Catalog->loadDirectory(std::string(PARREADY_SOURCE_RULES_DIR) + "/api"), "");
  }
  static void TearDownTestSuite() {
    delete Catalog;
    Catalog = nullptr;
  }

  TranslationUnitFacts extract(const std::string &code, std::vector<std::string> flags = {"-std=c++17"}) {
    ExtractOptions options;
    options.resourceDir = PARREADY_DEFAULT_RESOURCE_DIR;
    return extractFactsFromCode(code, "/virtual/sample_test.cpp", flags, *Catalog, options);
  }

  /// Every access in the TU at a given line (1-based).
  static std::vector<Access> accessesAt(const TranslationUnitFacts &facts, unsigned line) {
    std::vector<Access> found;
    for (const Function &f : facts.functions)
      for (const Access &a : f.accesses)
        if (a.location.line == line)
          found.push_back(a);
    return found;
  }

  static Access onlyAccessAt(const TranslationUnitFacts &facts, unsigned line, ResourceKind kind = ResourceKind::Path) {
    std::vector<Access> found;
    for (const Access &a : accessesAt(facts, line))
      if (a.resource == kind)
        found.push_back(a);
    EXPECT_EQ(found.size(), 1u) << "line " << line;
    return found.empty() ? Access{} : found.front();
  }

  static ApiCatalog *Catalog;
};
ApiCatalog *ExtractTest::Catalog = nullptr;

const char *Prelude = R"(#include <gtest/gtest.h>
#include <filesystem>
#include <fstream>
#include <cstdlib>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>
namespace fs = std::filesystem;
)"; // 8 lines: user code starts on line 9

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

TEST_F(ExtractTest, ConstantValuesThroughVariablesMacrosAndConcatenation) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
#define LOG_DIR "/var/tmp/app"
constexpr const char *kRoot = "/tmp/app";
const std::string kName = "data.bin";
TEST(V, Values) {
  std::ofstream(std::string(kRoot) + "/" + kName);
  std::ofstream(LOG_DIR "/log.txt");
  fs::path p = fs::path(kRoot) / "sub";
  fs::create_directories(p);
  std::string q = kRoot;
  q += "/appended";
  fs::remove(q);
  fs::remove(fs::temp_directory_path() / "x");
  std::ofstream("relative/out.txt");
  fs::create_directory(std::string(std::getenv("HOME")) + "/.cache/app");
}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  EXPECT_EQ(onlyAccessAt(facts, 14).value, AbstractValue::constant("/tmp/app/data.bin"));
  EXPECT_EQ(onlyAccessAt(facts, 15).value, AbstractValue::constant("/var/tmp/app/log.txt"));
  Access created = onlyAccessAt(facts, 17);
  EXPECT_EQ(created.value, AbstractValue::constant("/tmp/app/sub"));
  EXPECT_EQ(created.mode, AccessMode::Create);
  EXPECT_EQ(onlyAccessAt(facts, 20).value, AbstractValue::constant("/tmp/app/appended"));
  EXPECT_EQ(onlyAccessAt(facts, 21).value, AbstractValue::constant("<tmp>/x"));
  EXPECT_EQ(onlyAccessAt(facts, 22).value, AbstractValue::constant("relative/out.txt"));
  EXPECT_EQ(onlyAccessAt(facts, 23).value, AbstractValue::constant("<home>/.cache/app"));
}

TEST_F(ExtractTest, UniquifiersMakeValuesPrivate) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
TEST(V, Unique) {
  char templ[] = "/tmp/t-XXXXXX";
  mkdtemp(templ);
  std::ofstream(std::string(templ) + "/a");
  std::string dir = fs::temp_directory_path() / ("run-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(std::string("/tmp/x") + std::to_string(rand()));
}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  EXPECT_EQ(onlyAccessAt(facts, 13).value.kind, ValueKind::Unique);
  EXPECT_EQ(onlyAccessAt(facts, 15).value.kind, ValueKind::Unique);
  EXPECT_EQ(onlyAccessAt(facts, 16).value.kind, ValueKind::Unique);
}

TEST_F(ExtractTest, AccessModesFromFopenAndOpenArguments) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
TEST(M, Modes) {
  fopen("/tmp/a", "r");
  fopen("/tmp/a", "a+");
  open("/tmp/b", O_RDONLY);
  open("/tmp/b", O_WRONLY | O_CREAT, 0644);
  std::ifstream in("/tmp/c");
  unlink("/tmp/d");
  std::ofstream("/dev/null");
}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  EXPECT_EQ(onlyAccessAt(facts, 11).mode, AccessMode::Read);
  EXPECT_EQ(onlyAccessAt(facts, 12).mode, AccessMode::Write);
  EXPECT_EQ(onlyAccessAt(facts, 13).mode, AccessMode::Read);
  EXPECT_EQ(onlyAccessAt(facts, 14).mode, AccessMode::Write);
  EXPECT_EQ(onlyAccessAt(facts, 15).mode, AccessMode::Read);
  EXPECT_EQ(onlyAccessAt(facts, 16).mode, AccessMode::Delete);
  EXPECT_TRUE(accessesAt(facts, 17).empty()); // every process has its own /dev/null
}

TEST_F(ExtractTest, HelperParametersStayTemplatesUntilLink) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
void writeReport(int level, const std::string &dir) {
  std::ofstream(dir + "/report.txt");
}
TEST(H, Helper) { writeReport(1, "/tmp/out"); }
)");
  ASSERT_TRUE(facts.parsedCleanly);
  EXPECT_EQ(onlyAccessAt(facts, 11).value, concat(AbstractValue::param(1), AbstractValue::constant("/report.txt")));
  const Function *body = nullptr;
  for (const Function &f : facts.functions)
    if (f.usr == facts.tests.at(0).bodyUsr)
      body = &f;
  ASSERT_NE(body, nullptr);
  ASSERT_EQ(body->calls.size(), 1u);
  EXPECT_EQ(body->calls[0].calleeName, "writeReport");
  ASSERT_EQ(body->calls[0].arguments.size(), 2u);
  EXPECT_EQ(body->calls[0].arguments[1], AbstractValue::constant("/tmp/out"));
}

TEST_F(ExtractTest, DirectoryLoopDeletesEveryEntry) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
TEST(C, Cleanup) {
  for (const auto &entry : fs::directory_iterator("/tmp/sessions"))
    fs::remove_all(entry.path());
}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  Access loopDelete = onlyAccessAt(facts, 12);
  EXPECT_TRUE(loopDelete.eachEntry);
  EXPECT_TRUE(loopDelete.recursive);
  EXPECT_EQ(loopDelete.value, AbstractValue::constant("/tmp/sessions/*"));
  EXPECT_EQ(onlyAccessAt(facts, 11).mode, AccessMode::List);
}

TEST_F(ExtractTest, SingletonFieldsAndGlobalWrites) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
struct Settings {
  std::string sessions_dir = "/tmp/app/sessions";
  int runs = 0;
  static Settings &instance() { static Settings s; return s; }
};
int g_runs = 0;
TEST(G, Globals) {
  ++g_runs;
  Settings::instance().runs = 2;
  std::ofstream(Settings::instance().sessions_dir + "/s.json");
}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  EXPECT_EQ(onlyAccessAt(facts, 17, ResourceKind::Global).value.text, "g_runs");
  Access singleton = onlyAccessAt(facts, 18, ResourceKind::Global);
  EXPECT_EQ(singleton.value.text, "Settings::instance()::s");
  EXPECT_EQ(singleton.mode, AccessMode::Write);
  EXPECT_EQ(onlyAccessAt(facts, 19).value, AbstractValue::constant("/tmp/app/sessions/s.json"));
}

TEST_F(ExtractTest, FieldsFollowSetUpSettersAndConstruction) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
struct Store {
  explicit Store(std::string dir) : dir_(std::move(dir)) {}
  void save() { std::ofstream(dir_ + "/s.json"); }
  std::string dir_;
};
struct Config {
  std::string out = "/tmp/cfg";
  void set_out(std::string o) { out = std::move(o); }
};
class Fx : public ::testing::Test {
protected:
  void SetUp() override { char t[] = "/tmp/fx-XXXXXX"; dir_ = mkdtemp(t); }
  std::string dir_;
};
TEST_F(Fx, Private) { std::ofstream(dir_ + "/a"); }
TEST(S, Fixed) {
  Store store("/tmp/shared");
  store.save();
  Config config;
  config.set_out("/tmp/other");
  std::ofstream(config.out);
}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  // this->dir_ waits for the receiver: the call site knows it.
  EXPECT_EQ(onlyAccessAt(facts, 12).value, concat(fieldPlaceholder("Store::dir_"), AbstractValue::constant("/s.json")));
  const Function *fixed = nullptr;
  for (const Function &f : facts.functions)
    if (f.usr == facts.tests.at(1).bodyUsr)
      fixed = &f;
  ASSERT_NE(fixed, nullptr);
  const CallSite *save = nullptr;
  for (const CallSite &call : fixed->calls)
    if (call.calleeName == "Store::save")
      save = &call;
  ASSERT_NE(save, nullptr);
  ASSERT_EQ(save->receiver.size(), 1u);
  EXPECT_EQ(save->receiver[0].first, "Store::dir_");
  EXPECT_EQ(save->receiver[0].second, AbstractValue::constant("/tmp/shared"));
  // A fixture member assigned in SetUp waits for the test that runs SetUp:
  // the read is a placeholder, SetUp records the private value it assigns.
  EXPECT_EQ(onlyAccessAt(facts, 24).value, concat(globalPlaceholder("Fx::dir_"), AbstractValue::constant("/a")));
  // A field with a setter: the setter's assignment, filled by its caller.
  EXPECT_EQ(onlyAccessAt(facts, 30).value, globalPlaceholder("Config::out"));
  std::map<std::string, std::vector<Assignment>> assignments;
  for (const Function &f : facts.functions)
    for (const Assignment &a : f.assignments)
      assignments[f.name].push_back(a);
  ASSERT_EQ(assignments["Fx::SetUp"].size(), 1u);
  EXPECT_EQ(assignments["Fx::SetUp"][0].target, "Fx::dir_");
  EXPECT_EQ(assignments["Fx::SetUp"][0].value.kind, ValueKind::Unique);
  ASSERT_EQ(assignments["Config::set_out"].size(), 1u);
  EXPECT_EQ(assignments["Config::set_out"][0].value, AbstractValue::param(0));
}

TEST_F(ExtractTest, FieldsDefinedFromFieldsAreEvaluatedOncePerTranslationUnit) {
  // Every field has two definitions that both read the previous field: without
  // memoisation that is 2^30 evaluations (leveldb's DBImpl hung like this).
  std::string fields, assignments;
  for (int i = 1; i <= 30; ++i) {
    std::string self = "f" + std::to_string(i), previous = "f" + std::to_string(i - 1);
    fields += "  std::string " + self + ";\n";
    assignments += "    " + self + " = " + previous + " + \"/d\";\n    " + self + " = " + previous + " + \"/d\";\n";
  }
  TranslationUnitFacts facts = extract(std::string(Prelude) + "struct Deep {\n  std::string f0 = \"/tmp/deep\";\n" +
                                       fields + "  void init() {\n" + assignments + "  }\n  void cycle() { f0 = f0 + \"x\"; }\n" +
                                       "};\nTEST(D, Deep) { Deep d; std::ofstream(d.f30); }\n");
  ASSERT_TRUE(facts.parsedCleanly);
  std::vector<Access> writes;
  for (const Function &f : facts.functions)
    for (const Access &a : f.accesses)
      if (a.resource == ResourceKind::Path)
        writes.push_back(a);
  ASSERT_EQ(writes.size(), 1u);
  // Fields assigned in functions are read as placeholders: no evaluation
  // chain through the 30 fields at all, and no hang.
  EXPECT_EQ(writes[0].value, globalPlaceholder("Deep::f30"));
}

TEST_F(ExtractTest, ShellCommandsBecomeAccesses) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
TEST(S, Shell) { std::system("rm -rf /tmp/work && mkdir -p /tmp/work/in > /dev/null"); }
)");
  std::vector<Access> found = accessesAt(facts, 10);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].mode, AccessMode::Delete);
  EXPECT_TRUE(found[0].recursive);
  EXPECT_EQ(found[0].value.text, "/tmp/work");
  EXPECT_EQ(found[1].mode, AccessMode::Create);
  EXPECT_EQ(found[1].value.text, "/tmp/work/in");
}

TEST(ShellCommand, UnderstandsRedirectionsAndCommonCommands) {
  std::vector<ShellEffect> effects = parseShellCommand("echo hi > /tmp/a.txt; cp x /tmp/b; mv /tmp/c /tmp/d 2>/dev/null");
  ASSERT_EQ(effects.size(), 4u);
  EXPECT_EQ(effects[0].path, "/tmp/a.txt");
  EXPECT_EQ(effects[0].mode, AccessMode::Write);
  EXPECT_EQ(effects[1].path, "/tmp/b");
  EXPECT_EQ(effects[2].path, "/tmp/c");
  EXPECT_EQ(effects[2].mode, AccessMode::Delete);
  EXPECT_EQ(effects[3].path, "/tmp/d");
  EXPECT_TRUE(parseShellCommand("ls -la /tmp").empty());
}

TEST_F(ExtractTest, BrokenCodeIsPartialWithTheCompilerError) {
  TranslationUnitFacts facts = extract("#include \"does_not_exist.h\"\nint x = ;\n");
  EXPECT_FALSE(facts.parsedCleanly);
  ASSERT_FALSE(facts.diagnostics.empty());
  EXPECT_NE(facts.diagnostics[0].message.find("does_not_exist.h"), std::string::npos);
  EXPECT_EQ(facts.diagnostics[0].location.line, 1u);
}

TEST(AdjustCommandLine, KeepsOurFlagsBeforeDoubleDash) {
  // inferMissingCompileCommands gives "c++ ... -- file.cpp" for files outside the database.
  CompileJob job{"/src/b.cpp", "/src", {"c++", "-std=c++17", "--", "/src/b.cpp"}};
  std::vector<std::string> args = adjustCommandLine(job, {"/res"});
  auto dashes = std::find(args.begin(), args.end(), "--");
  ASSERT_NE(dashes, args.end());
  EXPECT_EQ(std::vector<std::string>(dashes + 1, args.end()), std::vector<std::string>{"/src/b.cpp"});
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

} // namespace
} // namespace parready
