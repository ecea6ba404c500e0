// What the compiler read for one parse (internal to lib/extract).
#pragma once

#include <string>
#include <vector>

namespace clang {
class FileManager;
}

namespace parready {

/// Every file the FileManager opened or found, as absolute paths (".." kept:
/// they name the file physically), sorted: a
/// superset of the includes (a header found while searching counts too),
/// which only makes a cache record that depends on them more careful.
std::vector<std::string> filesRead(const clang::FileManager &files, const std::string &directory);

} // namespace parready
