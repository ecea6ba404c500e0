#include "link/Link.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

namespace parready {
namespace {

SourceLocation at(const std::string &file, unsigned line) { return {file, line, 1}; }

Access write(AbstractValue value, SourceLocation where) {
  return {ResourceKind::Path, AccessMode::Write, std::move(value), std::move(where), "std::basic_ofstream::basic_ofstream"};
}

TEST(Link, ResolvesHelperParametersPerCallAcrossTranslationUnits) {
  // helpers.cpp: void writeReport(std::string dir) { ofstream(dir + "/report.txt"); }
  TranslationUnitFacts helpers;
  helpers.mainFile = "/src/helpers.cpp";
  helpers.functions.push_back({"c:@F@writeReport", "writeReport", at("/src/helpers.cpp", 1),
                               {write(concat(AbstractValue::param(0), AbstractValue::constant("/report.txt")),
                                      at("/src/helpers.cpp", 2))},
                               {}});
  // a_test.cpp: two tests call it, with a fixed and with a unique directory.
  TranslationUnitFacts tests;
  tests.mainFile = "/src/a_test.cpp";
  tests.tests.push_back({"gtest", "R", "Fixed", at("/src/a_test.cpp", 5), "c:@fixed", {}});
  tests.tests.push_back({"gtest", "R", "Unique", at("/src/a_test.cpp", 9), "c:@unique", {}});
  tests.functions.push_back({"c:@fixed", "Fixed", at("/src/a_test.cpp", 5), {},
                             {{"c:@F@writeReport", "writeReport", at("/src/a_test.cpp", 6), {AbstractValue::constant("/tmp/out")}}}});
  tests.functions.push_back({"c:@unique", "Unique", at("/src/a_test.cpp", 9), {},
                             {{"c:@F@writeReport", "writeReport", at("/src/a_test.cpp", 10), {AbstractValue::unique("mkdtemp()")}}}});

  LinkedSuite suite = linkFacts({tests, helpers});
  ASSERT_EQ(suite.files.size(), 1u); // helpers.cpp defines no test
  ASSERT_EQ(suite.tests.size(), 2u);
  ASSERT_EQ(suite.tests[0].accesses.size(), 1u);
  const ReachedAccess &fixed = suite.tests[0].accesses[0];
  EXPECT_EQ(fixed.access.value, AbstractValue::constant("/tmp/out/report.txt"));
  ASSERT_EQ(fixed.callChain.size(), 1u);
  EXPECT_EQ(fixed.callChain[0].location, at("/src/a_test.cpp", 6));
  EXPECT_EQ(fixed.callChain[0].message, "calls writeReport");
  ASSERT_EQ(suite.tests[1].accesses.size(), 1u);
  EXPECT_EQ(suite.tests[1].accesses[0].access.value.kind, ValueKind::Unique);
}

TEST(Link, TranslationUnitLocalFunctionsAreNeverMergedAcrossUnits) {
  // support.h: static inline void DiffWithGolden(std::string g) { ofstream(g + ".munged"); }
  // a_test.cc calls it; b_test.cc includes it too, calls it with nothing to write, and
  // each file is a plain program whose main() is its test.
  const std::string helper = "c:support.h@F@DiffWithGolden";
  auto program = [&](const std::string &file, std::vector<CallSite> calls) {
    TranslationUnitFacts unit;
    unit.mainFile = file;
    Function main{"c:@F@main", "main", at(file, 20), {}, std::move(calls)};
    main.translationUnitLocal = true;
    Function diff{helper, "DiffWithGolden", at("/src/support.h", 3),
                  {write(concat(AbstractValue::param(0), AbstractValue::constant(".munged")), at("/src/support.h", 4))}};
    diff.translationUnitLocal = true;
    unit.functions = {main, diff};
    unit.tests.push_back({"main", "", file, at(file, 20), "c:@F@main", {}});
    return unit;
  };
  TranslationUnitFacts a = program("/src/a_test.cc", {{helper, "DiffWithGolden", at("/src/a_test.cc", 21),
                                                        {AbstractValue::constant("/src/a_test.err")}}});
  TranslationUnitFacts b = program("/src/b_test.cc", {});
  // In either order: b's main is not a's, and a's call reaches only a's copy.
  for (const auto &units : {std::vector<TranslationUnitFacts>{a, b}, std::vector<TranslationUnitFacts>{b, a}}) {
    LinkedSuite suite = linkFacts(units);
    ASSERT_EQ(suite.tests.size(), 2u);
    for (const LinkedTest &test : suite.tests) {
      if (test.file == "/src/a_test.cc") {
        ASSERT_EQ(test.accesses.size(), 1u);
        EXPECT_EQ(test.accesses[0].access.value, AbstractValue::constant("/src/a_test.err.munged"));
      } else {
        EXPECT_TRUE(test.accesses.empty()) << test.file;
      }
    }
  }
}

TEST(Link, TimingBoundsThroughClockWrappersOfOtherUnitsAreKeptOnlyWhenOneReadsTheClock) {
  // clock_util.cc: long now_ms() { return monotonic_ns() / 1000000; }  (monotonic_ns in time.cc)
  //                int pending() { return queue_size(); }  int spin() { return spin(); }
  TranslationUnitFacts util;
  util.mainFile = "/src/clock_util.cc";
  Function nowMs{"c:@F@now_ms", "now_ms", at("/src/clock_util.cc", 1)};
  nowMs.returnsClockThrough = {"c:@F@monotonic_ns"};
  Function pending{"c:@F@pending", "pending", at("/src/clock_util.cc", 2)};
  pending.returnsClockThrough = {"c:@F@queue_size"};
  Function spin{"c:@F@spin", "spin", at("/src/clock_util.cc", 3)};
  spin.returnsClockThrough = {"c:@F@spin"};
  util.functions = {nowMs, pending, spin};
  TranslationUnitFacts time;
  time.mainFile = "/src/time.cc";
  Function monotonic{"c:@F@monotonic_ns", "monotonic_ns", at("/src/time.cc", 1)};
  monotonic.returnsClock = true;
  Function queueSize{"c:@F@queue_size", "queue_size", at("/src/time.cc", 2)};
  time.functions = {monotonic, queueSize};
  // a_test.cc: EXPECT_LT(now_ms() - t0, 50); EXPECT_LT(pending(), 5); EXPECT_LT(spin(), 5); EXPECT_LT(gone(), 5);
  TranslationUnitFacts tests;
  tests.mainFile = "/src/a_test.cc";
  tests.tests.push_back({"gtest", "T", "Fast", at("/src/a_test.cc", 5), "c:@fast", {}});
  Function body{"c:@fast", "Fast", at("/src/a_test.cc", 5)};
  for (const char *callee : {"c:@F@now_ms", "c:@F@pending", "c:@F@spin", "c:@F@gone"}) {
    Access bound{ResourceKind::Clock, AccessMode::Read, AbstractValue::constant("wall-clock"),
                 at("/src/a_test.cc", 6 + static_cast<unsigned>(body.accesses.size())), "EXPECT_LT"};
    bound.clockThrough = {callee};
    body.accesses.push_back(bound);
  }
  tests.functions.push_back(body);

  LinkedSuite suite = linkFacts({tests, util, time});
  ASSERT_EQ(suite.tests.size(), 1u);
  const std::vector<ReachedAccess> &accesses = suite.tests[0].accesses;
  ASSERT_EQ(accesses.size(), 1u); // a count, a recursion and a function no TU defines are no clock
  EXPECT_EQ(accesses[0].access.location, at("/src/a_test.cc", 6));
  EXPECT_TRUE(accesses[0].access.clockThrough.empty()); // settled
}

TEST(Link, ReturnValuesFlowAcrossTranslationUnits) {
  // filename.cc: std::string LogFileName(const std::string &db) { return db + "/LOG"; }
  //              std::string TestDb() { return DbRoot() + "/db"; }   (DbRoot in yet another TU)
  //              std::string Loop() { return Loop(); }
  TranslationUnitFacts library;
  library.mainFile = "/src/filename.cc";
  Function logFileName{"c:@F@LogFileName", "LogFileName", at("/src/filename.cc", 1)};
  logFileName.returnValue = concat(AbstractValue::param(0), AbstractValue::constant("/LOG"));
  Function testDb{"c:@F@TestDb", "TestDb", at("/src/filename.cc", 2)};
  testDb.returnValue = concat(resultPlaceholder(0), AbstractValue::constant("/db"));
  Function loop{"c:@F@Loop", "Loop", at("/src/filename.cc", 3)};
  loop.returnValue = resultPlaceholder(1);
  library.functions = {logFileName, testDb, loop};
  library.callResults = {{"c:@F@DbRoot", "DbRoot()", {}, {}}, {"c:@F@Loop", "Loop()", {}, {}}};
  TranslationUnitFacts root;
  root.mainFile = "/src/root.cc";
  Function dbRoot{"c:@F@DbRoot", "DbRoot", at("/src/root.cc", 1)};
  dbRoot.returnValue = AbstractValue::constant("/tmp/leveldbtest");
  root.functions = {dbRoot};
  // db_test.cc: ofstream(LogFileName(TestDb())); ofstream(LogFileName(Loop())); ofstream(Unknown());
  TranslationUnitFacts tests;
  tests.mainFile = "/src/db_test.cc";
  tests.tests.push_back({"gtest", "Db", "Log", at("/src/db_test.cc", 5), "c:@log", {}});
  tests.callResults = {{"c:@F@TestDb", "TestDb()", {}, {}},
                       {"c:@F@LogFileName", "LogFileName(TestDb())", {resultPlaceholder(0)}, {}},
                       {"c:@F@Loop", "Loop()", {}, {}},
                       {"c:@F@LogFileName", "LogFileName(Loop())", {resultPlaceholder(2)}, {}},
                       {"c:@F@Unknown", "Unknown()", {}, {}}};
  tests.functions.push_back({"c:@log", "Log", at("/src/db_test.cc", 5),
                             {write(resultPlaceholder(1), at("/src/db_test.cc", 6)),
                              write(resultPlaceholder(3), at("/src/db_test.cc", 7)),
                              write(resultPlaceholder(4), at("/src/db_test.cc", 8))}});

  LinkedSuite suite = linkFacts({tests, library, root});
  ASSERT_EQ(suite.tests.size(), 1u);
  const std::vector<ReachedAccess> &accesses = suite.tests[0].accesses;
  ASSERT_EQ(accesses.size(), 3u);
  EXPECT_EQ(accesses[0].access.value, AbstractValue::constant("/tmp/leveldbtest/db/LOG"));
  // A recursive return and a function no TU defines stay unknown.
  EXPECT_EQ(accesses[1].access.value.kind, ValueKind::Unknown);
  EXPECT_EQ(accesses[2].access.value, AbstractValue::unknown("Unknown()"));
}

TEST(Link, EachCallerKeepsItsOwnValuesThroughHelpersAndReturnsOfOtherUnits) {
  // paths.cc: std::string DataFile(const std::string &dir) { return dir + "/data"; }
  TranslationUnitFacts library;
  library.mainFile = "/src/paths.cc";
  Function dataFile{"c:@F@DataFile", "DataFile", at("/src/paths.cc", 1)};
  dataFile.returnValue = concat(AbstractValue::param(0), AbstractValue::constant("/data"));
  library.functions = {dataFile};
  // chain_test.cc: write(p) { ofstream(p); }  under(n, dir) { write(DataFile(dir)); }
  //                prepare(dir) { under(dir.size(), dir); }
  // Fixed: prepare("/tmp/fixed"); Own: prepare(mkdtemp(...)); Direct: ofstream(DataFile("/tmp/direct"))
  TranslationUnitFacts tests;
  tests.mainFile = "/src/chain_test.cc";
  const std::string file = tests.mainFile;
  // {result:0} is DataFile(dir) seen from under(): dir is under's parameter 1.
  tests.callResults = {{"c:@F@DataFile", "DataFile(dir)", {AbstractValue::param(1)}, {}},
                       {"c:@F@DataFile", "DataFile(\"/tmp/direct\")", {AbstractValue::constant("/tmp/direct")}, {}}};
  tests.functions = {
      {"c:@write", "write", at(file, 1), {write(AbstractValue::param(0), at(file, 2))}},
      {"c:@under", "under", at(file, 3), {}, {{"c:@write", "write", at(file, 4), {resultPlaceholder(0)}}}},
      {"c:@prepare", "prepare", at(file, 5), {},
       {{"c:@under", "under", at(file, 6), {AbstractValue::unknown("dir.size()"), AbstractValue::param(0)}}}},
      {"c:@fixed", "Fixed", at(file, 10), {},
       {{"c:@prepare", "prepare", at(file, 11), {AbstractValue::constant("/tmp/fixed")}}}},
      {"c:@own", "Own", at(file, 12), {},
       {{"c:@prepare", "prepare", at(file, 13), {AbstractValue::unique("mkdtemp()")}}}},
      {"c:@direct", "Direct", at(file, 14), {write(resultPlaceholder(1), at(file, 15))}}};
  tests.tests = {{"gtest", "Chain", "Fixed", at(file, 10), "c:@fixed", {}},
                 {"gtest", "Chain", "Own", at(file, 12), "c:@own", {}},
                 {"gtest", "Chain", "Direct", at(file, 14), "c:@direct", {}}};
  // Whichever unit (and so whichever call) fills the return cache first, no
  // caller's argument stays in it: each test sees only its own value.
  for (const auto &units : {std::vector<TranslationUnitFacts>{tests, library},
                            std::vector<TranslationUnitFacts>{library, tests}}) {
    LinkedSuite suite = linkFacts(units);
    ASSERT_EQ(suite.tests.size(), 3u);
    std::map<std::string, std::vector<AbstractValue>> written;
    for (const LinkedTest &test : suite.tests)
      for (const ReachedAccess &reached : test.accesses)
        written[test.test.name].push_back(reached.access.value);
    EXPECT_EQ(written["Fixed"], std::vector<AbstractValue>{AbstractValue::constant("/tmp/fixed/data")});
    ASSERT_EQ(written["Own"].size(), 1u);
    EXPECT_EQ(written["Own"][0].kind, ValueKind::Unique);
    EXPECT_EQ(written["Direct"], std::vector<AbstractValue>{AbstractValue::constant("/tmp/direct/data")});
  }
}

TEST(Link, OutParametersOfOtherUnitsAreFilledPerCall) {
  // temp.cc: void TempFile(char *buf) { ...mkstemp(buf); }  void Suffix(std::string &p) { p += ".log"; }
  //          void Peek(char *buf) { puts(buf); }   (writes nothing)
  TranslationUnitFacts library;
  library.mainFile = "/src/temp.cc";
  Function tempFile{"c:@F@TempFile", "TempFile", at("/src/temp.cc", 1)};
  tempFile.outputs = {{0, AbstractValue::unique("buf")}};
  Function suffix{"c:@F@Suffix", "Suffix", at("/src/temp.cc", 2)};
  suffix.outputs = {{0, concat(AbstractValue::param(0), AbstractValue::constant(".log"))}};
  Function peek{"c:@F@Peek", "Peek", at("/src/temp.cc", 3), {}, {{"c:@F@puts", "puts", at("/src/temp.cc", 3), {}}}};
  library.functions = {tempFile, suffix, peek};
  // t.cc: TempFile(a); fopen(a); Suffix(b = "/tmp/b"); fopen(b); Suffix(c = "/tmp/c"); fopen(c);
  //       Peek(d = "/tmp/d"); fopen(d); Missing(e); fopen(e)
  TranslationUnitFacts tests;
  tests.mainFile = "/src/t.cc";
  tests.callResults = {{"c:@F@TempFile", "TempFile(a)", {AbstractValue::unknown("a")}, {}, 0u},
                       {"c:@F@Suffix", "Suffix(b)", {AbstractValue::constant("/tmp/b")}, {}, 0u},
                       {"c:@F@Suffix", "Suffix(c)", {AbstractValue::constant("/tmp/c")}, {}, 0u},
                       {"c:@F@Peek", "Peek(d)", {AbstractValue::constant("/tmp/d")}, {}, 0u},
                       {"c:@F@Missing", "Missing(e)", {AbstractValue::unknown("e")}, {}, 0u}};
  Function body{"c:@t", "T", at("/src/t.cc", 1)};
  for (unsigned index = 0; index < tests.callResults.size(); ++index)
    body.accesses.push_back(write(resultPlaceholder(index), at("/src/t.cc", 2 + index)));
  tests.functions = {body};
  tests.tests = {{"gtest", "Out", "T", at("/src/t.cc", 1), "c:@t", {}}};
  LinkedSuite suite = linkFacts({tests, library});
  ASSERT_EQ(suite.tests.size(), 1u);
  const std::vector<ReachedAccess> &accesses = suite.tests[0].accesses;
  ASSERT_EQ(accesses.size(), 5u);
  EXPECT_EQ(accesses[0].access.value.kind, ValueKind::Unique);
  EXPECT_EQ(accesses[1].access.value, AbstractValue::constant("/tmp/b.log"));
  EXPECT_EQ(accesses[2].access.value, AbstractValue::constant("/tmp/c.log"));
  // A callee that writes nothing leaves the argument; one no TU defines is unknown.
  EXPECT_EQ(accesses[3].access.value, AbstractValue::constant("/tmp/d"));
  EXPECT_EQ(accesses[4].access.value, AbstractValue::unknown("Missing(e)"));
}

TEST(Link, AccessesThatShareNothingOnceResolvedAreDropped) {
  // open_log(path) { fopen(path) } called with "/dev/null" and with "/tmp/log".
  TranslationUnitFacts unit;
  unit.mainFile = "/src/log_test.cpp";
  unit.functions.push_back({"c:@open_log", "open_log", at("/src/log_test.cpp", 1),
                            {write(AbstractValue::param(0), at("/src/log_test.cpp", 2))}});
  unit.functions.push_back({"c:@t", "T", at("/src/log_test.cpp", 5), {},
                            {{"c:@open_log", "open_log", at("/src/log_test.cpp", 6), {AbstractValue::constant("/dev/null")}},
                             {"c:@open_log", "open_log", at("/src/log_test.cpp", 7), {AbstractValue::constant("/tmp/log")}}}});
  unit.tests.push_back({"gtest", "Log", "T", at("/src/log_test.cpp", 5), "c:@t", {}});
  LinkedSuite suite = linkFacts({unit}, {}, [](ResourceKind, const AbstractValue &value) {
    return value == AbstractValue::constant("/dev/null");
  });
  ASSERT_EQ(suite.tests.size(), 1u);
  ASSERT_EQ(suite.tests[0].accesses.size(), 1u);
  EXPECT_EQ(suite.tests[0].accesses[0].access.value, AbstractValue::constant("/tmp/log"));
}

TEST(Link, SingletonStateIsWhatTheTestsOwnSetUpAssigned) {
  // settings.h: struct Settings { std::string dir = "/tmp/app"; void set_dir(std::string d) { dir = d; } };
  // store.cpp:  void save() { ofstream(Settings::instance().dir + "/s.json"); }
  TranslationUnitFacts library;
  library.mainFile = "/src/store.cpp";
  library.initialValues.emplace_back("Settings::dir", AbstractValue::constant("/tmp/app"));
  library.functions.push_back({"c:@set_dir", "Settings::set_dir", at("/src/settings.h", 3), {}, {},
                               {{"Settings::dir", AbstractValue::param(0), at("/src/settings.h", 3)}}});
  library.functions.push_back({"c:@save", "save", at("/src/store.cpp", 1),
                               {write(concat(globalPlaceholder("Settings::dir"), AbstractValue::constant("/s.json")),
                                      at("/src/store.cpp", 2))},
                               {}});
  // isolated_test.cpp: the fixture's SetUp points the singleton at mkdtemp(),
  // TearDown puts the default back; shared_test.cpp does nothing of the kind.
  TranslationUnitFacts isolated;
  isolated.mainFile = "/src/isolated_test.cpp";
  isolated.functions.push_back({"c:@SetUp", "Isolated::SetUp", at("/src/isolated_test.cpp", 3), {},
                                {{"c:@set_dir", "Settings::set_dir", at("/src/isolated_test.cpp", 3),
                                  {AbstractValue::unique("mkdtemp()")}}}});
  isolated.functions.push_back({"c:@TearDown", "Isolated::TearDown", at("/src/isolated_test.cpp", 4), {},
                                {{"c:@set_dir", "Settings::set_dir", at("/src/isolated_test.cpp", 4),
                                  {AbstractValue::constant("/tmp/app")}}}});
  isolated.functions.push_back({"c:@iso", "Saves", at("/src/isolated_test.cpp", 6), {},
                                {{"c:@save", "save", at("/src/isolated_test.cpp", 6), {}}}});
  isolated.tests.push_back({"gtest", "Isolated", "Saves", at("/src/isolated_test.cpp", 6), "c:@iso",
                            {"c:@SetUp", "c:@TearDown"}});
  TranslationUnitFacts shared;
  shared.mainFile = "/src/shared_test.cpp";
  shared.functions.push_back({"c:@sh", "Saves", at("/src/shared_test.cpp", 2), {},
                              {{"c:@save", "save", at("/src/shared_test.cpp", 2), {}}}});
  shared.tests.push_back({"gtest", "Shared", "Saves", at("/src/shared_test.cpp", 2), "c:@sh", {}});

  LinkedSuite suite = linkFacts({isolated, shared, library}, {"/src/isolated_test.cpp", "/src/shared_test.cpp"});
  ASSERT_EQ(suite.tests.size(), 2u);
  ASSERT_EQ(suite.tests[0].accesses.size(), 1u);
  EXPECT_EQ(suite.tests[0].accesses[0].access.value.kind, ValueKind::Unique);
  ASSERT_EQ(suite.tests[1].accesses.size(), 1u);
  EXPECT_EQ(suite.tests[1].accesses[0].access.value, AbstractValue::constant("/tmp/app/s.json"));
}

TEST(Link, WhatMainAssignsBeforeTheTestsIsWhatTheyRead) {
  // int main(int argc, char **argv) { g_root = argv[1]; return RUN_ALL_TESTS(); }
  TranslationUnitFacts unit;
  unit.mainFile = "/src/m_test.cpp";
  unit.initialValues.emplace_back("g_root", AbstractValue::constant(""));
  unit.functions.push_back({"c:@F@main", "main", at("/src/m_test.cpp", 9), {}, {},
                            {{"g_root", AbstractValue::unknown("argv[1]"), at("/src/m_test.cpp", 10)}}});
  unit.functions.push_back({"c:@t", "T", at("/src/m_test.cpp", 2),
                            {write(concat(globalPlaceholder("g_root"), AbstractValue::constant("/dump")),
                                   at("/src/m_test.cpp", 3))},
                            {}});
  unit.tests.push_back({"gtest", "M", "T", at("/src/m_test.cpp", 2), "c:@t", {}});
  LinkedSuite suite = linkFacts({unit});
  ASSERT_EQ(suite.tests.at(0).accesses.size(), 1u);
  EXPECT_EQ(suite.tests[0].accesses[0].access.value.kind, ValueKind::Unknown);
}

TEST(Link, VirtualCallsReachEveryOverrideWithLowerCertainty) {
  // struct Env { virtual void Save(std::string) = 0; };  PosixEnv / FileEnv : Env override Save;
  // MemEnv : PosixEnv overrides it again (an override of an override).
  TranslationUnitFacts unit;
  unit.mainFile = "/src/v_test.cpp";
  unit.functions.push_back({"c:@posix", "PosixEnv::Save", at("/src/v_test.cpp", 2),
                            {write(concat(AbstractValue::param(0), AbstractValue::constant("/CURRENT")),
                                   at("/src/v_test.cpp", 3))},
                            {}, {}, {"c:@env_save"}});
  unit.functions.push_back({"c:@mem", "MemEnv::Save", at("/src/v_test.cpp", 5), {}, {}, {}, {"c:@posix"}});
  CallSite virtualCall{"c:@env_save", "Env::Save", at("/src/v_test.cpp", 8), {AbstractValue::constant("/tmp/db")}};
  virtualCall.isVirtual = true;
  CallSite directCall = virtualCall;
  directCall.isVirtual = false; // Env::Save(...) spelled with its class: no dispatch
  unit.functions.push_back({"c:@t", "T", at("/src/v_test.cpp", 7), {}, {virtualCall}});
  unit.functions.push_back({"c:@u", "U", at("/src/v_test.cpp", 10), {}, {directCall}});
  unit.tests.push_back({"gtest", "V", "T", at("/src/v_test.cpp", 7), "c:@t", {}});
  unit.tests.push_back({"gtest", "V", "U", at("/src/v_test.cpp", 10), "c:@u", {}});
  LinkedSuite suite = linkFacts({unit});
  ASSERT_EQ(suite.tests.at(0).accesses.size(), 1u);
  const ReachedAccess &reached = suite.tests[0].accesses[0];
  EXPECT_EQ(reached.access.value, AbstractValue::constant("/tmp/db/CURRENT"));
  EXPECT_TRUE(reached.throughVirtualCall);
  ASSERT_EQ(reached.callChain.size(), 1u);
  EXPECT_EQ(reached.callChain[0].message, "calls Env::Save, which may run the override PosixEnv::Save");
  EXPECT_TRUE(suite.tests.at(1).accesses.empty());
}

/// Env::Save with PosixEnv and MemEnv overriding it, MemEnv also Env::Sync
/// that calls Save on its own object; memenv.cpp's NewMemEnv() returns a MemEnv.
std::vector<TranslationUnitFacts> envUnits(const CallSite &testCall) {
  TranslationUnitFacts library;
  library.mainFile = "/src/env.cpp";
  library.functions.push_back({"c:@posix", "PosixEnv::Save", at("/src/env.cpp", 2),
                               {write(concat(AbstractValue::param(0), AbstractValue::constant("/CURRENT")),
                                      at("/src/env.cpp", 3))},
                               {}, {}, {"c:@env_save"}});
  library.functions.push_back({"c:@mem", "MemEnv::Save", at("/src/env.cpp", 5), {}, {}, {}, {"c:@env_save"}});
  CallSite ownSave{"c:@env_save", "Env::Save", at("/src/env.cpp", 8), {AbstractValue::constant("/mem/sync")}, true};
  ownSave.isVirtual = true; // Sync() { Save("/mem/sync"); }: on `this`
  library.functions.push_back({"c:@env_sync", "Env::Sync", at("/src/env.cpp", 7), {}, {ownSave}});
  library.functions.push_back(
      {"c:@new_mem", "NewMemEnv", at("/src/env.cpp", 10), {}, {}, {}, {}, objectValue("c:@S@MemEnv")});
  library.classes.push_back({"c:@S@MemEnv", "MemEnv", {{"c:@env_save", "c:@mem"}, {"c:@env_sync", "c:@env_sync"}}});
  library.classes.push_back({"c:@S@PosixEnv", "PosixEnv", {{"c:@env_save", "c:@posix"}}});
  TranslationUnitFacts tests;
  tests.mainFile = "/src/v_test.cpp";
  tests.callResults.push_back({"c:@new_mem", "NewMemEnv()", {}, {}});
  tests.functions.push_back({"c:@t", "T", at("/src/v_test.cpp", 7), {}, {testCall}});
  tests.tests.push_back({"gtest", "V", "T", at("/src/v_test.cpp", 7), "c:@t", {}});
  return {tests, library};
}

TEST(Link, VirtualCallsOnAnObjectOfAKnownClassRunItsOverrideOnly) {
  // NewMemEnv()->Save("/tmp/db"): the factory lives in another TU.
  CallSite call{"c:@env_save", "Env::Save", at("/src/v_test.cpp", 8), {AbstractValue::constant("/tmp/db")}};
  call.isVirtual = true;
  call.receiverObject = resultPlaceholder(0);
  LinkedSuite memory = linkFacts(envUnits(call));
  EXPECT_TRUE(memory.tests.at(0).accesses.empty()); // PosixEnv::Save never runs

  // new PosixEnv: the real file, for certain.
  call.receiverObject = objectValue("c:@S@PosixEnv");
  LinkedSuite posix = linkFacts(envUnits(call));
  ASSERT_EQ(posix.tests.at(0).accesses.size(), 1u);
  const ReachedAccess &reached = posix.tests[0].accesses[0];
  EXPECT_EQ(reached.access.value, AbstractValue::constant("/tmp/db/CURRENT"));
  EXPECT_FALSE(reached.throughVirtualCall);
  ASSERT_EQ(reached.callChain.size(), 1u);
  EXPECT_EQ(reached.callChain[0].message, "calls Env::Save on a PosixEnv, which runs PosixEnv::Save");

  // Nothing known: every override, as a guess.
  call.receiverObject = AbstractValue::unknown("env");
  LinkedSuite unknown = linkFacts(envUnits(call));
  ASSERT_EQ(unknown.tests.at(0).accesses.size(), 1u);
  EXPECT_TRUE(unknown.tests[0].accesses[0].throughVirtualCall);
}

TEST(Link, AnUnidentifiedObjectRunsTheOverrideOfTheOnlyClassTheTestBuilds) {
  // env->Save("/tmp/db") on an Env that came through an options struct the
  // value flow does not follow: what the test's code builds decides.
  CallSite call{"c:@env_save", "Env::Save", at("/src/v_test.cpp", 8), {AbstractValue::constant("/tmp/db")}};
  call.isVirtual = true;
  call.receiverObject = AbstractValue::unknown("options.env");
  auto linkBuilding = [&](std::vector<std::string> testBuilds, std::vector<std::string> helperBuilds) {
    std::vector<TranslationUnitFacts> units = envUnits(call);
    units[0].functions[0].builtClasses = std::move(testBuilds);
    // DefaultEnv(), which the test calls before the virtual call, builds its own.
    units[1].functions.push_back({"c:@default_env", "DefaultEnv", at("/src/env.cpp", 12)});
    units[1].functions.back().builtClasses = std::move(helperBuilds);
    units[0].functions[0].calls.insert(units[0].functions[0].calls.begin(),
                                       CallSite{"c:@default_env", "DefaultEnv", at("/src/v_test.cpp", 7)});
    return linkFacts(units);
  };
  // Only a PosixEnv is ever built (by the helper): its override runs, for certain.
  LinkedSuite posix = linkBuilding({}, {"c:@S@PosixEnv"});
  ASSERT_EQ(posix.tests.at(0).accesses.size(), 1u);
  const ReachedAccess &reached = posix.tests[0].accesses[0];
  EXPECT_EQ(reached.access.value, AbstractValue::constant("/tmp/db/CURRENT"));
  EXPECT_FALSE(reached.throughVirtualCall);
  ASSERT_EQ(reached.callChain.size(), 1u);
  EXPECT_EQ(reached.callChain[0].message,
            "calls Env::Save; the only PosixEnv kind of object the test builds runs PosixEnv::Save");
  // Only a MemEnv: nothing is written.
  EXPECT_TRUE(linkBuilding({"c:@S@MemEnv"}, {}).tests.at(0).accesses.empty());
  // Both, or nothing built: every override, as a guess.
  LinkedSuite both = linkBuilding({"c:@S@MemEnv"}, {"c:@S@PosixEnv"});
  ASSERT_EQ(both.tests.at(0).accesses.size(), 1u);
  EXPECT_TRUE(both.tests[0].accesses[0].throughVirtualCall);
  LinkedSuite none = linkBuilding({}, {});
  ASSERT_EQ(none.tests.at(0).accesses.size(), 1u);
  EXPECT_TRUE(none.tests[0].accesses[0].throughVirtualCall);
}

TEST(Link, TheObjectTravelsThroughHelpersAndThisCalls) {
  // SyncWith(Env *env) { env->Sync(); } called with NewMemEnv(): Sync runs on
  // the MemEnv, and its own Save() call runs MemEnv::Save, not PosixEnv's.
  CallSite helperCall{"c:@sync_with", "SyncWith", at("/src/v_test.cpp", 8), {resultPlaceholder(0)}};
  std::vector<TranslationUnitFacts> units = envUnits(helperCall);
  CallSite sync{"c:@env_sync", "Env::Sync", at("/src/v_test.cpp", 3), {}};
  sync.isVirtual = true;
  sync.receiverObject = AbstractValue::param(0);
  units[0].functions.push_back({"c:@sync_with", "SyncWith", at("/src/v_test.cpp", 2), {}, {sync}});
  EXPECT_TRUE(linkFacts(units).tests.at(0).accesses.empty());

  // The same helper given a PosixEnv reaches the real file through Sync's this-call.
  units[0].functions[0].calls[0].arguments = {objectValue("c:@S@PosixEnv")};
  units[1].classes[1].finalOverriders.emplace_back("c:@env_sync", "c:@env_sync");
  LinkedSuite posix = linkFacts(units);
  ASSERT_EQ(posix.tests.at(0).accesses.size(), 1u);
  EXPECT_EQ(posix.tests[0].accesses[0].access.value, AbstractValue::constant("/mem/sync/CURRENT"));
  EXPECT_FALSE(posix.tests[0].accesses[0].throughVirtualCall);
}

TEST(Link, ReceiverFieldsFollowTheObjectThroughThisCalls) {
  // Store::save() { flush(); }  Store::flush() { ofstream(dir_ + "/s.json"); }
  TranslationUnitFacts unit;
  unit.mainFile = "/src/s_test.cpp";
  unit.functions.push_back({"c:@save", "Store::save", at("/src/s_test.cpp", 1), {},
                            {{"c:@flush", "Store::flush", at("/src/s_test.cpp", 2), {}, /*onThis=*/true, {}}}});
  unit.functions.push_back({"c:@flush", "Store::flush", at("/src/s_test.cpp", 3),
                            {write(concat(fieldPlaceholder("Store::dir_"), AbstractValue::constant("/s.json")),
                                   at("/src/s_test.cpp", 4))},
                            {}});
  unit.functions.push_back({"c:@t", "T", at("/src/s_test.cpp", 6), {},
                            {{"c:@save", "Store::save", at("/src/s_test.cpp", 8), {}, false,
                              {{"Store::dir_", AbstractValue::constant("/tmp/shared")}}}}});
  unit.tests.push_back({"gtest", "S", "T", at("/src/s_test.cpp", 6), "c:@t", {}});
  LinkedSuite suite = linkFacts({unit});
  ASSERT_EQ(suite.tests.at(0).accesses.size(), 1u);
  EXPECT_EQ(suite.tests[0].accesses[0].access.value, AbstractValue::constant("/tmp/shared/s.json"));
  EXPECT_EQ(suite.tests[0].accesses[0].callChain.size(), 2u);
}

TEST(Link, FixtureMethodsBelongToEveryTestOfTheFixture) {
  TranslationUnitFacts unit;
  unit.mainFile = "/src/f_test.cpp";
  unit.functions.push_back({"c:@TearDown", "Fx::TearDown", at("/src/f_test.cpp", 3),
                            {{ResourceKind::Path, AccessMode::Delete, AbstractValue::constant("/tmp/s"), at("/src/f_test.cpp", 4), "remove_all", true}},
                            {}});
  unit.functions.push_back({"c:@a", "A", at("/src/f_test.cpp", 8), {}, {}});
  unit.functions.push_back({"c:@b", "B", at("/src/f_test.cpp", 9), {}, {}});
  unit.tests.push_back({"gtest", "Fx", "A", at("/src/f_test.cpp", 8), "c:@a", {"c:@TearDown"}});
  unit.tests.push_back({"gtest", "Fx", "B", at("/src/f_test.cpp", 9), "c:@b", {"c:@TearDown"}});
  LinkedSuite suite = linkFacts({unit});
  for (const LinkedTest &test : suite.tests) {
    ASSERT_EQ(test.accesses.size(), 1u) << test.test.fullName();
    EXPECT_EQ(test.accesses[0].access.mode, AccessMode::Delete);
    ASSERT_EQ(test.accesses[0].callChain.size(), 1u);
    EXPECT_NE(test.accesses[0].callChain[0].message.find("Fx::TearDown"), std::string::npos);
    EXPECT_TRUE(test.accesses[0].afterTest) << "TearDown runs after the test";
  }
}

TEST(Link, SetUpAndBodyRunBeforeTheTestEnds) {
  TranslationUnitFacts unit;
  unit.mainFile = "/src/f_test.cpp";
  unit.functions.push_back({"c:@SetUp", "Fx::SetUp", at("/src/f_test.cpp", 3),
                            {{ResourceKind::Global, AccessMode::Write, AbstractValue::constant("g"), at("/src/f_test.cpp", 4), "write"}},
                            {}});
  unit.functions.push_back({"c:@a", "A", at("/src/f_test.cpp", 8),
                            {{ResourceKind::Global, AccessMode::Read, AbstractValue::constant("g"), at("/src/f_test.cpp", 9), "read"}},
                            {}});
  unit.tests.push_back({"gtest", "Fx", "A", at("/src/f_test.cpp", 8), "c:@a", {"c:@SetUp"}});
  LinkedSuite suite = linkFacts({unit});
  ASSERT_EQ(suite.tests.at(0).accesses.size(), 2u);
  for (const ReachedAccess &reached : suite.tests[0].accesses)
    EXPECT_FALSE(reached.afterTest) << reached.access.location.line;
}

ConcurrencyEvent event(ConcurrencyEventKind kind, SourceLocation where, std::string api, AbstractValue amount = {},
                       uint64_t unitNanoseconds = 0) {
  return {kind, std::move(where), std::move(api), std::move(amount), unitNanoseconds};
}

std::vector<ReachedEvent> reachedEvents(const std::vector<ConcurrencyEvent> &events) {
  std::vector<ReachedEvent> reached;
  for (const ConcurrencyEvent &e : events)
    reached.push_back({e, {}, false});
  return reached;
}

constexpr uint64_t Millisecond = 1000000;

TEST(SleepWait, AStartThenSleepsThenAnAssertionWithTheirTotalAndTheMargin) {
  const std::string f = "/src/t.cpp";
  std::vector<ReachedEvent> events = reachedEvents({
      event(ConcurrencyEventKind::Sleep, at(f, 1), "sleep_for", AbstractValue::constant("5"), Millisecond), // before any start
      event(ConcurrencyEventKind::Delay, at(f, 2), "flush_every", AbstractValue::constant("1"), 1000 * Millisecond),
      event(ConcurrencyEventKind::WorkerStart, at(f, 2), "std::thread::thread"),
      event(ConcurrencyEventKind::Sleep, at(f, 3), "sleep_for", AbstractValue::constant("1000"), Millisecond),
      event(ConcurrencyEventKind::Sleep, at(f, 4), "usleep", AbstractValue::constant("250000"), 1000),
      event(ConcurrencyEventKind::Assertion, at(f, 5), "REQUIRE"),
      event(ConcurrencyEventKind::Assertion, at(f, 6), "REQUIRE"), // the same wait: one finding
  });
  std::vector<FoundSleepWait> found = findSleepWaits(events);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].sleep, 4u);
  const SleepWait &wait = found[0].wait;
  EXPECT_EQ(wait.worker, "std::thread::thread");
  EXPECT_EQ(wait.workerLocation, at(f, 2));
  EXPECT_EQ(wait.milliseconds, 1250u);
  EXPECT_EQ(wait.delayMilliseconds, 1000u);
  EXPECT_EQ(wait.marginMilliseconds(), 250u);
  EXPECT_EQ(wait.assertion, "REQUIRE");
  EXPECT_EQ(wait.assertionLocation, at(f, 5));
}

