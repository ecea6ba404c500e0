// The config stage: .parready.json files (found, inherited, checked), the
// suppression comments of sources, and the policy classify asks.
#include "config/Configuration.h"
#include "config/Policy.h"
#include "config/Suppressions.h"

#include "ScratchDirectory.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace parready {
namespace {

// --- suppression comments --------------------------------------------------

TEST(Suppressions, EveryNolintFormCoversItsLines) {
  SourceSuppressions found = scanSuppressions("int a; // NOLINT(parready-shared-path)\n"    // 1
                                              "// NOLINTNEXTLINE(parready-*)\n"             // 2
                                              "int b;\n"                                    // 3
                                              "// NOLINTBEGIN(parready-fixed-port)\n"       // 4
                                              "int c;\n"                                    // 5
                                              "// NOLINTEND(parready-fixed-port)\n"         // 6
                                              "int d; /* NOLINT */\n");                     // 7
  ASSERT_EQ(found.comments.size(), 4u);
  EXPECT_TRUE(found.problems.empty());
  const SuppressionComment &sameLine = found.comments[0];
  EXPECT_EQ(sameLine.form, SuppressionForm::SameLine);
  EXPECT_EQ(sameLine.column, 11u);
  EXPECT_EQ(sameLine.text, "NOLINT(parready-shared-path)");
  EXPECT_TRUE(sameLine.covers("parready-shared-path", 1));
  EXPECT_FALSE(sameLine.covers("parready-fixed-port", 1));
  EXPECT_FALSE(sameLine.covers("parready-shared-path", 2));
  const SuppressionComment &nextLine = found.comments[1];
  EXPECT_TRUE(nextLine.covers("parready-fixed-port", 3)) << "a glob";
  EXPECT_FALSE(nextLine.covers("parready-fixed-port", 2));
  const SuppressionComment &block = found.comments[2];
  EXPECT_EQ(block.form, SuppressionForm::Block);
  EXPECT_TRUE(block.covers("parready-fixed-port", 5));
  EXPECT_TRUE(block.covers("parready-fixed-port", 6));
  EXPECT_FALSE(block.covers("parready-fixed-port", 7));
  const SuppressionComment &bare = found.comments[3];
  EXPECT_TRUE(bare.rules.empty());
  EXPECT_TRUE(bare.covers("parready-anything", 7)) << "a bare NOLINT covers every rule, as in clang-tidy";
  EXPECT_FALSE(bare.namesParreadyRules()) << "it is never reported unused";
  EXPECT_TRUE(sameLine.namesParreadyRules());
}

TEST(Suppressions, OnlyCommentsCountAndTheSpellingIsClangTidys) {
  SourceSuppressions found = scanSuppressions(
      "const char *a = \"// NOLINT(parready-shared-path)\";\n"       // a string, no comment
      "const char *b = R\"x(// NOLINT(parready-x) )\" )x\";\n"       // a raw string
      "int c = 1'000; // NOLINT (parready-shared-path)\n"            // digit separator; a space: bare
      "int d; // XNOLINT(parready-shared-path) NOLINTFOO\n"          // not the keyword
      "int e; // NOLINT(parready-shared-path, bugprone-foo, -parready-fixed-port)\n");
  ASSERT_EQ(found.comments.size(), 2u);
  EXPECT_EQ(found.comments[0].line, 3u);
  EXPECT_TRUE(found.comments[0].rules.empty()) << "NOLINT followed by a space is a bare NOLINT";
  const SuppressionComment &list = found.comments[1];
  EXPECT_EQ(list.rules, (std::vector<std::string>{"parready-shared-path", "bugprone-foo", "-parready-fixed-port"}));
  EXPECT_TRUE(list.covers("parready-shared-path", 5));
  EXPECT_FALSE(list.covers("parready-fixed-port", 5)) << "negative globs are ignored";
}

TEST(Suppressions, UnpairedBlocksAreProblemsWhenTheyAreParreadys) {
  SourceSuppressions found = scanSuppressions("// NOLINTBEGIN(parready-shared-path)\n"         // 1
                                              "// NOLINTEND(parready-fixed-port)\n"            // 2
                                              "// NOLINTEND(parready-shared-path)\n"           // 3
                                              "// NOLINTBEGIN(bugprone-*)\n"                   // 4
                                              "// NOLINTBEGIN(parready-shared-listing)\n"      // 5
                                              "// NOLINTBEGIN(parready-working-directory)\n"   // 6
                                              "// NOLINTEND(parready-shared-listing)\n");      // 7
  ASSERT_EQ(found.comments.size(), 1u) << "the one pair that matches";
  EXPECT_EQ(found.comments[0].firstLine, 1u);
  EXPECT_EQ(found.comments[0].lastLine, 3u);
  ASSERT_EQ(found.problems.size(), 4u) << "bugprone's open block is clang-tidy's business";
  EXPECT_EQ(found.problems[0].line, 2u);
  EXPECT_EQ(found.problems[0].message, "it closes no NOLINTBEGIN(parready-fixed-port)");
  EXPECT_EQ(found.problems[1].line, 5u);
  EXPECT_EQ(found.problems[1].message, "it has no matching NOLINTEND(parready-shared-listing)");
  EXPECT_EQ(found.problems[2].line, 6u);
  EXPECT_EQ(found.problems[3].line, 7u);
  EXPECT_EQ(found.problems[3].message, "it does not close NOLINTBEGIN(parready-working-directory) of line 6: an END "
                                       "names what its BEGIN names");
}

TEST(Suppressions, TestMarksStartTheirComment) {
  SourceSuppressions found = scanSuppressions("// parready: serial\n"
                                              "// parready: safe: each job has its own container\n"
                                              "// parready: safe\n"
                                              "// parready: parallel please\n"
                                              "// see parready: serial for how to mark tests\n"
                                              "TEST(A, B) {} // parready: serial - binds port 80\n");
  ASSERT_EQ(found.marks.size(), 3u);
  EXPECT_EQ(found.marks[0].verdict, Verdict::Serial);
  EXPECT_EQ(found.marks[0].reason, "");
  EXPECT_EQ(found.marks[1].verdict, Verdict::Safe);
  EXPECT_EQ(found.marks[1].reason, "each job has its own container");
  EXPECT_EQ(found.marks[2].line, 6u);
  EXPECT_EQ(found.marks[2].reason, "binds port 80");
  ASSERT_EQ(found.problems.size(), 2u);
  EXPECT_NE(found.problems[0].message.find("say why"), std::string::npos) << "safe needs a reason";
  EXPECT_NE(found.problems[1].message.find("not 'parallel'"), std::string::npos);
}

// --- .parready.json --------------------------------------------------------

class Configuration : public ScratchDirectory {
protected:
  void SetUp() override {
    ScratchDirectory::SetUp();
    ASSERT_EQ(Rules.load(PARREADY_SOURCE_RULES_DIR), "");
  }
  /// The errors `text` as a .parready.json gives, for a file in its directory.
  std::vector<std::string> errorsOf(const std::string &text) {
    write("e/.parready.json", text);
    Configurations configurations(Rules);
    configurations.forFile(Dir + "/e/a_test.cpp");
    std::vector<std::string> errors = configurations.errors();
    for (std::string &error : errors)
      error = error.substr(Dir.size() + 1); // "e/.parready.json:2:3: error: ..."
    return errors;
  }
  RuleSet Rules;
};

TEST_F(Configuration, TheNearestFileAppliesAndInheritAddsItsParent) {
  write(".parready.json", R"({"rules": {"parready-shared-global": "off", "parready-fixed-port": "serial"},
                              "tests": [{"name": "Net.*", "verdict": "serial", "reason": "binds 8080"}],
                              "runner": "threads", "fail_on": "serial", "follow_library": false})");
  write("tests/.parready.json", R"({"inherit": true, "rules": {"parready-fixed-port": "on"}})");
  write("tests/alone/.parready.json", R"({"rules": {"parready-shared-path": "off"}})");
  Configurations configurations(Rules);
  const EffectiveConfiguration &top = configurations.forFile(Dir + "/src/lib.cpp");
  ASSERT_EQ(top.chain.size(), 1u);
  EXPECT_EQ(top.rule("parready-shared-global").first, RuleSetting::Off);
  EXPECT_EQ(top.rule("parready-fixed-port").first, RuleSetting::Serial);
  EXPECT_EQ(top.rule("parready-fixed-port").second, Dir + "/.parready.json:1:45");
  EXPECT_EQ(top.runner(), Runner::Threads);
  EXPECT_EQ(top.failOn(), "serial");
  EXPECT_EQ(top.followLibrary(), false);

