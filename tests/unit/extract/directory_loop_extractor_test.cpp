// DirectoryLoopExtractor: accesses through a directory loop's variable reach every entry.
#include "ExtractTestSupport.h"

namespace parready {
namespace {

TEST_F(ExtractTest, DirectoryLoopDeletesEveryEntry) {
  TranslationUnitFacts facts = extract(std::string(Prelude) + R"(
TEST(C, Cleanup) {
  for (const auto &entry : fs::directory_iterator("/tmp/sessions"))
    fs::remove_all(entry.path());
  for (const std::string name : {"/tmp/a", "/tmp/b"})
    fs::remove(name);
}
)");
  ASSERT_TRUE(facts.parsedCleanly);
  Access loopDelete = onlyAccessAt(facts, 12);
  EXPECT_TRUE(loopDelete.eachEntry);
  EXPECT_TRUE(loopDelete.recursive);
  EXPECT_EQ(loopDelete.value, AbstractValue::constant("/tmp/sessions/*"));
  EXPECT_EQ(onlyAccessAt(facts, 11).mode, AccessMode::List);
  // A loop over a list of names is no directory listing.
  EXPECT_FALSE(onlyAccessAt(facts, 14).eachEntry);
}

} // namespace
} // namespace parready
