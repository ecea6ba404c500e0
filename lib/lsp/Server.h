// `parready lsp` (docs/lsp.md): a language server that runs the whole
// pipeline when a C or C++ file is opened or saved, and publishes the
// findings as diagnostics (report/LspDiagnostics.h). It reads files from
// disk, never the editor's unsaved buffers; the facts cache makes a run after
// a save parse only what changed.
#pragma once

#include "pipeline/Analyze.h"

#include <functional>
#include <istream>
#include <string>

namespace parready::lsp {

struct ServerOptions {
  /// The analysis as the command line sets it. The workspace root (the
  /// client's rootUri, else its first workspace folder, else the analysis's
  /// working directory) becomes the working directory and --root, and
  /// relative paths of the command line (-p, --config, --rules-dir,
  /// --cache-dir, --baseline) are taken against it. Progress is never shown.
  AnalyzeOptions analysis;
  /// --verbose: the cache's details go to the client's log.
  bool verbose = false;
};

/// Serves one client that writes to `in` and reads what `write` is given
/// (one framed message a call), until it exits; returns the exit code
/// (Connection::run()).
int serve(const ServerOptions &options, std::istream &in, std::function<void(const std::string &)> write);

/// serve() on standard input and output. Standard output is the protocol's
/// alone: whatever else would write there (a library, a child process that
/// inherits it) writes to standard error instead.
int serveStandardStreams(const ServerOptions &options);

} // namespace parready::lsp