  const EffectiveConfiguration &tests = configurations.forFile(Dir + "/tests/deep/x_test.cpp");
  ASSERT_EQ(tests.chain.size(), 2u);
  EXPECT_EQ(tests.chain[0]->path, Dir + "/tests/.parready.json");
  EXPECT_EQ(tests.rule("parready-fixed-port").first, RuleSetting::On) << "the nearer file wins";
  EXPECT_EQ(tests.rule("parready-shared-global").first, RuleSetting::Off) << "inherited";
  ASSERT_NE(tests.test("Net.Binds"), nullptr);
  EXPECT_EQ(tests.test("Net.Binds")->reason, "binds 8080");
  EXPECT_EQ(tests.test("Disk.Writes"), nullptr);
  EXPECT_EQ(tests.runner(), Runner::Threads);

  const EffectiveConfiguration &alone = configurations.forFile(Dir + "/tests/alone/y_test.cpp");
  ASSERT_EQ(alone.chain.size(), 1u) << "no inherit: the parents do not count";
  EXPECT_EQ(alone.rule("parready-shared-global").first, RuleSetting::On);
  EXPECT_EQ(alone.runner(), std::nullopt);
  EXPECT_TRUE(configurations.errors().empty());

  // Run-wide keys count from the working directory's file only.
  std::vector<std::string> warnings = configurations.ignoredRunKeys(alone);
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_EQ(warnings[0], Dir + "/.parready.json:3:52: warning: 'fail_on' applies to a whole run, and this run takes "
                         "it from the working directory's configuration (" + Dir + "/tests/alone/.parready.json), "
                         "not from this file");
}

