#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "registry/text.h"

namespace registry {

namespace {
bool all_digits(const std::string& text, std::size_t from, std::size_t count) {
    if (from + count > text.size()) return false;
    for (std::size_t i = from; i < from + count; ++i)
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    return true;
}
}  // namespace

bool is_valid_project_id(const std::string& id) {
    return id.size() == 8 && std::isupper(static_cast<unsigned char>(id[0])) &&
           all_digits(id, 1, 2) && id[3] == '-' && all_digits(id, 4, 4);
}

bool is_valid_session_id(const std::string& id) {
    const auto dash = id.rfind('-');
    if (dash == std::string::npos || dash == 0 || id.size() - dash - 1 != 16) return false;
    for (std::size_t i = dash + 1; i < id.size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(id[i])) && (id[i] < 'a' || id[i] > 'f'))
            return false;
    return true;
}

std::optional<CreditingPeriod> parse_crediting_period(const std::string& text) {
    if (text.size() != 9 || text[4] != '-' || !all_digits(text, 0, 4) || !all_digits(text, 5, 4))
        return std::nullopt;
    CreditingPeriod period{std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 4))};
    if (period.last_year < period.first_year) return std::nullopt;
    return period;
}

}  // namespace registry

namespace registry {

std::string normalize_project_id(const std::string& raw) {
    std::string compact;
    for (const char c : raw) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            compact.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        else if (c != ' ' && c != '-' && c != '_' && c != '.' && c != '\t')
            return {};
    }
    if (compact.size() != 7) return {};
    const std::string id = compact.substr(0, 3) + "-" + compact.substr(3);
    return is_valid_project_id(id) ? id : std::string();
}

bool date_within_period(const std::string& iso_date, const CreditingPeriod& period) {
    if (iso_date.size() != 10 || !all_digits(iso_date, 0, 4)) return false;
    const int year = std::stoi(iso_date.substr(0, 4));
    return year >= period.first_year && year <= period.last_year;
}

std::vector<std::string> consistency_issues(const std::vector<DocumentFacts>& documents) {
    std::vector<std::string> issues;
    const DocumentFacts* reference = nullptr;
    for (const auto& doc : documents) {
        if (!doc.project_id.empty() && !is_valid_project_id(doc.project_id))
            issues.push_back(doc.name + ": invalid project id " + doc.project_id);
        if (reference == nullptr && !doc.project_id.empty()) reference = &doc;
    }
    std::optional<CreditingPeriod> period;
    std::string period_source;
    for (const auto& doc : documents) {
        if (reference && !doc.project_id.empty() && doc.project_id != reference->project_id)
            issues.push_back(doc.name + ": project id " + doc.project_id + " differs from " +
                             reference->project_id + " in " + reference->name);
        if (doc.crediting_period.empty()) continue;
        const auto parsed = parse_crediting_period(doc.crediting_period);
        if (!parsed) {
            issues.push_back(doc.name + ": invalid crediting period " + doc.crediting_period);
        } else if (!period) {
            period = parsed;
            period_source = doc.name;
        } else if (parsed->first_year != period->first_year || parsed->last_year != period->last_year) {
            issues.push_back(doc.name + ": crediting period " + doc.crediting_period + " differs from " +
                             period_source);
        }
    }
    if (period) {
        for (const auto& doc : documents) {
            if (doc.crediting_period.empty()) continue;  // e.g. a title deed: dates predate the project
            for (const auto& date : doc.dates)
                if (!date_within_period(date, *period))
                    issues.push_back(doc.name + ": date " + date + " outside the crediting period");
        }
    }
    return issues;
}

}  // namespace registry