TEST(SleepWait, AWaitBetweenTheSleepAndTheAssertionOrNoStartIsNoFinding) {
  const std::string f = "/src/t.cpp";
  AbstractValue hundred = AbstractValue::constant("100");
  EXPECT_TRUE(findSleepWaits(reachedEvents({
                                 event(ConcurrencyEventKind::WorkerStart, at(f, 1), "std::async"),
                                 event(ConcurrencyEventKind::Sleep, at(f, 2), "sleep_for", hundred, Millisecond),
                                 event(ConcurrencyEventKind::Wait, at(f, 3), "std::future::get"),
                                 event(ConcurrencyEventKind::Assertion, at(f, 4), "EXPECT_EQ"),
                             }))
                  .empty());
  EXPECT_TRUE(findSleepWaits(reachedEvents({
                                 event(ConcurrencyEventKind::Sleep, at(f, 2), "sleep_for", hundred, Millisecond),
                                 event(ConcurrencyEventKind::Assertion, at(f, 4), "EXPECT_EQ"),
                             }))
                  .empty());
  // An unknown length leaves the margin unknown.
  std::vector<FoundSleepWait> unknown = findSleepWaits(reachedEvents({
      event(ConcurrencyEventKind::WorkerStart, at(f, 1), "pthread_create"),
      event(ConcurrencyEventKind::Sleep, at(f, 2), "nanosleep", AbstractValue::unknown("<duration>")),
      event(ConcurrencyEventKind::Assertion, at(f, 4), "assert"),
  }));
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].wait.milliseconds, std::nullopt);
  EXPECT_EQ(unknown[0].wait.marginMilliseconds(), std::nullopt);
}

