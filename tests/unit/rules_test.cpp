#include "rules/Rules.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <unistd.h>
#include <nlohmann/json.hpp>

namespace parready {
namespace {

TEST(ResourceKeys, NormalisePaths) {
  EXPECT_EQ(normalizePath("/tmp//a/./b/"), "/tmp/a/b");
  EXPECT_EQ(normalizePath("out/log.txt"), "<cwd>/out/log.txt");
  EXPECT_EQ(normalizePath("./out"), "<cwd>/out");
  EXPECT_EQ(normalizePath("<tmp>//x"), "<tmp>/x");
}

Resource path(const std::string &name, bool privateEntry = false) {
  return {ResourceKind::Path, name, privateEntry};
}

TEST(ResourceKeys, ContainmentIsByPathComponent) {
  EXPECT_TRUE(path("/tmp/s").contains(path("/tmp/s/abc")));
  EXPECT_TRUE(path("/tmp/s").contains(path("/tmp/s")));
  EXPECT_FALSE(path("/tmp/s").contains(path("/tmp/sessions")));
  EXPECT_FALSE(path("/tmp/s/abc").contains(path("/tmp/s")));
  EXPECT_TRUE(path("/").contains(path("/tmp")));
  // A private entry is inside its directory, and no other path is inside it.
  EXPECT_TRUE(path("/tmp/s").contains(path("/tmp/s", true)));
  EXPECT_FALSE(path("/tmp/s", true).contains(path("/tmp/s")));
  EXPECT_FALSE((Resource{ResourceKind::Global, "x"}).contains(Resource{ResourceKind::Global, "xy"}));
  // A global object holds its fields, and only its own.
  EXPECT_TRUE((Resource{ResourceKind::Global, "g"}).contains(Resource{ResourceKind::Global, "g.config.strict"}));
  EXPECT_FALSE((Resource{ResourceKind::Global, "g.config"}).contains(Resource{ResourceKind::Global, "g"}));
  EXPECT_FALSE((Resource{ResourceKind::Global, "g"}).contains(Resource{ResourceKind::Global, "gx.y"}));
  EXPECT_FALSE((Resource{ResourceKind::Global, "/tmp"}).contains(path("/tmp/a"))); // only paths nest
}

TEST(ResourceKeys, EachKindSpellsItsKeyAndTheNameMessagesQuote) {
  struct Case {
    Resource resource;
    const char *key, *shown;
  } cases[] = {{path("<tmp>/sessions"), "path:<tmp>/sessions", "<tmp>/sessions"},
               {path("<tmp>/sessions", true), "path:<tmp>/sessions/<unique>", "<tmp>/sessions/<unique>"},
               {{ResourceKind::Global, "Settings::instance()::s"}, "global:Settings::instance()::s",
                "Settings::instance()::s"},
               {{ResourceKind::Env, "APP_CONFIG"}, "env:APP_CONFIG", "APP_CONFIG"},
               {{ResourceKind::Port, "8080"}, "port:8080", "8080"},
               {{ResourceKind::Process, "worker --tag x"}, "process:worker --tag x", "worker --tag x"},
               {{ResourceKind::Cwd}, "cwd", "cwd"},
               {{ResourceKind::Clock}, "clock", "clock"}};
  for (const Case &c : cases) {
    EXPECT_EQ(c.resource.key(), c.key);
    EXPECT_EQ(c.resource.shownName(), c.shown);
  }
  EXPECT_EQ(keyOf(std::nullopt), ""); // an unresolved value names no resource
  EXPECT_EQ(keyOf(path("/a")), "path:/a");
}

TEST(ResourceKeys, OrderIsByKeySoADirectoryComesRightBeforeItsEntries) {
  std::vector<Resource> resources = {path("/tmp/s/a"), {ResourceKind::Cwd}, path("/tmp/s-x"), path("/tmp/s", true),
                                     path("/tmp/s"), {ResourceKind::Clock}};
  std::sort(resources.begin(), resources.end());
  std::vector<std::string> keys;
  for (const Resource &resource : resources)
    keys.push_back(resource.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"clock", "cwd", "path:/tmp/s", "path:/tmp/s-x", "path:/tmp/s/<unique>",
                                            "path:/tmp/s/a"}));
}

