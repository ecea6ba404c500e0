#include "lsp/Server.h"

#include "input/Input.h"
#include "lsp/JsonRpc.h"
#include "report/LspDiagnostics.h"
#include "report/Report.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <unistd.h>

namespace parready::lsp {

using nlohmann::json;

namespace {

// LSP's MessageType.
constexpr int ErrorMessage = 1, WarningMessage = 2, InfoMessage = 3, LogMessage = 4;

/// The path of a file: URI ("file:///a%20b.cpp", "file://localhost/a.cpp");
/// "" for another scheme (an unsaved "untitled:" buffer).
std::string pathOfUri(const std::string &uri) {
  const std::string scheme = "file://";
  if (!uri.starts_with(scheme))
    return "";
  size_t pathStart = uri.find('/', scheme.size());
  if (pathStart == std::string::npos)
    return "";
  std::string path;
  for (size_t i = pathStart; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && std::isxdigit(static_cast<unsigned char>(uri[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(uri[i + 2]))) {
      path += char(std::stoi(uri.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      path += uri[i];
    }
  }
  return std::filesystem::path(path).lexically_normal().string();
}

/// Does the document hold C or C++, which is what a run analyses?
bool isCOrCxx(const std::string &path, const std::string &languageId) {
  if (languageId == "c" || languageId == "cpp")
    return true;
  static constexpr std::array extensions{".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx"};
  std::string extension = std::filesystem::path(path).extension().string();
  return std::find(extensions.begin(), extensions.end(), extension) != extensions.end();
}

class Server {
public:
  Server(const ServerOptions &options, Connection &connection) : Options(options), Client(connection) {
    Options.analysis.progress = nullptr;
    Options.analysis.verbose = nullptr;
    if (Options.verbose)
      Options.analysis.verbose = [this](const std::string &line) {
        // Extraction threads say it while the analysis runs.
        std::lock_guard<std::mutex> lock(LogMutex);
        log(LogMessage, "parready: " + line);
      };
    Client.onRequest("initialize", [this](const json &params) { return initialize(params); });
    Client.onNotification("textDocument/didOpen",
                          [this](const json &params) { opened(params.at("textDocument")); });
    Client.onNotification("textDocument/didSave",
                          [this](const json &params) { saved(params.at("textDocument")); });
  }

private:
  json initialize(const json &params) {
    std::string root;
    if (params.contains("rootUri") && params["rootUri"].is_string())
      root = pathOfUri(params["rootUri"].get<std::string>());
    if (root.empty() && params.contains("workspaceFolders") && params["workspaceFolders"].is_array() &&
        !params["workspaceFolders"].empty())
      root = pathOfUri(params["workspaceFolders"][0].value("uri", ""));
    if (root.empty())
      root = Options.analysis.input.workingDirectory;
    useWorkspaceRoot(root);

    json capabilities = {
        {"textDocumentSync", {{"openClose", true}, {"change", 0}, {"save", {{"includeText", false}}}}}};
    // Columns are bytes: with UTF-8 positions they are exact on any line.
    json encodings =
        params.value(json::json_pointer("/capabilities/general/positionEncodings"), json::array());
    if (std::find(encodings.begin(), encodings.end(), "utf-8") != encodings.end())
      capabilities["positionEncoding"] = "utf-8";
    return {{"capabilities", capabilities},
            {"serverInfo", {{"name", "parready"}, {"version", Options.analysis.classify.toolVersion}}}};
  }

  void useWorkspaceRoot(const std::string &root) {
    AnalyzeOptions &analysis = Options.analysis;
    analysis.input.workingDirectory = root;
    analysis.classify.root = root;
    // -p and --cache-dir are resolved against the working directory by the run itself.
    for (std::string *path : {&analysis.rulesDirectory, &analysis.configFile})
      if (!path->empty())
        *path = absolutePath(*path, root);
    if (analysis.baselinePath)
      analysis.baselinePath = absolutePath(*analysis.baselinePath, root);
  }

  void opened(const json &document) {
    std::string path = pathOfUri(document.at("uri").get<std::string>());
    if (!isCOrCxx(path, document.value("languageId", "")))
      return;
    if (!Analysed)
      return analyse();
    // The last run saw the file as it is on disk; the client may have
    // dropped its diagnostics when it closed the file.
    auto published = Published.find(path);
    publish(path, published == Published.end() ? json::array() : published->second);
  }

  void saved(const json &document) {
    std::string path = pathOfUri(document.at("uri").get<std::string>());
    if (isCOrCxx(path, document.value("languageId", "")))
      analyse();
  }

  void analyse() {
    auto started = std::chrono::steady_clock::now();
    AnalyzeOutcome outcome = parready::analyze(Options.analysis);
    if (!outcome.fatalError.empty())
      return failed("parready: " + outcome.fatalError);
    if (!outcome.configurationErrors.empty()) {
      for (const std::string &error : outcome.configurationErrors)
        log(ErrorMessage, error);
      size_t more = outcome.configurationErrors.size() - 1;
      return failed(outcome.configurationErrors.front() +
                    (more ? " (and " + std::to_string(more) + " more in the log)" : ""));
    }
    LastFailure.clear();
    for (const std::string &warning : outcome.configurationWarnings)
      log(WarningMessage, warning);
    std::istringstream notes(renderToolNotes(outcome.result));
    for (std::string line; std::getline(notes, line);)
      log(line.starts_with("parready: error: ") ? ErrorMessage : WarningMessage, line);

    std::map<std::string, json> now = renderLspDiagnostics(outcome.result, Options.analysis.rulesDirectory);
    for (const auto &[path, diagnostics] : now)
      publish(path, diagnostics);
    // A file that had diagnostics and has none now: its hazards were fixed.
    for (const auto &[path, diagnostics] : Published)
      if (!now.count(path))
        publish(path, json::array());
    Published = std::move(now);
    Analysed = true;

    const Summary &s = outcome.result.summary;
    auto milliseconds =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
            .count();
    log(InfoMessage, "parready: " + std::to_string(s.files) + " test files, " + std::to_string(s.findings) +
                         " findings, analysed in " + std::to_string(milliseconds) + " ms");
  }

  /// An analysis that could not run. Shown once: an editor that opens ten
  /// files must not pop up ten messages; while it stays the same it is logged.
  void failed(const std::string &message) {
    if (message == LastFailure)
      return log(ErrorMessage, message);
    LastFailure = message;
    show(ErrorMessage, message);
  }

  void publish(const std::string &path, const json &diagnostics) {
    Client.notify("textDocument/publishDiagnostics", {{"uri", fileUri(path)}, {"diagnostics", diagnostics}});
  }

  void log(int type, const std::string &message) {
    Client.notify("window/logMessage", {{"type", type}, {"message", message}});
  }

  void show(int type, const std::string &message) {
    Client.notify("window/showMessage", {{"type", type}, {"message", message}});
  }

  ServerOptions Options;
  Connection &Client;
  std::mutex LogMutex;
  bool Analysed = false;
  std::string LastFailure; ///< what failed() showed last; "" after an analysis that ran
  /// The last publication: every file that has diagnostics, by absolute path.
  std::map<std::string, json> Published;
};

} // namespace

int serve(const ServerOptions &options, std::istream &in, std::function<void(const std::string &)> write) {
  Connection connection(in, std::move(write));
  Server server(options, connection);
  return connection.run();
}

int serveStandardStreams(const ServerOptions &options) {
  int protocol = dup(STDOUT_FILENO);
  FILE *out = protocol < 0 ? nullptr : fdopen(protocol, "w");
  if (!out || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    std::perror("parready: lsp: cannot set up standard output");
    return 1;
  }
  return serve(options, std::cin, [out](const std::string &message) {
    std::fwrite(message.data(), 1, message.size(), out);
    std::fflush(out);
  });
}

} // namespace parready::lsp