TEST(Link, ASleepWaitIsFoundAcrossHelpersInTheOrderTheTestRunsThem) {
  // support.cpp: void start() { std::thread t(...); }  void nap(unsigned ms) { sleep_for(milliseconds(ms)); }
  //              void finish() { t.join(); }
  const std::string s = "/src/support.cpp", t = "/src/a_test.cpp";
  TranslationUnitFacts support;
  support.mainFile = s;
  Function start{"c:@start", "start", at(s, 1)};
  start.concurrency = {event(ConcurrencyEventKind::WorkerStart, at(s, 2), "std::thread::thread")};
  Function nap{"c:@nap", "nap", at(s, 4)};
  nap.concurrency = {event(ConcurrencyEventKind::Sleep, at(s, 5), "std::this_thread::sleep_for",
                           AbstractValue::param(0), Millisecond)};
  Function finish{"c:@finish", "finish", at(s, 7)};
  finish.concurrency = {event(ConcurrencyEventKind::Wait, at(s, 8), "std::thread::join")};
  support.functions = {start, nap, finish};
  // a_test.cpp: Racy: start(); nap(100); EXPECT; finish();
  //             Joined: start(); nap(100); finish(); EXPECT;
  //             Restarted: start(); finish(); start(); nap(100); EXPECT: the second start() is the same call
  //             with the same values, reached again in place.
  TranslationUnitFacts tests;
  tests.mainFile = t;
  tests.tests.push_back({"gtest", "W", "Racy", at(t, 1), "c:@racy", {}});
  tests.tests.push_back({"gtest", "W", "Joined", at(t, 10), "c:@joined", {}});
  tests.tests.push_back({"gtest", "W", "Restarted", at(t, 20), "c:@restarted", {}});
  auto call = [&](const std::string &usr, unsigned line, std::vector<AbstractValue> arguments = {}) {
    return CallSite{usr, usr.substr(3), at(t, line), std::move(arguments)};
  };
  AbstractValue hundred = AbstractValue::constant("100");
  Function racy{"c:@racy", "Racy", at(t, 1), {}, {call("c:@start", 2), call("c:@nap", 3, {hundred}), call("c:@finish", 5)}};
  racy.concurrency = {event(ConcurrencyEventKind::Assertion, at(t, 4), "EXPECT_EQ")};
  Function joined{"c:@joined", "Joined", at(t, 10), {},
                  {call("c:@start", 11), call("c:@nap", 12, {hundred}), call("c:@finish", 13)}};
  joined.concurrency = {event(ConcurrencyEventKind::Assertion, at(t, 14), "EXPECT_EQ")};
  Function restarted{"c:@restarted", "Restarted", at(t, 20), {},
                     {call("c:@start", 21), call("c:@finish", 22), call("c:@start", 23), call("c:@nap", 24, {hundred})}};
  restarted.concurrency = {event(ConcurrencyEventKind::Assertion, at(t, 25), "EXPECT_EQ")};
  tests.functions = {racy, joined, restarted};

  LinkedSuite suite = linkFacts({tests, support});
  ASSERT_EQ(suite.tests.size(), 3u);
  auto sleepWaits = [](const LinkedTest &test) {
    std::vector<const ReachedAccess *> found;
    for (const ReachedAccess &reached : test.accesses)
      if (reached.sleepWait)
        found.push_back(&reached);
    return found;
  };
  std::vector<const ReachedAccess *> racyWaits = sleepWaits(suite.tests[0]);
  ASSERT_EQ(racyWaits.size(), 1u);
  const ReachedAccess &found = *racyWaits[0];
  EXPECT_EQ(found.access.resource, ResourceKind::Clock);
  EXPECT_EQ(found.access.location, at(s, 5));
  EXPECT_EQ(found.access.api, "std::this_thread::sleep_for");
  ASSERT_EQ(found.callChain.size(), 1u);
  EXPECT_EQ(found.callChain[0].location, at(t, 3));
  EXPECT_EQ(found.sleepWait->milliseconds, 100u); // the caller's argument
  EXPECT_EQ(found.sleepWait->workerLocation, at(s, 2));
  EXPECT_EQ(found.sleepWait->assertionLocation, at(t, 4));
  EXPECT_TRUE(sleepWaits(suite.tests[1]).empty());
  std::vector<const ReachedAccess *> restartedWaits = sleepWaits(suite.tests[2]);
  ASSERT_EQ(restartedWaits.size(), 1u);
  EXPECT_EQ(restartedWaits[0]->callChain.at(0).location, at(t, 24));
}