TEST(ResourceKeys, OnlyKnownValuesNameAResource) {
  Access access{ResourceKind::Path, AccessMode::Delete, AbstractValue::constant("/tmp/s/*"), {}, "", true, true};
  EXPECT_EQ(keyOf(resourceOf(access)), "path:/tmp/s"); // a loop over entries touches the directory
  access.value = AbstractValue::unique("mkdtemp()");
  EXPECT_EQ(resourceOf(access), std::nullopt);
  access.value = AbstractValue::unknown("argv[1]");
  EXPECT_EQ(resourceOf(access), std::nullopt);
  Access env{ResourceKind::Env, AccessMode::Write, AbstractValue::constant("APP_MODE=test"), {}, "putenv"};
  EXPECT_EQ(keyOf(resourceOf(env)), "env:APP_MODE");
  // One working directory per process, whatever a test changes it to.
  Access chdir{ResourceKind::Cwd, AccessMode::Write, AbstractValue::unknown("argv[1]"), {}, "chdir"};
  EXPECT_EQ(keyOf(resourceOf(chdir)), "cwd");
}

TEST(VerdictNames, EveryValueParsesBackFromItsName) {
  for (Verdict verdict : {Verdict::Safe, Verdict::Fixable, Verdict::Serial}) {
    Verdict parsed = Verdict::Safe;
    EXPECT_TRUE(parse(toString(verdict), parsed));
    EXPECT_EQ(parsed, verdict);
  }
  for (Runner runner : {Runner::Ctest, Runner::Threads, Runner::Bazel}) {
    Runner parsed = Runner::Ctest;
    EXPECT_TRUE(parse(toString(runner), parsed));
    EXPECT_EQ(parsed, runner);
  }
  Confidence confidence = Confidence::High;
  EXPECT_TRUE(parse("low", confidence));
  EXPECT_EQ(confidence, Confidence::Low);
  EXPECT_STREQ(toString(Confidence::High), "high");
  EXPECT_FALSE(parse("Low", confidence));    // names are lower case
  EXPECT_FALSE(parse("serial", confidence)); // and per enum: a verdict is no confidence
  Verdict verdict = Verdict::Fixable;
  EXPECT_FALSE(parse("medium", verdict));
  EXPECT_EQ(verdict, Verdict::Fixable); // a failed parse leaves the value alone
}

class ShippedRules : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_EQ(Rules.load(PARREADY_SOURCE_RULES_DIR), ""); }

  const Rule *ruleFor(Access access, Runner runner = Runner::Ctest) {
    LinkedSuite suite;
    suite.tests.push_back({TestCase{"gtest", "S", "T", {}, "u", {}}, "/src/t.cpp", {{access, {}}}});
    std::vector<RuleHit> hits = applyRules(Rules, suite, runner);
    return hits.empty() ? nullptr : hits.front().rule;
  }

  RuleSet Rules;
};

Access pathAccess(AccessMode mode, const std::string &path, bool recursive = false, bool eachEntry = false) {
  return {ResourceKind::Path, mode, AbstractValue::constant(path), {"/src/t.cpp", 1, 1}, "api", recursive, eachEntry};
}

TEST_F(ShippedRules, EveryRuleHasItsDocsPage) {
  ASSERT_GE(Rules.rules().size(), 6u);
  for (const Rule &rule : Rules.rules()) {
    EXPECT_TRUE(rule.id.starts_with("parready-")) << rule.id;
    EXPECT_EQ(rule.docs, "docs/rules/" + rule.id + ".md");
    std::ifstream page(std::string(PARREADY_SOURCE_RULES_DIR) + "/../" + rule.docs);
    ASSERT_TRUE(page.good()) << rule.docs << " is missing";
    std::vector<std::string> lines;
    for (std::string line; std::getline(page, line);)
      lines.push_back(line);
    // The page opens with the rule's id and its summary, then ruff's sections.
    ASSERT_GE(lines.size(), 3u) << rule.docs;
    EXPECT_EQ(lines[0], "# " + rule.id);
    EXPECT_EQ(lines[2], rule.summary) << rule.docs << " and rules/" << rule.id << ".json disagree";
    for (const char *section : {"## What it does", "## Why it breaks parallel runs", "## Example", "## Use instead",
                                "## Fix safety", "## Options"})
      EXPECT_NE(std::find(lines.begin(), lines.end(), section), lines.end()) << rule.docs << " lacks " << section;
    EXPECT_NE(rule.message.find("{fix}"), std::string::npos) << rule.id << ": message must carry the fix";
  }
}

