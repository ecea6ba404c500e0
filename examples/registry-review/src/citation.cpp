#include <algorithm>
#include <cctype>
#include <sstream>
#include <string>
#include <vector>

#include "registry/text.h"

namespace registry {

namespace {
bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// `text` with every run of white space collapsed to one ' '; origin[i] is the
// index in `text` of the i-th character of the result.
std::string collapse_space(const std::string& text, std::vector<std::size_t>* origin) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (is_space(text[i]) && (out.empty() || out.back() == ' ')) continue;
        out.push_back(is_space(text[i]) ? ' ' : text[i]);
        if (origin) origin->push_back(i);
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}
}  // namespace

Citation verify_citation(const std::string& document, const std::string& quote) {
    std::vector<std::size_t> origin;
    const std::string doc = collapse_space(document, &origin);
    const std::string needle = collapse_space(quote, nullptr);
    if (needle.empty()) return {};
    const auto at = doc.find(needle);
    if (at == std::string::npos) return {};
    const auto start = origin[at];
    return {true, 1 + static_cast<std::size_t>(std::count(document.begin(), document.begin() + start, '\n'))};
}

std::vector<std::string> extract_evidence(const std::string& document, const std::string& keyword) {
    std::vector<std::string> found;
    const std::string key = lower(keyword);
    std::istringstream lines(document);
    for (std::string line; std::getline(lines, line);) {
        if (key.empty() || lower(line).find(key) == std::string::npos) continue;
        found.push_back(collapse_space(line, nullptr));
    }
    return found;
}

}  // namespace registry
