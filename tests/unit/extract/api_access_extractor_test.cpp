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
