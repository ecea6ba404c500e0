#pragma once
// Pure text logic (src/*.cpp): validation of registry identifiers, citations,
// evidence, extraction of document facts, markdown conversion, LLM answer
// validation, the unified analysis schema and the review report. No I/O.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace registry {

// ---- validation.cpp ------------------------------------------------------

// "C06-4997": an upper-case letter, two digits, a dash, four digits.
bool is_valid_project_id(const std::string& id);
// "<prefix>-<16 lower-case hex digits>", as make_session_id makes them.
bool is_valid_session_id(const std::string& id);

struct CreditingPeriod {
    int first_year = 0;
    int last_year = 0;
};
// "2022-2023" -> {2022, 2023}; nullopt when malformed or reversed.
std::optional<CreditingPeriod> parse_crediting_period(const std::string& text);

// Repairs the usual ways an LLM mangles a project id ("c06 4997", "C06_4997",
// "C064997", " C06-4997.") into "C06-4997"; "" when it is not one.
std::string normalize_project_id(const std::string& raw);
// Whether an ISO date "YYYY-MM-DD" lies inside the crediting period's years.
bool date_within_period(const std::string& iso_date, const CreditingPeriod& period);

struct DocumentFacts {
    std::string name;
    std::string project_id;
    std::string crediting_period;
    std::vector<std::string> dates;
};
// Cross-document checks: one project id, one crediting period, dates inside
// it. One human-readable issue per problem, empty when consistent.
std::vector<std::string> consistency_issues(const std::vector<DocumentFacts>& documents);

// ---- citation.cpp --------------------------------------------------------

struct Citation {
    bool found = false;
    std::size_t line = 0;  // 1-based line where the quote starts
};
// Finds `quote` in `document`, ignoring differences in runs of white space.
Citation verify_citation(const std::string& document, const std::string& quote);

// The trimmed lines of `document` that mention `keyword` (case-insensitive).
std::vector<std::string> extract_evidence(const std::string& document, const std::string& keyword);

// ---- extraction.cpp ------------------------------------------------------

// Every project id in the text, in order, repeats included.
std::vector<std::string> extract_project_ids(const std::string& text);
// The id mentioned most often (ties: the first one); "" when there is none.
std::string primary_project_id(const std::string& text);
// Normalises candidate ids, drops the invalid ones and duplicates, keeps order.
std::vector<std::string> filter_project_ids(const std::vector<std::string>& candidates);
// Valid ISO dates (YYYY-MM-DD) in document order.
std::vector<std::string> extract_dates(const std::string& text);
// The trimmed value of the first "<key>: value" line; "" when absent.
std::string extract_field(const std::string& text, const std::string& key);
// The "Crediting period: 2022-2023" line, parsed.
std::optional<CreditingPeriod> extract_crediting_period(const std::string& text);

// ---- markdown.cpp --------------------------------------------------------

// Converts a plain-text registry document to markdown: the first line becomes
// the title, "Section N  Title" lines headings, "Key: value" lines list items.
std::string to_markdown(const std::string& document);

// ---- json_validation.cpp -------------------------------------------------

struct JsonCheck {
    bool ok = false;
    std::string error;   // why not, when !ok
    std::string object;  // the JSON object found in the answer
};
// Checks an LLM answer: finds the JSON object (also inside ``` fences or
// prose), checks that strings and brackets are balanced and the keys present.
JsonCheck validate_llm_json(const std::string& answer, const std::vector<std::string>& required_keys);

// ---- schema.cpp ----------------------------------------------------------

struct UnifiedAnalysis {
    std::string project_id;
    std::string crediting_period;
    std::string land_tenure;
    std::string status;  // "pass", "fail" or "needs_review"
    std::vector<std::string> evidence;
};
std::string to_json(const UnifiedAnalysis& analysis);
std::optional<UnifiedAnalysis> parse_unified_analysis(const std::string& json);
// Schema violations, one message each; empty when valid.
std::vector<std::string> schema_errors(const UnifiedAnalysis& analysis);

// ---- report.cpp ----------------------------------------------------------

struct Finding {
    std::string requirement;
    std::string status;  // "pass", "fail" or "needs_review"
    std::string evidence;
};
struct ReportInput {
    std::string project_id;
    std::string project_name;
    std::vector<Finding> findings;
};
// The markdown review report.
std::string render_report(const ReportInput& input);

}  // namespace registry
