#include "report/Report.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace parready {
namespace {

AnalysisResult sampleResult() {
  AnalysisResult result;
  result.toolVersion = "0.1.0";
  FileResult file;
  file.path = "tests/a_test.cpp";
  file.verdict = Verdict::Fixable;
  file.tests = {{"S.A", 5, Verdict::Fixable}, {"S.B", 9, Verdict::Fixable}};
  Finding finding;
  finding.rule = "parready-shared-path";
  finding.verdict = Verdict::Fixable;
  finding.message = "'/tmp/x' is a fixed path written here; fix it";
  finding.location = {"tests/a_test.cpp", 3, 5};
  finding.resource = "path:/tmp/x";
  finding.access = AccessMode::Write;
  finding.fix = "fix it";
  finding.evidence = {{{"tests/a_test.cpp", 2, 8}, "fixture code S::SetUp runs around this test"},
                      {{"tests/a_test.cpp", 3, 5}, "'/tmp/x' is written by std::basic_ofstream::basic_ofstream"}};
  finding.test = "S.A";
  file.findings.push_back(finding);
  finding.test = "S.B";
  file.findings.push_back(finding);
  result.files.push_back(file);
  result.resources.push_back({"path:/tmp/x", false, {{"S.A", "tests/a_test.cpp", AccessMode::Write, {"tests/a_test.cpp", 3, 5}}}});
  result.diagnostics.push_back({"error", "unknown type name 'Foo'", {}, "tests/b_test.cpp"});
  result.summary = {1, 2, 0, 1, 0, 2, true};
  return result;
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
  EXPECT_EQ(j["schema"], "parready-report/2");
  EXPECT_EQ(j["tool"]["name"], "parready");
  EXPECT_EQ(j["runner"], "ctest");
  for (const char *key : {"files", "tests", "safe", "fixable", "serial", "findings", "parallel_safe"})
    EXPECT_TRUE(j["summary"].contains(key)) << key;
  const nlohmann::json &finding = j["files"][0]["findings"][0];
  for (const char *key : {"rule", "verdict", "message", "location", "test", "resource", "access", "conflict",
                          "partners", "confidence", "evidence", "fix"})
    EXPECT_TRUE(finding.contains(key)) << key;
  EXPECT_EQ(finding["location"]["line"], 3);
  EXPECT_EQ(finding["access"], "write");
  EXPECT_EQ(j["files"][0]["tests"][1]["name"], "S.B");
  EXPECT_TRUE(j["diagnostics"][0]["location"].is_null());
  EXPECT_EQ(j["resources"][0]["accessors"][0]["access"], "write");
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
