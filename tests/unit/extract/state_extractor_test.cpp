// StateExtractor: global and singleton state, assignments to tracked state, initial values.
#include "ExtractTestSupport.h"

namespace parready {
namespace {

TEST_F(ExtractTest, SingletonFieldsAndGlobalWrites) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
struct Settings {
  std::string sessions_dir = "/tmp/app/sessions";
  int runs = 0;
  static Settings &instance() { static Settings s; return s; }
};
int g_runs = 0;
thread_local int t_runs = 0;
TEST(G, Globals) {
  ++g_runs;
  Settings::instance().runs = 2;
  std::ofstream(Settings::instance().sessions_dir + "/s.json");
  ++t_runs;
}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  Access counter = onlyAccessAt(facts, 18, ResourceKind::Global);
  EXPECT_EQ(counter.value.text, "g_runs");
  EXPECT_EQ(counter.mode, AccessMode::Write); // ++ reads too, but the write is what matters
  Access singleton = onlyAccessAt(facts, 19, ResourceKind::Global);
  EXPECT_EQ(singleton.value.text, "Settings::instance()::s.runs"); // the field, not all of s
  EXPECT_EQ(singleton.mode, AccessMode::Write);
  EXPECT_EQ(onlyAccessAt(facts, 20).value, AbstractValue::constant("/tmp/app/sessions/s.json"));
  EXPECT_TRUE(accessesAt(facts, 21).empty()); // each thread has its own
}

TEST_F(ExtractTest, FieldsFollowSetUpAndSetters) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
struct Config {
  std::string out = "/tmp/cfg";
  void set_out(std::string o) { out = std::move(o); }
};
class Fx : public ::testing::Test {
protected:
  void SetUp() override { char t[] = "/tmp/fx-XXXXXX"; dir_ = mkdtemp(t); mkstemp(tmpl_); }
  std::string dir_;
  char tmpl_[32] = "/tmp/f-XXXXXX";
};
TEST_F(Fx, Private) { std::ofstream(dir_ + "/a"); }
TEST(S, Fixed) {
  Config config;
  config.set_out("/tmp/other");
  std::ofstream(config.out);
}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  // A fixture member assigned in SetUp waits for the test that runs SetUp:
  // the read is a placeholder, SetUp records the private value it assigns.
  EXPECT_EQ(onlyAccessAt(facts, 20).value, concat(globalPlaceholder("Fx::dir_"), AbstractValue::constant("/a")));
  // A field with a setter: the setter's assignment, filled by its caller.
  EXPECT_EQ(onlyAccessAt(facts, 24).value, globalPlaceholder("Config::out"));
  const Function *setUp = function(facts, "Fx::SetUp");
  ASSERT_NE(setUp, nullptr);
  ASSERT_EQ(setUp->assignments.size(), 2u);
  EXPECT_EQ(setUp->assignments[0].target, "Fx::dir_");
  EXPECT_EQ(setUp->assignments[0].value.kind, ValueKind::Unique);
  EXPECT_EQ(setUp->assignments[1].target, "Fx::tmpl_"); // mkstemp made it unique in place
  EXPECT_EQ(setUp->assignments[1].value.kind, ValueKind::Unique);
  const Function *setter = function(facts, "Config::set_out");
  ASSERT_NE(setter, nullptr);
  ASSERT_EQ(setter->assignments.size(), 1u);
  EXPECT_EQ(setter->assignments[0].value, AbstractValue::param(0));
  // What tracked state holds before anything assigns it, in name order (the
  // same facts on every run, whatever addresses the AST got).
  EXPECT_TRUE(std::is_sorted(facts.initialValues.begin(), facts.initialValues.end(),
                             [](const auto &a, const auto &b) { return a.first < b.first; }));
  std::map<std::string, AbstractValue> initial(facts.initialValues.begin(), facts.initialValues.end());
  EXPECT_EQ(initial["Config::out"], AbstractValue::constant("/tmp/cfg"));
  EXPECT_EQ(initial["Fx::dir_"], AbstractValue::constant("")); // a string without initialiser starts empty
}

TEST_F(ExtractTest, ReadsAndWritesThatReplaceTheWholeState) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
#include <map>
#include <string>
struct Registry {
  static Registry &instance() { static Registry r; return r; }
  void add(const std::string &n) { names[n] = 1; }
  bool has(const std::string &n) const { return names.count(n) > 0; }
  void clear() { names.clear(); }
  std::map<std::string, int> names;
};
int g_count = 0;
std::map<std::string, int> g_table;
TEST(S, T) {
  Registry::instance().add("x");
  bool found = Registry::instance().has("x");
  Registry::instance().clear();
  g_count = 0;
  ++g_count;
  int seen = g_count;
  g_table["k"] = 1;
  Registry &alias = Registry::instance(); alias.names.clear();
  (void)found; (void)seen;
}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  // The accessor hands out a reference: its callers use the state, it does not.
  const Function *accessor = function(facts, "Registry::instance");
  ASSERT_NE(accessor, nullptr);
  EXPECT_TRUE(accessor->accesses.empty());
  auto global = [&](unsigned line) { return onlyAccessAt(facts, line, ResourceKind::Global); };
  // A non-const method changes what earlier tests left; the instance() call under it is that write.
  EXPECT_EQ(global(22).value.text, "Registry::instance()::r");
  EXPECT_EQ(global(22).mode, AccessMode::Write);
  EXPECT_FALSE(global(22).overwrites);
  EXPECT_EQ(global(23).mode, AccessMode::Read); // a const method reads it
  EXPECT_TRUE(global(24).overwrites);           // clear(): a state reset of the catalog
  EXPECT_TRUE(global(25).overwrites);           // a plain assignment of the whole variable
  EXPECT_EQ(global(26).mode, AccessMode::Write);
  EXPECT_FALSE(global(26).overwrites); // ++ builds on what was there
  EXPECT_EQ(global(27).mode, AccessMode::Read);
  EXPECT_FALSE(global(28).overwrites); // one element among what earlier tests left
  // A local reference to the singleton is the singleton; a field of it is its own state.
  std::vector<Access> aliased = accessesAt(facts, 29);
  EXPECT_TRUE(std::any_of(aliased.begin(), aliased.end(), [](const Access &access) {
    return access.value.text == "Registry::instance()::r.names" && access.overwrites;
  }));
}

} // namespace
} // namespace parready
