#include "cache/FactsCache.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

namespace parready {

FactsCache::FactsCache(std::string directory, std::string context, std::function<void(const std::string &)> note)
    : Directory(std::move(directory)), Context(std::move(context)), Note(std::move(note)) {}

std::string FactsCache::keyOf(const CompileJob &job) const {
  // NUL separates the parts: no argument contains one, so no two commands
  // make the same text.
  std::string identity = Context;
  for (const std::string *part : {&job.directory, &job.file})
    identity.append(1, '\0').append(*part);
  for (const std::string &argument : job.commandLine)
    identity.append(1, '\0').append(argument);
  llvm::XXH128_hash_t hash = llvm::xxh3_128bits(llvm::arrayRefFromStringRef(identity));
  return llvm::utohexstr(hash.high64, true, 16) + llvm::utohexstr(hash.low64, true, 16);
}

std::string FactsCache::recordPath(const CompileJob &job) const {
  std::string key = keyOf(job);
  llvm::SmallString<256> path(Directory);
  // Two hex digits of fan-out keep directories small on suites of thousands of TUs.
  llvm::sys::path::append(path, key.substr(0, 2), key + ".json");
  return std::string(path);
}

std::optional<FileStamp> FactsCache::currentStamp(const std::string &path) {
  {
    std::lock_guard<std::mutex> lock(StampsMutex);
    if (auto known = Stamps.find(path); known != Stamps.end())
      return known->second;
  }
  std::optional<FileStamp> stamp = stampFile(path);
  std::lock_guard<std::mutex> lock(StampsMutex);
  return Stamps.emplace(path, std::move(stamp)).first->second;
}

bool FactsCache::unchanged(const FileStamp &stamp) {
  std::optional<FileStamp> now = statFile(stamp.path);
  if (!now)
    return false;
  if (now->size == stamp.size && now->modifiedNs == stamp.modifiedNs)
    return true;
  std::optional<FileStamp> current = currentStamp(stamp.path);
  return current && current->contentHash == stamp.contentHash;
}

std::optional<TranslationUnitFacts> FactsCache::lookup(const CompileJob &job) {
  std::string path = recordPath(job);
  if (!llvm::sys::fs::exists(path)) {
    ++Misses;
    return std::nullopt;
  }
  FactsRecord record;
  if (std::string error = readRecordFile(path, record); !error.empty()) {
    if (Note)
      Note("cache: ignoring an unreadable record, " + error);
    ++Misses;
    return std::nullopt;
  }
  // The key is a hash: the command it stands for must be the one asked for.
  if (record.key != keyOf(job) || record.job.file != job.file || record.job.directory != job.directory ||
      record.job.commandLine != job.commandLine) {
    if (Note)
      Note("cache: ignoring " + path + ": it records another command for " + job.file);
    ++Misses;
    return std::nullopt;
  }
  for (const FileStamp &input : record.inputs)
    if (!unchanged(input)) {
      ++Misses;
      return std::nullopt;
    }
  ++Hits;
  return std::move(record.facts);
}

std::string FactsCache::store(const CompileJob &job, const TranslationUnitFacts &facts,
                              std::chrono::system_clock::time_point parseStarted) {
  if (!facts.parsedCleanly)
    return "not stored: the file did not parse cleanly";
  FactsRecord record;
  if (std::string problem = makeRecord(
          job, facts, parseStarted, [this](const std::string &file) { return currentStamp(file); }, record);
      !problem.empty())
    return "not stored: " + problem;
  record.key = keyOf(job);
  std::string path = recordPath(job);
  if (std::error_code ec = llvm::sys::fs::create_directories(llvm::sys::path::parent_path(path)))
    return "not stored: cannot create " + llvm::sys::path::parent_path(path).str() + ": " + ec.message();
  if (std::string error = writeRecordFile(path, record); !error.empty())
    return "not stored: " + error;
  return "";
}

} // namespace parready
