#include "extract/SourceLocator.h"

#include "input/Input.h"

namespace parready {

parready::SourceLocation SourceLocator::locate(clang::SourceLocation location) {
  clang::SourceLocation expansion = Sources.getExpansionLoc(location);
  clang::PresumedLoc presumed = Sources.getPresumedLoc(expansion, /*UseLineDirectives=*/false);
  if (presumed.isInvalid())
    return {};
  std::string file = presumed.getFilename();
  auto cached = AbsolutePaths.find(file);
  if (cached == AbsolutePaths.end())
    cached = AbsolutePaths.emplace(file, absolutePath(file, WorkingDirectory)).first;
  return {cached->second, presumed.getLine(), presumed.getColumn()};
}

} // namespace parready
