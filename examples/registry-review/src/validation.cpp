#include <cctype>
#include <string>

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
