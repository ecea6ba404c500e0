// Two tests that write and read back the same fixed path, and one that
// touches nothing: only the first two must not run at the same time.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace {

const char *const kSharedPath = "/tmp/parready-consumer-shared.txt";

std::string writeAndReadBack(const std::string &text) {
  std::ofstream(kSharedPath) << text;
  std::string back;
  std::getline(std::ifstream(kSharedPath), back);
  return back;
}

} // namespace

TEST(SharedFile, WritesHello) { EXPECT_EQ(writeAndReadBack("hello"), "hello"); }

TEST(SharedFile, WritesWorld) { EXPECT_EQ(writeAndReadBack("world"), "world"); }

TEST(Arithmetic, Adds) { EXPECT_EQ(2 + 2, 4); }
