// How facts write a place in the source: an absolute file, line and column.
#pragma once

#include "facts/Facts.h"

#include "clang/Basic/SourceManager.h"

#include <map>
#include <string>

namespace parready {

/// Turns Clang locations into facts' locations: the expansion point of a
/// macro, the file as the compiler named it made absolute against the
/// command's working directory (cached: every access asks).
class SourceLocator {
public:
  SourceLocator(const clang::SourceManager &sourceManager, std::string workingDirectory)
      : Sources(sourceManager), WorkingDirectory(std::move(workingDirectory)) {}
  parready::SourceLocation locate(clang::SourceLocation location);

private:
  const clang::SourceManager &Sources;
  std::string WorkingDirectory;
  std::map<std::string, std::string> AbsolutePaths;
};

} // namespace parready
