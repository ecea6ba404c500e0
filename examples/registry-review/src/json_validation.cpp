#include <string>
#include <vector>

#include "registry/text.h"

namespace registry {

namespace {
// Whether `object` has "key" followed by ':' outside of string values.
bool has_key(const std::string& object, const std::string& key) {
    const std::string needle = "\"" + key + "\"";
    for (auto at = object.find(needle); at != std::string::npos; at = object.find(needle, at + 1)) {
        auto next = at + needle.size();
        while (next < object.size() && (object[next] == ' ' || object[next] == '\n')) ++next;
        if (next < object.size() && object[next] == ':') return true;
    }
    return false;
}
}  // namespace

JsonCheck validate_llm_json(const std::string& answer, const std::vector<std::string>& required_keys) {
    JsonCheck check;
    const auto open = answer.find('{');
    if (open == std::string::npos) {
        check.error = "no JSON object in the answer";
        return check;
    }
    std::string stack;
    bool in_string = false;
    bool escaped = false;
    std::size_t end = std::string::npos;
    for (std::size_t i = open; i < answer.size() && end == std::string::npos; ++i) {
        const char c = answer[i];
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            stack.push_back(c == '{' ? '}' : ']');
        } else if (c == '}' || c == ']') {
            if (stack.empty() || stack.back() != c) {
                check.error = std::string("unexpected '") + c + "'";
                return check;
            }
            stack.pop_back();
            if (stack.empty()) end = i;
        }
    }
    if (end == std::string::npos) {
        check.error = in_string ? "unterminated string" : "unbalanced brackets";
        return check;
    }
    check.object = answer.substr(open, end - open + 1);
    for (const auto& key : required_keys) {
        if (!has_key(check.object, key)) {
            check.error = "missing key: " + key;
            return check;
        }
    }
    check.ok = true;
    return check;
}

}  // namespace registry
