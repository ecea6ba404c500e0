// verdict: safe
// scenario: suppressions left behind after their hazards were fixed, misspelt or unpaired: each is reported, none changes the verdict
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

std::string private_dir() {
  char tmpl[] = "/tmp/stale-XXXXXX";
  return mkdtemp(tmpl);
}

TEST(Store, WritesToItsOwnDirectory) {
  std::ofstream out(private_dir() + "/data.json"); // NOLINT(parready-shared-path) // expect: parready-unused-suppression
  out << "{}";
}

TEST(Store, KeepsOneCopy) {
  // NOLINTNEXTLINE(parready-shared-paht) // expect: parready-unused-suppression
  std::ofstream out(private_dir() + "/copy.json");
  out << "{}";
}

// parready: safe the directory is per test // expect: parready-unused-suppression
TEST(Store, NothingToSuppress) { EXPECT_EQ(1 + 1, 2); }

TEST(Store, OpenBlock) {
  // NOLINTBEGIN(parready-fixed-port) // expect: parready-unused-suppression
  EXPECT_TRUE(true);
}
