// ShellCommandExtractor and the command-line parser behind it.
#include "ExtractTestSupport.h"

#include "extract/ShellCommand.h"

namespace parready {
namespace {

TEST_F(ExtractTest, ShellCommandsBecomeAccesses) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
TEST(S, Shell) { std::system("rm -rf /tmp/work && mkdir -p /tmp/work/in > /dev/null"); }
void clean(const std::string &dir) { std::system(("rm -r " + dir + "/*").c_str()); }
TEST(S, Runtime) { std::string line; std::system(line.c_str()); }
)");
  ASSERT_TRUE(facts.parsedCleanly);
  std::vector<Access> found = accessesAt(facts, 10);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].mode, AccessMode::Delete);
  EXPECT_TRUE(found[0].recursive);
  EXPECT_EQ(found[0].value.text, "/tmp/work");
  EXPECT_TRUE(found[0].api.ends_with("(\"rm ...\")")) << found[0].api;
  EXPECT_EQ(found[1].mode, AccessMode::Create);
  EXPECT_FALSE(found[1].recursive); // mkdir's -p is no tree operation
  EXPECT_EQ(found[1].value.text, "/tmp/work/in");
  // Known up to a parameter: parsed now, filled by link; `dir/*` reaches every entry.
  Access helper = onlyAccessAt(facts, 11);
  EXPECT_EQ(helper.value.kind, ValueKind::Param);
  EXPECT_TRUE(helper.eachEntry);
  EXPECT_TRUE(accessesAt(facts, 12).empty()); // runtime input is not parsed
}

TEST_F(ExtractTest, ShellParserFollowsTheCatalogsPrograms) {
  const auto &programs = Catalog->shellPrograms();
  std::vector<ShellEffect> effects =
      parseShellCommand("echo hi > /tmp/a.txt; cp x /tmp/b; mv /tmp/c /tmp/d 2>/dev/null", programs);
  ASSERT_EQ(effects.size(), 4u);
  EXPECT_EQ(effects[0].path, "/tmp/a.txt");
  EXPECT_EQ(effects[0].mode, AccessMode::Write);
  EXPECT_EQ(effects[0].program, ">");
  EXPECT_EQ(effects[1].path, "/tmp/b");
  EXPECT_EQ(effects[2].path, "/tmp/c");
  EXPECT_EQ(effects[2].mode, AccessMode::Delete);
  EXPECT_EQ(effects[3].path, "/tmp/d");
  EXPECT_EQ(effects[3].mode, AccessMode::Write);
  EXPECT_TRUE(parseShellCommand("ls -la /tmp", programs).empty());
  EXPECT_TRUE(parseShellCommand("cp only-one", programs).empty()); // fewer operands than the program needs

  std::vector<ShellEffect> kill = parseShellCommand("pkill -f 'my server'", programs);
  ASSERT_EQ(kill.size(), 1u);
  EXPECT_EQ(kill[0].resource, ResourceKind::Process);
  EXPECT_EQ(kill[0].path, "my server");

  std::vector<ShellEffect> plain = parseShellCommand("/bin/rm a b", programs);
  ASSERT_EQ(plain.size(), 2u);
  EXPECT_FALSE(plain[0].recursive);
  EXPECT_EQ(plain[1].program, "rm");
}

TEST(ShellCommand, AProgramIsOnlyWhatTheCatalogSaysItIs) {
  ApiCatalog catalog;
  ASSERT_EQ(catalog.loadText(R"({"schema": "parready-api-catalog/1", "apis": [],
    "shell_programs": [{"name": "wipe", "recursive_flags": "a",
                        "effects": [{"operands": "all_but_last", "mode": "delete"}]}]})",
                             "test"),
            "");
  std::vector<ShellEffect> effects = parseShellCommand("wipe -a x y z; rm -rf /tmp/w", catalog.shellPrograms());
  ASSERT_EQ(effects.size(), 2u);
  EXPECT_EQ(effects[0].path, "x");
  EXPECT_TRUE(effects[0].recursive);
  EXPECT_EQ(effects[1].path, "y");

  ApiCatalog bad;
  EXPECT_NE(bad.loadText(R"({"schema": "parready-api-catalog/1",
    "shell_programs": [{"name": "x", "effects": [{"operands": "first", "mode": "delete"}]}]})",
                         "bad.json"),
            "");
}

} // namespace
} // namespace parready
