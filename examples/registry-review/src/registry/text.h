#pragma once
// Pure text logic: validation of registry identifiers, citations and evidence.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace registry {

// "C06-4997": an upper-case letter, two digits, a dash, four digits.
bool is_valid_project_id(const std::string& id);
// "<prefix>-<16 lower-case hex digits>", as SessionStore::create makes them.
bool is_valid_session_id(const std::string& id);

struct CreditingPeriod {
    int first_year = 0;
    int last_year = 0;
};
// "2022-2023" -> {2022, 2023}; nullopt when malformed or reversed.
std::optional<CreditingPeriod> parse_crediting_period(const std::string& text);

struct Citation {
    bool found = false;
    std::size_t line = 0;  // 1-based line where the quote starts
};
// Finds `quote` in `document`, ignoring differences in runs of white space.
Citation verify_citation(const std::string& document, const std::string& quote);

// The trimmed lines of `document` that mention `keyword` (case-insensitive).
std::vector<std::string> extract_evidence(const std::string& document, const std::string& keyword);

}  // namespace registry