TEST(Link, ASleepHelperCalledInALoopPolls) {
  // start(); while (!done()) nap(10); EXPECT: the loop re-checks, it is the fix.
  const std::string t = "/src/poll_test.cpp";
  TranslationUnitFacts unit;
  unit.mainFile = t;
  Function start{"c:@start", "start", at(t, 1)};
  start.concurrency = {event(ConcurrencyEventKind::WorkerStart, at(t, 2), "pthread_create")};
  Function nap{"c:@nap", "nap", at(t, 4)};
  nap.concurrency = {event(ConcurrencyEventKind::Sleep, at(t, 5), "usleep", AbstractValue::param(0), 1000)};
  CallSite polling{"c:@nap", "nap", at(t, 12), {AbstractValue::constant("10000")}};
  polling.inLoop = true;
  Function body{"c:@poll", "Poll", at(t, 10), {}, {{"c:@start", "start", at(t, 11)}, polling}};
  body.concurrency = {event(ConcurrencyEventKind::Assertion, at(t, 13), "EXPECT_TRUE")};
  unit.functions = {start, nap, body};
  unit.tests.push_back({"gtest", "P", "Poll", at(t, 10), "c:@poll", {}});
  LinkedSuite suite = linkFacts({unit});
  ASSERT_EQ(suite.tests.size(), 1u);
  EXPECT_TRUE(std::none_of(suite.tests[0].accesses.begin(), suite.tests[0].accesses.end(),
                           [](const ReachedAccess &reached) { return reached.sleepWait.has_value(); }));
}

