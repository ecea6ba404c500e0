#include "report/Report.h"

#include "report/Common.h"

#include "facts/EnumNames.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/Signals.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace parready {

namespace {
constexpr EnumNames<Format, 6> FormatNames{{{{Format::Text, "text"},
                                             {Format::Json, "json"},
                                             {Format::Sarif, "sarif"},
                                             {Format::Markdown, "markdown"},
                                             {Format::Ctest, "ctest"},
                                             {Format::Github, "github"}}}};
} // namespace

bool parse(const std::string &text, Format &format) { return FormatNames.parse(text, format); }

std::string formatNames() {
  std::string names;
  for (const auto &[value, name] : FormatNames.names)
    names += std::string(names.empty() ? "" : ", ") + name;
  return names;
}

std::string parseOutputTargets(const std::vector<std::string> &values, const std::string &defaultPath,
                               std::vector<OutputTarget> &targets) {
  targets.clear();
  bool defaultTaken = false;
  for (const std::string &value : values) {
    size_t equals = value.find('=');
    OutputTarget target;
    std::string name = value.substr(0, equals);
    if (!parse(name, target.format))
      return "--format=" + value + ": unknown format '" + name + "' (expected one of " + formatNames() + ", optionally =FILE)";
    if (equals == std::string::npos) {
      if (defaultTaken)
        return "--format=" + value + ": only one report can go to " +
               (defaultPath.empty() ? std::string("standard output") : "-o " + defaultPath) +
               "; give the others a file (FORMAT=FILE)";
      defaultTaken = true;
      target.path = defaultPath;
    } else {
      target.path = value.substr(equals + 1);
      if (target.path.empty())
        return "--format=" + value + ": no file after '='";
    }
    for (const OutputTarget &earlier : targets)
      if (!target.path.empty() && earlier.path == target.path)
        return "--format=" + value + ": " + target.path + " is already the target of another report";
    targets.push_back(target);
  }
  if (targets.empty())
    targets.push_back({Format::Text, defaultPath});
  return "";
}

namespace {
std::string renderUnchecked(Format format, const AnalysisResult &result, const RenderOptions &options) {
  switch (format) {
  case Format::Text: return renderText(result, options);
  case Format::Json: return renderJson(result);
  case Format::Sarif: return renderSarif(result);
  case Format::Markdown: return renderMarkdown(result);
  case Format::Ctest: return renderCtest(result);
  case Format::Github: return renderGithub(result);
  }
  return "";
}
} // namespace

std::string render(Format format, const AnalysisResult &result, const RenderOptions &options) {
  // The JSON renderers already replace what is not UTF-8 as they dump (they
  // would throw otherwise); this is the guarantee for all formats.
  return validUtf8(renderUnchecked(format, result, options));
}

// Not llvm::json::fixUTF8: it folds a truncated sequence into one U+FFFD,
// and here each byte that is not part of a valid sequence shows as one.
std::string validUtf8(std::string_view text) {
  static constexpr const char *Replacement = "\xEF\xBF\xBD"; // U+FFFD
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    auto *first = reinterpret_cast<const llvm::UTF8 *>(text.data() + at);
    unsigned length = llvm::getNumBytesForUTF8(*first);
    if (at + length <= text.size() && llvm::isLegalUTF8Sequence(first, first + length)) {
      out.append(text.substr(at, length));
      at += length;
    } else {
      out += Replacement;
      ++at;
    }
  }
  return out;
}

std::string renderToolNotes(const AnalysisResult &result) {
  std::string out;
  for (const ToolDiagnostic &d : toolNotes(result)) {
    out += "parready: " + d.severity + ": " + (d.location.valid() ? compilerLocation(d.location) : d.file) + ": " +
           d.message + "\n";
  }
  return out;
}

std::string checkWritable(const std::string &path) {
  namespace fs = llvm::sys::fs;
  fs::file_status status;
  if (!fs::status(path, status) && fs::exists(status)) {
    if (fs::is_directory(status))
      return path + ": cannot write a report: it is a directory";
    // A device or pipe is written in place, a file is replaced by a rename
    // in its directory: both need what is checked below.
    if (!fs::is_regular_file(status))
      return fs::can_write(path) ? "" : path + ": cannot write a report: permission denied";
  }
  llvm::SmallString<256> directory(llvm::sys::path::parent_path(path));
  if (directory.empty())
    directory = ".";
  if (!fs::is_directory(directory))
    return path + ": cannot write a report: no such directory '" + std::string(directory) + "'";
  if (!fs::can_write(directory))
    return path + ": cannot write a report: directory '" + std::string(directory) + "' is not writable";
  return "";
}

std::string writeFileAtomically(const std::string &path, const std::string &contents) {
  // A device or pipe (-o /dev/null, -o /dev/stdout) is written in place:
  // renaming over it would replace the device itself (as root, for everyone).
  llvm::sys::fs::file_status status;
  if (!llvm::sys::fs::status(path, status) && llvm::sys::fs::exists(status) &&
      !llvm::sys::fs::is_regular_file(status)) {
    std::error_code ec;
    llvm::raw_fd_ostream out(path, ec, llvm::sys::fs::OF_None);
    if (ec)
      return path + ": cannot write: " + ec.message();
    out << contents;
    out.close();
    if (out.has_error()) {
      std::string error = path + ": cannot write: " + out.error().message();
      out.clear_error();
      return error;
    }
    return "";
  }
  llvm::SmallString<256> model(path);
  model += ".tmp-%%%%%%";
  int fd = -1;
  llvm::SmallString<256> temporary;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(model, fd, temporary))
    return path + ": cannot write: " + ec.message();
  // Ctrl-C or a kill between here and the rename leaves no temporary behind.
  llvm::sys::RemoveFileOnSignal(temporary);
  auto forget = llvm::make_scope_exit([&] { llvm::sys::DontRemoveFileOnSignal(temporary); });
  {
    llvm::raw_fd_ostream out(fd, /*shouldClose=*/true);
    out << contents;
    out.close();
    if (out.has_error()) {
      std::string error = path + ": cannot write: " + out.error().message();
      out.clear_error();
      llvm::sys::fs::remove(temporary);
      return error;
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(temporary, path)) {
    llvm::sys::fs::remove(temporary);
    return path + ": cannot write: " + ec.message();
  }
  return "";
}

} // namespace parready
