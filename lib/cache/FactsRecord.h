// One translation unit's facts with what they were computed from: the
// compile command and a stamp of every file the compiler read. It is both a
// facts-cache entry and what `parready extract` writes for `parready link`
// (docs/cache.md), so a build system's extraction actions and parready's own
// cache store the same thing.
#pragma once

#include "facts/Facts.h"
#include "input/Input.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace parready {

/// A file as it was when its TU was parsed: size and modification time are
/// the fast check, the content hash the real one.
struct FileStamp {
  std::string path;
  uint64_t size = 0;
  int64_t modifiedNs = 0; ///< nanoseconds since the epoch
  std::string contentHash; ///< xxh3-128, hex

  friend bool operator==(const FileStamp &, const FileStamp &) = default;
};

struct FactsRecord {
  static constexpr const char *Schema = "parready-facts-record/1";
  /// What the record is stored under (FactsCache::keyOf); "" for `parready extract`.
  std::string key;
  CompileJob job;
  std::vector<FileStamp> inputs; ///< one per facts.includedFiles entry
  TranslationUnitFacts facts;
};

/// The record of `job`'s `facts`, parsed from the files as they were at
/// `parseStarted`, each input stamped by `stamp`. Returns "" when the record
/// is true of the files as they are now, else why not (an input cannot be
/// read any more, or changed during the parse): a cache must not keep it.
std::string makeRecord(const CompileJob &job, const TranslationUnitFacts &facts,
                       std::chrono::system_clock::time_point parseStarted,
                       const std::function<std::optional<FileStamp>(const std::string &)> &stamp, FactsRecord &record);

/// The record as JSON text (one line: records are read by programs).
std::string recordJson(const FactsRecord &record);

/// Parses a record; returns "" or why it cannot be read (one line). A record
/// of another schema, or of facts of another schema, is refused.
std::string parseRecord(const std::string &text, FactsRecord &record);

/// Reads and parses the record file at `path`; the error names the file.
std::string readRecordFile(const std::string &path, FactsRecord &record);

/// Writes the record to `path` atomically (a temporary file renamed into
/// place): a reader sees the old record or the new one, never a part.
/// Returns "" or the error, which names the file.
std::string writeRecordFile(const std::string &path, const FactsRecord &record);

/// The file's stamp now (its content hashed), or nothing when it cannot be read.
std::optional<FileStamp> stampFile(const std::string &path);

/// The size and modification time of the file now, without reading it;
/// nothing when it does not exist.
std::optional<FileStamp> statFile(const std::string &path);

} // namespace parready
