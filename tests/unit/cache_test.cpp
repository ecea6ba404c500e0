// The facts cache and its records (lib/cache): a record is used only when
// nothing it was computed from has changed, and a record that cannot be
// trusted is ignored, never an error.
#include "cache/FactsCache.h"

#include "ScratchDirectory.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace parready {
namespace {

using Clock = std::chrono::system_clock;

class FactsCacheTest : public ScratchDirectory {
protected:
  void SetUp() override {
    ScratchDirectory::SetUp();
    write("src/t.cpp", "#include \"h.h\"\nint main() {}\n");
    write("src/h.h", "int helper();\n");
    Job = {Dir + "/src/t.cpp", Dir + "/src", {"clang++", "-std=c++20", "-c", "t.cpp"}};
    Facts.mainFile = Job.file;
    Facts.includedFiles = {Dir + "/src/h.h", Dir + "/src/t.cpp"};
    Facts.tests.push_back({});
    Facts.tests.back().name = "Suite.Case";
  }

  FactsCache cache(const std::string &context = "tool 1") {
    return FactsCache(Dir + "/cache", context, [this](const std::string &line) { Notes.push_back(line); });
  }

  /// Sets the file's modification time `seconds` away from now: a stamp
  /// differs without waiting for the clock.
  void shiftModificationTime(const std::string &name, int seconds) const {
    std::filesystem::path path = Dir + "/" + name;
    std::filesystem::last_write_time(path, std::filesystem::file_time_type::clock::now() +
                                               std::chrono::seconds(seconds));
  }

