#include <cctype>
#include <sstream>
#include <string>

#include "registry/text.h"

namespace registry {

namespace {
std::string collapse(const std::string& line) {
    std::string out;
    for (const char c : line) {
        const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
        if (space && (out.empty() || out.back() == ' ')) continue;
        out.push_back(space ? ' ' : c);
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// "Section 2  Land tenure" -> "2 Land tenure"; "" when not a section line.
std::string section_heading(const std::string& line) {
    const std::string prefix = "Section ";
    if (line.compare(0, prefix.size(), prefix) != 0) return {};
    std::size_t at = prefix.size();
    const std::size_t number_start = at;
    while (at < line.size() && (std::isdigit(static_cast<unsigned char>(line[at])) || line[at] == '.')) ++at;
    if (at == number_start || at >= line.size() || line[at] != ' ') return {};
    return line.substr(number_start);
}

// Whether the line is "Key: value" with a short key of words.
bool key_value(const std::string& line, std::string* key, std::string* value) {
    const auto colon = line.find(": ");
    if (colon == std::string::npos || colon == 0 || colon > 24) return false;
    for (std::size_t i = 0; i < colon; ++i)
        if (!std::isalpha(static_cast<unsigned char>(line[i])) && line[i] != ' ') return false;
    *key = line.substr(0, colon);
    *value = line.substr(colon + 2);
    return true;
}
}  // namespace

std::string to_markdown(const std::string& document) {
    std::istringstream lines(document);
    std::string out;
    bool titled = false;
    for (std::string raw; std::getline(lines, raw);) {
        const std::string line = collapse(raw);
        if (line.empty()) continue;
        std::string key, value;
        if (!titled) {
            out += "# " + line + "\n\n";
            titled = true;
        } else if (const std::string heading = section_heading(line); !heading.empty()) {
            out += "\n## " + heading + "\n\n";
        } else if (key_value(line, &key, &value)) {
            out += "- **" + key + ":** " + value + "\n";
        } else {
            out += line + "\n";
        }
    }
    return out;
}

}  // namespace registry
