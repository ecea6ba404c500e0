// ValueEvaluator: the abstract values of paths through variables, helpers and fields.
#include "ExtractTestSupport.h"

namespace parready {
namespace {

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

TEST_F(ExtractTest, HelperParametersStayTemplatesUntilLink) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
void writeReport(int level, const std::string &dir) {
  std::ofstream(dir + "/report.txt");
}
std::string defined_elsewhere(int);
TEST(H, Helper) { std::ofstream(defined_elsewhere(3)); }
)");
  ASSERT_TRUE(facts.parsedCleanly);
  EXPECT_EQ(onlyAccessAt(facts, 11).value, concat(AbstractValue::param(1), AbstractValue::constant("/report.txt")));
  // A helper another TU defines: a {result:N} placeholder and its table entry.
  Access viaOtherTu = onlyAccessAt(facts, 14);
  EXPECT_EQ(viaOtherTu.value, resultPlaceholder(0));
  ASSERT_EQ(facts.callResults.size(), 1u);
  EXPECT_EQ(facts.callResults[0].arguments, std::vector<AbstractValue>{AbstractValue::constant("3")});
}

TEST_F(ExtractTest, CallsIntoOtherUnitsInsideAHelperTakeEachCallersArguments) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
std::string ReportFile(const std::string &dir, int number);
std::string First(const std::string &dir) { return ReportFile(dir, 1); }
void Write(size_t copies, const std::string &dir) { std::ofstream out(First(dir)); }
TEST(C, Fixed) { std::ofstream out(First("/tmp/a")); }
TEST(C, Unique) { char t[] = "/tmp/u-XXXXXX"; mkdtemp(t); std::ofstream out(First(t)); }
)");
  ASSERT_TRUE(facts.parsedCleanly);
  // First's {result:N} names First's parameter; every caller of First gets
  // an entry of its own with its own argument, never First's or another's.
  auto argumentOf = [&](unsigned line) {
    Access access = onlyAccessAt(facts, line);
    for (size_t index = 0; index < facts.callResults.size(); ++index)
      if (access.value == resultPlaceholder(index)) {
        EXPECT_NE(facts.callResults[index].calleeUsr.find("@F@ReportFile"), std::string::npos);
        return facts.callResults[index].arguments.at(0);
      }
    ADD_FAILURE() << "line " << line << ": " << access.value.text;
    return AbstractValue{};
  };
  EXPECT_EQ(argumentOf(12), AbstractValue::param(1));
  EXPECT_EQ(argumentOf(13), AbstractValue::constant("/tmp/a"));
  EXPECT_EQ(argumentOf(14).kind, ValueKind::Unique);
}

TEST_F(ExtractTest, OutParametersCarryWhatTheHelperLeavesInThem) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(#include <cstring>
void TempFile(char *buf) { strcpy(buf, "/tmp/file-XXXXXX"); close(mkstemp(buf)); }
void Fixed(std::string *out, const std::string &name) { *out = "/tmp/" + name; }
void Under(std::string &dir) { dir += "/sub"; }
void Read(char *buf) { printf("%s", buf); }
void Elsewhere(char *buf);
TEST(O, T) {
  char a[64]; TempFile(a); std::ofstream fa(a);
  std::string b; Fixed(&b, "b.txt"); std::ofstream fb(b);
  std::string c = "/tmp/c"; Under(c); std::ofstream fc(c);
  char d[] = "/tmp/d"; Read(d); std::ofstream fd(d);
  char e[64]; Elsewhere(e); std::ofstream fe(e);
}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  // What each helper leaves in its parameter, in its own terms.
  auto outputs = [&](const std::string &name) {
    const Function *helper = function(facts, name);
    return helper ? helper->outputs : std::vector<ParameterOutput>{};
  };
  ASSERT_EQ(outputs("TempFile").size(), 1u);
  EXPECT_EQ(outputs("TempFile")[0].value.kind, ValueKind::Unique);
  EXPECT_EQ(outputs("Fixed"), (std::vector<ParameterOutput>{
                                  {0, concat(AbstractValue::constant("/tmp/"), AbstractValue::param(1))}}));
  EXPECT_EQ(outputs("Under"), (std::vector<ParameterOutput>{
                                  {0, concat(AbstractValue::param(0), AbstractValue::constant("/sub"))}}));
  EXPECT_TRUE(outputs("Read").empty());
  // The caller reads them with its own arguments.
  EXPECT_EQ(onlyAccessAt(facts, 16).value.kind, ValueKind::Unique);
  EXPECT_EQ(onlyAccessAt(facts, 17).value, AbstractValue::constant("/tmp/b.txt"));
  EXPECT_EQ(onlyAccessAt(facts, 18).value, AbstractValue::constant("/tmp/c/sub"));
  EXPECT_EQ(onlyAccessAt(facts, 19).value, AbstractValue::constant("/tmp/d"));
  // Defined in another TU: a placeholder for what it leaves in parameter 0.
  Access elsewhere = onlyAccessAt(facts, 20);
  ASSERT_EQ(facts.callResults.size(), 1u);
  EXPECT_EQ(elsewhere.value, resultPlaceholder(0));
  EXPECT_EQ(facts.callResults[0].outputParameter, std::optional<unsigned>(0));
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

} // namespace
} // namespace parready