TEST(Link, RecursionTerminates) {
  TranslationUnitFacts unit;
  unit.mainFile = "/src/r_test.cpp";
  unit.functions.push_back({"c:@rec", "rec", at("/src/r_test.cpp", 1),
                            {write(AbstractValue::constant("/tmp/r"), at("/src/r_test.cpp", 2))},
                            {{"c:@rec", "rec", at("/src/r_test.cpp", 3), {}}}});
  unit.functions.push_back({"c:@t", "T", at("/src/r_test.cpp", 5), {}, {{"c:@rec", "rec", at("/src/r_test.cpp", 6), {}}}});
  unit.tests.push_back({"gtest", "R", "T", at("/src/r_test.cpp", 5), "c:@t", {}});
  LinkedSuite suite = linkFacts({unit});
  ASSERT_EQ(suite.tests.size(), 1u);
  EXPECT_EQ(suite.tests[0].accesses.size(), 1u);
}

TEST(Link, PartialUnitsAreMarked) {
  TranslationUnitFacts unit;
  unit.mainFile = "/src/p_test.cpp";
  unit.parsedCleanly = false;
  unit.diagnostics.push_back({"error", "unknown type name 'Foo'", at("/src/p_test.cpp", 3), "/src/p_test.cpp"});
  unit.tests.push_back({"gtest", "P", "T", at("/src/p_test.cpp", 5), "c:@p", {}});
  LinkedSuite suite = linkFacts({unit});
  ASSERT_EQ(suite.files.size(), 1u);
  EXPECT_TRUE(suite.files[0].partial);
  EXPECT_EQ(suite.diagnostics.size(), 1u);
}