TEST_F(Configuration, AnExactIdWinsOverAGlobAndALongerGlobOverAShorterOne) {
  write(".parready.json", R"({"rules": {"parready-*": "off", "parready-shared-*": "serial",
                                        "parready-shared-path": "on"}})");
  Configurations configurations(Rules);
  const EffectiveConfiguration &configuration = configurations.forFile(Dir + "/a_test.cpp");
  EXPECT_EQ(configuration.rule("parready-shared-path").first, RuleSetting::On);
  EXPECT_EQ(configuration.rule("parready-shared-directory").first, RuleSetting::Serial);
  EXPECT_EQ(configuration.rule("parready-fixed-port").first, RuleSetting::Off);
}

TEST_F(Configuration, AnExplicitFileAppliesToEveryFile) {
  write("conf/ci.json", R"({"rules": {"parready-timing-assertion": "off"}})");
  write("tests/.parready.json", R"({"rules": {"parready-shared-path": "off"}})");
  Configurations configurations(Rules, Dir + "/conf/ci.json");
  const EffectiveConfiguration &configuration = configurations.forFile(Dir + "/tests/a_test.cpp");
  ASSERT_EQ(configuration.chain.size(), 1u);
  EXPECT_EQ(configuration.rule("parready-timing-assertion").first, RuleSetting::Off);
  EXPECT_EQ(configuration.rule("parready-shared-path").first, RuleSetting::On);

  Configurations missing(Rules, Dir + "/nowhere.json");
  ASSERT_EQ(missing.errors().size(), 1u);
  EXPECT_EQ(missing.errors()[0], Dir + "/nowhere.json: error: cannot read the configuration: no such file");
}