TEST_F(ShippedRules, EveryRuleShowsItsFixAsCodeForEachFramework) {
  for (const Rule &rule : Rules.rules()) {
    ASSERT_FALSE(rule.snippets.empty()) << rule.id << " has no \"snippet\"";
    // A framework of its own, or one for any framework.
    bool perFramework = rule.snippets.count("gtest") && rule.snippets.count("catch2") && rule.snippets.count("doctest");
    EXPECT_TRUE(perFramework || rule.snippets.count("any")) << rule.id;
    for (const auto &[framework, snippet] : rule.snippets) {
      EXPECT_TRUE(snippet.language == "cpp" || snippet.language == "cmake") << rule.id << " " << framework;
      EXPECT_FALSE(snippet.code.empty()) << rule.id << " " << framework;
    }
  }
  EXPECT_NE(Rules.find("parready-shared-path")->snippets.at("gtest").code.find("::testing::TempDir()"),
            std::string::npos);
}

TEST_F(ShippedRules, FirstMatchingRuleWinsInRegistryOrder) {
  EXPECT_EQ(ruleFor(pathAccess(AccessMode::Write, "/etc/app.conf"))->id, "parready-system-path");
  EXPECT_EQ(ruleFor(pathAccess(AccessMode::Write, "<home>/.app"))->id, "parready-system-path");
  EXPECT_EQ(ruleFor(pathAccess(AccessMode::Delete, "/tmp/s/*", true, true))->id, "parready-cleanup-loop");
  EXPECT_EQ(ruleFor(pathAccess(AccessMode::Delete, "/tmp/s", true))->id, "parready-recursive-delete");
  EXPECT_EQ(ruleFor(pathAccess(AccessMode::Write, "<tmp>/x"))->id, "parready-shared-path");
  EXPECT_EQ(ruleFor(pathAccess(AccessMode::Write, "/var/tmp/x"))->id, "parready-shared-path");
}

TEST_F(ShippedRules, ReadsOfProgramStateAreOrderDependenceOnlyInProcessesOfTheirOwn) {
  // One rule for globals and the environment: `resource` lists both kinds.
  for (ResourceKind kind : {ResourceKind::Global, ResourceKind::Env}) {
    Access read{kind, AccessMode::Read, AbstractValue::constant("APP_MODE"), {"/src/t.cpp", 1, 1}, "read"};
    const Rule *rule = ruleFor(read);
    ASSERT_NE(rule, nullptr) << toString(kind);
    EXPECT_EQ(rule->id, "parready-order-dependence");
    EXPECT_TRUE(rule->match.stateLeftByOtherTests);
    EXPECT_EQ(ruleFor(read, Runner::Bazel), rule);
    // Tests that are threads of one process race on it: the writes say so (shared-global).
    EXPECT_EQ(ruleFor(read, Runner::Threads), nullptr);
  }
}

TEST_F(ShippedRules, ReadsListingsAndUniquePathsAreNoHazardByThemselves) {
  EXPECT_EQ(ruleFor(pathAccess(AccessMode::Read, "/tmp/shared")), nullptr);
  // Listing a directory, or a private entry in one, is a hazard only beside
  // a test that changes the directory: those rules need a partner.
  const Rule *listing = ruleFor(pathAccess(AccessMode::List, "/tmp/shared"));
  ASSERT_NE(listing, nullptr);
  EXPECT_EQ(listing->id, "parready-shared-listing");
  EXPECT_TRUE(listing->match.requiresConflict);
  Access unique = pathAccess(AccessMode::Write, "");
  unique.value = joinPath(AbstractValue::constant("/tmp/shared"), AbstractValue::unique("mkdtemp()"));
  const Rule *entry = ruleFor(unique);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->id, "parready-shared-directory");
  EXPECT_TRUE(entry->match.requiresConflict);
  EXPECT_EQ(keyOf(resourceOf(unique)), "path:/tmp/shared/<unique>");
  unique.value = AbstractValue::unique("mkdtemp()");
  EXPECT_EQ(resourceOf(unique), std::nullopt); // no fixed directory: nobody else can reach it
  Access unknown = pathAccess(AccessMode::Write, "");
  unknown.value = AbstractValue::unknown("argv[1]");
  const Rule *rule = ruleFor(unknown);
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->id, "parready-unresolved-path");
  EXPECT_EQ(rule->confidence, Confidence::Low);
  EXPECT_NE(rule->verdict, Verdict::Serial); // never serial on an unknown value
}

