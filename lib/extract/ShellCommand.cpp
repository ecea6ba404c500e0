#include "extract/ShellCommand.h"

namespace parready {

namespace {
std::vector<std::vector<std::string>> splitCommands(const std::string &line) {
  std::vector<std::vector<std::string>> commands(1);
  std::string word;
  char quote = 0;
  auto flush = [&] {
    if (!word.empty())
      commands.back().push_back(word);
    word.clear();
  };
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      if (c == quote)
        quote = 0;
      else
        word += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      flush();
    } else if (c == ';' || c == '|' || c == '&') {
      flush();
      if (!commands.back().empty())
        commands.emplace_back();
    } else if (c == '>') {
      // "2>", ">>" and ">file" all become one ">" token before the target.
      if (word == "1" || word == "2")
        word.clear();
      flush();
      if (i + 1 < line.size() && line[i + 1] == '>')
        ++i;
      commands.back().push_back(">");
    } else {
      word += c;
    }
  }
  flush();
  return commands;
}
} // namespace

std::vector<ShellEffect> parseShellCommand(const std::string &line,
                                           const std::map<std::string, ShellProgram> &programs) {
  std::vector<ShellEffect> effects;
  for (std::vector<std::string> words : splitCommands(line)) {
    // Redirections first: they apply whatever the program is.
    for (size_t i = 0; i + 1 < words.size(); ++i) {
      if (words[i] != ">")
        continue;
      if (words[i + 1] != "/dev/null" && words[i + 1].front() != '&')
        effects.push_back({AccessMode::Write, words[i + 1], ResourceKind::Path, false, ">"});
      words.erase(words.begin() + i, words.begin() + i + 2);
      --i;
    }
    if (words.empty())
      continue;
    std::string name = words.front().substr(words.front().rfind('/') + 1);
    auto program = programs.find(name);
    if (program == programs.end())
      continue;
    std::vector<std::string> operands;
    bool recursive = false;
    for (size_t i = 1; i < words.size(); ++i) {
      if (words[i].size() > 1 && words[i][0] == '-')
        recursive |= words[i].find_first_of(program->second.recursiveFlags, 1) != std::string::npos;
      else
        operands.push_back(words[i]);
    }
    if (operands.size() < program->second.minimumOperands)
      continue;
    for (const ShellEffectSpec &spec : program->second.effects) {
      size_t from = spec.operands == ShellOperands::Last ? operands.size() - 1 : 0;
      size_t to = spec.operands == ShellOperands::AllButLast ? operands.size() - 1 : operands.size();
      for (size_t i = from; i < to; ++i)
        effects.push_back({spec.mode, operands[i], spec.resource, recursive, name});
    }
  }
  return effects;
}

} // namespace parready
