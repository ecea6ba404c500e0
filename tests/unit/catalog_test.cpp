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

TEST(Sockets, ShippedCatalogsCarryPortsThroughResolverResults) {
  ApiCatalog catalog;
  ASSERT_EQ(catalog.loadDirectory(std::string(PARREADY_SOURCE_RULES_DIR) + "/api"), "");
  EXPECT_TRUE(catalog.carriesAddress("addrinfo::ai_addr"));
  EXPECT_TRUE(catalog.carriesAddress("addrinfo::ai_next"));
  EXPECT_FALSE(catalog.carriesAddress("addrinfo::ai_family"));
  // getaddrinfo(node, service, hints, &res): res holds the service.
  const ApiEntry *resolver = catalog.find("getaddrinfo");
  ASSERT_NE(resolver, nullptr);
  EXPECT_EQ(resolver->bufferArgument, 3u);
  EXPECT_EQ(resolver->sourceArgument, 1u);
  EXPECT_TRUE(catalog.sharesNothing(ResourceKind::Port, AbstractValue::constant(""))) << "an option not set";
}

TEST(OptionArrays, CivetwebListeningPortsAreAKeyOfItsOptionArray) {
  ApiCatalog catalog;
  ASSERT_EQ(catalog.loadDirectory(std::string(PARREADY_SOURCE_RULES_DIR) + "/api"), "");
  const ApiEntry *start2 = catalog.find("mg_start2");
  ASSERT_NE(start2, nullptr);
  ASSERT_EQ(start2->accesses.size(), 1u);
  const ArgumentAccess &access = start2->accesses.front();
  ASSERT_TRUE(access.optionArray);
  EXPECT_EQ(access.optionArray->key, "listening_ports");
  EXPECT_EQ(access.optionArray->separator, ",");
  EXPECT_EQ(access.optionArray->trailingFlags, "ors");
  EXPECT_EQ(access.optionArrayField, "mg_init_data::configuration_options");
  EXPECT_EQ(access.mode, AccessMode::Write);
}

TEST(OptionArrays, AListSeparatorOfSeveralCharactersIsALoadError) {
  ApiCatalog catalog;
  std::string error = catalog.loadText(R"({"schema": "parready-api-catalog/1", "apis": [{"name": "start",
      "accesses": [{"argument": 0, "resource": "port", "mode": "write", "value_from": "option_array",
                    "option_key": "ports", "list_separator": ", "}]}]})",
                                       "test.json");
  EXPECT_NE(error.find("list_separator"), std::string::npos) << error;
}

} // namespace
} // namespace parready
