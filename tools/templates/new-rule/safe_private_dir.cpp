// verdict: safe
// scenario: look-alike of @HAZARD_FILE@: the same write, under a directory of the test's own made with mkdtemp
#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace {

TEST(@SUITE@, WritesUnderItsOwnDirectory) {
  char tmpl[] = "@PREFIX@-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::ofstream out(std::string(tmpl) + "/out.txt");
  out << "data";
  EXPECT_TRUE(out.good());
  out.close();
  std::filesystem::remove_all(tmpl);
}

} // namespace
