#include <optional>
#include <string>
#include <vector>

#include "registry/text.h"

namespace registry {

namespace {
std::string quote(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out + "\"";
}

// Reads a JSON string starting at json[at] == '"'; advances `at` past it.
std::optional<std::string> read_string(const std::string& json, std::size_t& at) {
    if (at >= json.size() || json[at] != '"') return std::nullopt;
    std::string out;
    for (++at; at < json.size(); ++at) {
        if (json[at] == '\\' && at + 1 < json.size()) {
            out.push_back(json[++at]);
        } else if (json[at] == '"') {
            ++at;
            return out;
        } else {
            out.push_back(json[at]);
        }
    }
    return std::nullopt;
}

void skip_space(const std::string& json, std::size_t& at) {
    while (at < json.size() && (json[at] == ' ' || json[at] == '\n' || json[at] == '\t')) ++at;
}
}  // namespace

std::string to_json(const UnifiedAnalysis& analysis) {
    std::string evidence;
    for (const auto& item : analysis.evidence) evidence += (evidence.empty() ? "" : ", ") + quote(item);
    return "{\"project_id\": " + quote(analysis.project_id) +
           ", \"crediting_period\": " + quote(analysis.crediting_period) +
           ", \"land_tenure\": " + quote(analysis.land_tenure) + ", \"status\": " + quote(analysis.status) +
           ", \"evidence\": [" + evidence + "]}";
}

std::optional<UnifiedAnalysis> parse_unified_analysis(const std::string& json) {
    UnifiedAnalysis analysis;
    std::size_t at = 0;
    skip_space(json, at);
    if (at >= json.size() || json[at++] != '{') return std::nullopt;
    for (;;) {
        skip_space(json, at);
        const auto key = read_string(json, at);
        if (!key) return std::nullopt;
        skip_space(json, at);
        if (at >= json.size() || json[at++] != ':') return std::nullopt;
        skip_space(json, at);
        if (*key == "evidence") {
            if (at >= json.size() || json[at++] != '[') return std::nullopt;
            skip_space(json, at);
            while (at < json.size() && json[at] != ']') {
                const auto item = read_string(json, at);
                if (!item) return std::nullopt;
                analysis.evidence.push_back(*item);
                skip_space(json, at);
                if (at < json.size() && json[at] == ',') ++at;
                skip_space(json, at);
            }
            if (at >= json.size()) return std::nullopt;
            ++at;
        } else {
            const auto value = read_string(json, at);
            if (!value) return std::nullopt;
            if (*key == "project_id") analysis.project_id = *value;
            else if (*key == "crediting_period") analysis.crediting_period = *value;
            else if (*key == "land_tenure") analysis.land_tenure = *value;
            else if (*key == "status") analysis.status = *value;
            else return std::nullopt;  // unknown field
        }
        skip_space(json, at);
        if (at < json.size() && json[at] == ',') {
            ++at;
            continue;
        }
        if (at < json.size() && json[at] == '}') return analysis;
        return std::nullopt;
    }
}

std::vector<std::string> schema_errors(const UnifiedAnalysis& analysis) {
    std::vector<std::string> errors;
    if (!is_valid_project_id(analysis.project_id)) errors.push_back("project_id: not a project id");
    if (!parse_crediting_period(analysis.crediting_period)) errors.push_back("crediting_period: not YYYY-YYYY");
    if (analysis.land_tenure.empty()) errors.push_back("land_tenure: missing");
    if (analysis.status != "pass" && analysis.status != "fail" && analysis.status != "needs_review")
        errors.push_back("status: must be pass, fail or needs_review");
    if (analysis.status == "pass" && analysis.evidence.empty()) errors.push_back("evidence: a pass needs evidence");
    return errors;
}

}  // namespace registry
