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
  EXPECT_EQ(error, "sleeps.json:1:47: error: unknown sleep unit 'ticks'");
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

TEST(SharesNothing, PrivateEndpointsAndPerProcessDevices) {
  ApiCatalog catalog;
  ASSERT_EQ(catalog.loadDirectory(std::string(PARREADY_SOURCE_RULES_DIR) + "/api"), "");
  for (const char *endpoint : {"0", "tcp://127.0.0.1:*", "tcp://*:*", "localhost:0", "inproc://workers",
                               "tcp://127.0.0.1:0", "not an endpoint"})
    EXPECT_TRUE(catalog.sharesNothing(ResourceKind::Port, AbstractValue::constant(endpoint))) << endpoint;
  for (const char *endpoint : {"7100", "tcp://*:7100", "udp://239.0.0.1:5555", "ipc:///tmp/x.sock", "@bus",
                               "0.0.0.0:50051", "http://localhost:8080/x"})
    EXPECT_FALSE(catalog.sharesNothing(ResourceKind::Port, AbstractValue::constant(endpoint))) << endpoint;
  // A placeholder is decided in link, once a caller's argument fills it.
  EXPECT_FALSE(catalog.sharesNothing(ResourceKind::Port, AbstractValue::param(0)));
  EXPECT_TRUE(catalog.sharesNothing(ResourceKind::Path, AbstractValue::constant("/dev/null")));
  EXPECT_FALSE(catalog.sharesNothing(ResourceKind::Path, AbstractValue::constant("/tmp/x")));
}

TEST(NetworkLibraries, ListeningWritesAndConnectingReadsTheEndpointOperand) {
  ApiCatalog catalog;
  ASSERT_EQ(catalog.loadDirectory(std::string(PARREADY_SOURCE_RULES_DIR) + "/api"), "");
  struct Expected {
    const char *api;
    unsigned argument;
    AccessMode mode;
  };
  for (const Expected &expected : {Expected{"zmq_bind", 1, AccessMode::Write}, {"zmq_connect", 1, AccessMode::Read},
                                   {"zmq::detail::socket_base::bind", 1, AccessMode::Write},
                                   {"nng_listener_create", 2, AccessMode::Write}, {"nng_dial", 1, AccessMode::Read},
                                   {"grpc::ServerBuilder::AddListeningPort", 1, AccessMode::Write},
                                   {"QTcpServer::listen", 2, AccessMode::Write},
                                   {"MHD_start_daemon", 1, AccessMode::Write},
                                   {"evhttp_bind_socket", 2, AccessMode::Write},
                                   {"httplib::Server::listen", 2, AccessMode::Write},
                                   {"boost::asio::basic_socket_acceptor::bind", 1, AccessMode::Write}}) {
    const ApiEntry *entry = catalog.find(expected.api);
    ASSERT_TRUE(entry && !entry->accesses.empty()) << expected.api;
    EXPECT_EQ(entry->accesses[0].resource, ResourceKind::Port) << expected.api;
    EXPECT_EQ(entry->accesses[0].argument, expected.argument) << expected.api;
    EXPECT_EQ(entry->accesses[0].mode, expected.mode) << expected.api;
  }
  EXPECT_EQ(catalog.find("httplib::Server::bind_to_any_port"), nullptr) << "the system picks the port";
  const ApiEntry *endpoint = catalog.find("boost::asio::ip::basic_endpoint::basic_endpoint");
  ASSERT_NE(endpoint, nullptr);
  EXPECT_EQ(endpoint->value, ValueRule::Operand1);
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