TEST_F(Configuration, EveryMistakeIsAnErrorAtItsPlace) {
  EXPECT_EQ(errorsOf("{\n  \"rule\": {}\n}"),
            std::vector<std::string>{"e/.parready.json:2:3: error: unknown key 'rule' (did you mean 'rules'?)"});
  EXPECT_EQ(errorsOf("{\"rules\": {"),
            std::vector<std::string>{"e/.parready.json:1:12: error: syntax error while parsing object key - "
                                     "unexpected end of input; expected string literal"});
  EXPECT_EQ(errorsOf("[]"), std::vector<std::string>{"e/.parready.json:1:1: error: a configuration is a JSON "
                                                     "object ({\"rules\": {...}, ...})"});
  EXPECT_EQ(errorsOf(R"({"rules": {"parready-shared-pth": "off"}})"),
            std::vector<std::string>{"e/.parready.json:1:12: error: unknown rule 'parready-shared-pth' (did you mean "
                                     "'parready-shared-path'?); parready --list-rules lists them"});
  EXPECT_EQ(errorsOf(R"({"rules": {"parready-fixed-port": "of"}})"),
            std::vector<std::string>{"e/.parready.json:1:35: error: 'of': expected on, off, fixable or serial (did "
                                     "you mean 'off'?)"});
  EXPECT_EQ(errorsOf(R"({"rules": {"nothing-*": "off"}})"),
            std::vector<std::string>{"e/.parready.json:1:12: error: 'nothing-*' matches no rule (parready "
                                     "--list-rules lists them)"});
  EXPECT_EQ(errorsOf(R"({"inherit": "yes"})"),
            std::vector<std::string>{"e/.parready.json:1:13: error: expected true or false"});
  EXPECT_EQ(errorsOf(R"({"runner": "thread"})"),
            std::vector<std::string>{"e/.parready.json:1:12: error: 'thread': expected ctest, threads or bazel (did "
                                     "you mean 'threads'?)"});
  EXPECT_EQ(errorsOf(R"({"fail_on": 1})"),
            std::vector<std::string>{"e/.parready.json:1:13: error: expected fixable, serial or never"});
  EXPECT_EQ(errorsOf(R"({"tests": [{"name": "A.*", "verdict": "serial"}]})"),
            std::vector<std::string>{"e/.parready.json:1:12: error: a test declaration needs \"reason\""});
  EXPECT_EQ(errorsOf(R"({"tests": [{"name": "A.*", "verdict": "parallel", "reason": "x", "why": 1}]})"),
            (std::vector<std::string>{"e/.parready.json:1:66: error: unknown key 'why'"}));
  EXPECT_EQ(errorsOf(R"({"tests": [{"name": "A.*", "verdict": "parallel", "reason": "x"}]})"),
            std::vector<std::string>{"e/.parready.json:1:39: error: 'parallel': expected serial or safe"});
  EXPECT_EQ(errorsOf(R"({"tests": [{"name": "A.[", "verdict": "safe", "reason": "x"}]})"),
            std::vector<std::string>{"e/.parready.json:1:21: error: bad glob 'A.[': invalid glob pattern, unmatched "
                                     "'['"});
  EXPECT_EQ(errorsOf(R"({"tests": [{"name": "A.*", "verdict": "safe", "reason": ""}]})"),
            std::vector<std::string>{"e/.parready.json:1:57: error: say why in 'reason': it appears in the report"});
}

TEST_F(Configuration, CatalogEntriesAreCheckedByTheCatalogsOwnReader) {
  EXPECT_EQ(errorsOf(R"({"catalog": {"apis": [{"name": "save", "accesses": [{"argument": -1, "resource": "path", "mode": "write"}]}]}})"),
            std::vector<std::string>{"e/.parready.json:1:66: error: 'argument' must be an operand index from 0 to 31 "
                                     "(for a method, 0 is the object and 1 its first argument)"});
  EXPECT_EQ(errorsOf(R"({"catalog": {"apis": [{"name": "save", "acesses": []}]}})"),
            std::vector<std::string>{"e/.parready.json:1:40: error: unknown key 'acesses' (did you mean 'accesses'?)"});
  EXPECT_EQ(errorsOf(R"({"catalog": {"apis": [{"name": "f", "accesses": [{"argument": 1, "resource": "path", "mode_from": "fopen_mode", "mode_argument": 1}]}]}})"),
            std::vector<std::string>{"e/.parready.json:1:130: error: 'mode_argument' names the accessed operand itself"});
  EXPECT_EQ(errorsOf(R"({"catalog": {"apis": [{"name": "root", "value": "constant"}]}})"),
            std::vector<std::string>{"e/.parready.json:1:49: error: \"value\": \"constant\" needs the \"constant\" it "
                                     "stands for (\"<tmp>\")"});
  EXPECT_EQ(errorsOf(R"({"catalog": {"apis": [{"name": "f", "value": "unique"}, {"name": "f", "value": "unique"}]}})"),
            std::vector<std::string>{"e/.parready.json:1:66: error: 'f' is declared already at " + Dir +
                                     "/e/.parready.json:1:23; declare it once"});
  EXPECT_EQ(errorsOf(R"({"catalog": {"functions": []}})"),
            std::vector<std::string>{"e/.parready.json:1:14: error: unknown key 'functions'"});
  EXPECT_EQ(errorsOf(R"({"catalog": {"environment_roots": {"SCRATCH": 1}}})"),
            std::vector<std::string>{"e/.parready.json:1:47: error: a root must be a string such as \"<tmp>\""});
}

TEST_F(Configuration, ErrorsComeInTheOrderOfTheFile) {
  std::vector<std::string> errors = errorsOf("{\n"
                                             "  \"runner\": \"x\",\n"
                                             "  \"fail_on\": \"y\"\n"
                                             "}");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_TRUE(errors[0].starts_with("e/.parready.json:2:13:")) << errors[0];
  EXPECT_TRUE(errors[1].starts_with("e/.parready.json:3:14:")) << errors[1];
}

TEST_F(Configuration, ANearerCatalogOverridesItsParents) {
  write(".parready.json", R"({"catalog": {"apis": [{"name": "scratch", "value": "constant", "constant": "/tmp/shared"}]}})");
  write("tests/.parready.json", R"({"inherit": true, "catalog": {"apis": [{"name": "scratch", "value": "unique"}]}})");
  Configurations configurations(Rules);
  ApiCatalog catalog;
  configurations.addCatalogs(configurations.forFile(Dir + "/tests/a_test.cpp"), catalog);
  ASSERT_NE(catalog.find("scratch"), nullptr);
  EXPECT_EQ(catalog.find("scratch")->value, ValueRule::Unique);
  EXPECT_EQ(catalog.find("scratch")->declaredAt, Dir + "/tests/.parready.json:1:40");
  EXPECT_TRUE(configurations.errors().empty());
}

TEST_F(Configuration, DumpShowsWhatApplies) {
  write(".parready.json", R"({"rules": {"parready-shared-global": "off"}, "runner": "threads",
                              "catalog": {"apis": [{"name": "Config::instance", "singleton": true}]}})");
  write("tests/.parready.json", R"({"inherit": true, "tests": [{"name": "A.*", "verdict": "serial", "reason": "r"}]})");
  Configurations configurations(Rules);
  nlohmann::json dump = nlohmann::json::parse(configurations.dump(Dir + "/tests/a_test.cpp"));
  EXPECT_EQ(dump["configuration_files"],
            (nlohmann::json{Dir + "/tests/.parready.json", Dir + "/.parready.json"}));
  EXPECT_EQ(dump["rules"]["parready-shared-global"]["setting"], "off");
  EXPECT_EQ(dump["rules"]["parready-shared-global"]["verdict"], "none");
  EXPECT_EQ(dump["rules"]["parready-shared-global"]["declared_at"], Dir + "/.parready.json:1:12");
  EXPECT_EQ(dump["rules"]["parready-system-path"]["verdict"], "serial");
  EXPECT_EQ(dump["rules"].size(), Rules.rules().size());
  EXPECT_EQ(dump["tests"][0]["reason"], "r");
  EXPECT_EQ(dump["catalog"]["apis"][0]["singleton"], true);
  EXPECT_EQ(dump["runner"], "threads");
  EXPECT_EQ(dump["fail_on"], "fixable");
  EXPECT_EQ(dump["follow_library"], true);
}

