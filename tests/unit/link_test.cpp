#include "link/Link.h"

#include <gtest/gtest.h>

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

} // namespace
} // namespace parready
