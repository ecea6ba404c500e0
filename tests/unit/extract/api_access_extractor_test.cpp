// ApiAccessExtractor: accesses through catalogued APIs, their modes, sockets, chdir.
#include "ExtractTestSupport.h"

namespace parready {
namespace {

TEST_F(ExtractTest, AccessModesFromFopenAndOpenArguments) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
TEST(M, Modes) {
  fopen("/tmp/a", "r");
  fopen("/tmp/a", "a+");
  open("/tmp/b", O_RDONLY);
  open("/tmp/b", O_WRONLY | O_CREAT, 0644);
  std::ifstream in("/tmp/c");
  unlink("/tmp/d");
  std::ofstream("/dev/null");
}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  EXPECT_EQ(onlyAccessAt(facts, 11).mode, AccessMode::Read);
  EXPECT_EQ(onlyAccessAt(facts, 12).mode, AccessMode::Write);
  EXPECT_EQ(onlyAccessAt(facts, 13).mode, AccessMode::Read);
  EXPECT_EQ(onlyAccessAt(facts, 14).mode, AccessMode::Write);
  EXPECT_EQ(onlyAccessAt(facts, 15).mode, AccessMode::Read);
  EXPECT_EQ(onlyAccessAt(facts, 16).mode, AccessMode::Delete);
  EXPECT_TRUE(accessesAt(facts, 17).empty()); // every process has its own /dev/null
}

TEST_F(ExtractTest, SocketAddressesGiveThePortLastStoredBeforeBind) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
TEST(N, Ports) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_port = htons(0);
  addr.sin_port = htons(8080);
  bind(fd, (sockaddr *)&addr, sizeof addr);
  sockaddr_in any{};
  any.sin_port = 0;
  bind(fd, (sockaddr *)&any, sizeof any);
}
)");
  ASSERT_TRUE(facts.parsedCleanly) << (facts.diagnostics.empty() ? "" : facts.diagnostics[0].message);
  Access fixed = onlyAccessAt(facts, 18, ResourceKind::Port);
  EXPECT_EQ(fixed.value, AbstractValue::constant("8080"));
  EXPECT_EQ(fixed.api, "bind");
  // Port 0: the kernel picks a free port, nothing is shared.
  for (const Access &access : accessesAt(facts, 21))
    EXPECT_NE(access.resource, ResourceKind::Port);
}

TEST_F(ExtractTest, PortsTravelThroughAddressesResolverResultsAndOptionArrays) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <string>
static void fill(sockaddr_in *a, int port) { a->sin_port = htons(port); }
struct mg_context *mg_start(void *callbacks, void *data, const char **options);
TEST(N, Routes) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr;
  fill(&addr, 7000);
  bind(fd, (sockaddr *)&addr, sizeof addr);
  addrinfo *res = nullptr;
  getaddrinfo("localhost", std::to_string(7100).c_str(), nullptr, &res);
  for (addrinfo *rp = res; rp; rp = rp->ai_next)
    connect(fd, rp->ai_addr, rp->ai_addrlen);
  const char *options[4];
  int n = 0;
  options[n++] = "listening_ports";
  options[n++] = "8080,8443s";
  options[n] = nullptr;
  mg_start(nullptr, nullptr, options);
}
)");
  ASSERT_TRUE(facts.parsedCleanly) << (facts.diagnostics.empty() ? "" : facts.diagnostics[0].message);
  // fill() left the port in the address through its out-parameter.
  EXPECT_EQ(onlyAccessAt(facts, 20, ResourceKind::Port).value, AbstractValue::constant("7000"));
  // getaddrinfo's service, in each result the loop walks.
  Access resolved = onlyAccessAt(facts, 24, ResourceKind::Port);
  EXPECT_EQ(resolved.value, AbstractValue::constant("7100"));
  EXPECT_EQ(resolved.mode, AccessMode::Read);
  // Each port listening_ports lists, without civetweb's flags.
  std::vector<std::string> listed;
  for (const Access &access : accessesAt(facts, 30)) {
    EXPECT_EQ(access.mode, AccessMode::Write);
    listed.push_back(access.value.text);
  }
  EXPECT_EQ(listed, (std::vector<std::string>{"8080", "8443"}));
}

TEST_F(ExtractTest, ChdirMovesTheWorkingDirectoryForLaterRelativePaths) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
TEST(W, Chdir) {
  chdir("/tmp/work");
}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  Access cwd = onlyAccessAt(facts, 11, ResourceKind::Cwd);
  EXPECT_EQ(cwd.mode, AccessMode::Write);
  const Function *body = testBody(facts, 0);
  ASSERT_NE(body, nullptr);
  ASSERT_EQ(body->assignments.size(), 1u);
  EXPECT_EQ(body->assignments[0].target, WorkingDirectoryState);
  EXPECT_EQ(body->assignments[0].value, AbstractValue::constant("/tmp/work"));
}

TEST_F(ExtractTest, TheUsersOwnDefinitionWinsOverACatalogEntryOfTheSameName) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
int unlink(const char *p, int) { return 0; }
TEST(U, Own) {
  unlink("/tmp/x", 1);
}
)");
  ASSERT_TRUE(facts.parsedCleanly) << (facts.diagnostics.empty() ? "" : facts.diagnostics[0].message);
  // ::unlink(const char *, int) is ours: a call site for link, no catalogued delete.
  EXPECT_TRUE(accessesAt(facts, 12).empty());
  const Function *body = testBody(facts, 0);
  ASSERT_NE(body, nullptr);
  ASSERT_EQ(body->calls.size(), 1u);
  EXPECT_EQ(body->calls[0].calleeName, "unlink");
}

} // namespace
} // namespace parready
