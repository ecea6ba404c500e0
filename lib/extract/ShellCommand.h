// File-system effects of a shell command line passed to system()/popen().
#pragma once

#include "facts/Facts.h"

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

/// Understands the commands tests use to set up and clean up (rm, rmdir,
/// mkdir, touch, cp, mv, ln), output redirections, and signalling processes
/// by name (pkill, killall); ignores the rest.
std::vector<ShellEffect> parseShellCommand(const std::string &command);

} // namespace parready
