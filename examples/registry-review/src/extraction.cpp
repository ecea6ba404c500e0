#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "registry/text.h"

namespace registry {

namespace {
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

bool bounded(const std::string& text, std::size_t at, std::size_t size) {
    return (at == 0 || !is_alnum(text[at - 1])) && (at + size >= text.size() || !is_alnum(text[at + size]));
}
}  // namespace

std::vector<std::string> extract_project_ids(const std::string& text) {
    std::vector<std::string> ids;
    for (std::size_t at = 0; at + 8 <= text.size(); ++at) {
        const std::string candidate = text.substr(at, 8);
        if (is_valid_project_id(candidate) && bounded(text, at, 8)) ids.push_back(candidate);
    }
    return ids;
}

std::string primary_project_id(const std::string& text) {
    const auto ids = extract_project_ids(text);
    std::map<std::string, int> count;
    for (const auto& id : ids) ++count[id];
    std::string best;
    for (const auto& id : ids)
        if (best.empty() || count[id] > count[best]) best = id;
    return best;
}

std::vector<std::string> filter_project_ids(const std::vector<std::string>& candidates) {
    std::vector<std::string> kept;
    for (const auto& candidate : candidates) {
        const std::string id = normalize_project_id(candidate);
        if (!id.empty() && std::find(kept.begin(), kept.end(), id) == kept.end()) kept.push_back(id);
    }
    return kept;
}

std::vector<std::string> extract_dates(const std::string& text) {
    std::vector<std::string> dates;
    for (std::size_t at = 0; at + 10 <= text.size(); ++at) {
        const std::string d = text.substr(at, 10);
        bool shape = d[4] == '-' && d[7] == '-';
        for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) shape = shape && is_digit(d[i]);
        if (!shape || !bounded(text, at, 10)) continue;
        const int month = std::stoi(d.substr(5, 2));
        const int day = std::stoi(d.substr(8, 2));
        if (month >= 1 && month <= 12 && day >= 1 && day <= 31) dates.push_back(d);
    }
    return dates;
}

std::string extract_field(const std::string& text, const std::string& key) {
    const std::string prefix = key + ":";
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        line = trim(line);
        if (line.size() > prefix.size() && line.compare(0, prefix.size(), prefix) == 0)
            return trim(line.substr(prefix.size()));
    }
    return {};
}

std::optional<CreditingPeriod> extract_crediting_period(const std::string& text) {
    return parse_crediting_period(extract_field(text, "Crediting period"));
}

}  // namespace registry