// --- the policy ------------------------------------------------------------

class Policy : public Configuration {
protected:
  /// A policy over in-memory sources.
  FindingPolicy policy(Configurations &configurations) {
    return FindingPolicy(configurations, Rules, [this](const std::string &path) -> std::optional<std::string> {
      auto found = Sources.find(path);
      return found == Sources.end() ? std::nullopt : std::optional<std::string>(found->second);
    });
  }
  std::map<std::string, std::string> Sources;
};

TEST_F(Policy, ASuppressionCoversTheAccessOrTheCallThatStartsTheChain) {
  std::string test = Dir + "/a_test.cpp", helper = Dir + "/helper.cpp";
  Sources[test] = "TEST(A, B) {\n"
                  "  write_log(); // NOLINT(parready-shared-path)\n"
                  "}\n";
  Sources[helper] = "void write_log() {\n  std::ofstream(\"/tmp/x\");\n}\n";
  Configurations configurations(Rules);
  FindingPolicy suppressions = policy(configurations);
  SourceLocation access{helper, 2, 3}, call{test, 2, 3};
  EXPECT_EQ(suppressions.suppression(test, "A.B", 1, "parready-shared-path", {access}), std::nullopt);
  std::optional<Suppression> found = suppressions.suppression(test, "A.B", 1, "parready-shared-path", {access, call});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->kind, SuppressionKind::Comment);
  EXPECT_EQ(found->location, (SourceLocation{test, 2, 19}));
  EXPECT_EQ(found->text, "NOLINT(parready-shared-path)");
  EXPECT_EQ(suppressions.suppression(test, "A.B", 1, "parready-fixed-port", {access, call}), std::nullopt);
  EXPECT_TRUE(suppressions.idle({test}).empty()) << "the comment was used";
}