/// Two plain test programs and the library both link: each program defines
/// its own `Prepare()` (one USR, two bodies), its own override of the
/// library's virtual `Store::Save`, its own `RootDir()` whose result the test
/// uses, and its own initial value of the global `g_work`.
struct TwoPrograms {
  TranslationUnitFacts library, fixed, isolated;
  ProgramStructure structure;

  TwoPrograms() {
    // library.cc: void Store::Save() (virtual, nothing of its own);
    // void Archive(std::string dir) { ofstream(dir + "/archive"); }
    library.mainFile = "/src/library.cc";
    library.functions.push_back({"c:@S@Store@F@Save#", "Store::Save", at("/src/library.cc", 1)});
    library.functions.push_back({"c:@F@Archive", "Archive", at("/src/library.cc", 3),
                                 {write(concat(AbstractValue::param(0), AbstractValue::constant("/archive")),
                                        at("/src/library.cc", 4))}});
    fixed = program("/src/fixed_test.cc", AbstractValue::constant("/tmp/fixed"));
    isolated = program("/src/isolated_test.cc", AbstractValue::unique("mkdtemp()"));
    structure.origin = "cmake-file-api";
    structure.targets.push_back({.name = "store", .sources = {"/src/library.cc"}});
    structure.targets.push_back({.name = "fixed_test", .executable = true, .sources = {"/src/fixed_test.cc"},
                                 .dependencies = {0}, .registration = CtestRegistration::OneEntry});
    structure.targets.push_back({.name = "isolated_test", .executable = true, .sources = {"/src/isolated_test.cc"},
                                 .dependencies = {0}});
  }

