#include "cache/FactsRecord.h"

#include "facts/Json.h"
#include "facts/JsonNumbers.h"
#include "facts/OneLine.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <nlohmann/json.hpp>

namespace parready {

using nlohmann::json;

std::string makeRecord(const CompileJob &job, const TranslationUnitFacts &facts,
                       std::chrono::system_clock::time_point parseStarted,
                       const std::function<std::optional<FileStamp>(const std::string &)> &stamp, FactsRecord &record) {
  record.job = job;
  record.facts = facts;
  record.inputs.clear();
  int64_t startedNs =
      std::chrono::duration_cast<std::chrono::nanoseconds>(parseStarted.time_since_epoch()).count();
  std::string problem;
  for (const std::string &file : facts.includedFiles) {
    std::optional<FileStamp> stamped = stamp(file);
    if (!stamped) {
      problem = file + " cannot be read any more";
      continue;
    }
    // Changed while it was parsed, or at the same clock tick: the facts may
    // be of the old text, the stamp of the new one.
    if (stamped->modifiedNs >= startedNs && problem.empty())
      problem = file + " changed during the analysis";
    record.inputs.push_back(std::move(*stamped));
  }
  return problem;
}

std::string recordJson(const FactsRecord &record) {
  json inputs = json::array();
  for (const FileStamp &input : record.inputs)
    inputs.push_back({{"path", input.path},
                      {"size", input.size},
                      {"modified_ns", input.modifiedNs},
                      {"content_hash", input.contentHash}});
  json document{{"schema", FactsRecord::Schema},
                {"key", record.key},
                {"command",
                 {{"file", record.job.file},
                  {"directory", record.job.directory},
                  {"arguments", record.job.commandLine}}},
                {"inputs", inputs},
                {"facts", record.facts}};
  // Facts hold the user's strings, which need not be UTF-8: kept byte for byte.
  return document.dump(-1, ' ', false, json::error_handler_t::ignore) + "\n";
}

std::string parseRecord(const std::string &text, FactsRecord &record) {
  try {
    json document = json::parse(text);
    if (!document.is_object() || document.value("schema", "") != FactsRecord::Schema)
      return std::string("not a parready facts record (expected \"schema\": \"") + FactsRecord::Schema + "\")";
    FactsRecord read;
    document.at("key").get_to(read.key);
    const json &command = document.at("command");
    command.at("file").get_to(read.job.file);
    command.at("directory").get_to(read.job.directory);
    command.at("arguments").get_to(read.job.commandLine);
    for (const json &input : document.at("inputs")) {
      FileStamp stamp;
      input.at("path").get_to(stamp.path);
      stamp.size = unsignedFrom<uint64_t>(input.at("size"));
      const json &modified = input.at("modified_ns");
      if (!modified.is_number_integer())
        throw json::type_error::create(302, "expected an integer, found " + modified.dump(), &modified);
      stamp.modifiedNs = modified.get<int64_t>();
      input.at("content_hash").get_to(stamp.contentHash);
      read.inputs.push_back(std::move(stamp));
    }
    document.at("facts").get_to(read.facts);
    record = std::move(read);
    return "";
  } catch (const json::exception &error) {
    return oneLine(error.what());
  }
}

std::string readRecordFile(const std::string &path, FactsRecord &record) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer)
    return path + ": cannot read: " + buffer.getError().message();
  if (std::string error = parseRecord((*buffer)->getBuffer().str(), record); !error.empty())
    return path + ": " + error;
  return "";
}

std::string writeRecordFile(const std::string &path, const FactsRecord &record) {
  std::string text = recordJson(record);
  if (llvm::Error error = llvm::writeToOutput(path, [&](llvm::raw_ostream &out) {
        out << text;
        return llvm::Error::success();
      }))
    return path + ": cannot write: " + llvm::toString(std::move(error));
  return "";
}

std::optional<FileStamp> statFile(const std::string &path) {
  llvm::sys::fs::file_status status;
  if (llvm::sys::fs::status(path, status) || !llvm::sys::fs::is_regular_file(status))
    return std::nullopt;
  FileStamp stamp;
  stamp.path = path;
  stamp.size = status.getSize();
  stamp.modifiedNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                         status.getLastModificationTime().time_since_epoch())
                         .count();
  return stamp;
}

std::optional<FileStamp> stampFile(const std::string &path) {
  std::optional<FileStamp> stamp = statFile(path);
  if (!stamp)
    return std::nullopt;
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer)
    return std::nullopt;
  llvm::XXH128_hash_t hash = llvm::xxh3_128bits(llvm::arrayRefFromStringRef((*buffer)->getBuffer()));
  stamp->contentHash = llvm::utohexstr(hash.high64, true, 16) + llvm::utohexstr(hash.low64, true, 16);
  // The size of what was hashed: the file may have changed since the stat.
  stamp->size = (*buffer)->getBufferSize();
  return stamp;
}

} // namespace parready