TEST_F(Policy, MarksBelongToTheTestOnTheirLineOrJustBelow) {
  std::string test = Dir + "/a_test.cpp";
  Sources[test] = "// parready: serial binds port 80\n"     // 1
                  "// (the license server)\n"               // 2
                  "TEST(Net, Binds) {}\n"                   // 3
                  "// parready: safe own container\n"       // 4
                  "int helper();\n"                         // 5
                  "TEST(Disk, Writes) {}\n"                 // 6
                  "TEST(Disk, Reads) {} // parready: safe read only\n"; // 7
  Configurations configurations(Rules);
  FindingPolicy marks = policy(configurations);
  std::optional<DeclaredVerdict> serial = marks.declared(test, "Net.Binds", 3);
  ASSERT_TRUE(serial);
  EXPECT_EQ(serial->verdict, Verdict::Serial);
  EXPECT_EQ(serial->reason, "binds port 80");
  EXPECT_TRUE(serial->fromComment);
  EXPECT_EQ(marks.declared(test, "Disk.Writes", 6), std::nullopt) << "code between the mark and the test";
  std::optional<Suppression> safe = marks.suppression(test, "Disk.Reads", 7, "parready-shared-path", {});
  ASSERT_TRUE(safe);
  EXPECT_EQ(safe->kind, SuppressionKind::TestMark);
  EXPECT_EQ(safe->reason, "read only");
  std::vector<IdleSuppression> idle = marks.idle({test});
  ASSERT_EQ(idle.size(), 1u) << "the serial mark declares, the used safe mark suppresses; line 4 marks no test";
  EXPECT_EQ(idle[0].location.line, 4u);
  EXPECT_EQ(idle[0].message, "parready: safe marks no test: put it on the line of the test or just above it, with "
                             "only comments between");
}

TEST_F(Policy, ConfigurationDeclarationsAndUnknownRulesInComments) {
  write(".parready.json", R"({"tests": [{"name": "Disk.*", "verdict": "safe", "reason": "tmpfs per job"}],
                              "rules": {"parready-fixed-port": "off"}})");
  std::string test = Dir + "/a_test.cpp";
  Sources[test] = "TEST(Disk, Writes) {} // NOLINT(parready-shared-paht)\n";
  Configurations configurations(Rules);
  FindingPolicy declared = policy(configurations);
  EXPECT_EQ(declared.ruleSetting(test, "parready-fixed-port").first, RuleSetting::Off);
  std::optional<Suppression> safe = declared.suppression(test, "Disk.Writes", 1, "parready-shared-path", {});
  ASSERT_TRUE(safe);
  EXPECT_EQ(safe->kind, SuppressionKind::Configuration);
  EXPECT_EQ(safe->text, "Disk.*");
  EXPECT_EQ(safe->location, (SourceLocation{Dir + "/.parready.json", 1, 12}));
  std::vector<IdleSuppression> idle = declared.idle({test});
  ASSERT_EQ(idle.size(), 1u);
  EXPECT_EQ(idle[0].message, "NOLINT(parready-shared-paht) suppresses nothing; 'parready-shared-paht' is no parready "
                             "rule (did you mean 'parready-shared-path'?)");
}

TEST_F(Policy, ADeclarationThatMatchesNoTestOfTheRunIsAWarning) {
  write("tests/.parready.json", R"({"tests": [{"name": "backtrace*", "verdict": "serial", "reason": "r"},
                                              {"name": "Net.*", "verdict": "serial", "reason": "r"}]})");
  write(".parready.json", R"({"tests": [{"name": "Elsewhere.*", "verdict": "serial", "reason": "r"}]})");
  Configurations configurations(Rules);
  FindingPolicy declared = policy(configurations);
  EXPECT_TRUE(declared.declared(Dir + "/tests/a_test.cpp", "Net.Binds", 1));
  EXPECT_EQ(declared.unmatchedDeclarations(),
            std::vector<std::string>{Dir + "/tests/.parready.json:1:12: warning: no test of this run is named like "
                                           "'backtrace*' (names are Suite.Name for GoogleTest, the test case's name "
                                           "for Catch2 and doctest)"})
      << "a configuration no analysed test file asked about says nothing";
}

TEST(ParseLocation, ReadsWhatConfigurationsWrite) {
  EXPECT_EQ(parseLocation("/a/b.json:3:14"), (SourceLocation{"/a/b.json", 3, 14}));
  EXPECT_EQ(parseLocation("/a/b.json"), (SourceLocation{"/a/b.json", 0, 0}));
}

} // namespace
} // namespace parready
