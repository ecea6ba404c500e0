// File-system and process effects of a shell command line passed to system()/popen().
#pragma once

#include "catalog/ApiCatalog.h"

#include <string>
#include <vector>

namespace parready {

struct ShellEffect {
  AccessMode mode;
  std::string path; ///< the file, or for ResourceKind::Process the name pattern
  ResourceKind resource = ResourceKind::Path;
  bool recursive = false;
  std::string program; ///< "rm", "mkdir", ">" for a redirection
};

/// The effects of a command line: output redirections, and what the
/// catalog's `programs` (rm, mkdir, pkill, ...) do to their operands; other
/// programs are ignored. Quotes group words; `;`, `|` and `&` separate commands.
std::vector<ShellEffect> parseShellCommand(const std::string &command,
                                           const std::map<std::string, ShellProgram> &programs);

} // namespace parready