  /// main() { Prepare(); store->Save(); Archive(RootDir()); ofstream(g_work + "/log"); }
  static TranslationUnitFacts program(const std::string &file, const AbstractValue &directory) {
    TranslationUnitFacts unit;
    unit.mainFile = file;
    unit.initialValues.emplace_back("g_work", directory);
    unit.callResults.push_back({"c:@F@RootDir", "RootDir()", {}, {}});
    Function main{"c:@F@main", "main", at(file, 20), {write(concat(globalPlaceholder("g_work"),
                                                                    AbstractValue::constant("/log")), at(file, 24))},
                  {{"c:@F@Prepare", "Prepare", at(file, 21), {}},
                   {"c:@S@Store@F@Save#", "Store::Save", at(file, 22), {}, false, {}, true},
                   {"c:@F@Archive", "Archive", at(file, 23), {resultPlaceholder(0)}}}};
    main.translationUnitLocal = true;
    Function prepare{"c:@F@Prepare", "Prepare", at(file, 5),
                     {write(concat(directory, AbstractValue::constant("/prepared")), at(file, 6))}};
    Function save{"c:@S@FileStore@F@Save#", "FileStore::Save", at(file, 8),
                  {write(concat(directory, AbstractValue::constant("/saved")), at(file, 9))}};
    save.overrides = {"c:@S@Store@F@Save#"};
    Function root{"c:@F@RootDir", "RootDir", at(file, 11)};
    root.returnValue = directory;
    unit.functions = {main, prepare, save, root};
    unit.tests.push_back({"main", "", file, at(file, 20), "c:@F@main", {}});
    return unit;
  }
};

