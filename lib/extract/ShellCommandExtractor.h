// Extractor: the file and process effects of commands run through a shell.
#pragma once

#include "extract/BodyContext.h"

namespace parready {

/// Records what a command line passed to system()/popen() does (the
/// catalog's shell_command_argument): `rm -rf dir` deletes a tree,
/// `> file` writes, `pkill name` signals every matching process. A command
/// known up to placeholders ("rm -rf {param:0}") is parsed now and its
/// operands filled in by link; runtime input is not parsed.
class ShellCommandExtractor : public BodyExtractor {
public:
  using BodyExtractor::BodyExtractor;
  void onApiCall(const Invocation &call, const ApiEntry &entry);
};

} // namespace parready
