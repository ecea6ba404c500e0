// verdict: @VERDICT@
// scenario: TODO (the hazard this fixture shows): a GoogleTest test writes a file at a fixed path under @PREFIX@, which every test and every run of the suite on the machine shares
#include <gtest/gtest.h>

#include <fstream>

namespace {

TEST(@SUITE@, WritesUnderTheSharedDirectory) {
  std::ofstream out("@PREFIX@/out.txt"); // expect: @ID@
  out << "data";
  EXPECT_TRUE(out.good());
}

} // namespace