TEST_F(ShippedRules, SignallingProcessesByNameIsSerial) {
  Access kill{ResourceKind::Process, AccessMode::Delete, AbstractValue::constant("worker"), {"/src/t.cpp", 1, 1},
              "system(\"pkill ...\")"};
  const Rule *rule = ruleFor(kill);
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->id, "parready-process-by-name");
  EXPECT_EQ(rule->verdict, Verdict::Serial);
  EXPECT_EQ(keyOf(resourceOf(kill)), "process:worker");
  kill.value = concat(AbstractValue::constant("worker --tag "), AbstractValue::unique("getpid()"));
  EXPECT_EQ(ruleFor(kill), nullptr); // a per-test pattern matches only the test's own processes
}

TEST_F(ShippedRules, GlobalsAreHazardsOnlyWhenTestsShareAProcess) {
  Access global{ResourceKind::Global, AccessMode::Write, AbstractValue::constant("g_count"), {"/src/t.cpp", 1, 1}, "write"};
  EXPECT_EQ(ruleFor(global, Runner::Ctest), nullptr);
  ASSERT_NE(ruleFor(global, Runner::Threads), nullptr);
  EXPECT_EQ(ruleFor(global, Runner::Threads)->id, "parready-shared-global");
}

Access portAccess(AccessMode mode, AbstractValue value, const std::string &api = "bind") {
  return {ResourceKind::Port, mode, std::move(value), {"/src/t.cpp", 1, 1}, api};
}

TEST(EndpointResources, OnePortWhateverTheFormItIsWrittenIn) {
  for (const char *written : {"7100", "tcp://127.0.0.1:7100", "tcp://*:7100", "udp://239.0.0.1:7100",
                              "0.0.0.0:7100", "[::1]:7100", "localhost:7100"}) {
    Access access = portAccess(AccessMode::Write, AbstractValue::constant(written), "zmq_bind");
    EXPECT_EQ(keyOf(resourceOf(access)), "port:7100") << written;
  }
  EXPECT_EQ(keyOf(resourceOf(portAccess(AccessMode::Read, AbstractValue::constant("http://localhost/x")))),
            "port:80");
  // Messages quote the endpoint as written.
  Access zmq = portAccess(AccessMode::Write, AbstractValue::constant("tcp://127.0.0.1:7100"), "zmq_bind");
  EXPECT_EQ(shownValue(zmq, resourceOf(zmq)), "tcp://127.0.0.1:7100");
  Access bare = portAccess(AccessMode::Write, AbstractValue::constant("7100"));
  EXPECT_EQ(shownValue(bare, resourceOf(bare)), "port 7100");
}

TEST(EndpointResources, SocketFilesArePathsAndAbstractNamesAreMachineWide) {
  Access ipc = portAccess(AccessMode::Write, AbstractValue::constant("ipc:///tmp/x.sock"), "zmq_bind");
  EXPECT_EQ(keyOf(resourceOf(ipc)), "path:/tmp/x.sock");
  EXPECT_EQ(shownValue(ipc, resourceOf(ipc)), "ipc:///tmp/x.sock");
  ipc.value = AbstractValue::constant("ipc://bus.sock");
  EXPECT_EQ(keyOf(resourceOf(ipc)), "path:<cwd>/bus.sock");
  // Under a directory the test made unique: a private entry, as for files.
  ipc.value = joinPath(concat(AbstractValue::constant("ipc://"), AbstractValue::constant("/tmp")),
                       AbstractValue::unique("mkdtemp()"));
  ipc.value = joinPath(ipc.value, AbstractValue::constant("x.sock"));
  EXPECT_EQ(keyOf(resourceOf(ipc)), "path:/tmp/<unique>");
  Access abstract = portAccess(AccessMode::Write, AbstractValue::constant(std::string("\0bus", 4)));
  EXPECT_EQ(keyOf(resourceOf(abstract)), "port:@bus");
  EXPECT_EQ(shownValue(abstract, resourceOf(abstract)), "@bus");
  abstract.value = AbstractValue::constant("abstract://bus");
  EXPECT_EQ(keyOf(resourceOf(abstract)), "port:@bus");
}