std::set<std::string> valuesReached(const LinkedTest &test) {
  std::set<std::string> values;
  for (const ReachedAccess &reached : test.accesses)
    values.insert(reached.access.value.kind == ValueKind::Unique ? "<unique>" : reached.access.value.text);
  return values;
}

TEST(Link, EachProgramIsItsOwnWorldForTheCallGraph) {
  TwoPrograms suiteOf;
  // Either order of the units: a program never sees the other's definitions.
  for (const auto &units : {std::vector<TranslationUnitFacts>{suiteOf.library, suiteOf.fixed, suiteOf.isolated},
                            std::vector<TranslationUnitFacts>{suiteOf.isolated, suiteOf.fixed, suiteOf.library}}) {
    LinkedSuite suite = linkFacts(units, {}, {}, suiteOf.structure);
    ASSERT_EQ(suite.tests.size(), 2u);
    for (const LinkedTest &test : suite.tests) {
      const LinkedProgram &program = suite.programs.at(test.program);
      if (test.file == "/src/fixed_test.cc") {
        EXPECT_EQ(program.name, "fixed_test");
        EXPECT_EQ(program.registration, CtestRegistration::OneEntry);
        EXPECT_EQ(valuesReached(test), (std::set<std::string>{"/tmp/fixed/prepared", "/tmp/fixed/saved",
                                                              "/tmp/fixed/archive", "/tmp/fixed/log"}));
      } else {
        EXPECT_EQ(program.name, "isolated_test");
        // Its own Prepare, override, RootDir and g_work: all private.
        EXPECT_EQ(valuesReached(test), std::set<std::string>{"<unique>"});
        EXPECT_EQ(test.accesses.size(), 4u);
      }
    }
  }
}

TEST(Link, WithoutAStructureEveryTranslationUnitIsOneProgram) {
  TwoPrograms suiteOf;
  LinkedSuite suite = linkFacts({suiteOf.library, suiteOf.fixed, suiteOf.isolated});
  ASSERT_EQ(suite.programs.size(), 1u);
  EXPECT_EQ(suite.programs[0].name, "");
  ASSERT_EQ(suite.tests.size(), 2u);
  // One world: the isolated program's virtual call may run either override.
  const LinkedTest &isolated = suite.tests[1];
  EXPECT_TRUE(valuesReached(isolated).count("/tmp/fixed/saved"));
}

TEST(Link, ALibraryLinkedIntoSeveralProgramsIsSeenByEach) {
  TwoPrograms suiteOf;
  // Archive() is in the library: both programs reach it with their own root.
  LinkedSuite suite = linkFacts({suiteOf.library, suiteOf.fixed, suiteOf.isolated}, {}, {}, suiteOf.structure);
  ASSERT_EQ(suite.tests.size(), 2u);
  std::map<std::string, AbstractValue> archivedByFile;
  for (const LinkedTest &test : suite.tests)
    for (const ReachedAccess &reached : test.accesses)
      if (reached.access.location == at("/src/library.cc", 4))
        archivedByFile.emplace(test.file, reached.access.value);
  ASSERT_EQ(archivedByFile.size(), 2u);
  EXPECT_EQ(archivedByFile["/src/fixed_test.cc"], AbstractValue::constant("/tmp/fixed/archive"));
  EXPECT_EQ(archivedByFile["/src/isolated_test.cc"].kind, ValueKind::Unique);
}

} // namespace
} // namespace parready
