#include "classify/Baseline.h"
#include "classify/Readiness.h"
#include "report/LspDiagnostics.h"
#include "report/Messages.h"
#include "report/Report.h"
#include "report/Progress.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace parready {
namespace {

const Resource TmpX{ResourceKind::Path, "/tmp/x"};

AnalysisResult sampleResult() {
  AnalysisResult result;
  result.toolVersion = "0.1.0";
  Rule rule;
  rule.id = "parready-shared-path";
  rule.message = "'{path}' is a fixed path {verb} here; {fix}";
  result.rules = {rule};
  FileResult file;
  file.path = "tests/a_test.cpp";
  file.verdict = Verdict::Fixable;
  file.tests = {{"S.A", 5, Verdict::Fixable}, {"S.B", 9, Verdict::Fixable}};
  Finding finding;
  finding.rule = "parready-shared-path";
  finding.verdict = Verdict::Fixable;
  finding.location = {"tests/a_test.cpp", 3, 5};
  finding.resource = TmpX;
  finding.value = "/tmp/x";
  finding.api = "std::basic_ofstream::basic_ofstream";
  finding.access = AccessMode::Write;
  finding.fix = "fix it";
  finding.evidence = {{{"tests/a_test.cpp", 2, 8}, "fixture code S::SetUp runs around this test"},
                      {.location = {"tests/a_test.cpp", 3, 5},
                       .role = EvidenceRole::Access,
                       .access = AccessMode::Write,
                       .value = "/tmp/x",
                       .api = "std::basic_ofstream::basic_ofstream"}};
  finding.test = "S.A";
  file.findings.push_back(finding);
  finding.test = "S.B";
  file.findings.push_back(finding);
  result.files.push_back(file);
  result.resources.push_back({TmpX, false, {{"S.A", "tests/a_test.cpp", AccessMode::Write, {"tests/a_test.cpp", 3, 5}}}});
  result.diagnostics.push_back({"error", "unknown type name 'Foo'", {}, "tests/b_test.cpp"});
  summarize(result); // the summary and the fingerprints, as classify derives them
  assignFingerprints(result);
  return result;
}

TEST(Messages, TheRuleTemplateFilledWithTheFindingsData) {
  RuleSet shipped;
  ASSERT_EQ(shipped.load(PARREADY_SOURCE_RULES_DIR), "");
  AnalysisResult result;
  result.rules = shipped.rules();
  Finding finding;
  finding.rule = "parready-shared-path";
  finding.resource = TmpX;
  finding.value = "/tmp/x";
  finding.access = AccessMode::Delete;
  finding.fix = "fix it";
  finding.partners = {"S.B"};
  EXPECT_EQ(findingMessage(finding, result), "'/tmp/x' is a fixed path deleted here while 1 other test uses it (S.B); fix it");
  finding.partners = {"A.a", "A.b", "A.c", "A.d"};
  EXPECT_EQ(findingMessage(finding, result),
            "'/tmp/x' is a fixed path deleted here while 4 other tests use it (A.a, A.b, A.c, ...); fix it");
  // Nobody else in this run: a path still collides with a second run...
  finding.partners.clear();
  EXPECT_EQ(findingMessage(finding, result),
            "'/tmp/x' is a fixed path deleted here (no other test in this suite uses it, but two runs of the suite "
            "on one machine collide); fix it");
  // ...a port (say) is named without the note.
  finding.rule = "parready-fixed-port";
  finding.resource = Resource{ResourceKind::Port, "8080"};
  finding.value = "port 8080"; // classify quotes an endpoint as written (rules/Resource.h shownValue)
  EXPECT_EQ(findingMessage(finding, result), "port 8080 is bound here; fix it");
  finding.value = "tcp://127.0.0.1:8080";
  EXPECT_EQ(findingMessage(finding, result), "tcp://127.0.0.1:8080 is bound here; fix it");
}

TEST(Messages, EachEvidenceStepInWords) {
  EXPECT_EQ(stepMessage({{"a.cpp", 1, 1}, "calls write_report"}), "calls write_report");
  EXPECT_EQ(stepMessage({.role = EvidenceRole::Access, .access = AccessMode::Create, .value = "/tmp/x", .api = "mkdir"}),
            "'/tmp/x' is created by mkdir");
  EXPECT_EQ(stepMessage({.role = EvidenceRole::Partner, .test = "S.B", .access = AccessMode::List, .value = "/tmp"}),
            "test S.B lists '/tmp' here");
}

TEST(TextReport, OrderDependenceIsAnsweredForSeparateProcesses) {
  AnalysisResult result = sampleResult();
  result.summary.orderDependentTests = 2;
  result.summary.answer = ParallelAnswer::OrderDependent;
  std::string text = renderText(result, {});
  EXPECT_NE(text.find("Can this suite run in parallel? Not as separate processes: no two tests collide, but 2 tests "
                      "read state that earlier tests of its program leave changed"),
            std::string::npos)
      << text;
  EXPECT_NE(renderMarkdown(result).find("**NOT AS SEPARATE PROCESSES**: no two tests collide, but 2 tests read"),
            std::string::npos);
}

TEST(TextReport, OneDiagnosticPerPlaceWithNotesAndSummary) {
  std::string text = renderText(sampleResult(), {});
  EXPECT_NE(text.find("tests/a_test.cpp:3:5: warning: '/tmp/x' is a fixed path written here; fix it [parready-shared-path]\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("tests/a_test.cpp:3:5: note: fixable hazard in 2 tests: S.A, S.B\n"), std::string::npos) << text;
  EXPECT_NE(text.find("tests/a_test.cpp:2:8: note: fixture code S::SetUp runs around this test\n"), std::string::npos);
  // The fixture's hazard is one warning, not one per test.
  EXPECT_EQ(text.find("warning:"), text.rfind("warning:"));
  EXPECT_NE(text.find("  fixable       1  100.0%\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Can this suite run in parallel? Yes within one run"), std::string::npos);
  EXPECT_EQ(text.find("\033["), std::string::npos); // no colour unless asked
  EXPECT_NE(renderText(sampleResult(), {true}).find("\033["), std::string::npos);
}

TEST(JsonReport, FollowsTheContract) {
  nlohmann::json j = nlohmann::json::parse(renderJson(sampleResult()));
  EXPECT_EQ(j["schema"], "parready-report/6");
  EXPECT_EQ(j["tool"]["name"], "parready");
  EXPECT_EQ(j["runner"], "ctest");
  for (const char *key : {"files", "tests", "safe", "fixable", "serial", "findings", "incomplete", "skipped", "answer",
                          "parallel_safe"})
    EXPECT_TRUE(j["summary"].contains(key)) << key;
  EXPECT_EQ(j["summary"]["answer"], "within-one-run");
  EXPECT_TRUE(j["skipped"].is_array());
  EXPECT_TRUE(j["files"][0]["incomplete_cause"].is_null());
  EXPECT_TRUE(j["summary"]["parallel_safe_as_registered"].is_null()) << "no CTest registration known";
  EXPECT_TRUE(j["programs"].is_array());
  const nlohmann::json &finding = j["files"][0]["findings"][0];
  for (const char *key : {"rule", "verdict", "message", "location", "test", "resource", "access", "conflict",
                          "partners", "confidence", "evidence", "fix", "conflict_as_registered"})
    EXPECT_TRUE(finding.contains(key)) << key;
  EXPECT_EQ(finding["location"]["line"], 3);
  EXPECT_EQ(finding["access"], "write");
  EXPECT_EQ(j["files"][0]["tests"][1]["name"], "S.B");
  EXPECT_TRUE(j["diagnostics"][0]["location"].is_null());
  EXPECT_EQ(j["resources"][0]["accessors"][0]["access"], "write");
}

/// Two files whose tests collide on a directory: a blocker with a lock.
AnalysisResult conflictResult() {
  AnalysisResult result = sampleResult();
  result.root = "/src/project";
  result.docsUrl = "https://example.org/parready/";
  Rule &rule = result.rules[0];
  rule.title = "Fixed path shared between test runs";
  rule.summary = "Finds tests that write a fixed path.";
  rule.fix = "give each test its own directory";
  rule.snippets["gtest"] = {"cpp", "class IsolatedTest : public ::testing::Test {};\n"};
  rule.snippets["any"] = {"cpp", "// any framework\n"};
  rule.docs = "docs/rules/parready-shared-path.md";
  FileResult &a = result.files[0];
  a.framework = "gtest";
  for (Finding &f : a.findings) {
    f.conflict = true;
    f.partners = {"T.Other"};
    f.evidence.push_back({.location = {"tests/b_test.cpp", 7, 3},
                          .role = EvidenceRole::Partner,
                          .test = "T.Other",
                          .access = AccessMode::Write,
                          .value = "/tmp/x"});
  }
  FileResult b;
  b.path = "tests/b_test.cpp";
  b.framework = "gtest";
  b.verdict = Verdict::Fixable;
  b.tests = {{"T.Other", 6, Verdict::Fixable}};
  Finding other = a.findings[0];
  other.test = "T.Other";
  other.location = {"tests/b_test.cpp", 7, 3};
  other.partners = {"S.A", "S.B"};
  b.findings.push_back(other);
  result.files.push_back(b);
  result.resources = {{TmpX,
                       true,
                       {{"S.A", "tests/a_test.cpp", AccessMode::Write, {"tests/a_test.cpp", 3, 5}},
                        {"S.B", "tests/a_test.cpp", AccessMode::Write, {"tests/a_test.cpp", 3, 5}},
                        {"T.Other", "tests/b_test.cpp", AccessMode::Write, {"tests/b_test.cpp", 7, 3}}},
                       Verdict::Fixable,
                       {{"S.A", "S.B"}, {"S.A", "T.Other"}, {"S.B", "T.Other"}}}};
  result.plan.locks = {{"path:/tmp/x", Verdict::Fixable, {"S.A", "S.B", "T.Other"}}};
  result.plan.tests = {{"S.A", "tests/a_test.cpp", {"path:/tmp/x"}, false},
                       {"S.B", "tests/a_test.cpp", {"path:/tmp/x"}, false},
                       {"T.Other", "tests/b_test.cpp", {"path:/tmp/x"}, false}};
  result.plan.programs = {{"a_test", "tests/a_test.cpp", {"path:/tmp/x"}, false},
                          {"b_test", "tests/b_test.cpp", {"path:/tmp/x"}, false}};
  summarize(result);
  assignFingerprints(result);
  return result;
}

TEST(TextReport, SaysWhichRunsTheConflictsBiteFromTheCtestRegistration) {
  // a_test and b_test are one binary, registered as one CTest entry.
  AnalysisResult result = conflictResult();
  // tool_test, one entry too, holds no conflict: it is not named.
  result.programs = {{"unittest", CtestRegistration::OneEntry, {"tests/a_test.cpp", "tests/b_test.cpp"}},
                     {"tool_test", CtestRegistration::OneEntry, {"tests/tool_test.cpp"}}};
  summarize(result);
  assignFingerprints(result);
  std::string text = renderText(result, {});
  EXPECT_NE(text.find("`ctest -j` is safe today: unittest runs its tests one after another, in one process."),
            std::string::npos)
      << text;
  nlohmann::json j = nlohmann::json::parse(renderJson(result));
  EXPECT_EQ(j["summary"]["parallel_safe"], false);
  EXPECT_EQ(j["summary"]["parallel_safe_as_registered"], true);
  EXPECT_EQ(j["programs"][0]["ctest"], "one_entry");
  EXPECT_EQ(j["programs"][0]["files"][1], "tests/b_test.cpp");

  // A conflict that crosses CTest entries: ctest -j runs into it today.
  result.files[1].findings[0].conflictAsRegistered = true;
  summarize(result);
  assignFingerprints(result);
  EXPECT_NE(renderText(result, {}).find("`ctest -j` runs into these conflicts today"), std::string::npos);
  EXPECT_NE(renderMarkdown(result).find("`ctest -j` runs into these conflicts today"), std::string::npos);
}

TEST(SarifReport, RulesResultsFingerprintsAndEvidenceChain) {
  nlohmann::json log = nlohmann::json::parse(renderSarif(conflictResult()));
  EXPECT_EQ(log["version"], "2.1.0");
  EXPECT_EQ(log["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  const nlohmann::json &run = log["runs"][0];
  const nlohmann::json &rule = run["tool"]["driver"]["rules"][0];
  EXPECT_EQ(rule["id"], "parready-shared-path");
  EXPECT_EQ(rule["name"], "SharedPath");
  EXPECT_EQ(rule["shortDescription"]["text"], "Fixed path shared between test runs");
  EXPECT_EQ(rule["helpUri"], "https://example.org/parready/docs/rules/parready-shared-path.md");
  EXPECT_EQ(rule["defaultConfiguration"]["level"], "warning");
  EXPECT_NE(rule["help"]["markdown"].get<std::string>().find("give each test its own directory"), std::string::npos);
  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///src/project/");
  // The two tests of a_test.cpp share one place: one result, naming both.
  ASSERT_EQ(run["results"].size(), 2u);
  const nlohmann::json &result = run["results"][0];
  EXPECT_EQ(result["ruleId"], "parready-shared-path");
  EXPECT_EQ(result["ruleIndex"], 0);
  EXPECT_EQ(result["level"], "error"); // a conflict within one run
  EXPECT_NE(result["message"]["text"].get<std::string>().find("2 tests: S.A, S.B"), std::string::npos);
  EXPECT_NE(result["message"]["text"].get<std::string>().find("[here](1)"), std::string::npos);
  const nlohmann::json &where = result["locations"][0]["physicalLocation"];
  EXPECT_EQ(where["artifactLocation"]["uri"], "tests/a_test.cpp");
  EXPECT_EQ(where["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(where["region"]["startLine"], 3);
  EXPECT_EQ(where["region"]["startColumn"], 5);
  EXPECT_EQ(result["relatedLocations"][0]["id"], 1);
  EXPECT_EQ(result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"], "tests/b_test.cpp");
  const nlohmann::json &flow = result["codeFlows"][0]["threadFlows"][0]["locations"];
  ASSERT_EQ(flow.size(), 2u);
  EXPECT_EQ(flow[0]["kinds"][0], "call");
  EXPECT_EQ(flow[1]["importance"], "essential");
  EXPECT_EQ(flow[1]["nestingLevel"], 1);
  // Stable across runs and edits above the line; distinct per place.
  std::string fingerprint = result["partialFingerprints"]["primaryLocationLineHash"];
  EXPECT_EQ(fingerprint, nlohmann::json::parse(renderSarif(conflictResult()))["runs"][0]["results"][0]
                             ["partialFingerprints"]["primaryLocationLineHash"]
                                 .get<std::string>());
  EXPECT_NE(fingerprint, run["results"][1]["partialFingerprints"]["primaryLocationLineHash"].get<std::string>());
  EXPECT_TRUE(fingerprint.ends_with(":1")) << fingerprint;
  // Another checkout of the same code: the same alerts, even for a resource under the checkout.
  AnalysisResult here = conflictResult(), there = conflictResult();
  for (AnalysisResult *result : {&here, &there})
    for (FileResult &file : result->files)
      for (Finding &finding : file.findings)
        finding.resource = Resource{ResourceKind::Path, result->root + "/data/.cache"};
  there.root = "/home/runner/work/project";
  for (FileResult &file : there.files)
    for (Finding &finding : file.findings)
      finding.resource = Resource{ResourceKind::Path, "/home/runner/work/project/data/.cache"};
  auto firstFingerprint = [](AnalysisResult result) {
    assignFingerprints(result);
    return nlohmann::json::parse(renderSarif(result))["runs"][0]["results"][0]["partialFingerprints"]
                                                     ["primaryLocationLineHash"];
  };
  EXPECT_EQ(firstFingerprint(here), firstFingerprint(there));
  EXPECT_EQ(run["invocations"][0]["executionSuccessful"], true);
  EXPECT_EQ(run["invocations"][0]["toolExecutionNotifications"][0]["level"], "error");
}

TEST(CtestReport, LocksForDiscoveredAndWholeFileTestsQuotedForCMake) {
  AnalysisResult result = conflictResult();
  result.plan.locks[0].name = "path:/tmp/a;b";
  result.plan.tests[0].locks = {"path:/tmp/a;b", "port:$8080"};
  result.plan.tests[0].name = "S.A\"quoted\"";
  result.plan.tests[2].runSerial = true;
  result.plan.programs[1].runSerial = true;
  std::string cmake = renderCtest(result);
  EXPECT_NE(cmake.find("set_tests_properties(\"S.A\\\"quoted\\\"\" PROPERTIES RESOURCE_LOCK \"path:/tmp/a_b;port:\\$8080\")\n"),
            std::string::npos)
      << cmake;
  EXPECT_NE(cmake.find("set_tests_properties(\"T.Other\" PROPERTIES RESOURCE_LOCK \"path:/tmp/x\" RUN_SERIAL TRUE)\n"),
            std::string::npos)
      << cmake;
  // add_test(NAME a_test ...) runs both cases, with the locks the plan gives the program.
  EXPECT_NE(cmake.find("set_tests_properties(\"a_test\" PROPERTIES RESOURCE_LOCK \"path:/tmp/x\")\n"),
            std::string::npos)
      << cmake;
  EXPECT_NE(cmake.find("set_tests_properties(\"b_test\" PROPERTIES RESOURCE_LOCK \"path:/tmp/x\" RUN_SERIAL TRUE)\n"),
            std::string::npos);
  EXPECT_NE(cmake.find("TEST_INCLUDE_FILES"), std::string::npos);
  EXPECT_EQ(renderCtest(sampleResult()).find("set_tests_properties"), std::string::npos);
}

TEST(MarkdownReport, AnswerFirstThenBlockersCategoriesGraphAndMetrics) {
  AnalysisResult result = conflictResult();
  result.projection = ScheduleProjection{"CTestCostData.txt", 4, 3, 0, 9.0, 3.0, 9.0, 3.0};
  std::string md = renderMarkdown(result);
  auto at = [&](const std::string &text) {
    size_t position = md.find(text);
    EXPECT_NE(position, std::string::npos) << "missing: " << text << "\n" << md;
    return position;
  };
  size_t summary = at("## Executive summary");
  at("**Can the tests run in parallel?** **NO**: 1 shared resource is written by one test while another uses it.");
  at("**Projected wall time** with 4 workers (from `CTestCostData.txt`): serial 9.00 s, in parallel with the locks "
     "9.00 s (1.0× faster), after the fixable hazards are fixed 3.00 s (3.0×).");
  size_t blockers = at("## Blockers by shared resource");
  at("### 1. `path:/tmp/x` (primary blocker)");
  at("- `tests/a_test.cpp`: 2 tests (write)");
  at("```cpp\nclass IsolatedTest : public ::testing::Test {};\n```"); // the gtest snippet, not "any"
  at("More: [parready-shared-path](https://example.org/parready/docs/rules/parready-shared-path.md)");
  size_t categories = at("### ⚠️ FIXABLE (2 files, 100.0%)");
  at("- `tests/a_test.cpp` (2 tests): `parready-shared-path` ×2");
  size_t graph = at("```mermaid\nflowchart LR\n");
  at("F0[\"tests/a_test.cpp\"]:::fixable");
  at("R0{{\"path:/tmp/x\"}}:::resource");
  at("F0 -->|write| R0");
  size_t metrics = at("| parallel wall time (4 workers) | 3.00 s, with races | 9.00 s | 3.00 s |");
  EXPECT_LT(summary, blockers);
  EXPECT_LT(blockers, categories);
  EXPECT_LT(categories, graph);
  EXPECT_LT(graph, metrics);
  // No conflict: no blockers section, no graph.
  std::string quiet = renderMarkdown(sampleResult());
  EXPECT_EQ(quiet.find("## Blockers"), std::string::npos);
  EXPECT_EQ(quiet.find("mermaid"), std::string::npos);
  EXPECT_NE(quiet.find("## Other hazards"), std::string::npos);
}

TEST(GithubReport, OneAnnotationPerPlaceEscapedAsTheToolkitDoes) {
  AnalysisResult result = conflictResult();
  result.files[1].findings[0].location.path = "tests/b,c:d%.cpp";
  result.files[1].findings[0].value = "50% of runs\nfail";
  std::string out = renderGithub(result);
  EXPECT_NE(out.find("::error file=tests/a_test.cpp,line=3,col=5,title=parready-shared-path::'/tmp/x' is a fixed "
                     "path written here; fix it%0Afixable hazard in 2 tests: S.A, S.B%0A"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("::error file=tests/b%2Cc%3Ad%25.cpp,line=7,col=3,title=parready-shared-path::'50%25 of runs%0Afail' "
                     "is a fixed path"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("::error file=tests/b_test.cpp::parready: unknown type name 'Foo' (analysis of tests/b_test.cpp "
                     "is partial)\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("::notice title=parready::2 test files: 0 safe, 2 fixable, 0 serial"), std::string::npos);
  EXPECT_NE(renderGithub(sampleResult()).find("::warning file=tests/a_test.cpp"), std::string::npos);
}

/// sampleResult() and a file whose only finding is for review: a path known
/// only at run time. Classify makes that file safe and marks it for review.
AnalysisResult reviewResult() {
  AnalysisResult result = sampleResult();
  Rule rule;
  rule.id = "parready-unresolved-path";
  rule.confidence = Confidence::Low;
  rule.message = "the path {path} is {verb} here; {fix}";
  result.rules.push_back(rule);
  FileResult file;
  file.path = "tests/c_test.c";
  file.needsReview = true;
  file.tests = {{"c_test", 1, Verdict::Safe}};
  Finding finding;
  finding.rule = rule.id;
  finding.location = {"tests/c_test.c", 4, 3};
  finding.test = "c_test";
  finding.value = "$OUT_DIR/x";
  finding.confidence = Confidence::Low;
  finding.reviewOnly = true;
  finding.fix = "fix it";
  finding.evidence = {{.location = finding.location,
                       .role = EvidenceRole::Access,
                       .access = AccessMode::Write,
                       .value = finding.value,
                       .api = "fopen"}};
  file.findings.push_back(finding);
  result.files.push_back(file);
  summarize(result);
  assignFingerprints(result);
  return result;
}

TEST(ReviewOnlyFindings, EveryFormatShowsThemForReviewAndCountsThemNowhere) {
  AnalysisResult result = reviewResult();
  EXPECT_EQ(result.summary.answer, ParallelAnswer::WithinOneRun); // a_test.cpp's hazard, not the review note
  EXPECT_TRUE(result.loneHazards.size() == 1 && result.loneHazards[0].rule == "parready-shared-path");

  std::string text = renderText(result, {});
  EXPECT_NE(text.find("tests/c_test.c:4:3: remark: the path $OUT_DIR/x is written here; fix it "
                      "[parready-unresolved-path]\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("tests/c_test.c:4:3: note: fixable (low confidence) hazard in test c_test; reported for "
                      "review, --strict counts it\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("warning:"), text.rfind("warning:")); // a_test.cpp's only
  EXPECT_NE(text.find("3 findings (1 for review only)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    safe     tests/c_test.c (needs review: low-confidence findings)\n"), std::string::npos);
  EXPECT_NE(text.find("\n1 file has low-confidence findings to review"), std::string::npos);

  nlohmann::json j = nlohmann::json::parse(renderJson(result));
  EXPECT_EQ(j["files"][0]["needs_review"], false);
  EXPECT_EQ(j["files"][1]["needs_review"], true);
  EXPECT_EQ(j["files"][1]["verdict"], "safe");
  EXPECT_EQ(j["files"][1]["findings"][0]["confidence"], "low");

  auto sarifLevels = [](const AnalysisResult &analysis) {
    nlohmann::json log = nlohmann::json::parse(renderSarif(analysis));
    std::vector<std::string> levels;
    for (const nlohmann::json &each : log["runs"][0]["results"])
      levels.push_back(each["level"]);
    return levels;
  };
  EXPECT_EQ(sarifLevels(result), (std::vector<std::string>{"warning", "note"}));

  std::string annotations = renderGithub(result);
  EXPECT_NE(annotations.find("::notice file=tests/c_test.c,line=4,col=3,title=parready-unresolved-path::"),
            std::string::npos)
      << annotations;

  std::string md = renderMarkdown(result);
  EXPECT_NE(md.find("**Needs review:** 1 file has findings parready could not pin down"), std::string::npos) << md;
  EXPECT_NE(md.find("## Needs review\n"), std::string::npos);
  EXPECT_NE(md.find("| `tests/c_test.c:4` | `parready-unresolved-path` | test c_test | the path $OUT_DIR/x is "
                    "written here; fix it |\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("- `tests/c_test.c` (1 test) *(needs review)*\n"), std::string::npos);
  EXPECT_EQ(md.find("| `parready-unresolved-path` | fixable |"), std::string::npos); // not among the hazards

  // With --strict classify counts it: a warning like any other finding.
  result.files[1].findings[0].reviewOnly = false;
  EXPECT_EQ(sarifLevels(result), (std::vector<std::string>{"warning", "warning"}));
  EXPECT_NE(renderText(result, {}).find("tests/c_test.c:4:3: warning:"), std::string::npos);
}

TEST(LspDiagnostics, OnePerPlaceWithTheTextReportsMessageAndNotes) {
  AnalysisResult result = sampleResult();
  result.root = "/work/project";
  result.rules[0].docs = "docs/rules/parready-shared-path.md";
  result.docsUrl = "https://example.org/parready/";
  std::map<std::string, nlohmann::json> files = renderLspDiagnostics(result, "/opt/parready/rules");
  ASSERT_EQ(files.size(), 1u);
  const nlohmann::json &diagnostics = files.at("/work/project/tests/a_test.cpp");
  ASSERT_EQ(diagnostics.size(), 1u) << diagnostics; // two tests, one place
  auto at = [](unsigned line, unsigned character) {
    nlohmann::json position = {{"line", line}, {"character", character}};
    return nlohmann::json{{"start", position}, {"end", position}};
  };
  nlohmann::json uri = "file:///work/project/tests/a_test.cpp";
  EXPECT_EQ(diagnostics[0],
            nlohmann::json({{"range", at(2, 4)},
                            {"severity", 2},
                            {"code", "parready-shared-path"},
                            {"source", "parready"},
                            {"message", "'/tmp/x' is a fixed path written here; fix it"},
                            {"codeDescription", {{"href", "https://example.org/parready/docs/rules/parready-shared-path.md"}}},
                            // The access itself is where the diagnostic is: no note of its own.
                            {"relatedInformation",
                             {{{"location", {{"uri", uri}, {"range", at(2, 4)}}},
                               {"message", "fixable hazard in 2 tests: S.A, S.B"}},
                              {{"location", {{"uri", uri}, {"range", at(1, 7)}}},
                               {"message", "fixture code S::SetUp runs around this test"}}}}}))
      << diagnostics[0].dump(2);

  // Without published docs the page on this machine: an editor runs where parready runs.
  result.docsUrl = "";
  EXPECT_EQ(renderLspDiagnostics(result, "/opt/parready/rules")
                .at("/work/project/tests/a_test.cpp")[0]["codeDescription"]["href"],
            "file:///opt/parready/docs/rules/parready-shared-path.md");
}

TEST(LspDiagnostics, SeverityFromTheVerdictAndReviewOnlyFindingsAsInformation) {
  AnalysisResult result = reviewResult();
  result.root = "/p/";
  std::map<std::string, nlohmann::json> files = renderLspDiagnostics(result, "/r/rules");
  EXPECT_EQ(files.at("/p/tests/a_test.cpp")[0]["severity"], 2);
  EXPECT_EQ(files.at("/p/tests/c_test.c")[0]["severity"], 3);
  result.files[0].findings[0].verdict = result.files[0].findings[1].verdict = Verdict::Serial;
  EXPECT_EQ(renderLspDiagnostics(result, "/r/rules").at("/p/tests/a_test.cpp")[0]["severity"], 1);
  // An unused suppression changes no verdict: a hint, in no test.
  result.files[0].findings[0].verdict = result.files[0].findings[1].verdict = Verdict::Safe;
  result.files[0].findings[0].test = result.files[0].findings[1].test = "";
  nlohmann::json hint = renderLspDiagnostics(result, "/r/rules").at("/p/tests/a_test.cpp")[0];
  EXPECT_EQ(hint["severity"], 4);
  EXPECT_EQ(hint["relatedInformation"].size(), 1u) << hint; // the fixture step; no "hazard in" note
}

TEST(LspDiagnostics, AHelpersHazardIsPublishedForTheHelperAndAtTheTestFilesCall) {
  AnalysisResult result = sampleResult();
  result.root = "/p";
  Evidence call, access;
  call.location = {"tests/a_test.cpp", 5, 3};
  call.call = "calls write_report";
  access.location = {"include/my helper.h", 9, 3};
  access.role = EvidenceRole::Access;
  access.access = AccessMode::Write;
  access.value = "/tmp/x";
  access.api = "fopen";
  for (Finding &finding : result.files[0].findings) {
    finding.location = access.location;
    finding.evidence = {call, access};
  }
  result.files[0].findings[1].evidence[0].location.line = 7; // S.B calls it elsewhere
  std::map<std::string, nlohmann::json> files = renderLspDiagnostics(result, "/r/rules");
  ASSERT_EQ(files.size(), 2u);
  const nlohmann::json &helper = files.at("/p/include/my helper.h");
  ASSERT_EQ(helper.size(), 1u);
  EXPECT_EQ(helper[0]["relatedInformation"][0]["message"], "fixable hazard in 2 tests: S.A, S.B");
  EXPECT_EQ(helper[0]["relatedInformation"][1]["location"]["uri"], "file:///p/tests/a_test.cpp");
  const nlohmann::json &calls = files.at("/p/tests/a_test.cpp");
  ASSERT_EQ(calls.size(), 2u) << calls;
  EXPECT_EQ(calls[0]["range"]["start"]["line"], 4);
  EXPECT_EQ(calls[0]["message"], helper[0]["message"]);
  EXPECT_EQ(calls[0]["relatedInformation"][0]["message"], "fixable hazard in test S.A");
  EXPECT_EQ(calls[0]["relatedInformation"][1]["location"]["uri"], "file:///p/include/my%20helper.h");
  EXPECT_EQ(calls[0]["relatedInformation"][1]["message"], "'/tmp/x' is written by fopen");
  EXPECT_EQ(calls[1]["range"]["start"]["line"], 6);
  EXPECT_EQ(calls[1]["relatedInformation"][0]["message"], "fixable hazard in test S.B");
}

TEST(LspDiagnostics, NothingForSuppressedOrBaselinedFindings) {
  AnalysisResult result = sampleResult();
  result.root = "/p";
  for (Finding &finding : result.files[0].findings)
    finding.baseline = BaselineState::Unchanged;
  result.files[0].suppressed.push_back(result.files[0].findings[0]);
  EXPECT_TRUE(renderLspDiagnostics(result, "/r/rules").empty());
}

TEST(LspDiagnostics, FileUrisPercentEncodeTheBytesOfThePath) {
  EXPECT_EQ(fileUri("/home/ä b/x+y.cpp"), "file:///home/%C3%A4%20b/x%2By.cpp");
}

/// A suite with one partial file (errors in a header) beside a clean one,
/// and a test file whose tests are compiled out.
AnalysisResult incompleteResult() {
  AnalysisResult result = sampleResult();
  result.files[0].findings.clear();
  result.files[0].verdict = Verdict::Safe;
  for (TestResult &test : result.files[0].tests)
    test.verdict = Verdict::Safe;
  FileResult partial;
  partial.path = "tests/p_test.cpp";
  partial.verdict = Verdict::Serial;
  partial.partial = true;
  partial.incompleteCause = IncompleteCause::HeaderErrors;
  partial.tests = {{"P.T", 4, Verdict::Serial}};
  result.files.push_back(partial);
  result.skipped.push_back({"tests/net_test.cpp", {{2, "#if defined(ENABLE_NET)", 3}}});
  result.diagnostics.push_back({"error", "in header 'dup.h' (included from tests/p_test.cpp:3): redefinition of 'X'",
                                {"dup.h", 1, 8}, "tests/p_test.cpp"});
  result.plan.tests = {{"S.A", "tests/a_test.cpp", {}, false},
                       {"S.B", "tests/a_test.cpp", {}, false},
                       {"P.T", "tests/p_test.cpp", {}, true}};
  result.plan.programs = {{"p_test", "tests/p_test.cpp", {}, true}};
  summarize(result);
  assignFingerprints(result);
  return result;
}

TEST(IncompleteAnalysis, TheAnswerIsUnknownAndEveryFormatSaysWhy) {
  AnalysisResult result = incompleteResult();
  EXPECT_EQ(result.summary.answer, ParallelAnswer::Unknown);
  EXPECT_EQ(result.summary.incomplete, 1u);
  EXPECT_EQ(result.summary.skipped, 1u);
  const std::string why = "analysis incomplete: a header is missing or has errors, its own code was parsed";
  const std::string skipped = "no test case is compiled in this configuration: the test macro at line 3 is in a "
                              "block skipped by '#if defined(ENABLE_NET)' (line 2)";
  std::string text = renderText(result, {});
  EXPECT_NE(text.find("Can this suite run in parallel? Unknown: 1 file could not be analysed completely"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("    serial   tests/p_test.cpp (" + why + ")\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    tests/net_test.cpp: " + skipped), std::string::npos) << text;
  EXPECT_NE(text.find(", 1 skipped\n"), std::string::npos) << text;

  std::string markdown = renderMarkdown(result);
  EXPECT_NE(markdown.find("**UNKNOWN**: 1 file could not be analysed completely"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("*(" + why + ")*"), std::string::npos);
  EXPECT_NE(markdown.find("## Skipped files"), std::string::npos);
  EXPECT_NE(markdown.find("`tests/net_test.cpp`: " + skipped), std::string::npos) << markdown;

  nlohmann::json json = nlohmann::json::parse(renderJson(result));
  EXPECT_EQ(json["summary"]["answer"], "unknown");
  EXPECT_EQ(json["summary"]["incomplete"], 1);
  EXPECT_EQ(json["files"][1]["incomplete_cause"], "header-errors");
  EXPECT_EQ(json["files"][1]["incomplete_reason"], why);
  EXPECT_EQ(json["skipped"][0]["path"], "tests/net_test.cpp");
  EXPECT_EQ(json["skipped"][0]["skipped_blocks"][0]["directive"], "#if defined(ENABLE_NET)");
  // The tool's notes: the error says what it means for its file, the skipped file is a warning.
  const nlohmann::json &notes = json["diagnostics"];
  ASSERT_GE(notes.size(), 2u);
  EXPECT_NE(notes[notes.size() - 2]["message"].get<std::string>().find(
                "(analysis of tests/p_test.cpp is incomplete: its own code was parsed and its findings are reported"),
            std::string::npos)
      << notes;
  EXPECT_EQ(notes.back()["severity"], "warning");
  EXPECT_EQ(notes.back()["message"], skipped + "; configure with the option that enables them to analyse them");

  nlohmann::json sarif = nlohmann::json::parse(renderSarif(result));
  const nlohmann::json &notifications = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notifications.size(), notes.size());
  EXPECT_EQ(notifications.back()["level"], "warning");
  EXPECT_EQ(sarif["runs"][0]["properties"]["summary"]["answer"], "unknown");

  std::string github = renderGithub(result);
  EXPECT_NE(github.find("::warning file=tests/net_test.cpp::parready: no test case is compiled"), std::string::npos)
      << github;
  EXPECT_NE(github.find("unknown whether tests collide: 1 file could not be analysed completely"), std::string::npos);

  std::string ctest = renderCtest(result);
  EXPECT_NE(ctest.find("# tests/p_test.cpp (" + why + ": run alone)\nset_tests_properties(\"P.T\" PROPERTIES "
                       "RUN_SERIAL TRUE)"),
            std::string::npos)
      << ctest;
  EXPECT_NE(renderToolNotes(result).find("parready: warning: tests/net_test.cpp: no test case is compiled"),
            std::string::npos);
}

TEST(Utf8, InvalidBytesBecomeTheReplacementCharacter) {
  EXPECT_EQ(validUtf8("plain"), "plain");
  EXPECT_EQ(validUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  EXPECT_EQ(validUtf8("dir \xFF\xFE/t.cpp"), "dir \xEF\xBF\xBD\xEF\xBF\xBD/t.cpp");
  EXPECT_EQ(validUtf8("cut \xE2\x82"), "cut \xEF\xBF\xBD\xEF\xBF\xBD");       // truncated sequence at the end
  EXPECT_EQ(validUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                   // overlong '/'
  EXPECT_EQ(validUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");      // a UTF-16 surrogate
  EXPECT_EQ(validUtf8(std::string("nul\0byte", 8)), std::string("nul\0byte", 8));
}

TEST(Utf8, EveryFormatIsValidUtf8WhateverTheBytesOfPathsAndMessages) {
  AnalysisResult result = conflictResult();
  const std::string latin1 = "tests/r\xE9sum\xE9_test.cpp";
  result.files[1].path = latin1;
  result.files[1].findings[0].location.path = latin1;
  result.files[1].findings[0].value = "/tmp/\xFF\xFE";
  result.files[1].tests[0].name = "T.\xFFOther";
  result.diagnostics.push_back({"error", "unknown type name '\x80'", {latin1, 2, 1}, latin1});
  for (Format format : {Format::Text, Format::Json, Format::Sarif, Format::Markdown, Format::Ctest, Format::Github}) {
    std::string out = render(format, result, {});
    EXPECT_EQ(validUtf8(out), out) << "format " << int(format);
    if (format != Format::Ctest) // it names tests and locks, not files with findings
      EXPECT_NE(out.find("r\xEF\xBF\xBDsum\xEF\xBF\xBD_test.cpp"), std::string::npos) << "format " << int(format);
  }
  EXPECT_NO_THROW(nlohmann::json::parse(render(Format::Json, result, {})));
  EXPECT_NO_THROW(nlohmann::json::parse(render(Format::Sarif, result, {})));
}

TEST(OutputTargets, WritabilityIsCheckedBeforeTheAnalysis) {
  char templ[] = "/tmp/parready-writable-XXXXXX";
  ASSERT_NE(mkdtemp(templ), nullptr);
  std::string dir = templ;
  EXPECT_EQ(checkWritable(dir + "/report.json"), "");
  EXPECT_EQ(checkWritable("/dev/null"), "");
  EXPECT_NE(checkWritable(dir + "/missing/r.sarif").find("no such directory"), std::string::npos);
  EXPECT_NE(checkWritable("/proc/x/out.json").find("no such directory '/proc/x'"), std::string::npos);
  EXPECT_NE(checkWritable(dir).find("it is a directory"), std::string::npos);
  rmdir(templ);
}

TEST(OutputTargets, SeveralFormatsEachWithItsFile) {
  std::vector<OutputTarget> targets;
  EXPECT_EQ(parseOutputTargets({}, "", targets), "");
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].format, Format::Text);
  EXPECT_EQ(targets[0].path, "");

  EXPECT_EQ(parseOutputTargets({"json=out.json", "text"}, "report.txt", targets), "");
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].format, Format::Json);
  EXPECT_EQ(targets[0].path, "out.json");
  EXPECT_EQ(targets[1].format, Format::Text);
  EXPECT_EQ(targets[1].path, "report.txt"); // -o is where a report without =FILE goes
}

TEST(OutputTargets, RejectsAmbiguousTargets) {
  std::vector<OutputTarget> targets;
  EXPECT_NE(parseOutputTargets({"text", "json"}, "", targets).find("only one report can go to standard output"),
            std::string::npos);
  EXPECT_NE(parseOutputTargets({"json=a.json", "text=a.json"}, "", targets).find("already the target"),
            std::string::npos);
  EXPECT_NE(parseOutputTargets({"yaml=a.yaml"}, "", targets).find("unknown format 'yaml'"), std::string::npos);
  EXPECT_NE(parseOutputTargets({"json="}, "", targets).find("no file after"), std::string::npos);
}

TEST(AtomicWrite, ReplacesTheFileAndLeavesNoTemporary) {
  char templ[] = "/tmp/parready-report-XXXXXX";
  ASSERT_NE(mkdtemp(templ), nullptr);
  std::string path = std::string(templ) + "/report.json";
  ASSERT_EQ(writeFileAtomically(path, "first"), "");
  ASSERT_EQ(writeFileAtomically(path, "second"), "");
  std::ifstream in(path);
  std::stringstream contents;
  contents << in.rdbuf();
  EXPECT_EQ(contents.str(), "second");
  EXPECT_NE(writeFileAtomically(std::string(templ) + "/missing-dir/r.json", "x"), "");
  std::remove(path.c_str());
  EXPECT_EQ(rmdir(templ), 0) << "a temporary file was left behind";
}

TEST(AtomicWrite, SpecialFilesAreWrittenInPlaceNotReplaced) {
  // -o /dev/null must not rename a regular file over the device; a FIFO of
  // our own stands for it (the real /dev/null is shared with everything else).
  char templ[] = "/tmp/parready-fifo-XXXXXX";
  ASSERT_NE(mkdtemp(templ), nullptr);
  std::string fifo = std::string(templ) + "/out";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  int reader = open(fifo.c_str(), O_RDWR | O_NONBLOCK); // keeps the pipe open for the writer
  ASSERT_GE(reader, 0);
  EXPECT_EQ(writeFileAtomically(fifo, "report"), "");
  char buffer[16] = {};
  EXPECT_EQ(read(reader, buffer, sizeof buffer), 6);
  EXPECT_EQ(std::string(buffer), "report");
  close(reader);
  struct stat info {};
  ASSERT_EQ(stat(fifo.c_str(), &info), 0);
  EXPECT_TRUE(S_ISFIFO(info.st_mode)) << "the FIFO was replaced by a regular file";
  std::remove(fifo.c_str());
  rmdir(templ);
}

} // namespace
} // namespace parready

namespace parready {
namespace {

/// A printer over a clock the test moves, writing into `Text`.
struct ProgressRun {
  ProgressRun(ProgressMode mode, bool terminal)
      : Printer(mode, terminal, [this](const std::string &text) { Text += text; }, [this] { return Now; },
                std::chrono::seconds(5)) {}
  void after(int seconds, const std::string &message) {
    Now += std::chrono::seconds(seconds);
    Printer.say(message);
  }
  std::chrono::steady_clock::time_point Now{};
  std::string Text;
  ProgressPrinter Printer;
};

TEST(Progress, InALogAShortRunIsSilentAndALongOneIsPaced) {
  ProgressRun run(ProgressMode::Auto, /*terminal=*/false);
  run.after(1, "analysing 4 translation units with 2 jobs");
  run.after(1, "[1/4] a_test.cpp");
  EXPECT_EQ(run.Text, "") << "the first seconds say nothing";
  run.after(4, "[2/4] b_test.cpp");
  run.after(1, "[3/4] c_test.cpp");
  run.after(1, "cache: 0 of 4 translation units unchanged");
  run.after(4, "[4/4] d_test.cpp");
  EXPECT_EQ(run.Text, "parready: [2/4] b_test.cpp\n"
                      "parready: cache: 0 of 4 translation units unchanged\n"
                      "parready: [4/4] d_test.cpp\n")
      << "a counter at most every 5 s, every other message once the run is long";
}

TEST(Progress, OnATerminalCountersRedrawOneLine) {
  ProgressRun run(ProgressMode::Auto, /*terminal=*/true);
  run.after(0, "analysing 2 translation units with 2 jobs");
  run.after(0, "[1/2] a_test.cpp");
  run.after(0, "[2/2] b_test.cpp");
  run.after(0, "cache: 2 of 2 translation units unchanged");
  run.after(0, "[1/1] lib.cpp");
  run.Printer.finish();
  EXPECT_EQ(run.Text, "parready: analysing 2 translation units with 2 jobs\n"
                      "\r\033[Kparready: [1/2] a_test.cpp\r\033[Kparready: [2/2] b_test.cpp"
                      "\r\033[Kparready: cache: 2 of 2 translation units unchanged\n"
                      "\r\033[Kparready: [1/1] lib.cpp\r\033[K");
}

TEST(Progress, AlwaysAndNever) {
  ProgressRun always(ProgressMode::Always, /*terminal=*/true), never(ProgressMode::Never, /*terminal=*/true);
  for (ProgressRun *run : {&always, &never}) {
    run->after(0, "[1/2] a_test.cpp");
    run->after(0, "[2/2] b_test.cpp");
    run->Printer.finish();
  }
  EXPECT_EQ(always.Text, "parready: [1/2] a_test.cpp\nparready: [2/2] b_test.cpp\n");
  EXPECT_EQ(never.Text, "");
  ProgressMode mode;
  EXPECT_TRUE(parseProgressMode("always", mode));
  EXPECT_EQ(mode, ProgressMode::Always);
  EXPECT_FALSE(parseProgressMode("sometimes", mode));
}

} // namespace
} // namespace parready
