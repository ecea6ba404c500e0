#include "catalog/ApiCatalog.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace parready {
namespace {

bool contains(const std::vector<std::string> &list, const std::string &item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST(ProjectLayout, ShippedCatalogsNameTestAndVendoredDirectories) {
  ApiCatalog catalog;
  ASSERT_EQ(catalog.loadDirectory(std::string(PARREADY_SOURCE_RULES_DIR) + "/api"), "");
  const ProjectLayout &layout = catalog.projectLayout();
  EXPECT_TRUE(contains(layout.testDirectories, "tests"));
  EXPECT_TRUE(contains(layout.testFileNames, "*_unittest"));
  EXPECT_TRUE(contains(layout.vendoredDirectories, "third_party"));
  EXPECT_TRUE(contains(layout.vendoredDirectories, "_deps")) << "CMake FetchContent's folder";
}

TEST(ProjectLayout, ListsAddUpAcrossCatalogs) {
  ApiCatalog catalog;
  for (const char *document : {R"({"schema": "parready-api-catalog/1", "vendored_directories": ["vendor"],
                                   "test_directories": ["tests"]})",
                               R"({"schema": "parready-api-catalog/1", "vendored_directories": ["imported"]})"})
    ASSERT_EQ(catalog.loadText(document, "layout.json"), "");
  EXPECT_EQ(catalog.projectLayout().vendoredDirectories, (std::vector<std::string>{"vendor", "imported"}));
  EXPECT_EQ(catalog.projectLayout().testDirectories, std::vector<std::string>{"tests"});
}

TEST(ProjectLayout, MalformedTestFileNamePatternIsALoadError) {
  ApiCatalog catalog;
  std::string error =
      catalog.loadText(R"({"schema": "parready-api-catalog/1", "test_file_names": ["test[_"]})", "layout.json");
  EXPECT_EQ(error.rfind("layout.json: bad test_file_names pattern 'test[_': ", 0), 0u) << error;
}

TEST(Concurrency, ShippedCatalogsNameWorkerStartsWaitsSleepsAndAssertions) {
  ApiCatalog catalog;
  ASSERT_EQ(catalog.loadDirectory(std::string(PARREADY_SOURCE_RULES_DIR) + "/api"), "");
  ASSERT_NE(catalog.find("std::thread::thread"), nullptr);
  EXPECT_TRUE(catalog.find("std::thread::thread")->startsWorker);
  EXPECT_TRUE(catalog.find("pthread_create")->startsWorker);
  EXPECT_TRUE(catalog.find("std::future::get")->waitsForWorker);
  EXPECT_TRUE(catalog.find("std::vector::emplace_back")->constructsElement);
  const std::optional<SleepSpec> &usleep = catalog.find("usleep")->sleeps;
  ASSERT_TRUE(usleep.has_value());
  EXPECT_EQ(usleep->argument, 0u);
  EXPECT_EQ(usleep->unitNanoseconds, 1000u);
  EXPECT_EQ(catalog.find("std::this_thread::sleep_for")->sleeps->unitNanoseconds, 0u) << "the duration's type says";
  EXPECT_EQ(catalog.find("nanosleep")->sleeps->argument, std::nullopt) << "a timespec: length not read";
  EXPECT_NE(catalog.findAssertion("EXPECT_EQ", "/usr/include/gtest/gtest.h"), nullptr);
  EXPECT_NE(catalog.findAssertion("ck_assert_int_eq", "/usr/include/check.h"), nullptr);
  EXPECT_NE(catalog.findAssertion("assert", "/usr/include/assert.h"), nullptr);
  EXPECT_EQ(catalog.findAssertion("EXPECT_EQ", "/src/my_macros.h"), nullptr) << "a project's own macro";
}

TEST(Concurrency, AnUnknownSleepUnitIsALoadError) {
  ApiCatalog catalog;
  std::string error = catalog.loadText(
      R"({"schema": "parready-api-catalog/1", "apis": [{"name": "nap", "sleeps": {"argument": 0, "unit": "ticks"}}]})",
      "sleeps.json");
  EXPECT_EQ(error, "sleeps.json: unknown sleep unit 'ticks'");
}

TEST(ProgramState, ShippedCatalogsNameResetsAndEnvironmentOverwrites) {
  ApiCatalog catalog;
  ASSERT_EQ(catalog.loadDirectory(std::string(PARREADY_SOURCE_RULES_DIR) + "/api"), "");
  EXPECT_TRUE(catalog.isStateReset("clear"));
  EXPECT_FALSE(catalog.isStateReset("push_back")) << "adds to what earlier tests left";
  const ApiEntry *setenv = catalog.find("setenv");
  ASSERT_TRUE(setenv && setenv->accesses.size() == 1);
  EXPECT_TRUE(setenv->accesses[0].overwrites);
  const ApiEntry *getenv = catalog.find("getenv");
  ASSERT_TRUE(getenv && getenv->accesses.size() == 1);
  EXPECT_FALSE(getenv->accesses[0].overwrites);
}

} // namespace
} // namespace parready
