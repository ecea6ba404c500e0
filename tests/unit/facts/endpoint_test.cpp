#include "facts/Endpoint.h"

#include <gtest/gtest.h>

namespace parready {
namespace {

using namespace std::string_literals;

struct Expected {
  std::string text;
  EndpointKind kind;
  std::string scheme, host;
  unsigned port = 0;
  std::string name;
};

void expectParsed(const Expected &expected) {
  SCOPED_TRACE(expected.text);
  std::optional<Endpoint> endpoint = parseEndpoint(expected.text);
  ASSERT_TRUE(endpoint.has_value());
  EXPECT_EQ(*endpoint,
            (Endpoint{expected.kind, expected.scheme, expected.host, expected.port, expected.name}));
}

TEST(Endpoint, PortsInEveryFormUsersWriteThem) {
  for (const Expected &expected : std::vector<Expected>{
           {"7100", EndpointKind::Port, "", "", 7100},
           {"tcp://127.0.0.1:7100", EndpointKind::Port, "tcp", "127.0.0.1", 7100},
           {"tcp://*:7100", EndpointKind::Port, "tcp", "*", 7100},
           {"TCP://localhost:7100", EndpointKind::Port, "tcp", "localhost", 7100},
           {"udp://239.0.0.1:5555", EndpointKind::Port, "udp", "239.0.0.1", 5555},
           {"tcp://[::1]:7100", EndpointKind::Port, "tcp", "::1", 7100},
           {"localhost:8080", EndpointKind::Port, "", "localhost", 8080},
           {"[::1]:8080", EndpointKind::Port, "", "::1", 8080},
           {"0.0.0.0:50051", EndpointKind::Port, "", "0.0.0.0", 50051},
           {":8080", EndpointKind::Port, "", "", 8080},
           {"epgm://eth0;239.192.1.1:5555", EndpointKind::Port, "epgm", "eth0;239.192.1.1", 5555},
           {"http://localhost:8080/path?x=1", EndpointKind::Port, "http", "localhost", 8080},
           {"http://user@localhost:8080/", EndpointKind::Port, "http", "localhost", 8080},
       })
    expectParsed(expected);
}

TEST(Endpoint, UrlsWithoutAPortTakeTheirSchemesDefault) {
  for (const Expected &expected : std::vector<Expected>{
           {"http://localhost/path", EndpointKind::Port, "http", "localhost", 80},
           {"https://example.org", EndpointKind::Port, "https", "example.org", 443},
           {"ws://127.0.0.1/socket", EndpointKind::Port, "ws", "127.0.0.1", 80},
           {"wss://[::1]", EndpointKind::Port, "wss", "::1", 443},
       })
    expectParsed(expected);
}

TEST(Endpoint, PortZeroWildcardsAndInProcessArePrivate) {
  for (const Expected &expected : std::vector<Expected>{
           {"0", EndpointKind::Private, "", "", 0},
           {"localhost:0", EndpointKind::Private, "", "localhost", 0},
           {"tcp://127.0.0.1:*", EndpointKind::Private, "tcp", "127.0.0.1", 0},
           {"tcp://*:*", EndpointKind::Private, "tcp", "*", 0},
           {"tcp://127.0.0.1:0", EndpointKind::Private, "tcp", "127.0.0.1", 0},
           {"inproc://workers", EndpointKind::Private, "inproc", "", 0, "workers"},
           {"ipc://*", EndpointKind::Private, "ipc", "", 0, "*"},
       })
    expectParsed(expected);
}

TEST(Endpoint, SocketFilesAndAbstractNames) {
  for (const Expected &expected : std::vector<Expected>{
           {"ipc:///tmp/x.sock", EndpointKind::SocketPath, "ipc", "", 0, "/tmp/x.sock"},
           {"ipc://relative.sock", EndpointKind::SocketPath, "ipc", "", 0, "relative.sock"},
           {"unix:///run/app.sock", EndpointKind::SocketPath, "unix", "", 0, "/run/app.sock"},
           {"ipc://@bus", EndpointKind::AbstractName, "ipc", "", 0, "bus"},
           {"abstract://bus", EndpointKind::AbstractName, "abstract", "", 0, "bus"},
           {"@bus", EndpointKind::AbstractName, "", "", 0, "bus"},
           {"\0bus"s, EndpointKind::AbstractName, "", "", 0, "bus"},
       })
    expectParsed(expected);
}

TEST(Endpoint, TipcServiceNamesAreNodeWideNames) {
  // A bound range and a connect to one instance of it name one service.
  for (const Expected &expected : std::vector<Expected>{
           {"tipc://{5560,0,0}", EndpointKind::AbstractName, "tipc", "", 0, "tipc{5560,0}"},
           {"tipc://{5560,0}@0.0.0", EndpointKind::AbstractName, "tipc", "", 0, "tipc{5560,0}"},
           {"tipc://<*>", EndpointKind::Private, "tipc", "", 0, "<*>"},
       })
    expectParsed(expected);
  for (const char *malformed : {"tipc://", "tipc://{5560}", "tipc://{a,b,c}", "tipc://<1.2.3:123123>"})
    EXPECT_FALSE(parseEndpoint(malformed).has_value()) << malformed;
}

TEST(Endpoint, MalformedStringsAreNoEndpoint) {
  for (std::string text : {""s,
                           "tcp://127.0.0.1"s,
                           "tcp://127.0.0.1:"s,
                           "tcp://:"s,
                           "tcp://host:port"s,
                           "tcp://host:70000"s,
                           "tcp://host:123456"s,
                           "::1:8080"s,
                           "localhost"s,
                           "/tmp/x.sock"s,
                           "a/b:80"s,
                           "ftp://host:21"s,
                           "ipc://"s,
                           "inproc://"s,
                           "@"s,
                           "\0"s,
                           "tcp://[::1:80"s,
                           "[::1]x"s,
                           "{param:0}"s,
                           "tcp://127.0.0.1:{param:0}"s,
                           "-1"s,
                           "8080 "s,
                           "http://"s})
    EXPECT_FALSE(parseEndpoint(text).has_value()) << text;
}

TEST(Endpoint, SocketPathsAreFoundInValuesWithUniquifiers) {
  EXPECT_EQ(socketPathOf("ipc://<tmp>/{unique:mkdtemp}/x.sock"), "<tmp>/{unique:mkdtemp}/x.sock");
  EXPECT_EQ(socketPathOf("unix:///run/x"), "/run/x");
  EXPECT_FALSE(socketPathOf("ipc://@bus").has_value());
  EXPECT_FALSE(socketPathOf("tcp://127.0.0.1:7100").has_value());
  EXPECT_FALSE(socketPathOf("/tmp/x.sock").has_value());
}

TEST(Endpoint, FormsHaveTheNamesRulesUse) {
  EndpointKind kind{};
  ASSERT_TRUE(parse("socket_path", kind));
  EXPECT_EQ(kind, EndpointKind::SocketPath);
  EXPECT_STREQ(toString(EndpointKind::AbstractName), "abstract_name");
}

} // namespace
} // namespace parready
