#include "facts/Json.h"
#include "facts/OneLine.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace parready {
namespace {

TEST(AbstractValue, ConcatenationOfConstantsIsConstant) {
  AbstractValue v = concat(AbstractValue::constant("/tmp/"), AbstractValue::constant("x"));
  EXPECT_EQ(v.kind, ValueKind::Const);
  EXPECT_EQ(v.text, "/tmp/x");
}

TEST(AbstractValue, UniquifierWinsOverUnknownAndConstant) {
  AbstractValue v = concat(concat(AbstractValue::unknown("x"), AbstractValue::constant("/")),
                           AbstractValue::unique("getpid()"));
  EXPECT_EQ(v.kind, ValueKind::Unique);
  EXPECT_EQ(concat(AbstractValue::constant("a"), AbstractValue::unknown("b")).kind, ValueKind::Unknown);
}

TEST(AbstractValue, JoinPathInsertsOneSeparatorAndAbsoluteReplaces) {
  EXPECT_EQ(joinPath(AbstractValue::constant("<tmp>"), AbstractValue::constant("a")).text, "<tmp>/a");
  EXPECT_EQ(joinPath(AbstractValue::constant("<tmp>/"), AbstractValue::constant("a")).text, "<tmp>/a");
  EXPECT_EQ(joinPath(AbstractValue::constant("/x"), AbstractValue::constant("/etc/y")).text, "/etc/y");
}

TEST(AbstractValue, ParametersAreSubstitutedByArguments) {
  AbstractValue templ = concat(AbstractValue::param(1), AbstractValue::constant("/report.txt"));
  EXPECT_EQ(templ.kind, ValueKind::Param);
  AbstractValue fixed = substituteParams(templ, {AbstractValue::constant("ignored"), AbstractValue::constant("/tmp/out")});
  EXPECT_EQ(fixed.kind, ValueKind::Const);
  EXPECT_EQ(fixed.text, "/tmp/out/report.txt");
  AbstractValue unique = substituteParams(templ, {AbstractValue::constant(""), AbstractValue::unique("mkdtemp()")});
  EXPECT_EQ(unique.kind, ValueKind::Unique);
  AbstractValue missing = substituteParams(templ, {});
  EXPECT_EQ(missing.kind, ValueKind::Unknown);
}

TEST(AbstractValueTest, GlobalsAreFilledPerTestAndUnknownNamesStay) {
  AbstractValue path = joinPath(globalPlaceholder("Settings::dir"), AbstractValue::constant("s.json"));
  auto resolve = [](const std::string &name) -> std::optional<AbstractValue> {
    if (name == "Settings::dir")
      return AbstractValue::constant("/tmp/app");
    return std::nullopt;
  };
  EXPECT_EQ(substituteGlobals(path, resolve), AbstractValue::constant("/tmp/app/s.json"));
  AbstractValue other = globalPlaceholder("Other::x");
  EXPECT_EQ(substituteGlobals(other, resolve), other);
  // Parameters are not globals, and globals are not parameters.
  EXPECT_EQ(substituteParams(other, {AbstractValue::constant("/x")}), other);
}

TEST(AbstractValueTest, PrivateEntriesKeepTheirFixedDirectory) {
  AbstractValue entry = joinPath(AbstractValue::constant("/tmp/app/sessions"),
                                 concat(AbstractValue::constant("test-"), AbstractValue::unique("random_hex()")));
  EXPECT_EQ(entry.kind, ValueKind::Unique);
  EXPECT_EQ(fixedParentOfUnique(entry), "/tmp/app/sessions");
  EXPECT_EQ(fixedParentOfUnique(AbstractValue::unique("mkdtemp()")), "");
  EXPECT_EQ(fixedParentOfUnique(AbstractValue::constant("/tmp/app/x")), "");
}

TEST(AbstractValueTest, PrivateEntriesOfAFieldsDirectoryGetTheirDirectoryFilledIn) {
  // SessionStore::create: dir_ / make_session_id(), on a store whose dir_ is
  // a singleton's setting. The entry stays private; its directory is shared.
  AbstractValue entry = joinPath(fieldPlaceholder("SessionStore::dir_"), AbstractValue::unique("make_session_id()"));
  EXPECT_EQ(entry.kind, ValueKind::Unique);
  EXPECT_EQ(fixedParentOfUnique(entry), "");
  AbstractValue onReceiver = substituteParams(entry, {}, {{"SessionStore::dir_", globalPlaceholder("Settings::dir")}});
  EXPECT_EQ(onReceiver.kind, ValueKind::Unique);
  AbstractValue resolved = substituteGlobals(onReceiver, [](const std::string &) -> std::optional<AbstractValue> {
    return AbstractValue::constant("/tmp/app/sessions");
  });
  EXPECT_EQ(resolved.kind, ValueKind::Unique);
  EXPECT_EQ(fixedParentOfUnique(resolved), "/tmp/app/sessions");
}

TEST(AbstractValueTest, ResultsAreFilledByTheirIndex) {
  AbstractValue value = concat(resultPlaceholder(1), AbstractValue::constant("/LOG"));
  EXPECT_EQ(value.kind, ValueKind::Param);
  AbstractValue filled = substituteResults(value, [](size_t index) {
    return index == 1 ? AbstractValue::constant("/tmp/db") : AbstractValue::unknown("other");
  });
  EXPECT_EQ(filled, AbstractValue::constant("/tmp/db/LOG"));
  // A result that link cannot resolve makes the value unknown, not constant.
  AbstractValue unresolved = substituteResults(value, [](size_t) { return AbstractValue::unknown("DbName()"); });
  EXPECT_EQ(unresolved.kind, ValueKind::Unknown);
  // Results are not parameters: substituting parameters keeps them.
  EXPECT_EQ(substituteParams(value, {AbstractValue::constant("/x")}), value);
}

TEST(AbstractValueTest, DisplayTextNamesUnfilledPlaceholders) {
  AbstractValue value = concat(joinPath(fieldPlaceholder("Store::dir_"), AbstractValue::param(1)),
                               AbstractValue::constant(".log"));
  EXPECT_EQ(displayText(value), "<Store::dir_>/<argument 1>.log");
  EXPECT_EQ(displayText(AbstractValue::constant("/tmp/app")), "/tmp/app");
}

TEST(Facts, ConcurrencyEventsRoundTripThroughJson) {
  Function function{"c:@F@t", "t", {"/src/t.cpp", 1, 1}};
  function.concurrency = {
      {ConcurrencyEventKind::WorkerStart, {"/src/t.cpp", 2, 3}, "std::thread::thread", {}, 0},
      {ConcurrencyEventKind::Sleep, {"/src/t.cpp", 3, 3}, "usleep", AbstractValue::param(0), 1000},
      {ConcurrencyEventKind::Assertion, {"/src/t.cpp", 4, 3}, "EXPECT_EQ", {}, 0},
  };
  nlohmann::json j = function;
  EXPECT_EQ(j["concurrency"][1]["kind"], "sleep");
  EXPECT_EQ(j["concurrency"][1]["unit_nanoseconds"], 1000);
  EXPECT_FALSE(j["concurrency"][0].contains("amount")) << "only sleeps and delays have a length";
  EXPECT_EQ(j.get<Function>(), function);
}

TEST(Facts, ObjectValuesNameTheirClassAndSurviveSubstitution) {
  AbstractValue mem = objectValue("c:@N@leveldb@S@InMemoryEnv");
  EXPECT_EQ(objectClass(mem), "c:@N@leveldb@S@InMemoryEnv");
  EXPECT_EQ(substituteParams(mem, {AbstractValue::constant("/x")}), mem);
  // A parameter filled with an object is that object.
  EXPECT_EQ(objectClass(substituteParams(AbstractValue::param(0), {mem})), "c:@N@leveldb@S@InMemoryEnv");
  EXPECT_EQ(objectClass(AbstractValue::constant("/tmp/x")), "");
  EXPECT_EQ(objectClass(AbstractValue::unknown("{object:X}")), "");
  EXPECT_EQ(objectClass(concat(mem, AbstractValue::constant("/x"))), "");

  EXPECT_TRUE(dependsOnCaller(concat(AbstractValue::param(0), AbstractValue::constant("/x"))));
  EXPECT_TRUE(dependsOnCaller(fieldPlaceholder("Store::dir_")));
  EXPECT_FALSE(dependsOnCaller(resultPlaceholder(0)));
  EXPECT_FALSE(dependsOnCaller(globalPlaceholder("g_root")));
  EXPECT_FALSE(dependsOnCaller(mem));
  // Only a parameter is what a caller passes in; a field of static storage is not.
  EXPECT_TRUE(dependsOnParameters(concat(AbstractValue::param(1), AbstractValue::constant("/x"))));
  EXPECT_FALSE(dependsOnParameters(fieldPlaceholder("SingletonEnv::storage_")));
  EXPECT_FALSE(dependsOnParameters(mem));
}

TEST(AbstractValueTest, ParentOfAPrivateEntryIsItsDirectory) {
  AbstractValue log = joinPath(AbstractValue::constant("<tmp>/app-logs"),
                               concat(AbstractValue::constant("run-"), AbstractValue::unique("random()")));
  // Only the entry's name is private: the directory every test writes into is not.
  EXPECT_EQ(parentPath(log), AbstractValue::constant("<tmp>/app-logs"));
  AbstractValue insidePrivate = joinPath(AbstractValue::unique("mkdtemp()"), AbstractValue::constant("out/a.log"));
  EXPECT_EQ(parentPath(insidePrivate).kind, ValueKind::Unique);
  AbstractValue underParameter = joinPath(AbstractValue::param(0), AbstractValue::unique("random()"));
  EXPECT_EQ(parentPath(underParameter), AbstractValue::param(0));
  // A helper's parent_path() of its argument, cut once a caller's private entry fills it in.
  EXPECT_EQ(substituteParams(parentPath(AbstractValue::param(0)), {log}), AbstractValue::constant("<tmp>/app-logs"));
}

TEST(FactsJson, RoundTripsEveryField) {
  TranslationUnitFacts facts;
  facts.mainFile = "/src/t.cpp";
  facts.parsedCleanly = false;
  facts.tests.push_back({"gtest", "Suite", "Name", {"/src/t.cpp", 3, 1}, "c:@F@body", {"c:@S@F@F@SetUp#"}});
  Function function;
  function.usr = "c:@F@helper";
  function.name = "helper";
  function.location = {"/src/t.cpp", 10, 6};
  function.accesses.push_back({ResourceKind::Path, AccessMode::Delete, AbstractValue::constant("/tmp/x"),
                               {"/src/t.cpp", 11, 3}, "std::filesystem::remove_all", true, false});
  function.accesses.push_back({ResourceKind::Global, AccessMode::Write, AbstractValue::constant("counter"),
                               {"/src/t.cpp", 12, 3}, "write"});
  function.accesses.back().overwrites = true; // not the default: the round trip must carry it
  function.accesses.push_back({ResourceKind::Clock, AccessMode::Read, AbstractValue::constant("wall-clock"),
                               {"/src/t.cpp", 14, 3}, "EXPECT_LT"});
  function.accesses.back().bound = "150ms";
  function.accesses.back().boundSeconds = 0.15;
  function.accesses.back().clockThrough = {"c:@F@now_ms#"};
  function.accesses.push_back({ResourceKind::Path, AccessMode::Write, AbstractValue::param(0),
                               {"/src/t.cpp", 15, 3}, "fopen"});
  function.accesses.back().modeOperand = AbstractValue::param(1); // link decides the mode per call
  function.accesses.back().modeOperandKind = ModeOperandKind::OpenFlags;
  function.calls.push_back({"c:@F@other", "other", {"/src/t.cpp", 12, 3}, {AbstractValue::param(0)}});
  function.assignments.push_back({"Settings::dir", AbstractValue::param(0), {"/src/t.cpp", 13, 5}});
  function.overrides.push_back("c:@S@Env@F@Save#");
  function.calls.back().isVirtual = true;
  function.calls.back().receiverObject = resultPlaceholder(1);
  function.returnValue = concat(AbstractValue::param(0), resultPlaceholder(0));
  function.outputs.push_back({1, AbstractValue::unique("mkstemp()")});
  function.builtClasses = {"c:@S@MemEnv", "c:@S@PosixEnv"};
  function.translationUnitLocal = true; // not the default: the round trip must carry it
  function.returnsClock = true;
  function.returnsClockThrough = {"c:@F@monotonic_ns#"};
  facts.functions.push_back(function);
  facts.callResults.push_back({"c:@F@name", "name(id)", {AbstractValue::param(1)},
                               {{"Store::dir_", AbstractValue::constant("/tmp/s")}}});
  facts.callResults.push_back({"c:@F@TempFile", "TempFile(buf)", {AbstractValue::unknown("buf")}, {}, 0u});
  facts.initialValues.emplace_back("Settings::dir", AbstractValue::constant("/tmp/app"));
  facts.classes.push_back({"c:@S@MemEnv", "MemEnv", {{"c:@S@Env@F@Save#", "c:@S@MemEnv@F@Save#"}}});
  facts.diagnostics.push_back({"error", "boom", {"/src/t.cpp", 1, 1}, "/src/t.cpp"});
  facts.incompleteCause = IncompleteCause::HeaderErrors;
  facts.skippedTestBlocks.push_back({7, "#if defined(WITH_NET)", 8});

  nlohmann::json j = facts;
  EXPECT_EQ(j["schema"], "parready-facts/9");
  TranslationUnitFacts back = j.get<TranslationUnitFacts>();
  EXPECT_EQ(back, facts);
}

TEST(FactsJson, RejectsAnotherSchemaVersion) {
  nlohmann::json j = TranslationUnitFacts{};
  j["schema"] = "parready-facts/999";
  EXPECT_THROW(j.get<TranslationUnitFacts>(), nlohmann::json::exception);
}

TEST(OptionArrays, AKeyGivesEachPortItsValueLists) {
  AbstractValue options = stringList({AbstractValue::constant("document_root"), AbstractValue::constant("."),
                                      AbstractValue::constant("listening_ports"), AbstractValue::constant("8080r,8443os")});
  OptionLookup ports{"listening_ports", ",", "ors"};
  std::vector<AbstractValue> each = splitAlternatives(optionValue(options, ports));
  ASSERT_EQ(each.size(), 2u);
  EXPECT_EQ(each[0], AbstractValue::constant("8080"));
  EXPECT_EQ(each[1], AbstractValue::constant("8443"));
  // Values are keys only at even places: "." is document_root's value.
  EXPECT_EQ(optionValue(options, {".", "", ""}), AbstractValue::constant(""));
  EXPECT_EQ(optionValue(options, {"num_threads", "", ""}), AbstractValue::constant("")) << "not set";
}

TEST(OptionArrays, RuntimeAndPrivateElementsKeepTheirPlaces) {
  AbstractValue options = stringList({AbstractValue::constant("ssl_certificate"), AbstractValue::unknown("cert"),
                                      AbstractValue::constant("listening_ports"), AbstractValue::unique("port")});
  EXPECT_EQ(optionValue(options, {"ssl_certificate", "", ""}).kind, ValueKind::Unknown);
  EXPECT_EQ(optionValue(options, {"listening_ports", ",", ""}).kind, ValueKind::Unique);
}

TEST(OptionArrays, LookupOnACallersArrayWaitsForTheCaller) {
  OptionLookup ports{"listening_ports", ",", "ors"};
  AbstractValue deferred = optionValue(AbstractValue::param(0), ports);
  EXPECT_EQ(deferred.kind, ValueKind::Param);
  AbstractValue options = stringList({AbstractValue::constant("listening_ports"), AbstractValue::constant("8084,8194r")});
  std::vector<AbstractValue> each = splitAlternatives(substituteParams(deferred, {options}, {}));
  ASSERT_EQ(each.size(), 2u);
  EXPECT_EQ(each[0], AbstractValue::constant("8084"));
  EXPECT_EQ(each[1], AbstractValue::constant("8194"));
}

TEST(Alternatives, DistinctKnownValuesSplitAndRuntimeInputIsUnknown) {
  AbstractValue either = alternatives({AbstractValue::constant("8080"), AbstractValue::constant("127.0.0.1:8080")});
  EXPECT_EQ(splitAlternatives(either).size(), 2u);
  EXPECT_EQ(alternatives({AbstractValue::constant("8080"), AbstractValue::constant("8080")}),
            AbstractValue::constant("8080"));
  EXPECT_EQ(alternatives({AbstractValue::constant("8080"), AbstractValue::unknown("p")}).kind, ValueKind::Unknown);
  EXPECT_EQ(splitAlternatives(AbstractValue::constant("/tmp/x")).size(), 1u);
}

} // namespace
} // namespace parready

TEST(OneLine, ControlCharactersBecomeEscapesAndTheRestIsKept) {
  EXPECT_EQ(parready::oneLine("test 'a\nb'\r\t\x01 \xff"), "test 'a\\nb'\\r\\t\\x01 \xff");
  EXPECT_EQ(parready::oneLine("plain"), "plain");
}

TEST(FactsJson, ANumberOutOfRangeIsRejectedNotCast) {
  // Found by tests/fuzz (facts): a corrupt cache entry must be refused, not read as garbage.
  nlohmann::json location = parready::SourceLocation{"/src/t.cpp", 3, 1};
  for (nlohmann::json bad : {nlohmann::json(2.1e86), nlohmann::json(-1), nlohmann::json(4294967296ULL),
                             nlohmann::json("3")}) {
    location["line"] = bad;
    EXPECT_THROW(location.get<parready::SourceLocation>(), nlohmann::json::exception) << bad.dump();
  }
}