  CompileJob Job;
  TranslationUnitFacts Facts;
  std::vector<std::string> Notes;
};

TEST_F(FactsCacheTest, RecordRoundTripsThroughJson) {
  FactsRecord record;
  ASSERT_EQ(makeRecord(Job, Facts, Clock::now(), stampFile, record), "");
  record.key = "abc";
  ASSERT_EQ(record.inputs.size(), 2u);
  EXPECT_EQ(record.inputs[0].path, Dir + "/src/h.h");
  EXPECT_EQ(record.inputs[0].size, std::string("int helper();\n").size());
  EXPECT_EQ(record.inputs[0].contentHash.size(), 32u);
  FactsRecord read;
  ASSERT_EQ(parseRecord(recordJson(record), read), "");
  EXPECT_EQ(read.key, "abc");
  EXPECT_EQ(read.job.file, Job.file);
  EXPECT_EQ(read.job.commandLine, Job.commandLine);
  EXPECT_EQ(read.inputs, record.inputs);
  EXPECT_EQ(read.facts, Facts);
}

TEST_F(FactsCacheTest, UnchangedInputsHit) {
  FactsCache first = cache();
  EXPECT_FALSE(first.lookup(Job));
  ASSERT_EQ(first.store(Job, Facts, Clock::now()), "");
  // Another run: a new cache object over the same directory.
  FactsCache second = cache();
  std::optional<TranslationUnitFacts> hit = second.lookup(Job);
  ASSERT_TRUE(hit);
  EXPECT_EQ(*hit, Facts);
  EXPECT_EQ(second.hits(), 1u);
  EXPECT_EQ(second.misses(), 0u);
  EXPECT_TRUE(Notes.empty());
}

TEST_F(FactsCacheTest, ChangedHeaderMisses) {
  ASSERT_EQ(cache().store(Job, Facts, Clock::now()), "");
  write("src/h.h", "int helper(int);\n");
  EXPECT_FALSE(cache().lookup(Job));
}

TEST_F(FactsCacheTest, HeaderChangedToTheSameLengthMisses) {
  ASSERT_EQ(cache().store(Job, Facts, Clock::now()), "");
  write("src/h.h", "int HELPER();\n");
  shiftModificationTime("src/h.h", 5);
  EXPECT_FALSE(cache().lookup(Job));
}

TEST_F(FactsCacheTest, TouchedButUnchangedHeaderHitsByContent) {
  ASSERT_EQ(cache().store(Job, Facts, Clock::now()), "");
  shiftModificationTime("src/h.h", 5); // `touch`, a checkout, a build that rewrites it unchanged
  EXPECT_TRUE(cache().lookup(Job));
}

TEST_F(FactsCacheTest, DeletedHeaderMisses) {
  ASSERT_EQ(cache().store(Job, Facts, Clock::now()), "");
  std::filesystem::remove(Dir + "/src/h.h");
  EXPECT_FALSE(cache().lookup(Job));
}

TEST_F(FactsCacheTest, OtherCommandOrContextMisses) {
  ASSERT_EQ(cache().store(Job, Facts, Clock::now()), "");
  CompileJob otherFlags = Job;
  otherFlags.commandLine.insert(otherFlags.commandLine.begin() + 1, "-DNDEBUG");
  EXPECT_FALSE(cache().lookup(otherFlags));
  EXPECT_NE(cache().recordPath(otherFlags), cache().recordPath(Job));
  // A rebuilt tool, or an edited catalog, is another context.
  EXPECT_FALSE(cache("tool 2").lookup(Job));
  EXPECT_TRUE(cache().lookup(Job));
}

TEST_F(FactsCacheTest, PartialFactsAreNotStored) {
  Facts.parsedCleanly = false;
  Facts.incompleteCause = IncompleteCause::HeaderErrors;
  EXPECT_NE(cache().store(Job, Facts, Clock::now()), "");
  EXPECT_FALSE(std::filesystem::exists(cache().recordPath(Job)));
}

TEST_F(FactsCacheTest, InputChangedDuringTheParseIsNotStored) {
  auto started = Clock::now();
  shiftModificationTime("src/h.h", 5);
  std::string problem = cache().store(Job, Facts, started);
  EXPECT_NE(problem.find("h.h changed during the analysis"), std::string::npos) << problem;
  EXPECT_FALSE(cache().lookup(Job));
}

TEST_F(FactsCacheTest, TruncatedCorruptAndForeignRecordsAreIgnoredAndReplaced) {
  ASSERT_EQ(cache().store(Job, Facts, Clock::now()), "");
  std::string path = cache().recordPath(Job);
  std::string whole;
  {
    std::ifstream in(path);
    whole.assign(std::istreambuf_iterator<char>(in), {});
  }
  for (std::string damaged : {whole.substr(0, whole.size() / 2), std::string("\x00\xff garbage", 10),
                              std::string("{\"schema\": \"parready-facts-record/999\"}"), std::string("")}) {
    std::ofstream(path, std::ios::trunc) << damaged;
    Notes.clear();
    FactsCache run = cache();
    EXPECT_FALSE(run.lookup(Job)) << damaged;
    ASSERT_EQ(Notes.size(), 1u) << damaged;
    EXPECT_NE(Notes[0].find(path), std::string::npos) << Notes[0];
    EXPECT_EQ(Notes[0].find('\n'), std::string::npos) << Notes[0];
    ASSERT_EQ(run.store(Job, Facts, Clock::now()), "");
    EXPECT_TRUE(cache().lookup(Job));
  }
}

TEST_F(FactsCacheTest, RecordOfAnotherCommandUnderTheSameNameIsIgnored) {
  ASSERT_EQ(cache().store(Job, Facts, Clock::now()), "");
  CompileJob other = Job;
  other.commandLine.push_back("-DOTHER");
  // Copy another command's record to this command's name (a hash collision, a hand edit).
  ASSERT_EQ(cache().store(other, Facts, Clock::now()), "");
  std::filesystem::copy_file(cache().recordPath(other), cache().recordPath(Job),
                             std::filesystem::copy_options::overwrite_existing);
  EXPECT_FALSE(cache().lookup(Job));
  ASSERT_EQ(Notes.size(), 1u);
  EXPECT_NE(Notes[0].find("another command"), std::string::npos) << Notes[0];
}

TEST_F(FactsCacheTest, ConcurrentWritersLeaveOneWholeRecord) {
  std::vector<std::thread> writers;
  for (int i = 0; i < 8; ++i)
    writers.emplace_back([this] {
      FactsCache writer = cache();
      for (int round = 0; round < 20; ++round) {
        EXPECT_EQ(writer.store(Job, Facts, Clock::now()), "");
        writer.lookup(Job);
      }
    });
  for (std::thread &writer : writers)
    writer.join();
  EXPECT_TRUE(cache().lookup(Job));
  EXPECT_TRUE(Notes.empty()) << Notes.front();
  // No temporary file is left beside the record.
  size_t files = 0;
  for (const auto &entry : std::filesystem::recursive_directory_iterator(Dir + "/cache"))
    files += entry.is_regular_file();
  EXPECT_EQ(files, 1u);
}

} // namespace
} // namespace parready