TEST(EndpointResources, PrivateAndUnknownEndpointsNameNoResource) {
  for (const char *written : {"0", "tcp://127.0.0.1:*", "tcp://*:*", "localhost:0", "inproc://x", "tcp://host"})
    EXPECT_EQ(resourceOf(portAccess(AccessMode::Write, AbstractValue::constant(written))), std::nullopt) << written;
  EXPECT_EQ(resourceOf(portAccess(AccessMode::Write, AbstractValue::param(0))), std::nullopt);
}

TEST_F(ShippedRules, EachEndpointFormAndLibraryGetsItsOwnFix) {
  const Rule *rule = Rules.find("parready-fixed-port");
  ASSERT_NE(rule, nullptr);
  auto fixFor = [&](const char *written, const char *api) {
    return rule->fixFor(portAccess(AccessMode::Write, AbstractValue::constant(written), api));
  };
  EXPECT_EQ(fixFor("7100", "bind"), rule->fix);
  EXPECT_NE(fixFor("tcp://127.0.0.1:7100", "zmq_bind").find("tcp://127.0.0.1:*"), std::string::npos);
  EXPECT_NE(fixFor("0.0.0.0:50051", "grpc::ServerBuilder::AddListeningPort").find("selected_port"),
            std::string::npos);
  EXPECT_NE(fixFor("7100", "httplib::Server::listen").find("bind_to_any_port"), std::string::npos);
  EXPECT_NE(fixFor("7100", "boost::asio::basic_socket_acceptor::basic_socket_acceptor").find("local_endpoint()"),
            std::string::npos);
  // The form wins over the library: a ZeroMQ socket file is fixed like any socket file.
  EXPECT_NE(fixFor("ipc:///tmp/x.sock", "zmq_bind").find("mkdtemp"), std::string::npos);
  EXPECT_NE(fixFor("@bus", "bind").find("abstract socket name unique"), std::string::npos);
  EXPECT_EQ(ruleFor(portAccess(AccessMode::Write, AbstractValue::constant("ipc:///tmp/x.sock"), "zmq_bind")), rule);
}

TEST(RuleSetLoading, ReportsABrokenRegistry) {
  char templ[] = "/tmp/parready-rules-XXXXXX";
  ASSERT_NE(mkdtemp(templ), nullptr);
  std::string dir = templ;
  std::ofstream(dir + "/registry.json") << "{\"schema\": \"parready-rule-registry/1\", \"rules\": [\"parready-nope\"]}";
  RuleSet rules;
  std::string error = rules.load(dir);
  EXPECT_NE(error.find("parready-nope.json"), std::string::npos) << error;
  std::ofstream(dir + "/registry.json") << "{not json";
  RuleSet again;
  EXPECT_NE(again.load(dir).find("registry.json"), std::string::npos);
  // A rule naming a snippet that has no file.
  std::ifstream shipped(std::string(PARREADY_SOURCE_RULES_DIR) + "/parready-shared-path.json");
  nlohmann::json rule = nlohmann::json::parse(shipped);
  rule["snippet"] = "no-such-snippet";
  std::ofstream(dir + "/parready-shared-path.json") << rule.dump();
  std::ofstream(dir + "/registry.json") << "{\"schema\": \"parready-rule-registry/1\", \"rules\": [\"parready-shared-path\"]}";
  RuleSet withoutSnippet;
  EXPECT_NE(withoutSnippet.load(dir).find("snippet 'no-such-snippet' has no file"), std::string::npos);
  // A confidence other than high or low.
  rule.erase("snippet");
  rule["confidence"] = "medium";
  std::ofstream(dir + "/parready-shared-path.json") << rule.dump();
  RuleSet unsure;
  EXPECT_NE(unsure.load(dir).find("unknown confidence 'medium'"), std::string::npos);
  std::remove((dir + "/parready-shared-path.json").c_str());
  std::remove((dir + "/registry.json").c_str());
  rmdir(templ);
}

} // namespace
} // namespace parready
