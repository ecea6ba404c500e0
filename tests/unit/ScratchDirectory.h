// A fixture for unit tests that need files on disk: a private directory per
// test, since the tests run in parallel themselves (ctest -j).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace parready {

class ScratchDirectory : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "parready-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    Dir = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(Dir); }

  /// Writes `text` to `name` under the directory, creating its folders.
  void write(const std::string &name, const std::string &text) const {
    std::filesystem::create_directories(std::filesystem::path(Dir + "/" + name).parent_path());
    std::ofstream(Dir + "/" + name) << text;
  }

  std::string Dir; ///< absolute
};

} // namespace parready
